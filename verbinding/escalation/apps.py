from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from verbinding.accounts.roles import Role


class EscalationConfig(AppConfig):
    name = "verbinding.escalation"
    label = "escalation"
    verbose_name = _("Escalation guardrails")
    navigation = [
        ("escalation:overrides", _("Guardrail overrides"), (Role.TEAM_LEAD, Role.MANAGER), 72)
    ]
