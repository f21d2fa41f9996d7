"""Fixtures for the import tests: the example files and a register they fit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from verbinding.imports.services import import_file
from verbinding.testing import factories as f

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture
def examples() -> Path:
    return EXAMPLES


@pytest.fixture
def english() -> Iterator[None]:
    """English, the source language, for tests that read problem texts (the default is Dutch)."""
    with translation.override("en"):
        yield


@pytest.fixture
def register(cast: Any) -> Any:
    """The example households and tenancies imported (needs the third buurt, BU01500102)."""
    f.NeighbourhoodFactory(cbs_code="BU01500102", name="Noorderkwartier-Oost")
    for kind, name in (("households", "households.csv"), ("tenancies", "tenancies.csv")):
        run = import_file(path=EXAMPLES / name, actor=cast.privacy_officer, kind=kind)
        assert run.status == "succeeded", run.problems
    return cast


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path
