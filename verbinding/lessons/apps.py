from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from verbinding.accounts.roles import FIELD_ROLES, MANAGEMENT_ROLES


class LessonsConfig(AppConfig):
    name = "verbinding.lessons"
    label = "lessons"
    verbose_name = _("Shared lessons")
    navigation = [("lessons:list", _("Lessons"), (*FIELD_ROLES, *MANAGEMENT_ROLES), 75)]
