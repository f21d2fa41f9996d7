from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from verbinding.accounts.roles import FIELD_ROLES


class NuisanceConfig(AppConfig):
    name = "verbinding.nuisance"
    label = "nuisance"
    verbose_name = _("Nuisance cases")
    navigation = [("nuisance:list", _("Nuisance"), FIELD_ROLES, 40)]
    worklist_sources = ["verbinding.nuisance.worklist.NuisanceSource"]
