from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from verbinding.accounts.roles import Role


class OutcomesConfig(AppConfig):
    name = "verbinding.outcomes"
    label = "outcomes"
    verbose_name = _("Outcomes")
    navigation = [("outcomes:dashboard", _("Outcomes"), (Role.TEAM_LEAD, Role.MANAGER), 80)]
