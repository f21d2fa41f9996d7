from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from verbinding.accounts.roles import FIELD_ROLES


class FeedbackConfig(AppConfig):
    name = "verbinding.feedback"
    label = "feedback"
    verbose_name = _("Tenant appreciation")
    navigation = [("feedback:ask", _("Appreciation"), FIELD_ROLES, 70)]
