from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from verbinding.accounts.roles import ALL_ROLES


class WebConfig(AppConfig):
    name = "verbinding.web"
    label = "web"
    verbose_name = _("Interface")
    navigation = [("home", _("Start"), ALL_ROLES, 0)]

    def ready(self) -> None:
        from verbinding.web import catalogs, contextlocals

        catalogs.install()  # one catalog per plural rule (Django 5.2 kept one per .mo file)
        contextlocals.install()  # the language, time zone, connections read without asgiref's lock
