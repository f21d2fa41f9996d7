from __future__ import annotations

from verbinding.db.ids import HouseholdIds, _joined


def test_the_ids_are_joined_once_for_every_source_and_again_when_the_list_changes():
    ids = HouseholdIds([3, 1, 2])
    assert _joined(ids) == "3,1,2"
    first = ids.joined
    assert _joined(ids) == "3,1,2" and ids.joined is first  # reused, not joined again
    ids.append(7)
    assert _joined(ids) == "3,1,2,7"
    assert _joined([5, "6"]) == "5,6"  # a plain list: ints only, joined each time
