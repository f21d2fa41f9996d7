"""Default texts in plain Dutch (B1) for what the tenant receives. The association can replace
each one with its own wording (``MessageTemplate``, in the admin)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from verbinding.tenantmessages.models import MessageKind

DEFAULTS: dict[str, tuple[object, object]] = {
    MessageKind.PLAN: (
        _("Our plan"),
        _(
            "Dear {name},\n\nThis is what we agreed together:\n{content}\n\n"
            "Is something not working out? Call me. I would rather hear it early.\n\n"
            "{advisor}, your neighbourhood advisor, {phone}"
        ),
    ),
    MessageKind.ARRANGEMENT: (
        _("Your payment arrangement"),
        _(
            "Dear {name},\n\nWe agreed a payment arrangement:\n{content}\n\n"
            "Can you not pay an instalment? Call me before the date. Then we look at it together.\n\n"
            "{advisor}, your neighbourhood advisor, {phone}"
        ),
    ),
    MessageKind.APPOINTMENT: (
        _("Our next appointment"),
        _(
            "Dear {name},\n\n{content}\n\nCan you not make it? Call me and we pick another day.\n\n"
            "{advisor}, your neighbourhood advisor, {phone}"
        ),
    ),
    MessageKind.INSTALMENT_REMINDER: (
        _("Reminder: your instalment"),
        _(
            "Dear {name},\n\n{content}\n\nDid you already pay? Then you can ignore this message.\n\n"
            "{advisor}, your neighbourhood advisor, {phone}"
        ),
    ),
}


class _Safe(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(kind: str, values: dict[str, str]) -> tuple[str, str]:
    """Subject and text for ``kind``: the association's own wording if set, else the default."""
    from verbinding.tenantmessages.models import MessageTemplate

    own = MessageTemplate.objects.filter(kind=kind).first()
    subject, body = (
        (own.subject, own.body) if own else (str(DEFAULTS[kind][0]), str(DEFAULTS[kind][1]))
    )
    return subject, body.format_map(_Safe(values))
