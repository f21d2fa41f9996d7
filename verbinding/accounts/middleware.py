"""``request.user`` as the user object itself, not Django's lazy proxies around it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.functional import LazyObject, empty


def unwrapped(value: Any) -> Any:
    """What a (possibly nested) ``LazyObject`` stands for, evaluated if it was not yet."""
    while isinstance(value, LazyObject):
        lazy: Any = value  # its _wrapped and _setup are private to Django's stubs
        if lazy._wrapped is empty:
            lazy._setup()
        value = lazy._wrapped
    return value


class ResolvedUserMiddleware:
    """After the middleware that read the user (``SessionTimeoutMiddleware``, two-factor):
    ``request.user`` becomes the user it stands for.

    Django's ``AuthenticationMiddleware`` and django-otp's ``OTPMiddleware`` each put a
    ``SimpleLazyObject`` in ``request.user``, so every ``request.user.pk`` in a view, a template or
    the access rules went through two proxies (a Python-level ``__getattribute__`` and
    ``__getattr__`` each). By here the user has been loaded (the session timeout asks whether they
    are logged in), so nothing is read that was not read anyway."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if isinstance(user, LazyObject):
            request.user = unwrapped(user)
        return self.get_response(request)
