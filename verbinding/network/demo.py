"""Demo network maps for most households that have a case: family, neighbours, professionals."""

from __future__ import annotations

import datetime as dt

from verbinding.cases.models import Case
from verbinding.demo.context import SeedContext
from verbinding.network.models import Consent, NetworkMember, Tie

BATCH = 2000
SHARE_WITH_MAP = 0.7

FIRST = ["Riet", "Kees", "Fatima", "Mohamed", "Sanne", "Joost", "Ayşe", "Wim", "Ingrid", "Yusuf"]
PEOPLE = [
    # (label, category, strength weights, stress chance, support)
    ("Moeder {f}", "family", ["strong", "normal"], 0.15, "to"),
    ("Zus {f}", "family", ["strong", "normal", "weak"], 0.2, "both"),
    ("Broer {f}", "family", ["normal", "weak"], 0.35, "none"),
    ("Vriendin {f}", "friends", ["strong", "normal"], 0.05, "both"),
    ("Buurvrouw {f}", "neighbours", ["normal", "weak"], 0.1, "to"),
    ("Buurman {f}", "neighbours", ["weak"], 0.5, "none"),
    ("Vrijwilliger Humanitas", "volunteers", ["normal"], 0.0, "to"),
    ("Werkgever", "work", ["weak", "normal"], 0.2, "none"),
]
PROFESSIONALS = [
    ("Bureau Bewind Oost", "BWI", "Bewindvoering", "0570-612340"),
    ("Budgetcoach {f}", "BUD", "Schuldhulp Deventer", "0570-693000"),
    ("Wijkteam", "wijkteam", "Sociaal wijkteam", "0570-693311"),
    ("Schuldhulpverlening", "shv", "Gemeente", "14 0570"),
    ("Ambulant begeleider {f}", "AMB", "Zorggroep", "0570-611122"),
    ("Huisarts", "gp", "Gezondheidscentrum", "0570-620000"),
    ("GGZ-behandelaar", "ggz", "GGZ", "0570-640000"),
]
PURPOSES = [
    "Overleg over de huurachterstand en de betalingsregeling",
    "Samen zorgen dat de huur betaald blijft",
    "Afstemmen wie wat doet in het plan",
]


def seed(ctx: SeedContext) -> None:
    rng = ctx.rng_for("network")
    households = sorted(
        {
            h
            for h, handler in Case.objects.values_list("household_id", "handler_id")
            if handler is not None
        }
    )
    handler_of = dict(Case.objects.order_by("id").values_list("household_id", "handler_id"))
    members: list[NetworkMember] = []
    specs: list[tuple[str, bool, str, dt.date, bool, int | None]] = []
    for household_id in households:
        if rng.random() >= SHARE_WITH_MAP:
            continue
        author = handler_of.get(household_id)
        chosen = rng.sample(PEOPLE, rng.randint(1, 4))
        for label, category, strengths, stress, support in chosen:
            members.append(
                NetworkMember(
                    household_id=household_id,
                    name=label.format(f=rng.choice(FIRST)),
                    category=category,
                    phone=f"06-{rng.randint(10000000, 99999999)}" if rng.random() < 0.4 else "",
                    created_by_id=author,
                )
            )
            specs.append(
                (
                    rng.choice(strengths),
                    rng.random() < stress,
                    support,
                    ctx.today - dt.timedelta(days=rng.randint(5, 120)),
                    False,
                    author,
                )
            )
        for name, role, org, phone in rng.sample(PROFESSIONALS, rng.randint(0, 3)):
            members.append(
                NetworkMember(
                    household_id=household_id,
                    name=name.format(f=rng.choice(FIRST)),
                    category="professionals",
                    role=role,
                    organisation=org,
                    phone=phone,
                    created_by_id=author,
                )
            )
            specs.append(
                (
                    rng.choice(["strong", "normal"]),
                    False,
                    "to",
                    ctx.today - dt.timedelta(days=rng.randint(5, 120)),
                    True,
                    author,
                )
            )
    created = NetworkMember.objects.bulk_create(members, batch_size=BATCH)
    ties: list[Tie] = []
    consents: list[Consent] = []
    for member, (strength, stressful, support, since, professional, author) in zip(
        created, specs, strict=True
    ):
        if rng.random() < 0.2 and (ctx.today - since).days > 20:
            # The tie changed once: an earlier version, then the current one.
            changed = since + dt.timedelta(days=rng.randint(5, (ctx.today - since).days - 1))
            ties.append(
                Tie(
                    member=member,
                    strength="weak" if strength != "weak" else "normal",
                    stressful=not stressful,
                    support="none",
                    valid_from=since,
                    valid_to=changed,
                    recorded_by_id=author,
                )
            )
            since = changed
        ties.append(
            Tie(
                member=member,
                strength=strength,
                stressful=stressful,
                support=support,
                valid_from=since,
                recorded_by_id=author,
            )
        )
        if professional or rng.random() < 0.3:
            for kind in ("contact", "share") if professional else ("contact",):
                consents.append(
                    Consent(
                        member=member,
                        kind=kind,
                        given=rng.random() < 0.85,
                        purpose=rng.choice(PURPOSES),
                        legal_basis="consent",
                        decided_on=since,
                        recorded_by_id=author,
                    )
                )
    Tie.objects.bulk_create(ties, batch_size=BATCH)
    Consent.objects.bulk_create(consents, batch_size=BATCH)
    ctx.log(f"    {len(created):,} network members, {len(ties):,} ties, {len(consents):,} consents")
