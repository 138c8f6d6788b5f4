"""A problem found in input: where it is, what was expected, and how serious it is."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from collections.abc import Iterable
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding about one place in one file.

    Rendered as ``FILE:LINE: record ID: FIELD: MESSAGE``; the parts that are unknown are left out.
    """

    file: str
    line: int | None = None
    record_id: str | None = None
    field: str | None = None
    message: str = ""
    severity: Severity = dataclasses.field(default="error", compare=False)

    def sort_key(self) -> tuple[str, int, str, str, str]:
        """File, then line, then record, field and message; unknown parts sort first."""
        return (self.file, self.line or 0, self.record_id or "", self.field or "", self.message)

    def location(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    def __str__(self) -> str:
        parts = [self.location()]
        if self.record_id:
            parts.append(f"record {self.record_id}")
        if self.field:
            parts.append(self.field)
        parts.append(self.message)
        return ": ".join(parts)

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "record": self.record_id,
            "field": self.field,
            "severity": self.severity,
            "message": self.message,
        }


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems without repeats, in file and line order."""
    return sorted(set(problems), key=Problem.sort_key)


def errors_in(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def warnings_in(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "warning"]


class Findings:
    """For a result holding ``problems``: its errors and its warnings (a mixin: no fields)."""

    problems: tuple[Problem, ...]

    @property
    def errors(self) -> list[Problem]:
        return errors_in(list(self.problems))

    @property
    def warnings(self) -> list[Problem]:
        return warnings_in(list(self.problems))
