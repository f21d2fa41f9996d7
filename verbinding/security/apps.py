from typing import Any

from django.apps import AppConfig


class SecurityConfig(AppConfig):
    """Login and transport: sessions that end, no caching of personal data, the client's real
    address behind the trusted proxy, two-factor authentication and single sign-on."""

    name = "verbinding.security"
    label = "security"
    verbose_name = "Security"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        user_logged_in.connect(_stamp_session, dispatch_uid="verbinding.security.session")


def _stamp_session(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """Start the idle and absolute clocks at login (no extra session write on the next page)."""
    from verbinding.security.middleware import mark_session_start

    if request is not None and hasattr(request, "session"):
        mark_session_start(request)
