"""Recompute (idempotent, incremental), the command, policy versions, the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from verbinding.arrears import services
from verbinding.arrears.models import ArrearsPolicy, ArrearsSignal, SignalRun, TenancyArrears
from verbinding.arrears.selectors import policy_on
from verbinding.audit.models import AuditEvent
from verbinding.testing import factories as f

TODAY = dt.date(2026, 11, 20)
pytestmark = pytest.mark.today(TODAY)


def ledger(tenancy, *, unpaid: int, months: int = 6, today: dt.date = TODAY) -> None:
    month = today.replace(day=1)
    starts = []
    for _ in range(months):
        starts.append(month)
        month = (month - dt.timedelta(days=1)).replace(day=1)
    for i, start in enumerate(reversed(starts)):
        f.LedgerEntryFactory(tenancy=tenancy, booked_on=start, amount_cents=tenancy.rent_cents)
        if i < months - unpaid:
            f.LedgerEntryFactory(
                tenancy=tenancy,
                booked_on=start + dt.timedelta(days=2),
                kind="payment",
                method="INC",
                amount_cents=-tenancy.rent_cents,
            )


def pay(tenancy, day, amount):
    return f.LedgerEntryFactory(
        tenancy=tenancy, booked_on=day, kind="payment", method="OVB", amount_cents=-amount
    )


@pytest.fixture
def tenancies(cast):
    a = cast.north_household.tenancies.get()
    b = cast.south_household.tenancies.get()
    ledger(a, unpaid=2)
    ledger(b, unpaid=0)
    return a, b


def signals_of(tenancy):
    return dict(ArrearsSignal.objects.filter(tenancy=tenancy).values_list("kind", "started_on"))


def test_recompute_is_idempotent(tenancies):
    _a, _b = tenancies
    first = services.recompute(today=TODAY)
    assert first.tenancies == 2 and first.changed == 2 and first.signals_added >= 1
    before = list(ArrearsSignal.objects.order_by("id").values())
    second = services.recompute(today=TODAY)
    assert (second.changed, second.signals_added, second.signals_ended) == (0, 0, 0)
    assert list(ArrearsSignal.objects.order_by("id").values()) == before
    assert TenancyArrears.objects.count() == 2


def test_a_signal_keeps_the_day_it_started_and_ends_when_paid(tenancies):
    a, _ = tenancies
    services.recompute(today=TODAY)
    assert signals_of(a)["arrears_2m"] == dt.date(2026, 11, 1)
    services.recompute(today=TODAY + dt.timedelta(days=3))
    assert signals_of(a)["arrears_2m"] == dt.date(2026, 11, 1)
    pay(a, TODAY + dt.timedelta(days=4), 2 * a.rent_cents)
    run = services.recompute(today=TODAY + dt.timedelta(days=5))
    assert "arrears_2m" not in signals_of(a)
    assert run.signals_ended >= 1
    assert TenancyArrears.objects.get(tenancy=a).arrears_cents == 0


def test_changed_only_recomputes_tenancies_with_new_ledger_rows(tenancies):
    _a, b = tenancies
    services.recompute(today=TODAY)
    run = services.recompute_changed(today=TODAY)
    assert run.scope == "changed" and run.tenancies == 0
    pay(b, TODAY, 100)
    run = services.recompute_changed(today=TODAY)
    assert run.tenancies == 1
    assert TenancyArrears.objects.get(tenancy=b).balance_cents == -100


def test_since_recomputes_tenancies_booked_on_or_after_a_date(tenancies):
    a, _b = tenancies
    services.recompute(today=TODAY)
    pay(a, dt.date(2026, 11, 19), a.rent_cents)
    run = services.recompute_since(since=dt.date(2026, 11, 19), today=TODAY)
    assert run.tenancies == 1
    assert TenancyArrears.objects.get(tenancy=a).arrears_cents == a.rent_cents


def test_the_command_runs_full_then_changed_and_prints_a_summary(tenancies, capsys):
    call_command("signals", "--today", "2026-11-20")
    out = capsys.readouterr().out
    assert "2 tenancies" in out and "tenancies in arrears: 1" in out and "arrears_2m 1" in out
    call_command("signals", "--today", "2026-11-20", "--changed")
    assert "changed" in capsys.readouterr().out
    assert SignalRun.objects.count() == 2


def test_a_new_policy_is_a_new_version_and_the_old_one_stays(cast, tenancies):
    _a, _ = tenancies
    assert policy_on(TODAY).pk is None  # defaults until management sets one
    services.policy_create(actor=cast.manager, valid_from=dt.date(2026, 1, 1), note="start")
    services.policy_create(
        actor=cast.manager,
        valid_from=dt.date(2026, 12, 1),
        note="stricter from December",
        months_home_visit=Decimal("1.5"),
    )
    assert ArrearsPolicy.objects.count() == 2
    assert policy_on(TODAY).note == "start"
    assert policy_on(dt.date(2026, 12, 2)).months_home_visit == Decimal("1.5")
    assert policy_on(dt.date(2026, 12, 2)).months_court == Decimal("3")  # carried over
    assert AuditEvent.objects.filter(object_type="arrears.arrearspolicy").count() == 2
    with pytest.raises(ValueError):
        services.policy_create(actor=cast.manager, valid_from=TODAY, months_first=Decimal("4"))


def test_a_policy_change_changes_the_signals(cast, tenancies):
    a, _ = tenancies
    services.recompute(today=TODAY)
    assert "arrears_2m" in signals_of(a)
    services.policy_create(
        actor=cast.manager,
        valid_from=TODAY,
        months_home_visit=Decimal("2.5"),
        months_court=Decimal("4"),
    )
    services.recompute(today=TODAY)
    assert "arrears_2m" not in signals_of(a) and "arrears_1m" in signals_of(a)


def test_management_edits_the_policy_on_a_page_and_sees_history(client, cast):
    client.force_login(cast.manager)
    page = client.get(reverse("arrears:policy"))
    assert page.status_code == 200
    assert "Beleid huurachterstand" in page.text
    data = {
        "valid_from": "2026-12-01",
        "grace_days": 7,
        "later_than_usual_days": 5,
        "storno_days": 35,
        "months_first": "1",
        "months_home_visit": "2",
        "months_court": "3",
        "trend_months": 3,
        "trend_tolerance_percent": 10,
        "relapse_months": 12,
        "recent_contact_days": 21,
        "note": "Meer coulance",
    }
    response = client.post(reverse("arrears:policy"), data)
    assert response.status_code == 302
    assert ArrearsPolicy.objects.get().grace_days == 7
    assert "Meer coulance" in client.get(reverse("arrears:policy")).text
    bad = client.post(reverse("arrears:policy"), {**data, "months_court": "1.5"})
    assert bad.status_code == 200 and "moeten oplopen" in bad.text
    assert ArrearsPolicy.objects.count() == 1


@pytest.mark.parametrize("who", ["advisor", "team_lead", "privacy_officer"])
def test_only_management_opens_the_policy_page(client, cast, who):
    client.force_login(getattr(cast, who))
    assert client.get(reverse("arrears:policy")).status_code == 403


def test_the_household_page_has_an_arrears_chart_and_the_ledger(client, cast, tenancies):
    a, _ = tenancies
    for i in range(30):
        pay(a, dt.date(2025, 1, 1) + dt.timedelta(days=i), 1)
    services.recompute()
    client.force_login(cast.advisor)
    url = reverse("households:detail", args=[cast.north_household.id])
    text = client.get(url).text
    assert "<svg" in text and 'aria-hidden="true"' in text
    assert "Achterstand aan het eind van elke maand" in text  # the text alternative
    assert "De grafiek als tekst" in text
    # The raw ledger is behind a link (issue 12), paged there.
    ledger = reverse("households:ledger", args=[cast.north_household.id])
    assert ledger in text
    assert "Pagina 1 van 2" in client.get(ledger).text
    assert "Pagina 2 van 2" in client.get(ledger, {"page": 2}).text


def test_a_household_that_never_fell_behind_gets_the_sentence_not_a_chart(client, cast, tenancies):
    services.recompute()
    client.force_login(cast.other_advisor)
    text = client.get(reverse("households:detail", args=[cast.south_household.id])).text
    assert 'data-testid="chart-none"' in text
    assert "Geen achterstand in de afgelopen 24 maanden." in text
    assert '<figure class="chart' not in text and "De grafiek als tekst" not in text


def test_a_hook_run_for_some_tenancies_does_not_hide_other_changes_from_changed(tenancies):
    a, b = tenancies
    services.recompute(today=TODAY)
    pay(b, TODAY, 100)  # booked without the hook (e.g. by hand)
    pay(a, TODAY, 100)
    services.on_ledger_changed(tenancy_ids=[a.id], today=TODAY)
    run = services.recompute_changed(today=TODAY)
    assert run.tenancies == 1  # b: the hook run did not advance the mark; a's state covers a's row
    assert TenancyArrears.objects.get(tenancy=b).balance_cents == -100


def test_changed_with_nothing_new_since_the_hook_recomputes_nothing_in_a_few_queries(
    tenancies, django_assert_num_queries
):
    a, b = tenancies
    services.recompute(today=TODAY)
    payments = [pay(a, TODAY, 100), pay(b, TODAY, 100)]
    services.on_ledger_changed(tenancy_ids=[a.id, b.id], today=TODAY)  # as the importer does
    # the last run; the rows after its mark not covered by a state; the new mark, the policy,
    # the run record (and a savepoint around them)
    with django_assert_num_queries(7):
        run = services.recompute_changed(today=TODAY)
    assert run.tenancies == 0 and run.max_entry_id == max(p.id for p in payments)
    pay(b, TODAY, 50)  # a change: only b is recomputed
    run = services.recompute_changed(today=TODAY)
    assert run.tenancies == 1
    assert TenancyArrears.objects.get(tenancy=b).balance_cents == -150


def test_changed_recomputes_a_row_booked_after_the_state_was_computed(tenancies):
    a, _b = tenancies
    services.recompute(today=TODAY)
    later = pay(a, TODAY + dt.timedelta(days=1), 100)  # dated after the day computed for
    services.on_ledger_changed(tenancy_ids=[a.id], today=TODAY)  # its state does not cover it
    assert TenancyArrears.objects.get(tenancy=a).last_entry_id < later.id
    run = services.recompute_changed(today=TODAY + dt.timedelta(days=1))
    assert run.tenancies == 1
    assert TenancyArrears.objects.get(tenancy=a).last_entry_id == later.id


def test_an_ended_tenancy_keeps_its_figures_but_raises_no_signals(tenancies):
    a, _ = tenancies
    a.status = "BEE"
    a.save()
    services.recompute(today=TODAY)
    assert TenancyArrears.objects.get(tenancy=a).arrears_cents == 2 * a.rent_cents
    assert signals_of(a) == {}
