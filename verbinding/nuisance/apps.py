from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NuisanceConfig(AppConfig):
    name = "verbinding.nuisance"
    label = "nuisance"
    verbose_name = _("Nuisance cases")
