from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArrearsConfig(AppConfig):
    name = "verbinding.arrears"
    label = "arrears"
    verbose_name = _("Arrears and early signals")
