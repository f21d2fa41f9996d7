"""Reads of letters, with the access rules of ``households_for`` applied."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from verbinding.audit.services import audit_record
from verbinding.households.selectors import households_for
from verbinding.letters.models import Letter


def letters_for(*, user: Any) -> QuerySet[Letter]:
    return Letter.objects.filter(household__in=households_for(user=user).values("id"))


def letter_detail(*, user: Any, letter_id: int, audit: bool = True) -> Letter:
    letter = (
        letters_for(user=user)
        .select_related("household", "tenancy__unit", "template", "created_by")
        .filter(id=letter_id)
        .first()
    )
    if letter is None:
        raise Http404
    if audit:
        audit_record(
            actor=user,
            action="view",
            obj=letter,
            household_id=letter.household_id,
            summary="letter",
        )
    return letter


def household_letters(*, household_id: int) -> QuerySet[Letter]:
    """For a household the caller has already opened through ``household_detail``."""
    return Letter.objects.filter(household_id=household_id).select_related("created_by")
