from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorklistConfig(AppConfig):
    name = "verbinding.worklist"
    label = "worklist"
    verbose_name = _("Worklist")
    # No menu entry of its own: for advisors and team leads the start page (/) is the worklist.
    navigation: list = []
