"""The first version of each letter text, in plain Dutch (B1). The manager edits them in the app."""

from __future__ import annotations

REMINDER_SUBJECT = "Herinnering: uw huur is nog niet betaald"
REMINDER = """Beste {{ name }},

Wij hebben de huur voor {{ address }} nog niet (helemaal) ontvangen. U heeft nu een achterstand van {{ arrears }}.

Misschien bent u het vergeten. Wilt u het bedrag zo snel mogelijk betalen? Gebruik betalingskenmerk {{ reference }}.

Lukt betalen niet? Neem dan contact met ons op. Dan zoeken we samen naar een oplossing, bijvoorbeeld een betalingsregeling. U kunt ook gratis hulp krijgen bij geldzaken van de gemeente (schuldhulpverlening).

Wij geven {{ signal_data }} door aan de gemeente. De gemeente kan u dan hulp aanbieden. Dat is de wet (Wet gemeentelijke schuldhulpverlening). Wilt u dat niet? Laat het ons dan binnen {{ waiting_days }} dagen weten. Eerder geven wij niets door.

Met vriendelijke groet,

{{ advisor }}
{{ association }}
{% if advisor_phone %}Telefoon: {{ advisor_phone }}{% endif %}
{% if advisor_email %}E-mail: {{ advisor_email }}{% endif %}
"""

FOURTEEN_DAY_SUBJECT = "Laatste herinnering: betaal binnen 14 dagen"
FOURTEEN_DAY = """{{ date }}

{{ name }}
{{ address }}

Beste {{ name }},

U heeft een huurachterstand voor {{ address }} (contract {{ contract }}).{% if reminded %} Wij hebben u hierover al eerder geschreven.{% endif %}

Deze huur heeft u nog niet betaald:
{% for line in months %}- {{ line }}
{% endfor %}Samen is dat {{ principal }}.{% if other %} Daarnaast staat er nog {{ other }} aan andere kosten open; daarover rekenen wij geen incassokosten.{% endif %}{% if not_yet_due %}
De huur die nog niet te laat is, staat niet in deze brief.{% endif %}

Betaal {{ principal }} binnen 14 dagen na de dag waarop u deze brief kreeg. Maak het geld over naar rekening {{ iban }} van {{ association }}. Zet bij de betaling het betalingskenmerk {{ reference }}.

Betaalt u niet binnen deze 14 dagen? Dan moet u ook incassokosten betalen. Die kosten zijn {{ costs }}{% if costs_vat %}, inclusief {{ costs_vat }} btw ({{ vat_percent }}%){% endif %}. U moet dan in totaal {{ total }} betalen. Dit staat in de wet (artikel 6:96 Burgerlijk Wetboek en het Besluit vergoeding voor buitengerechtelijke incassokosten).

Kunt u niet alles in één keer betalen? Bel of mail ons. Dan maken we samen een betalingsregeling. U kunt ook gratis hulp krijgen bij geldzaken van de gemeente (schuldhulpverlening). Wij helpen u graag om die hulp te vinden.

Met vriendelijke groet,

{{ advisor }}
{{ association }}
Telefoon: {{ advisor_phone }}
E-mail: {{ advisor_email }}
"""

CONFIRMATION_SUBJECT = "Bevestiging van uw betalingsregeling"
CONFIRMATION = """Beste {{ name }},

Wij hebben samen een betalingsregeling gemaakt voor uw huurachterstand van {{ amount }}.

Dit hebben we afgesproken:
- U betaalt {{ instalments }} keer {{ instalment }} per maand.
- Dit betaalt u bovenop de huur van {{ rent }}.
- De eerste keer is op {{ first_due }}.

Uw betalingen:
{% for line in schedule %}- {{ line }}
{% endfor %}
Blijf ook elke maand de huur betalen. Lukt een betaling niet? Bel ons dan meteen. Dan kijken we samen wat er kan.

Met vriendelijke groet,

{{ advisor }}
{{ association }}
{% if advisor_phone %}Telefoon: {{ advisor_phone }}{% endif %}
"""

DEFAULTS = [
    ("reminder", REMINDER_SUBJECT, REMINDER, True),
    ("fourteen_day", FOURTEEN_DAY_SUBJECT, FOURTEEN_DAY, False),
    ("confirmation", CONFIRMATION_SUBJECT, CONFIRMATION, False),
]


# The texts of issue 11 (docs/law.md) as a new version where an older default is in use.
LAW_NOTE = "Wet en regels: alleen huur in verzuim, kosten over de huur, volledige gegevens"


def load(template_model: object) -> None:
    for kind, subject, body, offers in DEFAULTS:
        if not template_model.objects.filter(kind=kind).exists():  # type: ignore[attr-defined]
            template_model.objects.create(  # type: ignore[attr-defined]
                kind=kind,
                version=1,
                subject=subject,
                body=body,
                offers_signal=offers,
                note="Eerste versie",
            )
