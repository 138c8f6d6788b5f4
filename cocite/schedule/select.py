"""Selecting and numbering each issue's extracts, with the library's own query rules.

An issue's records are its explicit ``ids`` (in the order given, kept whatever their date or
profile: the user chose them), then the records its ``topics`` (and ``query``) match for
the case's profiles and currency cut-off, in the library's default order, without repeats.
An issue that selects nothing is an error that says which change would widen it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cocite.casefile import CaseFile, Issue
from cocite.errors import DataError
from cocite.models import Record
from cocite.problems import Problem
from cocite.query import EmptySelectionError, Selection, select
from cocite.schedule.model import ScheduleExtract, make_extract

if TYPE_CHECKING:
    from cocite.library import Library


def topic_selection(issue: Issue) -> Selection | None:
    """The issue's topic query as a library Selection, or None for an issue of ids only."""
    if not issue.topics and not issue.query:
        return None
    return Selection(
        topics=issue.topics,
        profiles=issue.profiles,
        include_general=issue.include_general and bool(issue.profiles),
        since=issue.since,
        country=issue.country,
        query=issue.query,
        exclude=issue.exclude,
    )


def _count(library: Library, selection: Selection) -> int:
    try:
        return len(select(library, selection))
    except EmptySelectionError:
        return 0


def records_for(library: Library, issue: Issue) -> list[tuple[Record, bool]]:
    """The issue's records in schedule order, each with whether it was picked by id."""
    excluded = set(issue.exclude)
    out = [(library.by_id[i], True) for i in issue.ids if i not in excluded]
    seen = {r.id for r, _ in out}
    selection = topic_selection(issue)
    if selection is not None:
        try:
            matched = select(library, selection)
        except EmptySelectionError:
            matched = []
        out += [(r, False) for r in matched if r.id not in seen]
    return out


def widen_hint(library: Library, issue: Issue) -> str:
    """Which single change to the issue would make it select records, with counts."""
    base = topic_selection(issue)
    if base is None:
        return "every record in its ids is also in its exclude list: remove some from exclude"
    candidates: list[tuple[str, bool, Selection]] = [
        ("remove since", bool(base.since), base._replace(since=None)),
        ("remove query", bool(base.query), base._replace(query=None)),
        ("remove exclude", bool(base.exclude), base._replace(exclude=())),
        ("set include_general: true", bool(base.profiles) and not base.include_general,
         base._replace(include_general=True)),
        ("give the issue profiles: [] (any profile)", bool(base.profiles),
         base._replace(profiles=(), include_general=False)),
    ]
    hints = []
    for label, applies, wider in candidates:
        if applies and wider != base and not wider.is_empty():
            n = _count(library, wider)
            if n:
                hints.append(f"{label} ({n} record{'s' if n != 1 else ''})")
    if hints:
        return "to widen it: " + "; ".join(hints)
    return "no record has these topics at all: add topics (run `cocite topics` for counts) or ids"


def number_issues(case: CaseFile, library: Library) -> list[list[ScheduleExtract]]:
    """Every issue's extracts, numbered; DataError naming each issue that selects nothing."""
    problems = []
    numbered: list[list[ScheduleExtract]] = []
    for issue in case.issues:
        picked = records_for(library, issue)
        if not picked:
            problems.append(Problem(
                case.name, issue.line, None, issue.field,
                f"issue {issue.number} {issue.title!r} selects no records; "
                f"{widen_hint(library, issue)}",
            ))
        numbered.append([
            make_extract(issue.number, pos, record, explicit, library, case.style)
            for pos, (record, explicit) in enumerate(picked, start=1)
        ])
    if problems:
        raise DataError(problems, f"{len(problems)} issue(s) of {case.name} select nothing")
    return numbered
