from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from verbinding.accounts.roles import PRIVACY_ROLES


class JobsConfig(AppConfig):
    """Background work: the worker, the nightly schedule, retries and the failed-jobs page."""

    name = "verbinding.jobs"
    label = "jobs"
    verbose_name = _("Background jobs")
    navigation = [("jobs:index", _("Background jobs"), PRIVACY_ROLES, 85)]
