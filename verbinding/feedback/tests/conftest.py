from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from verbinding import clock
from verbinding.contacts.models import ContactMoment


def make_contact(household: Any, author: Any, channel: str = "BEZ", **kw: Any) -> ContactMoment:
    return ContactMoment.objects.create(
        household=household,
        author=author,
        channel=channel,
        outcome=kw.pop("outcome", "spoke"),
        occurred_at=kw.pop("occurred_at", clock.now() - dt.timedelta(hours=1)),
        note=kw.pop("note", "Keukentafelgesprek over de huur."),
        **kw,
    )


@pytest.fixture
def contact(cast: Any) -> ContactMoment:
    return make_contact(cast.north_household, cast.advisor)
