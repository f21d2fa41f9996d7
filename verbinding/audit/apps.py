from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from verbinding.accounts.roles import PRIVACY_ROLES


class AuditConfig(AppConfig):
    name = "verbinding.audit"
    label = "audit"
    verbose_name = _("Audit log")
    navigation = [("audit:list", _("Audit log"), PRIVACY_ROLES, 90)]

    def ready(self) -> None:
        # Logins happen inside django.contrib.auth, so its signals are the only place to see them.
        from django.contrib.auth import signals

        signals.user_logged_in.connect(_logged_in, dispatch_uid="audit_login")
        signals.user_logged_out.connect(_logged_out, dispatch_uid="audit_logout")
        signals.user_login_failed.connect(_login_failed, dispatch_uid="audit_login_failed")

        # PostgreSQL: the app role may not change or remove audit rows (audit.dbroles).
        from django.db.models.signals import post_migrate

        from verbinding.audit.dbroles import after_migrate

        post_migrate.connect(after_migrate, sender=self, dispatch_uid="audit_grant_app_role")


def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    from verbinding.audit.services import audit_record

    audit_record(actor=user, action="login", object_type="accounts.user", object_id=user.pk)


def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    from verbinding.audit.services import audit_record

    if user is not None:
        audit_record(actor=user, action="logout", object_type="accounts.user", object_id=user.pk)


def _login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    """A failed login names the account when it exists; what was typed for an unknown username
    (often a password typed in the wrong box) is kept only as a keyed hash, so repeated attempts
    can be linked without the log holding the text."""
    import hashlib
    import hmac

    from django.conf import settings
    from django.contrib.auth import get_user_model

    from verbinding.audit.services import audit_record

    typed = str(credentials.get("username", ""))
    user = get_user_model().objects.filter(username=typed).first() if typed else None
    if user is not None:
        audit_record(
            actor=None, action="login_failed", object_type="accounts.user", object_id=user.pk
        )
        return
    digest = hmac.new(settings.SECRET_KEY.encode(), typed.encode(), hashlib.sha256).hexdigest()
    audit_record(
        actor=None,
        action="login_failed",
        object_type="accounts.user",
        summary=f"unknown username #{digest[:16]}",
    )
