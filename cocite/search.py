"""``cocite search``: records ranked by relevance (BM25 over the FTS5 index), best first.

The query language is :mod:`cocite.textquery`; the filters are those of ``cocite list``
(:class:`cocite.query.Selection`), applied in SQL first and then checked record by record
with the same rule ``list`` uses, so the two never disagree about what a filter means.
Only the records shown are read from the index.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cocite.models import Record
from cocite.query import (
    Selection, _matches, check_ids, exact_ok, index_of, prefilter, resolve,
)
from cocite.textquery import parse

if TYPE_CHECKING:
    from cocite.library import Library

MARK_START, MARK_END = "\x02", "\x03"
BATCH = 50


@dataclass(frozen=True, slots=True)
class Hit:
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
    wanted = set(selection.ids)
    excluded = set(selection.exclude)
    extra = parse(selection.query) if selection.query else None
    index = index_of(library)
    where = prefilter(selection, res, extra.match(index.expand_prefix) if extra else None)
    hits: list[Hit] = []
    seen: set[int] = set()
    batch: list[tuple[int, float, str]] = []

    def take(strict: bool) -> None:
        found = index.by_rowids([rid for rid, _, _ in batch])
        for rid, score, snippet in batch:
            record = found[rid]
            if len(hits) >= limit or rid in seen:
                continue
            seen.add(rid)
            if wanted and record.id not in wanted or record.id in excluded:
                continue
            if not _matches(record, selection, res) or (strict and not exact_ok(record, query)):
                continue
            if extra is not None and not exact_ok(record, extra):
                continue
            hits.append(Hit(len(hits) + 1, record, round(-score, 3), snippet))
        batch.clear()

    # Records with every word first; then, if there are too few, those with some of them.
    index.ensure_text_index()
    expand = index.expand_prefix
    for match, strict in ((query.match(expand), True), (query.relaxed(expand), False)):
        if match is None or len(hits) >= limit:
            continue
        for row in index.text_matches(match, where):
            batch.append(row)
            if len(batch) >= BATCH:
                take(strict)
                if len(hits) >= limit:
                    break
        if batch:
            take(strict)
    return hits
