from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from verbinding.accounts.roles import Role


class AccessConfig(AppConfig):
    name = "verbinding.access"
    label = "access"
    verbose_name = _("Access")
    navigation = [("access:grants", _("Opened outside reach"), (Role.PRIVACY_OFFICER,), 92)]
