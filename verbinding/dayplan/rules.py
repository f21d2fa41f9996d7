"""Walking order for a round, without a map service: by postcode, then street and house number.

Dutch postcodes are handed out along delivery walks (the four digits name an area, the two
letters a street or part of one), so postcode order keeps neighbouring doors together.
"""

from __future__ import annotations

from typing import Any


def walking_order(unit: Any) -> tuple[Any, ...]:
    """Sort key for a unit: postcode, street, house number, letter, addition."""
    postcode = (unit.postcode or "").replace(" ", "").upper()
    return (
        postcode,
        unit.street,
        unit.house_number,
        unit.house_letter or "",
        unit.house_number_addition or "",
    )
