"""Demo payment arrangements: running ones that are kept, some missed, a few waiting for the
team lead; the instalment payments go into the ledger and are tracked like after an import."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from verbinding.arrangements import rules
from verbinding.arrangements.models import (
    ApprovalState,
    ArrangementStatus,
    Instalment,
    PaymentArrangement,
)
from verbinding.arrangements.services import policy_current, track
from verbinding.arrears.history import arrears_bulk
from verbinding.demo.context import SeedContext
from verbinding.households.models import Tenancy
from verbinding.ledger.models import LedgerEntry


def seed(ctx: SeedContext) -> None:
    rng = ctx.rng_for("arrangements")
    candidates = sorted(
        t
        for t, p in ctx.payment_profiles.items()
        if p in ("late", "partial", "growing", "recurring")
    )
    decided = (ctx.today - dt.timedelta(days=75)).replace(day=25)
    arrears = arrears_bulk(candidates, today=decided)
    rent = dict(Tenancy.objects.filter(id__in=list(arrears)).values_list("id", "rent_cents"))
    chosen = [
        t
        for t in candidates
        if t in arrears and arrears[t].arrears_cents >= rent[t] and rng.random() < 0.5
    ]
    if not chosen:
        return
    policy = policy_current(on=decided)
    tenancies = Tenancy.objects.in_bulk(chosen)
    leads = {u.team_id: u for u in ctx.team_leads}
    advisor = ctx.advisors[0] if ctx.advisors else None
    if advisor is None:
        return
    first_due = rules.add_months(decided.replace(day=1), 1)
    made: list[tuple[PaymentArrangement, str]] = []
    for tid in chosen:
        t = tenancies[tid]
        amount = arrears[tid].arrears_cents
        pending = rng.random() < 0.08
        instalment = max(5000, -(-amount // (20 if pending else rng.choice([4, 6, 10, 12]))))
        term = rules.term_months(amount, instalment)
        verdict = rules.check(
            policy.margins(),
            rules.Proposal(
                amount_cents=amount, instalment_cents=instalment, rent_cents=t.rent_cents
            ),
        )
        a = PaymentArrangement(
            household_id=t.household_id,
            tenancy=t,
            policy=policy,
            amount_cents=amount,
            instalment_cents=instalment,
            first_due_on=first_due,
            term_months=term,
            rent_cents=t.rent_cents,
            inside_margins=verdict.inside,
            breaches=[{"code": b.code, "message": b.message} for b in verdict.breaches],
            exception_reason="" if verdict.inside else "Inkomen is laag; meer lukt niet (demo).",
            approval=ApprovalState.NOT_NEEDED if verdict.inside else ApprovalState.PENDING,
            approver=None if verdict.inside else leads.get(advisor.team_id),
            status="ACT" if verdict.inside else "AAN",
            created_by=advisor,
            created_on=decided,
            decided_on=decided if verdict.inside else None,
        )
        made.append((a, "kept" if rng.random() < 0.6 else "missed"))
    PaymentArrangement.objects.bulk_create([a for a, _ in made], batch_size=1000)
    statuses, instalments = [], []
    for a, _ in made:
        statuses.append(ArrangementStatus(arrangement=a, status="AAN", on=decided, by=advisor))
        if a.status == "ACT":
            statuses.append(ArrangementStatus(arrangement=a, status="ACT", on=decided, by=advisor))
        for n, (due, cents) in enumerate(
            rules.schedule(a.amount_cents, a.instalment_cents, a.first_due_on), 1
        ):
            instalments.append(Instalment(arrangement=a, number=n, due_on=due, amount_cents=cents))
    ArrangementStatus.objects.bulk_create(statuses, batch_size=2000)
    Instalment.objects.bulk_create(instalments, batch_size=2000)
    # The tenant's payments for the instalments (rent first, then the instalment).
    paid: dict[tuple[int, int, int], int] = defaultdict(int)
    for tid, day, cents in LedgerEntry.objects.filter(
        tenancy_id__in=chosen, booked_on__gte=decided, amount_cents__lt=0
    ).values_list("tenancy_id", "booked_on", "amount_cents"):
        paid[(tid, day.year, day.month)] += -cents
    payments = []
    for a, behaviour in made:
        if a.status != "ACT":
            continue
        dues = [d for d, _ in rules.schedule(a.amount_cents, a.instalment_cents, a.first_due_on)]
        dues = [d for d in dues if d + dt.timedelta(days=3) <= ctx.today]
        if behaviour == "missed" and dues:
            dues = dues[:-1]
        for due in dues:
            need = a.rent_cents + a.instalment_cents - paid[(a.tenancy_id, due.year, due.month)]
            if need > 0:
                payments.append(
                    LedgerEntry(
                        tenancy_id=a.tenancy_id,
                        booked_on=due + dt.timedelta(days=2),
                        kind="payment",
                        detail="BRT",
                        amount_cents=-need,
                        method="OVB",
                        description="Huur en termijn betalingsregeling",
                        source="seed",
                    )
                )
    LedgerEntry.objects.bulk_create(payments, batch_size=2000)
    track(tenancy_ids=chosen, today=ctx.today)
    ctx.log(f"    {len(made)} arrangements, {len(payments)} instalment payments")
