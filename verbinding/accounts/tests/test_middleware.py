"""``request.user`` is the user itself after the middleware (no lazy proxies around it)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from verbinding.accounts.middleware import unwrapped
from verbinding.accounts.models import User

pytestmark = pytest.mark.django_db


def test_a_logged_in_users_request_carries_the_user_with_the_second_factor_fields(client, cast):
    client.force_login(cast.advisor)
    response = client.get(reverse("worklist:index"))
    assert response.status_code == 200
    user = response.wsgi_request.user
    assert type(user) is User and user.pk == cast.advisor.pk
    assert user.otp_device is None and user.is_verified() is False  # django-otp's, kept


def test_an_anonymous_request_carries_the_anonymous_user(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert type(response.wsgi_request.user) is AnonymousUser


def test_unwrapped_evaluates_nested_lazy_objects_once_and_leaves_others_alone():
    calls: list[str] = []
    thing = object()

    def inner() -> object:
        calls.append("inner")
        return thing

    def outer() -> SimpleLazyObject:
        calls.append("outer")
        return SimpleLazyObject(inner)

    lazy = SimpleLazyObject(outer)
    assert unwrapped(lazy) is thing
    assert unwrapped(lazy) is thing
    assert calls == ["outer", "inner"]
    assert unwrapped(thing) is thing and unwrapped(None) is None
