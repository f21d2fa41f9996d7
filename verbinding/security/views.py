"""Error pages of the transport layer, and the two-factor pages (set up, verify, recovery codes)."""

from __future__ import annotations

import secrets
from base64 import b32encode
from typing import Any

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from verbinding.audit.models import AuditAction
from verbinding.audit.services import audit_record
from verbinding.security import recovery

RECOVERY_CODES = 10
CODES_SESSION_KEY = "verbinding_recovery_codes"


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """400: a bad query parameter (``BadRequest`` raised by a view with a Dutch reason) or a
    malformed request. The reason is our own text, never what the visitor typed."""
    reason = str(exception) if isinstance(exception, BadRequest) else ""
    return render(request, "400.html", {"reason": reason}, status=400)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split()).replace("-", "")


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return "/"
    return target


def _second_factor(user: Any, code: str) -> TOTPDevice | StaticDevice | None:
    """The app's code, or a recovery code (stored as a digest: ``security/recovery.py``)."""
    for device in TOTPDevice.objects.devices_for_user(user, confirmed=True):
        if device.verify_token(code):
            return device
    return recovery.use(user, code)


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """The second step after the password: a code from the app, or a recovery code."""
    user = request.user
    if user.is_verified() or not user_has_device(user):  # type: ignore[union-attr]
        return redirect(_next(request) if user.is_verified() else "security:setup")  # type: ignore[union-attr]
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = _second_factor(user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                messages.warning(
                    request,
                    _("You used a recovery code; %(n)d are left.")
                    % {"n": device.token_set.count()},
                )
            return redirect(_next(request))
        audit_record(actor=user, action=AuditAction.LOGIN_FAILED, summary="wrong second factor")
        form.add_error("code", _("This code is not right (or too old). Try the newest code."))
    return render(request, "security/verify.html", {"form": form, "next": _next(request)})


@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """Enrolment: scan the QR code (or type the secret) into an authenticator app, then prove it
    with one code. Afterwards the recovery codes are shown once."""
    user = request.user
    if user_has_device(user) and not user.is_verified():  # type: ignore[union-attr]
        return redirect("security:verify")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="app", confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            codes = _confirm(device)
            otp_login(request, device)
            request.session[CODES_SESSION_KEY] = codes
            return redirect(f"/account/2fa/codes/?next={_next(request)}")
        form.add_error("code", _("This code is not right (or too old). Try the newest code."))
    secret = b32encode(device.bin_key).decode()
    qr = segno.make(device.config_url, error="m").svg_inline(scale=4, title=_("QR code"))
    return render(
        request,
        "security/setup.html",
        {
            "form": form,
            "qr": mark_safe(qr),  # noqa: S308 - generated by segno
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "next": _next(request),
        },
    )


@transaction.atomic
def _confirm(device: TOTPDevice) -> list[str]:
    """The device counts from now on; any older devices go, and fresh recovery codes replace old."""
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    StaticDevice.objects.filter(user=device.user).delete()
    static = StaticDevice.objects.create(user=device.user, name="recovery", confirmed=True)
    codes = [f"{secrets.randbelow(10**8):08d}" for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(
        StaticToken(device=static, token=recovery.digest(c)) for c in codes
    )
    audit_record(
        actor=device.user,
        action=AuditAction.UPDATE,
        object_type="two-factor device",
        object_id=device.pk,
        summary="two-factor authentication set up",
    )
    return codes


@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """The recovery codes, once, right after enrolment."""
    codes = request.session.pop(CODES_SESSION_KEY, None)
    if not codes:
        return redirect(_next(request))
    return render(
        request,
        "security/codes.html",
        {"codes": [f"{c[:4]}-{c[4:]}" for c in codes], "next": _next(request)},
    )
