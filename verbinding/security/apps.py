from django.apps import AppConfig


class SecurityConfig(AppConfig):
    """Login and transport: sessions that end, no caching of personal data, the client's real
    address behind the trusted proxy, two-factor authentication and single sign-on."""

    name = "verbinding.security"
    label = "security"
    verbose_name = "Security"
