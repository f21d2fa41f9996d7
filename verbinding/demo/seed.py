"""The demo association generator: ``verbinding seed --households N --months M --seed S``.

Deterministic for a seed and a date: the same ``--seed`` and ``--today`` give the same association.
Built for size (N=100,000, M=24 gives about five million ledger rows): households are generated
in chunks, inserted with ``bulk_create``, and ledger rows go in through ``executemany`` (SQLite) or
``COPY`` (PostgreSQL), so memory stays flat whatever N is.

Proportions follow domain.md §1: most tenants pay on time by direct debit; some pay late, partly,
or have a direct debit reversed; about 6 % are in arrears on a given day (135,000 of ~2.3 million
social tenancies in 2022), some of whom reach two or three months of rent.
"""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import reset_queries, transaction
from faker import Faker
from schwifty import IBAN

from verbinding.accounts.models import Role, Team, User
from verbinding.areas.models import District, Municipality, Neighbourhood
from verbinding.audit.services import audit_record
from verbinding.demo.context import SeedContext
from verbinding.demo.ledger import TenancyFacts, insert_ledger_rows, tenancy_rows
from verbinding.households.models import (
    Household,
    HouseholdMember,
    Person,
    SafetyFlag,
    Tenancy,
    TenancyIban,
    Unit,
)

DEMO_PASSWORD = "verbinding-demo"  # noqa: S105 - printed on purpose for the demo logins
CHUNK = 2000
HOUSEHOLDS_PER_NEIGHBOURHOOD = 800

# Payment profiles and their shares (see module docstring and docs/demo.md).
PROFILES: list[tuple[str, float]] = [
    ("punctual", 0.785),  # pays on their own usual day, every month
    ("late", 0.07),  # pays the full rent, 5-20 days late
    ("partial", 0.03),  # sometimes pays part, makes it up later
    ("storno", 0.03),  # direct debit sometimes reversed (AM04), paid by transfer later
    ("episode", 0.05),  # an arrears episode of 1-3 months that was cleared
    ("recurring", 0.01),  # cleared once, now in arrears again
    ("growing", 0.025),  # stopped paying recently: arrears growing, some past 3 months
]
ARREARS_PROFILES = frozenset({"late", "partial", "storno", "recurring", "growing"})

DISTRICT_NAMES = [
    "Binnenstad",
    "Keizerslanden",
    "Rivierenwijk",
    "Voorstad",
    "Colmschate",
    "Zandweerd",
    "Borgele",
    "Platvoet",
    "Holterbroek",
    "Steenbrugge",
]
BUURT_SUFFIXES = ["Noord", "Zuid", "Oost", "West", "Centrum", "Park", "Hof", "Veld"]

STAFF = [
    # username, first, last, role
    ("adviseur", "Anna", "de Vries", Role.ADVISOR),
    ("collega", "Bram", "Bakker", Role.ADVISOR),
    ("teamleider", "Dewi", "Jansen", Role.TEAM_LEAD),
    ("manager", "Eva", "Mulder", Role.MANAGER),
    ("privacy", "Frits", "Visser", Role.PRIVACY_OFFICER),
]
ADVISOR_NAMES = [
    ("Chris", "Smit"),
    ("Fatima", "El Idrissi"),
    ("Gijs", "Meijer"),
    ("Hanneke", "de Boer"),
    ("Ilse", "Vos"),
    ("Jeroen", "Peters"),
    ("Karin", "Hendriks"),
    ("Lars", "van Dijk"),
    ("Mila", "Dekker"),
    ("Noah", "Brouwer"),
]
PREFIXES = (
    "van den ",
    "van der ",
    "van de ",
    "van ",
    "de ",
    "den ",
    "ter ",
    "te ",
    "in 't ",
    "'t ",
)


@dataclass
class Plan:
    """Sizes derived from N."""

    households: int
    neighbourhoods: int
    districts: int

    @classmethod
    def for_households(cls, n: int) -> Plan:
        buurten = max(4, math.ceil(n / HOUSEHOLDS_PER_NEIGHBOURHOOD))
        districts = max(2, math.ceil(buurten / 4))
        return cls(households=n, neighbourhoods=buurten, districts=districts)


