"""Demo lessons: a handful of anonymised lessons on closed cases, by situation, some signed."""

from __future__ import annotations

from verbinding.cases.models import Case
from verbinding.demo.context import SeedContext
from verbinding.lessons.models import Lesson
from verbinding.vera import codes

LESSONS: dict[str, list[tuple[str, str, str, str]]] = {
    "FIN": [
        (
            "Niet aan de deur over geld beginnen",
            "Huurachterstand van ruim twee maanden, brieven werden niet geopend.",
            "Eerst gevraagd hoe het ging. Pas bij het tweede bezoek over de huur. Daarna zelf een "
            "regeling voorgesteld die haalbaar was; die is volledig nagekomen.",
            "family",
        ),
        (
            "Budgetcoach er meteen bij halen",
            "Achterstand na baanverlies, schaamte om hulp te vragen.",
            "Met toestemming de budgetcoach gebeld tijdens het huisbezoek. Binnen een week een "
            "afspraak, en de regeling liep via de coach.",
            "professionals",
        ),
        (
            "Kleine termijnen, wel elke maand",
            "Wisselend inkomen uit flexwerk, steeds kleine achterstanden.",
            "Een lage termijn binnen de marges, gekoppeld aan de betaaldag van het loon. Na zes "
            "maanden geen achterstand meer.",
            "",
        ),
    ],
    "SOC": [
        (
            "Beide buren apart gesproken, daarna samen",
            "Burenruzie over geluid, beide partijen voelden zich niet gehoord.",
            "Eerst twee aparte gesprekken, toen buurtbemiddeling. Het gezamenlijke gesprek ging "
            "over afspraken, niet over schuld.",
            "neighbours",
        ),
        (
            "Zorgpartner vroeg inschakelen",
            "Overlast door psychische problemen, melders werden boos.",
            "Niet meteen een waarschuwingsbrief, maar een casusoverleg met de wijkteammedewerker. "
            "De begeleiding kwam op gang en de meldingen stopten.",
            "professionals",
        ),
    ],
}


def seed(ctx: SeedContext) -> None:
    rng = ctx.rng_for("lessons")
    closed = list(
        Case.objects.filter(status__in=codes.CLOSED_CASE_STATUSES, closed_on__isnull=False)
        .exclude(status="GEA")
        .exclude(handler__isnull=True)
        .order_by("id")
        .values_list("id", "kind", "detail", "handler_id", "closed_on")
    )
    rng.shuffle(closed)
    target = max(5, min(60, ctx.household_count // 100))
    rows = []
    for case_id, kind, detail, handler_id, closed_on in closed[:target]:
        options = LESSONS.get(kind) or LESSONS["SOC"]
        title, situation, worked, network = rng.choice(options)
        rows.append(
            Lesson(
                case_id=case_id,
                author_id=handler_id,
                signed=rng.random() < 0.3,
                case_kind=kind,
                case_detail=detail,
                network_types=f",{network}," if network else "",
                title=title,
                situation=situation,
                what_worked=worked,
                written_on=closed_on or ctx.today,
            )
        )
    Lesson.objects.bulk_create(rows, ignore_conflicts=True)
    ctx.log(f"  lessons: {len(rows)} shared lessons")
