"""What an importer returns, and how it refuses a file."""

from __future__ import annotations

from dataclasses import dataclass, field

from verbinding.imports.parsers.base import ImportProblem

SHOWN_PROBLEMS = 20


class Problems:
    """Every problem is counted; the first :data:`SHOWN_PROBLEMS` are kept to show."""

    def __init__(self) -> None:
        self.shown: list[ImportProblem] = []
        self.count = 0
        self.lines: set[int] = set()

    def add(self, problem: ImportProblem) -> None:
        self.count += 1
        self.lines.add(problem.line)
        if len(self.shown) < SHOWN_PROBLEMS:
            self.shown.append(problem)

    def extend(self, problems: list[ImportProblem]) -> None:
        for p in problems:
            self.add(p)

    def __bool__(self) -> bool:
        return self.count > 0


class Rejected(Exception):
    """The file is refused whole; nothing it would have written stays."""

    def __init__(self, problems: Problems) -> None:
        super().__init__(f"{problems.count} problem(s)")
        self.problems = problems

    @classmethod
    def one(cls, problem: ImportProblem) -> Rejected:
        problems = Problems()
        problems.add(problem)
        return cls(problems)


@dataclass
class Outcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    unmatched: int = 0
    skipped: int = 0
    file_format: str = ""
    changed_tenancy_ids: set[int] = field(default_factory=set)
    households_touched: int = 0
    warnings: list[dict[str, str]] = field(default_factory=list)  # kept on the import run