def split_surname(full: str) -> tuple[str, str]:
    lowered = full.lower()
    for prefix in PREFIXES:
        if lowered.startswith(prefix):
            return full[: len(prefix) - 1], full[len(prefix) :]
    return "", full


def month_starts(today: dt.date, months: int) -> list[dt.date]:
    """The first day of each of the last ``months`` months, the current month included."""
    result = []
    year, month = today.year, today.month
    for _ in range(months):
        result.append(dt.date(year, month, 1))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return sorted(result)


def pick_profile(rng: random.Random) -> str:
    roll, acc = rng.random(), 0.0
    for name, share in PROFILES:
        acc += share
        if roll < acc:
            return name
    return "punctual"


# --------------------------------------------------------------------------------------------
# Areas and staff


# A CBS district code has two digits per municipality (WK + GM code + 01-99): an association (or a
# federation of them) larger than 99 districts spreads over the next municipalities of the region.
MUNICIPALITIES = [
    ("GM0150", "Deventer"),
    ("GM0193", "Zwolle"),
    ("GM0153", "Enschede"),
    ("GM0164", "Hengelo"),
    ("GM0141", "Almelo"),
    ("GM0148", "Dalfsen"),
]
DISTRICTS_PER_MUNICIPALITY = 99


def create_areas(plan: Plan) -> list[Neighbourhood]:
    if plan.districts > DISTRICTS_PER_MUNICIPALITY * len(MUNICIPALITIES):
        raise ValueError(f"At most {DISTRICTS_PER_MUNICIPALITY * len(MUNICIPALITIES)} districts.")
    gm_code, gm_name = MUNICIPALITIES[0]
    Municipality.objects.get_or_create(
        cbs_code=gm_code, defaults={"name": gm_name, "receives_signals": True}
    )
    Municipality.objects.get_or_create(
        cbs_code="GM0177", defaults={"name": "Raalte", "receives_signals": False}
    )
    neighbourhoods: list[Neighbourhood] = []
    per_district = math.ceil(plan.neighbourhoods / plan.districts)
    if per_district > 99:
        raise ValueError("At most 99 neighbourhoods per district (CBS codes).")
    for d in range(plan.districts):
        gm_code, gm_name = MUNICIPALITIES[d // DISTRICTS_PER_MUNICIPALITY]
        municipality, _ = Municipality.objects.get_or_create(
            cbs_code=gm_code, defaults={"name": gm_name, "receives_signals": True}
        )
        digits, number = gm_code[2:], d % DISTRICTS_PER_MUNICIPALITY + 1
        base = DISTRICT_NAMES[d % len(DISTRICT_NAMES)]
        name = base if d < len(DISTRICT_NAMES) else f"{base} {d // len(DISTRICT_NAMES) + 1}"
        district = District.objects.create(
            cbs_code=f"WK{digits}{number:02d}", name=name, municipality=municipality
        )
        for b in range(per_district):
            if len(neighbourhoods) >= plan.neighbourhoods:
                break
            suffix = BUURT_SUFFIXES[b % len(BUURT_SUFFIXES)]
            label = f"{name}-{suffix}" if b < len(BUURT_SUFFIXES) else f"{name}-{suffix} {b}"
            neighbourhoods.append(
                Neighbourhood.objects.create(
                    cbs_code=f"BU{digits}{number:02d}{b + 1:02d}", name=label, district=district
                )
            )
    return neighbourhoods


def create_staff(ctx: SeedContext, neighbourhoods: list[Neighbourhood]) -> None:
    """One team per district, one advisor per two or three neighbourhoods, the demo logins."""
    password = make_password(DEMO_PASSWORD)
    by_district: dict[int, list[Neighbourhood]] = {}
    for n in neighbourhoods:
        by_district.setdefault(n.district_id, []).append(n)
    named = iter(ADVISOR_NAMES)
    first_team = True
    for index, (_district_id, buurten) in enumerate(by_district.items()):
        team = Team.objects.create(name=f"Team {buurten[0].district.name}")
        team.neighbourhoods.set(buurten)
        groups = [buurten[i : i + 2] for i in range(0, len(buurten), 2)]
        if first_team:
            # The demo advisor and the demo colleague share the first neighbourhoods.
            advisor = _user(ctx, "adviseur", password, team)
            advisor.neighbourhoods.set(groups[0])
            colleague = _user(ctx, "collega", password, team)
            colleague.neighbourhoods.set(groups[0])
            lead = _user(ctx, "teamleider", password, team)
            ctx.advisors += [advisor, colleague]
            ctx.team_leads.append(lead)
            groups = groups[1:]
            first_team = False
        else:
            first, last = next(named, ("Lead", f"Team {index}"))
            lead = User.objects.create(
                username=f"teamleider{index}",
                first_name=first,
                last_name=last,
                role=Role.TEAM_LEAD,
                team=team,
                password=password,
            )
            ctx.team_leads.append(lead)
        for g, group in enumerate(groups):
            first, last = next(named, ("Adviseur", f"{index}-{g}"))
            user = User.objects.create(
                username=f"adviseur{index}{g}",
                first_name=first,
                last_name=last,
                role=Role.ADVISOR,
                team=team,
                password=password,
            )
            user.neighbourhoods.set(group)
            ctx.advisors.append(user)
    _user(ctx, "manager", password, None)
    _user(ctx, "privacy", password, None)


def _user(ctx: SeedContext, username: str, password: str, team: Team | None) -> User:
    _, first, last, role = next(s for s in STAFF if s[0] == username)
    user = User.objects.create(
        username=username,
        first_name=first,
        last_name=last,
        role=role,
        team=team,
        password=password,
        # a work number for the printed plan ("who can you call?"); fictional (0570 = Deventer)
        phone=f"0570-75 00 {len(ctx.users) + 10:02d}" if role in FIELD_PHONE_ROLES else "",
    )
    ctx.users[username] = user
    return user


FIELD_PHONE_ROLES = (Role.ADVISOR, Role.TEAM_LEAD)


# --------------------------------------------------------------------------------------------
# Households, units, tenancies


class Generator:
    def __init__(self, ctx: SeedContext, neighbourhoods: list[Neighbourhood]) -> None:
        self.ctx = ctx
        self.rng = ctx.rng_for("core")
        self.fake = Faker("nl_NL")
        self.fake.seed_instance(ctx.seed)
        self.neighbourhoods = neighbourhoods
        self.streets = {
            n.id: sorted({self.fake.street_name() for _ in range(12)}) for n in neighbourhoods
        }
        self.postcode_digits = {n.id: 7400 + i * 3 for i, n in enumerate(neighbourhoods)}
        self.months = month_starts(ctx.today, ctx.months)

    def chunks(self) -> Iterator[range]:
        for start in range(0, self.ctx.household_count, CHUNK):
            yield range(start, min(start + CHUNK, self.ctx.household_count))

    def run(self) -> int:
        rows = 0
        for numbers in self.chunks():
            with transaction.atomic():
                facts = self._register(numbers)
                rows += self._ledger(facts)
            # With DEBUG on, Django keeps the text of every query (up to 9,000, a bulk insert's
            # with all its values): as a request does, start each chunk with an empty log, so
            # memory stays flat with the number of households.
            reset_queries()
            self.ctx.log(
                f"  households {numbers.stop:>7,} / {self.ctx.household_count:,}"
                f"  ledger rows {rows:>10,}"
            )
        return rows

    def _register(self, numbers: range) -> list[TenancyFacts]:
        rng, fake = self.rng, self.fake
        households, units, people, plans = [], [], [], []
        for i in numbers:
            neighbourhood = self.neighbourhoods[i % len(self.neighbourhoods)]
            prefix, surname = split_surname(fake.last_name())
            composition = rng.choices(
                ["single", "single_parent", "couple", "family", "senior_couple"],
                weights=[40, 14, 16, 18, 12],
            )[0]
            display = f"{prefix} {surname}".strip()
            households.append(
                Household(
                    external_id=f"R{100001 + i}",
                    name=f"Huishouden {display[0].upper()}{display[1:]}",
                )
            )
            street = rng.choice(self.streets[neighbourhood.id])
            digits = self.postcode_digits[neighbourhood.id] + (i // 400) % 3
            letters = "ABCDEFGHJKLMNPRSTVWXZ"
            units.append(
                Unit(
                    external_id=f"E{500001 + i}",
                    street=street,
                    house_number=1 + (i // len(self.neighbourhoods)) % 180,
                    house_letter=rng.choice(["", "", "", "", "a", "b"]),
                    house_number_addition=str(rng.randint(1, 4)) if rng.random() < 0.35 else "",
                    postcode=f"{digits}{rng.choice(letters)}{rng.choice(letters)}",
                    city="Deventer",
                    neighbourhood=neighbourhood,
                )
            )
            members = self._members(composition, prefix, surname)
            people.append(members)
            rent = rng.randint(450_00, 880_00)
            method = rng.choices(["INC", "OVB", "ONL"], weights=[65, 30, 5])[0]
            years = rng.choices([1, 3, 8, 15, 30], weights=[10, 25, 30, 20, 15])[0]
            start = self.ctx.today - dt.timedelta(days=rng.randint(60, years * 365))
            plans.append((rent, method, start, composition))
        Household.objects.bulk_create(households, batch_size=1000)
        Unit.objects.bulk_create(units, batch_size=1000)
        persons = [p for group in people for p, _ in group]
        Person.objects.bulk_create(persons, batch_size=1000)
        memberships, tenancies = [], []
        for i, household, unit, group, (rent, method, start, _c) in zip(
            numbers, households, units, people, plans, strict=True
        ):
            for person, role in group:
                memberships.append(
                    HouseholdMember(household=household, person=person, role=role, start_date=start)
                )
            tenancies.append(
                Tenancy(
                    external_id=f"HO{700001 + i}",
                    household=household,
                    unit=unit,
                    start_date=start,
                    rent_cents=rent,
                    payment_reference=f"{3000000000 + i * 7:d}",
                    payment_method=method,
                    status="LOP",
                )
            )
        HouseholdMember.objects.bulk_create(memberships, batch_size=2000)
        Tenancy.objects.bulk_create(tenancies, batch_size=1000)
        ibans, flags, facts = [], [], []
        for i, tenancy, group in zip(numbers, tenancies, people, strict=True):
            holder = group[0][0]
            ibans.append(
                TenancyIban(
                    tenancy=tenancy,
                    iban=str(
                        IBAN.generate(
                            "NL",
                            bank_code=rng.choice(["ABNA", "INGB", "RABO", "SNSB", "ASNB", "TRIO"]),
                            account_code=f"{100000000 + i * 13 % 899999999:09d}",
                        )
                    ),
                    holder_name=f"{holder.initials} {holder.surname_prefix} {holder.surname}".replace(
                        "  ", " "
                    ),
                )
            )
            if rng.random() < 0.012:
                detail = rng.choice(["BEZ", "BEZ", "VEB", "BEW", "AMB"])
                kind = {"BEZ": "AGR", "VEB": "AGR", "BEW": "ONB", "AMB": "ONB"}[detail]
                flags.append(
                    SafetyFlag(
                        household_id=tenancy.household_id,
                        kind=kind,
                        detail=detail,
                        note="",
                        start_date=self.ctx.today - dt.timedelta(days=rng.randint(30, 900)),
                    )
                )
            profile = pick_profile(rng)
            usual = (
                rng.choice([1, 1, 1, 2, 3])
                if tenancy.payment_method == "INC"
                else rng.choice([25, 27, 28, 1, 2, 3, 5, 8])
            )
            facts.append(
                TenancyFacts(
                    tenancy.id,
                    tenancy.rent_cents,
                    tenancy.payment_method,
                    tenancy.start_date,
                    profile,
                    usual,
                )
            )
            self.ctx.payment_profiles.add(tenancy.id, profile)
        TenancyIban.objects.bulk_create(ibans, batch_size=2000)
        SafetyFlag.objects.bulk_create(flags, batch_size=1000)
        return facts

    def _members(self, composition: str, prefix: str, surname: str) -> list[tuple[Person, str]]:
        fake, rng = self.fake, self.rng
        today = self.ctx.today

        def person(
            role: str, age: tuple[int, int], female: bool | None = None
        ) -> tuple[Person, str]:
            is_female = rng.random() < 0.5 if female is None else female
            first = fake.first_name_female() if is_female else fake.first_name_male()
            born = today - dt.timedelta(days=rng.randint(age[0] * 365, age[1] * 365))
            adult = age[0] >= 18
            return (
                Person(
                    initials=f"{first[0]}.",
                    first_name=first,
                    surname_prefix=prefix,
                    surname=surname,
                    birth_date=born,
                    phone=f"06-{rng.randint(10000000, 99999999)}"
                    if adult and rng.random() < 0.9
                    else "",
                    email=(
                        f"{first.lower()}.{surname.lower().replace(' ', '')}@example.nl"
                        if adult and rng.random() < 0.5
                        else ""
                    ),
                ),
                role,
            )

        if composition == "single":
            return [person("HUU", (20, 85))]
        if composition == "single_parent":
            group = [person("HUU", (22, 50), female=rng.random() < 0.8)]
            group += [person("KIN", (0, 17)) for _ in range(rng.randint(1, 3))]
            return group
        if composition == "senior_couple":
            return [person("HUU", (65, 90)), person("MDH", (63, 90))]
        group = [person("HUU", (22, 60)), person("MDH", (22, 60))]
        if composition == "family":
            group += [person("KIN", (0, 17)) for _ in range(rng.randint(1, 4))]
        return group

    def _ledger(self, facts: list[TenancyFacts]) -> int:
        rows: list[tuple[object, ...]] = []
        for f in facts:
            rows.extend(tenancy_rows(f, rng=self.rng, months=self.months, today=self.ctx.today))
        insert_ledger_rows(rows)
        return len(rows)


# --------------------------------------------------------------------------------------------


def extensions() -> list[tuple[str, object]]:
    """Each installed app's ``demo.seed`` function, in INSTALLED_APPS order."""
    found = []
    for config in apps.get_app_configs():
        if config.name == "verbinding.demo" or not config.name.startswith("verbinding."):
            continue
        module_name = f"{config.name}.demo"
        if importlib.util.find_spec(module_name) is None:
            continue
        module = importlib.import_module(module_name)
        if hasattr(module, "seed"):
            found.append((config.label, module.seed))
    return found


def seed(
    *,
    households: int,
    months: int,
    seed_value: int,
    today: dt.date,
    verbose: bool = True,
    with_extensions: bool = True,
) -> SeedContext:
    """Generate the whole demo association into an empty database."""
    if Household.objects.exists():
        raise RuntimeError(
            "The database already holds households. Start afresh (make demo-fresh) to seed again."
        )
    if households < 1 or months < 1:
        raise ValueError("--households and --months must be at least 1")
    ctx = SeedContext(
        seed=seed_value, household_count=households, months=months, today=today, verbose=verbose
    )
    plan = Plan.for_households(households)
    ctx.log(
        f"Seeding {households:,} households in {plan.neighbourhoods} neighbourhoods, "
        f"{months} months of ledger (seed {seed_value}, today {today})"
    )
    with transaction.atomic():
        neighbourhoods = create_areas(plan)
        create_staff(ctx, neighbourhoods)
    rows = Generator(ctx, neighbourhoods).run()
    if with_extensions:
        for label, function in extensions():
            ctx.log(f"  {label}: adding demo data")
            with transaction.atomic():
                function(ctx)  # type: ignore[operator]
    audit_record(
        actor=None,
        action="import",
        object_type="demo.seed",
        summary=f"demo association: {households} households, {months} months, {rows} ledger rows",
    )
    return ctx
