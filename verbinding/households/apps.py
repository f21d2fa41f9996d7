from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from verbinding.accounts.roles import FIELD_ROLES, Role


class HouseholdsConfig(AppConfig):
    name = "verbinding.households"
    label = "households"
    verbose_name = _("Households")
    navigation = [
        ("households:list", _("Households"), FIELD_ROLES, 20),
        ("households:team", _("Caseload"), (Role.TEAM_LEAD,), 25),
    ]
