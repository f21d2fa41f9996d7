from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from verbinding.accounts.roles import FIELD_ROLES, MANAGEMENT_ROLES


class EarlysignalsConfig(AppConfig):
    name = "verbinding.earlysignals"
    label = "earlysignals"
    verbose_name = _("Early signalling (vroegsignalering)")
    navigation = [
        ("earlysignals:list", _("Vroegsignalering"), FIELD_ROLES, 45),
        ("earlysignals:policy", _("Vroegsignalering policy"), MANAGEMENT_ROLES, 73),
    ]
