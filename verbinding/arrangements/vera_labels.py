"""The Dutch labels of the VERA codes this app added to ``verbinding/vera/codes.py``.

``vera/codes.py`` belongs to the project catalogue; listing the labels here puts them in this app's
catalogue too (Django merges the catalogues), so they are Dutch without editing another team's file.
"""

from django.utils.translation import gettext_noop

LABELS = [
    gettext_noop("Requested"),
    gettext_noop("Active"),
    gettext_noop("Cancelled"),
    gettext_noop("Ended"),
    gettext_noop("Frozen"),
    gettext_noop("Removed"),
    gettext_noop("Paid off"),
    gettext_noop("Uncollectable"),
    gettext_noop("Remaining debt settled (debt restructuring)"),
    gettext_noop("Arrangement does not work"),
    gettext_noop("Bailiff (deurwaarder)"),
    gettext_noop("Collection agency"),
    gettext_noop("Arrears of a sitting tenant"),
    gettext_noop("Payment arrangement not kept"),
    gettext_noop("Debtor cannot be found"),
    gettext_noop("Nuisance"),
    gettext_noop("Remaining debt of a departed tenant"),
    gettext_noop("New"),
]
