"""OpenAPI details drf-spectacular cannot infer: the problem+json replies of every operation."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema as BaseAutoSchema

from verbinding.api.problems import PROBLEM

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "RFC 9457 problem details.",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "index": {"type": "integer"},
                    "pointer": {"type": "string"},
                    "field": {"type": "string"},
                    "detail": {"type": "string"},
                },
            },
        },
    },
    "required": ["type", "title", "status", "detail"],
}

COMMON = {
    "400": "The request is malformed or does not match the schema.",
    "401": "No valid API key or token.",
    "403": "The client lacks the scope, or its account may not do this.",
    "406": "Only JSON is served.",
    "429": "Rate limit of this client reached; see Retry-After.",
}
WITH_ID = {"404": "Not found, or outside the client's reach."}
WRITES = {
    "409": "Idempotency-Key reused with another body.",
    "415": "Send application/json.",
    "422": "Refused whole; per-item errors.",
}


class AutoSchema(BaseAutoSchema):
    pass


def add_problem_responses(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Every operation may answer 400/401/403/404/406/429 (and writes 409/415/422) with a
    problem+json body; say so, so generated clients and contract tests know."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    ref = {"$ref": "#/components/schemas/Problem"}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            codes = dict(COMMON)
            codes.update(WITH_ID)
            if method != "get":
                codes.update(WRITES)
            responses = operation.setdefault("responses", {})
            for code, text in codes.items():
                responses.setdefault(
                    code, {"description": text, "content": {PROBLEM: {"schema": ref}}}
                )
    return result


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "verbinding.api.auth.ApiKeyAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API key from the functional administrator: Bearer vb_…",
        }


class OidcScheme(OpenApiAuthenticationExtension):
    target_class = "verbinding.api.auth.OidcJwtAuthentication"
    name = "oauth2"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        from verbinding.api.scopes import SCOPES

        return {
            "type": "oauth2",
            "description": "Client credentials at the association's OpenID Connect provider.",
            "flows": {
                "clientCredentials": {
                    "tokenUrl": "/token (at the association's OIDC provider)",
                    "scopes": {k: str(v) for k, v in SCOPES.items()},
                }
            },
        }
