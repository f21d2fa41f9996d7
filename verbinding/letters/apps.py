from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from verbinding.accounts.roles import MANAGEMENT_ROLES


class LettersConfig(AppConfig):
    name = "verbinding.letters"
    label = "letters"
    verbose_name = _("Letters")
    navigation = [("letters:templates", _("Letter texts"), MANAGEMENT_ROLES, 71)]
