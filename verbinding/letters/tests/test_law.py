"""Issue 11: the 14-dagenbrief (art. 6:96 lid 6 BW; Besluit vergoeding voor buitengerechtelijke
incassokosten; HR 25-11-2016, ECLI:NL:HR:2016:2704). Fixed dates; docs/law.md lists each rule."""

from __future__ import annotations

import datetime as dt

import pytest

from verbinding.arrangements.reference import load_current
from verbinding.arrangements.services import arrangement_propose
from verbinding.audit.models import AuditEvent
from verbinding.escalation import services as escalation
from verbinding.letters import rules, services
from verbinding.testing import factories as f

D = dt.date
RENT = 65000


def owe(tenancy, *days: dt.date, detail: str = "PRO", cents: int = RENT) -> None:  # type: ignore[no-untyped-def]
    for day in days:
        f.LedgerEntryFactory(tenancy=tenancy, booked_on=day, amount_cents=cents, detail=detail)


def pay(tenancy, day: dt.date, cents: int) -> None:  # type: ignore[no-untyped-def]
    f.LedgerEntryFactory(
        tenancy=tenancy, booked_on=day, kind="payment", detail="BAN", amount_cents=-cents
    )


def send(cast, on: dt.date, kind: str = "fourteen_day", **kw):  # type: ignore[no-untyped-def]
    household = cast.north_household
    return services.letter_send(
        household=household,
        tenancy=household.tenancies.get(),
        kind=kind,
        actor=cast.advisor,
        sent_on=on,
        **kw,
    )


@pytest.mark.today(D(2026, 6, 3))
def test_no_letter_before_default_and_the_refusal_says_why(cast):
    """Costs are due only after default: "na het intreden van het verzuim" (ECLI:NL:PHR:2016:938);
    rent due on 1 June is not in default within its 5 grace days (art. 6:81 BW), so on 3 June the
    letter is refused with the reason and the day default starts."""
    owe(cast.north_household.tenancies.get(), D(2026, 6, 1))
    with pytest.raises(services.LetterError) as refused:
        send(cast, D(2026, 6, 3))
    assert "1 juni 2026" in str(refused.value) and "6 juni 2026" in str(refused.value)


@pytest.mark.today(D(2026, 6, 4))
def test_rent_not_yet_in_default_is_left_out_and_costs_nothing(cast):
    """Only rent in default is claimed; June (due 1 June, grace until 5 June) is left out on
    4 June, and the costs are computed over May only (Besluit art. 2: 15% of € 650 = € 97,50)."""
    owe(cast.north_household.tenancies.get(), D(2026, 5, 1), D(2026, 6, 1))
    letter = send(cast, D(2026, 6, 4))
    assert letter.months == [{"due": "2026-05-01", "cents": RENT}]
    assert (letter.arrears_cents, letter.costs_cents) == (RENT, 9750)
    assert "mei 2026: € 650,00" in letter.body and "juni 2026: €" not in letter.body
    assert "De huur die nog niet te laat is, staat niet in deze brief." in letter.body


@pytest.mark.today(D(2026, 6, 17))
def test_costs_over_the_principal_rent_only_and_after_a_part_payment_the_unpaid_part(cast):
    """Costs over the principal only: no reminder costs in the base (for consumers no separate
    reminder costs, haackervangastel.nl), and after a part payment only the unpaid part counts
    (HR 25-11-2016, ECLI:NL:HR:2016:2704): € 350 unpaid rent → 15% = € 52,50."""
    tenancy = cast.north_household.tenancies.get()
    owe(tenancy, D(2026, 5, 1))
    owe(tenancy, D(2026, 5, 20), detail="AAN", cents=1500)  # reminder costs booked in the ledger
    pay(tenancy, D(2026, 5, 25), 30000)
    letter = send(cast, D(2026, 6, 4))
    assert letter.months == [{"due": "2026-05-01", "cents": 35000}]
    assert letter.costs_cents == 5250 == rules.collection_costs(35000)
    assert "€ 15,00 aan andere kosten" in letter.body  # stated, but no costs over it


@pytest.mark.today(D(2026, 6, 17))
def test_vat_on_the_costs_is_a_setting_off_by_default_and_stated_when_on(cast, settings):
    """Besluit vergoeding voor buitengerechtelijke incassokosten art. 2 lid 3: VAT may be added and
    must then be stated. Off by default; at 21%: € 97,50 + € 20,48."""
    owe(cast.north_household.tenancies.get(), D(2026, 5, 1))
    plain = send(cast, D(2026, 6, 4))
    assert (plain.costs_cents, plain.vat_cents) == (9750, 0) and "btw" not in plain.body
    settings.LETTERS_VAT_PERCENT = 21
    taxed = send(cast, D(2026, 6, 5))
    assert (taxed.costs_cents, taxed.vat_cents) == (9750 + 2048, 2048)
    assert "inclusief € 20,48 btw (21%)" in taxed.body


