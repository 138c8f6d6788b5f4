"""``cocite search``: records ranked by relevance (BM25 over the FTS5 index), best first.

The query language is :mod:`cocite.textquery`; the filters are those of ``cocite list``
(:class:`cocite.query.Selection`), applied in SQL first and then checked record by record
with the same rule ``list`` uses, so the two never disagree about what a filter means.
Only the records shown are read from the index.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from cocite.models import Record
from cocite.matching import exact_ok, index_of, prefilter
from cocite.query import Resolved, Selection, _matches, check_ids, resolve
from cocite.textquery import Query, parse

if TYPE_CHECKING:
    from cocite.library import Library

def _wanted(record: Record, selection: Selection, res: Resolved, query: Query | None,
            extra: Query | None) -> bool:
    """The record passes the filters (as in list) and has the query's exact phrases."""
    if selection.ids and record.id not in selection.ids or record.id in selection.exclude:
        return False
    if not _matches(record, selection, res):
        return False
    if query is not None and not exact_ok(record, query):
        return False
    return extra is None or exact_ok(record, extra)


MARK_START, MARK_END = "\x02", "\x03"
BATCH = 50


class Hit(NamedTuple):
    """One search result. A named tuple, not a dataclass: a warm search is measured against
    ``cocite --help``, and a frozen dataclass compiles its methods at every start (about
    three times the work of a named tuple)."""

    rank: int
    record: Record
    score: float  # higher is more relevant (BM25, sign turned so)
    snippet: str  # matched words between MARK_START and MARK_END

    def snippet_parts(self) -> Iterator[tuple[str, bool]]:
        """The snippet as (text, matched) pieces, white space runs made single spaces."""
        text = " ".join(self.snippet.split())
        matched = False
        for i, piece in enumerate(text.replace(MARK_END, MARK_START).split(MARK_START)):
            matched = i % 2 == 1
            if piece:
                yield piece, matched

    @property
    def plain_snippet(self) -> str:
        return "".join(piece for piece, _ in self.snippet_parts())

    @property
    def matched_words(self) -> list[str]:
        return list(dict.fromkeys(p for p, hit in self.snippet_parts() if hit))


def search(library: Library | Any, text: str, selection: Selection = Selection(),
           limit: int = 10) -> list[Hit]:
    """The ``limit`` best records for ``text`` among those the selection allows."""
    query = parse(text)
    res = resolve(selection, library.vocabulary)
    check_ids(library, selection)
    extra = parse(selection.query) if selection.query else None
    index = index_of(library)
    where = prefilter(selection, res, extra.match(index.expand_prefix) if extra else None)
    hits: list[Hit] = []
    seen: set[int] = set()
    index.ensure_text_index()
    expand = index.expand_prefix
    # Records with every word first; then, if there are too few, those with some of them.
    for match, strict in ((query.match(expand), True), (query.relaxed(expand), False)):
        offset = 0
        while match is not None and len(hits) < limit:
            page = index.text_matches(match, where, BATCH, offset)
            offset += len(page)
            found = index.by_rowids([rid for rid, _ in page if rid not in seen])
            for rid, score in page:
                record = found.get(rid)
                if record is None or len(hits) >= limit:
                    continue
                seen.add(rid)
                if not _wanted(record, selection, res, query if strict else None, extra):
                    continue
                hits.append(Hit(len(hits) + 1, record, round(-score, 3), index.snippet(match, rid)))
            if len(page) < BATCH:
                break
    return hits
