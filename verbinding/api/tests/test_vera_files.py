"""``verbinding export vera`` / ``verbinding import vera``: the API's resources as files."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from verbinding.households.models import Tenancy


def test_an_export_follows_the_access_rules_and_imports_again_unchanged(cast, world, tmp_path):
    out = tmp_path / "huur.json"
    call_command(
        "export", "vera", "--resource", "huurovereenkomsten", "--user", "anna", "-o", str(out)
    )
    data = json.loads(out.read_text())
    assert data["format"] == "verbinding-vera/1"
    assert [int(i["id"]) for i in data["items"]] == [world.ids["north"]["huurovereenkomsten"]]

    printed = StringIO()
    call_command("import", "vera", str(out), stdout=printed)
    assert '"ongewijzigd": 1' in printed.getvalue()

    data["items"][0]["brutohuur"] = 799.5
    out.write_text(json.dumps(data))
    call_command("import", "vera", str(out), stdout=StringIO())
    assert Tenancy.objects.get(pk=world.ids["north"]["huurovereenkomsten"]).rent_cents == 79950


def test_a_bad_item_rejects_the_whole_file_with_its_place(cast, world, tmp_path):
    out = tmp_path / "huur.json"
    call_command(
        "export", "vera", "--resource", "huurovereenkomsten", "--user", "dewi", "-o", str(out)
    )
    data = json.loads(out.read_text())
    data["items"][0]["brutohuur"] = 1.0
    data["items"].append(dict(data["items"][0], idExtern="HO-X", begindatum="gisteren"))
    out.write_text(json.dumps(data))
    errors = StringIO()
    with pytest.raises(CommandError):
        call_command("import", "vera", str(out), stdout=StringIO(), stderr=errors)
    assert "/items/1/begindatum" in errors.getvalue()
    assert not Tenancy.objects.filter(rent_cents=100).exists()


@pytest.mark.parametrize("resource", ["betalingsregelingen", "contactmomenten", "zaken"])
def test_casework_exports_for_a_manager_are_empty(cast, world, resource):
    printed = StringIO()
    call_command("export", "vera", "--resource", resource, "--user", "eva", stdout=printed)
    assert json.loads(printed.getvalue())["items"] == []
    printed = StringIO()
    call_command("export", "vera", "--resource", resource, "--user", "chris", stdout=printed)
    assert len(json.loads(printed.getvalue())["items"]) == 1
