from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EarlysignalsConfig(AppConfig):
    name = "verbinding.earlysignals"
    label = "earlysignals"
    verbose_name = _("Early signalling (vroegsignalering)")
