"""The balance and currency report: how well each issue is supported, and how recently.

Per issue: the number of extracts, distinct sources and kinds of source, the oldest and
newest publication date. Warnings (they fail ``--strict``): an issue resting on a single
source; extracts older than ``stale_years`` (or undated). Notes (never failures): several
extracts from the same source, which are not independent corroboration.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from cocite.casefile import CaseFile
from cocite.extracts import by_work
from cocite.partial_dates import date_sort_key
from cocite.problems import Problem
from cocite.schedule.budget import is_stale, stale_before
from cocite.schedule.model import Schedule


@dataclass(frozen=True, slots=True)
class IssueBalance:
    number: int
    title: str
    extracts: int
    sources: int
    kinds: tuple[str, ...]
    oldest: str | None
    newest: str | None
    stale: tuple[str, ...]  # extract numbers older than the window, or undated
    warnings: tuple[str, ...]
    notes: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "issue": self.number, "title": self.title, "extracts": self.extracts,
            "sources": self.sources, "kinds": list(self.kinds), "oldest": self.oldest,
            "newest": self.newest, "stale": list(self.stale), "warnings": list(self.warnings),
            "notes": list(self.notes),
        }


def _short(author: str, title: str | None) -> str:
    text = f"{author}, {title}" if title else author
    return text if len(text) <= 70 else text[:67] + "..."


def balance(schedule: Schedule, today: date, stale_years: int) -> list[IssueBalance]:
    cutoff = stale_before(today, stale_years)
    out = []
    for issue in schedule.issues:
        works = by_work(issue.extracts)
        dates = sorted((e.record.source.date for e in issue.extracts if e.record.source.date),
                       key=date_sort_key)
        stale = tuple(e.number for e in issue.extracts if is_stale(e, cutoff))
        warnings, notes = [], []
        if len(works) == 1 and issue.extracts:
            src = issue.extracts[0].record.source
            warnings.append(f"rests on a single source ({_short(src.author, src.title)}): "
                            "add extracts from independent sources")
        if stale:
            plural = "s" if len(stale) > 1 else ""
            warnings.append(
                f"extract{plural} {', '.join(stale)} {'are' if plural else 'is'} more than "
                f"{stale_years} year{'s' if stale_years != 1 else ''} old or undated: "
                "check for more recent information"
            )
        for source, numbers in works.items():
            if len(numbers) > 1:
                notes.append(
                    f"extracts {', '.join(str(n) for n in numbers)} come from the same source, "
                    f"{_short(source.author, source.title)}: not independent corroboration"
                )
        out.append(IssueBalance(
            number=issue.number, title=issue.title, extracts=len(issue.extracts),
            sources=len(works), kinds=tuple(sorted({e.record.source.kind for e in issue.extracts})),
            oldest=dates[0] if dates else None, newest=dates[-1] if dates else None,
            stale=stale, warnings=tuple(warnings), notes=tuple(notes),
        ))
    return out


def warning_problems(case: CaseFile, report: list[IssueBalance]) -> list[Problem]:
    """Balance warnings as problems that name the issue in the case file."""
    lines = {i.number: (i.line, i.field) for i in case.issues}
    return [
        Problem(case.name, lines[b.number][0], None, lines[b.number][1],
                f"issue {b.number} {b.title!r} {w}", "warning")
        for b in report for w in b.warnings
    ]


def balance_text(b: IssueBalance) -> str:
    """One line for the summary on stderr."""
    kinds = ", ".join(b.kinds)
    when = f"{b.oldest} to {b.newest}" if b.oldest and b.oldest != b.newest else (b.oldest or "undated")
    return (f"{b.extracts} extract{'s' if b.extracts != 1 else ''} from {b.sources} "
            f"source{'s' if b.sources != 1 else ''} ({kinds}), {when}")
