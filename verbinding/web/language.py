"""Dutch unless the user chose otherwise.

Django's ``LocaleMiddleware`` follows the browser's ``Accept-Language``: an advisor whose phone is
set to English, or a browser that sends ``en-US`` by default, would get the English interface
without asking for it. The association works in Dutch, so the language is the one the user picked
with the language switch (the ``django_language`` cookie set by ``/i18n/setlang/``), and otherwise
``settings.LANGUAGE_CODE`` (Dutch).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


def chosen_language(request: HttpRequest) -> str:
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class ChosenLanguageMiddleware(LocaleMiddleware):
    """``LocaleMiddleware`` without the guess from ``Accept-Language``."""

    def process_request(self, request: HttpRequest) -> None:
        translation.activate(chosen_language(request))
        request.LANGUAGE_CODE = translation.get_language()
