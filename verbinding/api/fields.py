"""VERA-shaped fields: code-list values as ``{"code": ..., "naam": ...}``, money as euros."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

_CACHE: dict[str, type[serializers.Serializer[Any]]] = {}


def referentie(choices: type[models.TextChoices], soort: str) -> type[serializers.Serializer[Any]]:
    """A serializer class for one VERA code list (Referentiedata-sleutels: code + naam).

    Written as ``{"code": "LOP"}``; read as ``{"code": "LOP", "naam": "Lopend"}``.
    """
    name = f"{soort.title().replace('_', '')}Referentie"
    if name in _CACHE:
        return _CACHE[name]

    def to_representation(self: Any, value: Any) -> Any:
        if value in (None, ""):
            return None
        try:
            label = str(choices(value).label)
        except ValueError:
            label = ""
        return {"code": value, "naam": label}

    def to_internal_value(self: Any, data: Any) -> Any:
        if isinstance(data, str):  # be lenient: a bare code
            data = {"code": data}
        return serializers.Serializer.to_internal_value(self, data)["code"]

    cls = type(
        name,
        (serializers.Serializer,),
        {
            "__doc__": f"VERA referentiedata {soort}.",
            "code": serializers.ChoiceField(choices=choices.choices),
            "naam": serializers.CharField(read_only=True),
            "to_representation": to_representation,
            "to_internal_value": to_internal_value,
        },
    )
    _CACHE[name] = cls
    return cls


def vera_code(choice: models.TextChoices) -> dict[str, str]:
    """One VERA code as served: ``{"code": "BAN", "naam": "Bankrekening"}``."""
    return {"code": str(choice.value), "naam": str(choice.label)}


class EuroField(serializers.DecimalField):
    """Cents in the database, euros (a JSON number with two decimals) on the wire."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("coerce_to_string", False)
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> Any:
        if value is None:
            return None
        return super().to_representation(Decimal(int(value)) / 100)

    def to_internal_value(self, data: Any) -> int:
        value = super().to_internal_value(data)
        return int((value * 100).to_integral_value())


class SleutelSerializer(serializers.Serializer[Any]):
    """A reference to another object: our id and the ERP's (idExtern)."""

    id = serializers.CharField()
    idExtern = serializers.CharField(allow_null=True)


@extend_schema_field(SleutelSerializer)
class SleutelField(serializers.Field[Any, Any, Any, Any]):
    """A related object (with ``external_id``) as ``{"id": "12", "idExtern": "HO900001"}``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> Any:
        if value is None:
            return None
        return {"id": str(value.pk), "idExtern": getattr(value, "external_id", None)}
