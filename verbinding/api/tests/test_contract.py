"""Property-based contract tests: schemathesis drives every operation of the committed
docs/api/openapi.yaml with generated requests, with every role's token, and checks that no
answer is a 500 and every answer (status, content type, body) matches the document."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.config import SchemathesisConfig

ROOT = Path(__file__).resolve().parents[3]
# Bounded in time: the fuzzing phase only (valid and invalid requests), a few examples each.
CONFIG = SchemathesisConfig.from_dict(
    {"phases": {"coverage": {"enabled": False}, "examples": {"enabled": False}}}
)
schema = schemathesis.openapi.from_path(ROOT / "docs" / "api" / "openapi.yaml", config=CONFIG)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
ROLES = ["advisor", "team_lead", "other_advisor", "manager", "privacy_officer"]


@pytest.fixture
def tokens(cast, api, world):
    """One API key per role (all scopes), and a key without scopes; the app called in-process."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    keys = {}
    for role in ROLES:
        http = api(getattr(cast, role))
        keys[role] = http._credentials["HTTP_AUTHORIZATION"]
    keys["no scopes"] = api(cast.advisor, scopes=[])._credentials["HTTP_AUTHORIZATION"]
    yield keys
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


APP = WSGIHandler()


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=5,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_every_operation_keeps_its_contract_for_every_role(case, tokens):
    for authorization in tokens.values():
        response = case.call(app=APP, headers={"Authorization": authorization})
        case.validate_response(response, checks=CHECKS)
