"""What ``cocite list``, ``show``, ``topics`` and ``profiles`` show, as plain text.

Kept out of ``cli.py`` so the commands stay wiring; nothing here parses options or exits.
Nothing here goes through rich, so ``[b]`` in a quote is shown as is.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from cocite.errors import UsageError
from cocite.matching import index_of
from cocite.models import Record
from cocite.places import group_places, sections_of, sections_phrase
from cocite.terms import closest

if TYPE_CHECKING:
    from cocite.library import Library

FIRST_WORDS = 12


def first_words(text: str, n: int = FIRST_WORDS) -> str:
    words = text.split()
    return " ".join(words[:n]) + (" …" if len(words) > n else "")


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def plain_table(header: Sequence[str], rows: Sequence[Sequence[str]],
                right: frozenset[int] = frozenset()) -> str:
    """Columns padded to their widest cell, two spaces apart, no trailing spaces.

    cocite's own layout, so what scripts and tests read does not change with a library's
    release (rich laid out the same table one space wider in one version than another).
    """
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = []
    for row in [header, *rows]:
        cells = [cell.rjust(w) if i in right else cell.ljust(w)
                 for i, (cell, w) in enumerate(zip(row, widths, strict=True))]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def records_table(records: Sequence[Record], width: int = 100) -> str:
    """One line per record; ids, dates and sections are never cut (they are what users type
    next), the source is cut at 22 characters and the first words take what ``width`` leaves."""
    rows = [
        [r.id, r.source.date or "undated", _cut(r.source.author, 22),
         sections_of(r.cited_in), first_words(r.quote)]
        for r in records
    ]
    header = ["id", "date", "source", "section", "first words"]
    fixed = [max(len(row[i]) for row in [header, *rows]) for i in range(4)]
    rest = max(12, width - sum(fixed) - 4 * 2)
    for row in rows:
        row[4] = _cut(row[4], rest)
    return plain_table(header, rows)


def find_record(library: Library, record_id: str) -> Record:
    found = library.by_id.get(record_id)
    if found is not None:
        return found
    near = closest(record_id, library.by_id)
    hint = f" (did you mean {near!r}?)" if near else ""
    raise UsageError(f"no record with id {record_id!r}{hint}. Run 'cocite list' to see ids.")


def record_text(record: Record, library: Library) -> str:
    """One record in full, for reading: every field, the quote exactly as stored."""
    from cocite.render.context import asylos_citation

    src = record.source
    lines = [
        f"id:        {record.id}",
        f"topics:    {', '.join(record.topics)}",
        f"profiles:  {', '.join(record.profiles) or '(general: no particular profile)'}",
        f"material:  {record.material}",
        f"source:    {asylos_citation(src)}",
    ]
    if src.url:
        lines.append(f"url:       {src.url}")
    if src.accessed:
        lines.append(f"accessed:  {src.accessed}")
    for report_id, sections in group_places(record.cited_in):
        report = library.reports.get(report_id)
        name = report.title if report else report_id
        lines.append(f"cited in:  {name}{sections_phrase(sections)}")
    if record.file:
        lines.append(f"file:      {record.file}:{record.line}")
    if record.lead_in:
        lines += ["", "lead-in:", record.lead_in]
    lines += ["", "quote:", record.quote]
    if record.translation is not None:
        tr = record.translation
        lines += ["", f"original ({tr.language or 'language not given'}):", tr.original or ""]
        if tr.note:
            lines += [f"note: {tr.note}"]
    if record.footnotes:
        lines += ["", "footnotes:", *record.footnotes]
    return "\n".join(lines)


def vocabulary_table(library: Library, kind: str) -> str:
    """Topics or profiles with how many records carry each."""
    terms = library.vocabulary.topics if kind == "topics" else library.vocabulary.profiles
    counts: Counter[str] = Counter(index_of(library).tag_counts(kind))
    rows = [[term.id, str(counts[term.id]), term.label, ", ".join(term.aliases)]
            for term in terms]
    if kind == "profiles":
        general = index_of(library).general_count()
        rows.append(["(general)", str(general), "tagged for no profile", ""])
        for name, ids in library.vocabulary.shorthands.items():
            rows.append([name, "", f"shorthand for {' + '.join(ids)}", ""])
    return plain_table(["id", "records", "label", "aliases"], rows, right=frozenset({1}))
