"""Matching records with the index: the selection as SQL, and full text (FTS5) in Python terms.

Shared by ``list``/``build`` (:func:`cocite.query.select`) and ``search``. SQL only narrows
the candidates; :func:`cocite.query._matches` decides, so a filter added there keeps working
here. Quoted phrases and prefixes are checked exactly on the record's words, since the index
holds stems (see :mod:`cocite.textquery`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cocite.models import Record

if TYPE_CHECKING:
    from cocite.index import Index, Where
    from cocite.library import Library
    from cocite.query import Resolved, Selection
    from cocite.textquery import Query


def texts(record: Record) -> list[str]:
    """Every text of a record that full-text search looks at (as the index holds them)."""
    parts = [record.quote, record.lead_in or "", *record.footnotes]
    if record.translation is not None:
        parts += [record.translation.original or "", record.translation.note or ""]
    return [*parts, record.source.author, record.source.title or ""]


def exact_ok(record: Record, query: Query) -> bool:
    """The quoted phrases of ``query`` occur in the record exactly (FTS5 matched their stems):
    each within one text (a phrase never runs from the quote into a footnote or the lead-in)."""
    if not query.exact:
        return True
    from cocite.textquery import contains_exact, words

    seen = [words(text) for text in texts(record) if text]
    return all(any(contains_exact(ws, term) for ws in seen) for term in query.exact)


def index_of(library: Any) -> Index:
    """The library's index; a library made in code (tests) gets one in memory."""
    found = getattr(library, "index", None)
    if found is not None:
        return found  # type: ignore[no-any-return]
    from cocite.index import memory_index

    return memory_index(library.records)


def _day(day: tuple[int, int, int]) -> str:
    return f"{day[0]:04d}-{day[1]:02d}-{day[2]:02d}"


def prefilter(sel: Selection, res: Resolved, match: str | None = None) -> Where:
    """The selection as SQL over the index's columns: it narrows, ``_matches`` decides.

    Every filter of ``_matches`` need not be here (a filter added there still works, only
    less quickly); what is here must never drop a record ``_matches`` would keep.
    """
    from cocite.index import Where
    from cocite.terms import fold

    parts: list[str] = []
    params: list[object] = []

    def tags(kind: str, values: Sequence[str]) -> str:
        params.extend(values)
        marks = ",".join("?" * len(values))
        return f"r.rid IN (SELECT rid FROM tag WHERE kind = '{kind}' AND tag IN ({marks}))"

    if res.topics:
        parts.append(tags("t", res.topics))
    if res.profiles:
        general = "r.general = 1 OR " if sel.include_general else ""
        parts.append(f"({general}{tags('p', res.profiles)})")
    if res.since:
        parts.append("r.date_hi >= ?")
        params.append(_day(res.since))
    if res.until:
        parts.append("r.date_lo <= ?")
        params.append(_day(res.until))
    if sel.material:
        parts.append("r.material = ?")
        params.append(sel.material)
    for word in fold(sel.source_text or "").split():
        parts.append("instr(r.source_fold, ?) > 0")
        params.append(word)
    if match is not None:  # an FTS5 expression (see cocite.textquery)
        parts.append("r.rid IN (SELECT rowid FROM fts WHERE fts MATCH ?)")
        params.append(match)
    return Where(" AND ".join(parts), tuple(params))


def text_filter(library: Library, pool: list[Record], query: Query | None) -> list[Record]:
    """The records of ``pool`` that the full-text query matches (order kept)."""
    if query is None:
        return pool
    index = index_of(library)
    index.ensure_text_index()
    ids = {row[0] for row in index.conn.execute(
        "SELECT r.id FROM fts JOIN record r ON r.rid = fts.rowid WHERE fts MATCH ?",
        (query.match(index.expand_prefix),),
    )}
    return [r for r in pool if r.id in ids and exact_ok(r, query)]
