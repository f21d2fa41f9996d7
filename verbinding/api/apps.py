from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "verbinding.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from verbinding.api import schema  # noqa: F401 - registers the OpenAPI extensions
