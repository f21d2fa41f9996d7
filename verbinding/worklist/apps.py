from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from verbinding.accounts.roles import FIELD_ROLES


class WorklistConfig(AppConfig):
    name = "verbinding.worklist"
    label = "worklist"
    verbose_name = _("Worklist")
    navigation = [("worklist:index", _("Worklist"), FIELD_ROLES, 10)]