@pytest.mark.parametrize(
    ("received", "last_day"),
    [
        (D(2026, 3, 2), D(2026, 3, 16)),  # a Monday: 14 days later, a Monday
        (D(2026, 3, 7), D(2026, 3, 23)),  # ends on Saturday 21 March → Monday 23 March
        (D(2026, 4, 13), D(2026, 4, 28)),  # ends on King's Day (Monday 27 April) → 28 April
        (D(2026, 4, 21), D(2026, 5, 6)),  # ends on 5 May (Algemene termijnenwet art. 3) → 6 May
        (D(2026, 12, 11), D(2026, 12, 28)),  # Christmas Friday, then the weekend → Monday 28
    ],
)
def test_the_term_counts_from_the_day_after_receipt_and_ends_on_a_working_day(received, last_day):
    """14 days from the day after receipt (HR 25-11-2016); a last day on a Saturday, Sunday or
    public holiday moves to the next working day (Algemene termijnenwet art. 1, the stricter
    reading: no source confirms it for art. 6:96 lid 6 BW)."""
    assert rules.term_last_day(received) == last_day
    assert not rules.term_expired(received, last_day)
    assert rules.term_expired(received, last_day + dt.timedelta(days=1))


@pytest.mark.today(D(2026, 6, 17))
def test_the_letter_is_complete_and_truthful(cast):
    """Issue 11: date, name and address (postcode "7411 AB"), principal per month, costs, the term
    from receipt, how to pay (IBAN and payment reference), phone and e-mail, the offer of an
    arrangement and of debt help; "we wrote to you before" only after a reminder in this
    episode."""
    tenancy = cast.north_household.tenancies.get()
    owe(tenancy, D(2026, 4, 1), D(2026, 5, 1))
    letter = send(cast, D(2026, 6, 4))
    body = letter.body
    for text in (
        "4 juni 2026",
        letter.addressee,
        "7411 AB Deventer",
        "april 2026: € 650,00",
        "mei 2026: € 650,00",
        "Samen is dat € 1.300,00",
        "€ 195,00",  # 15% of € 1.300
        "binnen 14 dagen na de dag waarop u deze brief kreeg",
        "NL91 ABNA 0417 1643 00",
        tenancy.payment_reference,
        "Telefoon: 0570 123 456",
        "E-mail:",
        "betalingsregeling",
        "schuldhulpverlening",
    ):
        assert text in body, text
    assert "7411 AB" in letter.address_lines
    assert "eerder geschreven" not in body  # no reminder was sent


@pytest.mark.today(D(2026, 6, 17))
def test_we_wrote_before_only_after_a_reminder_in_this_episode(cast):
    """A reminder of an earlier, cleared arrears episode does not make "we schreven u eerder"
    true; a reminder in this episode does."""
    tenancy = cast.north_household.tenancies.get()
    owe(tenancy, D(2026, 1, 1))
    send(cast, D(2026, 1, 10), kind="reminder")
    pay(tenancy, D(2026, 1, 20), RENT)  # cleared
    owe(tenancy, D(2026, 4, 1), D(2026, 5, 1))
    assert "eerder geschreven" not in send(cast, D(2026, 5, 10)).body
    send(cast, D(2026, 5, 12), kind="reminder")
    assert "Wij hebben u hierover al eerder geschreven." in send(cast, D(2026, 5, 20)).body


@pytest.mark.today(D(2026, 6, 17))
def test_sending_while_an_arrangement_is_kept_warns_and_needs_a_reason(cast):
    """Issue 11: a 14-dagenbrief while the tenant keeps an arrangement (or a request waits for
    the team lead) needs a reason, which is recorded and audited."""
    load_current()
    tenancy = cast.north_household.tenancies.get()
    owe(tenancy, D(2026, 4, 1), D(2026, 5, 1))
    arrangement_propose(
        household=cast.north_household,
        tenancy=tenancy,
        amount_cents=2 * RENT,
        instalment_cents=26000,
        first_due_on=D(2026, 7, 1),
        actor=cast.advisor,
        on=D(2026, 6, 1),
    )
    with pytest.raises(services.LetterNeedsReason) as warned:
        send(cast, D(2026, 6, 10))
    assert "betalingsregeling" in str(warned.value)
    letter = send(cast, D(2026, 6, 10), reason="Huurder vroeg om de brief voor de schuldhulp")
    assert letter.send_reason.startswith("Huurder vroeg")
    assert AuditEvent.objects.filter(
        object_type="letters.letter", summary__startswith="letter sent despite"
    ).exists()


@pytest.mark.today(D(2026, 6, 17))
def test_the_handover_carries_the_letters_principal_and_costs_and_flags_later_months(cast):
    """Art. 6:96 lid 6 BW: costs only for what the 14-dagenbrief claimed. The handover carries the
    letter's months as far as unpaid and at most its costs; June, due after the letter, is
    flagged as needing a new letter."""
    tenancy = cast.north_household.tenancies.get()
    owe(tenancy, D(2026, 4, 1), D(2026, 5, 1), D(2026, 6, 1))
    letter = send(cast, D(2026, 5, 10))
    services.letter_record_receipt(
        letter=letter, received_on=D(2026, 5, 11), evidence="afgegeven", actor=cast.advisor
    )
    assert (letter.arrears_cents, letter.costs_cents) == (2 * RENT, 19500)
    pay(tenancy, D(2026, 6, 2), 30000)  # a part payment after the letter (FIFO: April)
    step = escalation.escalation_record(
        household=cast.north_household,
        tenancy=tenancy,
        kind="DEU",
        start_reason="ACH",
        reason="Geen reactie",
        actor=cast.team_lead,
        handed_over_on=D(2026, 6, 17),
        override_reason="Dossier compleet in het ERP",
    )
    assert step.letter == letter
    assert step.claim_principal_cents == 2 * RENT - 30000
    assert step.claim_costs_cents == rules.collection_costs(2 * RENT - 30000) == 15000
    assert step.needs_new_letter == ["2026-06-01"]
