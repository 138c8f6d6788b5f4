"""Selecting records: the filter spec shared by ``cocite build`` and ``cocite list``.

Semantics (also stated in ``--help`` and the README):

* several ``--topic`` values match a record tagged with *any* of them;
* ``--profile X`` matches records tagged X; general records (no profiles) only with
  ``include_general``; several profiles match *any* of them unless ``all_profiles``;
* ``--since``/``--until`` take ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``. A partial date is a
  period, and a record is kept when its period *overlaps* the range: ``--since 2022-06`` keeps
  ``2022-06-15`` and ``2022`` (it may be from June or later) but not ``2022-05``. Undated
  records are left out whenever a date filter is given, because they cannot be shown to match;
* ``--query`` is full text over quote, lead-in, original text, footnotes and source, in the
  language of ``cocite search`` (:mod:`cocite.textquery`): case, accents and English endings
  ignored, "quoted phrases" exact, ``OR``/``NOT``/``prefix*``; results stay in report order;
* ``--id`` picks records explicitly and keeps the order given; other filters still narrow them;
* default order: the compiled report's section order (1.2.10 after 1.2.9), then newest first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from cocite.errors import UsageError
from cocite.models import MATERIALS, Record, Term, Vocabulary
from cocite.partial_dates import date_sort_key, date_span
from cocite.terms import TermTable, closest, fold

if TYPE_CHECKING:  # the library module is only needed for its type here
    from cocite.library import Library


class EmptySelectionError(UsageError):
    """Raised when the filters match no record; the message says which filter to widen."""


# Named tuples, not frozen dataclasses, for a quick start (see cocite.models).
class Selection(NamedTuple):
    """What the user asked for, as given on the command line (resolved by :func:`select`)."""

    topics: tuple[str, ...] = ()
    profiles: tuple[str, ...] = ()
    include_general: bool = False
    all_profiles: bool = False
    since: str | None = None
    until: str | None = None
    material: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2 code (the record's, or its report's)
    source_text: str | None = None
    query: str | None = None
    ids: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    all: bool = False

    def is_empty(self) -> bool:
        """True when no filter at all was given (the user must say what to select)."""
        return not (
            self.topics or self.profiles or self.since or self.until or self.material
            or self.country or self.source_text or self.query or self.ids or self.all
        )


class Resolved(NamedTuple):
    """A selection with vocabulary terms resolved to ids and dates parsed."""

    topics: tuple[str, ...]
    profiles: tuple[str, ...]
    since: tuple[int, int, int] | None
    until: tuple[int, int, int] | None


# ---------------------------------------------------------------------------------------------
# Vocabulary terms


def resolve_terms(
    values: Iterable[str],
    terms: Sequence[Term],
    *,
    kind: str,
    shorthands: Mapping[str, tuple[str, ...]] | None = None,
) -> tuple[str, ...]:
    """Map ids, labels, aliases or shorthands to term ids, in the order given, without repeats.

    Unknown values raise :class:`UsageError` listing every unknown value with a suggestion.
    """
    if not values:
        return ()
    table = TermTable(terms, shorthands)
    out: list[str] = []
    unknown: list[str] = []
    for value in values:
        found = table.lookup(value)
        if found is None:
            unknown.append(value)
            continue
        out.extend(i for i in found if i not in out)
    if unknown:
        lines = []
        for value in unknown:
            near = table.suggestion(value)
            hint = f" (did you mean {near!r}?)" if near else ""
            lines.append(f"unknown {kind} {value!r}{hint}")
        raise UsageError(
            "; ".join(lines) + f". Known {kind}s: {', '.join(table.names)}. "
            f"Run 'cocite {kind}s' to see them all."
        )
    return tuple(out)


# ---------------------------------------------------------------------------------------------
# Dates

def _bound(text: str | None, option: str, end: bool) -> tuple[int, int, int] | None:
    if text is None:
        return None
    span = date_span(text)
    if span is not None:
        import datetime as _dt

        year, month, day = span[0]
        try:  # year 0000, month 13, 2023-02-30: not a date
            _dt.date(year, month or 1, day or 1)
        except ValueError:
            span = None
    if span is None:
        raise UsageError(
            f"{option} {text!r}: expected a date as YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2022-06"
        )
    return span[1] if end else span[0]


# ---------------------------------------------------------------------------------------------
# Text


def _words(text: str) -> list[str]:
    # Every word must occur (in any order): "UK Home" finds "Home Office (UK)" too.
    return fold(text).split()


# ---------------------------------------------------------------------------------------------
# Order


def section_key(section: str | None) -> tuple[int, ...]:
    """Numeric section order: 1.2.10 comes after 1.2.9; no section sorts last."""
    if not section:
        return (10**9,)
    return tuple(int(p) if p.isdigit() else 10**6 for p in re.split(r"[.\s]+", section.strip()))


def default_order(records: Iterable[Record], report_order: Sequence[str] = ()) -> list[Record]:
    """Report section order, then newest first; ties keep the library's (the report's) order."""
    rank = {rid: i for i, rid in enumerate(report_order)}

    def key(r: Record) -> tuple[object, ...]:
        first = r.cited_in[0] if r.cited_in else None  # where the report first cites it
        report = first.report if first else None
        report_rank = rank.get(report, len(rank)) if report else len(rank) + 1
        section = first.section if first else None
        y, m, d = date_sort_key(r.source.date)
        return (report_rank, section_key(section), -y, -m, -d)

    return sorted(records, key=key)


# ---------------------------------------------------------------------------------------------
# Selecting


def resolve(selection: Selection, vocabulary: Vocabulary) -> Resolved:
    """Check a selection against the vocabulary and parse its dates (UsageError on mistakes)."""
    if selection.material is not None and selection.material not in MATERIALS:
        raise UsageError(
            f"--material {selection.material!r}: expected one of {', '.join(MATERIALS)}"
        )
    if (selection.include_general or selection.all_profiles) and not selection.profiles:
        flag = "--include-general" if selection.include_general else "--all-profiles"
        raise UsageError(f"{flag} only makes sense with --profile")
    topics = resolve_terms(selection.topics, vocabulary.topics, kind="topic")
    profiles = resolve_terms(
        selection.profiles, vocabulary.profiles, kind="profile", shorthands=vocabulary.shorthands
    )
    since = _bound(selection.since, "--since", end=False)
    until = _bound(selection.until, "--until", end=True)
    if since and until and since > until:
        raise UsageError(f"--since {selection.since} is after --until {selection.until}")
    return Resolved(topics, profiles, since, until)


def _matches(record: Record, sel: Selection, res: Resolved) -> bool:
    if res.topics and not set(record.topics) & set(res.topics):
        return False
    if res.profiles:
        if record.is_general:
            if not sel.include_general:
                return False
        elif sel.all_profiles:
            if not set(res.profiles) <= set(record.profiles):
                return False
        elif not set(record.profiles) & set(res.profiles):
            return False
    if res.since or res.until:
        span = date_span(record.source.date) if record.source.date else None
        if span is None:
            return False
        if res.since and span[1] < res.since:
            return False
        if res.until and span[0] > res.until:
            return False
    if sel.material and record.material != sel.material:
        return False
    if sel.country and record.country != sel.country:
        return False
    if sel.source_text:
        hay = fold(f"{record.source.author}\n{record.source.title or ''}")
        if not all(w in hay for w in _words(sel.source_text)):
            return False
    return True  # --query is matched by the full-text index: see _filter


def select(library: Library, selection: Selection) -> list[Record]:
    """The records a selection picks, in bundle order. Raises UsageError (or its subclass
    EmptySelectionError) with a hint when the selection is wrong or matches nothing."""
    if selection.is_empty():
        raise UsageError(
            "say what to select: e.g. --topic stigma --profile male, --id ID, or --all "
            "(run 'cocite topics' and 'cocite profiles' for the choices)"
        )
    if selection.country is not None:
        from cocite.countries import country_problem

        reason = country_problem(selection.country)
        if reason:
            raise UsageError(f"--country: {reason}")
    res = resolve(selection, library.vocabulary)
    check_ids(library, selection)
    chosen = _filter(library, selection, res)
    if not chosen:
        raise EmptySelectionError(_empty_hint(library, selection))
    return chosen


def _filter(library: Library, sel: Selection, res: Resolved) -> list[Record]:
    from cocite.matching import exact_ok, prefilter, text_filter
    from cocite.textquery import parse

    excluded = set(sel.exclude)
    query = parse(sel.query) if sel.query else None
    stored = getattr(library, "stored", None)
    if sel.ids:
        # Explicit picks keep the order given (a caseworker's own running order).
        by_id = _by_id(library)
        picked = [by_id[i] for i in dict.fromkeys(sel.ids)]
        chosen = [r for r in picked if r.id not in excluded and _matches(r, sel, res)]
        return text_filter(library, chosen, query)
    if stored is not None:  # the index: only the records SQL lets through are read
        if query is not None:
            stored.ensure_text_index()
        match = query.match(stored.expand_prefix) if query is not None else None
        pool = [
            r for r in stored.select(prefilter(sel, res, match))
            if r.id not in excluded and _matches(r, sel, res)
            and (query is None or exact_ok(r, query))
        ]
    else:
        pool = text_filter(library, [
            r for r in library.records if r.id not in excluded and _matches(r, sel, res)
        ], query)
    return default_order(pool, list(library.reports))


def check_ids(library: Any, selection: Selection) -> None:
    """UsageError naming every --id or --exclude that is not a record id (with a suggestion)."""
    by_id = _by_id(library)
    missing = [i for i in (*selection.ids, *selection.exclude) if i not in by_id]
    if missing:
        lines = []
        known = list(by_id)
        for i in missing:
            near = closest(i, known)
            lines.append(f"unknown record id {i!r}" + (f" (did you mean {near!r}?)" if near else ""))
        raise UsageError("; ".join(lines) + ". Run 'cocite list' to see record ids.")


def _by_id(library: Any) -> Mapping[str, Record]:
    found = getattr(library, "by_id", None)
    return found if found is not None else {r.id: r for r in library.records}


def _empty_hint(library: Library, sel: Selection) -> str:
    """Say which single filter, if widened, would find records: the most useful hint."""
    candidates: list[tuple[str, bool, dict[str, object]]] = [
        ("drop --since/--until", bool(sel.since or sel.until), {"since": None, "until": None}),
        ("drop --material", bool(sel.material), {"material": None}),
        ("drop --country", bool(sel.country), {"country": None}),
        ("change --source", bool(sel.source_text), {"source_text": None}),
        ("change --query", bool(sel.query), {"query": None}),
        ("drop --exclude", bool(sel.exclude), {"exclude": ()}),
        ("drop --all-profiles", sel.all_profiles, {"all_profiles": False}),
        ("add --include-general", bool(sel.profiles) and not sel.include_general,
         {"include_general": True}),
        ("drop --profile", bool(sel.profiles),
         {"profiles": (), "include_general": False, "all_profiles": False}),
        ("drop --topic", bool(sel.topics), {"topics": ()}),
    ]
    hints = []
    for label, given, change in candidates:
        if not given:
            continue
        wider = sel._replace(**change)  # type: ignore[arg-type]
        n = len(_filter(library, wider, resolve(wider, library.vocabulary)))
        if n:
            hints.append(f"{label} ({n} record{'s' if n != 1 else ''})")
    hint = "; ".join(hints) if hints else "use fewer filters, or run 'cocite list --all'"
    return f"no records match these filters. Hint: {hint}"
