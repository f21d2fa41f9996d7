from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from verbinding.accounts.roles import FIELD_ROLES, MANAGEMENT_ROLES


class ArrangementsConfig(AppConfig):
    name = "verbinding.arrangements"
    label = "arrangements"
    verbose_name = _("Payment arrangements")
    navigation = [
        ("arrangements:list", _("Arrangements"), FIELD_ROLES, 40),
        ("arrangements:policy", _("Arrangement margins"), MANAGEMENT_ROLES, 70),
    ]
    ledger_listeners = ["verbinding.arrangements.services.on_ledger_changed"]
    worklist_sources = ["verbinding.arrangements.worklist.ArrangementSource"]
