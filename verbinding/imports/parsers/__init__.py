"""Parsers: plain functions from file bytes to typed rows, or an :class:`ImportProblem`.

Nothing here touches the database; matching and writing live in ``matching.py`` and
``services.py``.
"""

from verbinding.imports.parsers.base import ImportProblem, RowProblems

__all__ = ["ImportProblem", "RowProblems"]
