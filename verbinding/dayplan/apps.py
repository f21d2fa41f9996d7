from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from verbinding.accounts.roles import FIELD_ROLES


class DayplanConfig(AppConfig):
    name = "verbinding.dayplan"
    label = "dayplan"
    verbose_name = _("Day plan")
    navigation = [("dayplan:today", _("Day plan"), FIELD_ROLES, 12)]
