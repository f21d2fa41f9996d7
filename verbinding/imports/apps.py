from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from verbinding.accounts.roles import PRIVACY_ROLES


class ImportsConfig(AppConfig):
    name = "verbinding.imports"
    label = "imports"
    verbose_name = _("Imports")
    navigation = [("imports:index", _("Imports"), PRIVACY_ROLES, 80)]
