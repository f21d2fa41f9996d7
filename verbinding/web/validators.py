"""Field validators shared by the apps' forms."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from verbinding import clock


def not_in_future(day: dt.date) -> None:
    """Something that happened (a visit, an incident, a stay that began) cannot be after today."""
    if day > clock.today():
        raise forms.ValidationError(_("The date cannot be in the future."), code="future")
