from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from verbinding.accounts.roles import PRIVACY_ROLES


class PrivacyConfig(AppConfig):
    """AVG rights (subject access) and retention, for the privacy officer."""

    name = "verbinding.privacy"
    label = "privacy"
    verbose_name = _("Privacy (AVG)")
    navigation = [("privacy:index", _("Subject access"), PRIVACY_ROLES, 91)]
