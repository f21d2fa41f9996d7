from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from verbinding.accounts.roles import MANAGEMENT_ROLES


class ArrearsConfig(AppConfig):
    name = "verbinding.arrears"
    label = "arrears"
    verbose_name = _("Arrears and early signals")
    ledger_listeners = ["verbinding.arrears.services.on_ledger_changed"]
    worklist_sources = ["verbinding.arrears.worklist.ArrearsSource"]
    navigation = [("arrears:policy", _("Arrears policy"), MANAGEMENT_ROLES, 70)]
