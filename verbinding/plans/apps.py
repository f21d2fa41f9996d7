from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "verbinding.plans"
    label = "plans"
    verbose_name = _("Joint plans")
    worklist_sources = ["verbinding.plans.worklist.AgreementsDue"]
