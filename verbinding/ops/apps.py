from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running the app: health and readiness endpoints, request ids, structured logs."""

    name = "verbinding.ops"
    label = "ops"
    verbose_name = "Operations"
