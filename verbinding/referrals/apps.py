from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "verbinding.referrals"
    label = "referrals"
    verbose_name = _("Warm referrals")
    navigation: list = []
    worklist_sources = ["verbinding.referrals.worklist.UnansweredReferrals"]
