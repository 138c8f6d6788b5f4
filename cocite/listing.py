"""What ``cocite list``, ``show``, ``search``, ``topics`` and ``profiles`` print.

Kept out of ``cli.py`` so the commands stay wiring; nothing here parses options or exits.
Everything is plain text built from the records' own strings: nothing here is read as markup
(``[b]`` in a quote is shown as is), and the terminal styling of a search (rich) is applied to
``Text`` pieces, never to strings that rich would parse. The formats other than the tables
(ids, json, csv, yaml) are shared by ``list`` and ``search``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cocite.errors import UsageError
from cocite.matching import index_of
from cocite.models import Record, record_to_dict
from cocite.places import group_places, sections_of, sections_phrase
from cocite.terms import closest

if TYPE_CHECKING:
    from rich.text import Text

    from cocite.library import Library
    from cocite.query import Selection
    from cocite.search import Hit

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
    from cocite.citation.asylos import format_source

    src = record.source
    lines = [
        f"id:        {record.id}",
        f"topics:    {', '.join(record.topics)}",
        f"profiles:  {', '.join(record.profiles) or '(general: no particular profile)'}",
        f"material:  {record.material}",
        f"source:    {format_source(src)}",
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


# ---------------------------------------------------------------------------------------------
# ids, json, csv, yaml (list and search) and the search results

FORMATS = ("table", "ids", "json", "csv", "yaml")
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection):
# such a cell gets a leading apostrophe, which spreadsheets show as "text follows".
_PLAIN = re.compile(r"[a-z0-9][a-z0-9-]*")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def ids(records: Sequence[Record]) -> str:
    return "".join(f"{r.id}\n" for r in records)


def yaml_ids(records: Sequence[Record]) -> str:
    """An ``ids:`` block ready to paste under an issue of a case file."""
    if not records:
        return "ids: []\n"
    return "ids:\n" + "".join(f"  - {_yaml_scalar(r.id)}\n" for r in records)


def _yaml_scalar(text: str) -> str:
    # Record ids are lower-case words and hyphens: plain in YAML. Anything else is quoted
    # (a JSON string is a valid YAML double-quoted scalar).
    return text if _PLAIN.fullmatch(text) else json.dumps(text)


def records_json(records: Sequence[Record]) -> str:
    out = []
    for r in records:
        item = record_to_dict(r)
        item["file"], item["line"] = r.file, r.line
        out.append(item)
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"


def _cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA) else value


def _csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([[_cell(str(v)) for v in row] for row in rows])
    return buffer.getvalue()


def records_csv(records: Sequence[Record]) -> str:
    
    return _csv(
        ("id", "date", "source", "title", "section", "topics", "profiles", "first_words"),
        [(r.id, r.source.date or "", r.source.author, r.source.title or "", sections_of(r.cited_in),
          " ".join(r.topics), " ".join(r.profiles), first_words(r.quote)) for r in records],
    )


def _hit_dict(hit: Hit) -> dict[str, Any]:
    r = hit.record
    return {
        "rank": hit.rank, "id": r.id, "score": hit.score, "date": r.source.date,
        "source": r.source.author, "title": r.source.title,
        "section": sections_of(r.cited_in) or None,
        "topics": list(r.topics), "profiles": list(r.profiles),
        "snippet": hit.plain_snippet, "matched": hit.matched_words,
    }


def hits_json(hits: Sequence[Hit]) -> str:
    return json.dumps([_hit_dict(h) for h in hits], ensure_ascii=False, indent=2) + "\n"


def hits_csv(hits: Sequence[Hit]) -> str:
    return _csv(
        ("rank", "id", "score", "date", "source", "section", "topics", "snippet"),
        [(h.rank, h.record.id, h.score, h.record.source.date or "", h.record.source.author,
          sections_of(h.record.cited_in), " ".join(h.record.topics), h.plain_snippet)
         for h in hits],
    )


def _heading(hit: Hit) -> str:
    r = hit.record
    return (f"{hit.rank}. {r.id}  ·  {r.source.author}  ·  {r.source.date or 'undated'}"
            f"  ·  {', '.join(r.topics)}")


def search_lines(hits: Sequence[Hit]) -> str:
    """Search results as plain text: a heading line and the snippet below, indented."""
    return "".join(f"{_heading(h)}\n   {h.plain_snippet}\n\n" for h in hits)


def search_text(hits: Sequence[Hit]) -> Text:
    """The same, for a terminal: matched words highlighted (rich, no markup parsed)."""
    from rich.text import Text

    out = Text()
    for h in hits:
        out.append(_heading(h), style="bold")
        out.append("\n   ")
        for piece, matched in h.snippet_parts():
            out.append(piece, style="bold yellow" if matched else None)
        out.append("\n\n")
    return out


# ---------------------------------------------------------------------------------------------
# What list and search print, in each --format, and say about it


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def listed(library: Library, selection: Selection) -> list[Record]:
    """The records `cocite list` shows: those selected, or every record when no filter is
    given (``--exclude`` still honoured)."""
    from cocite.query import select

    if selection.is_empty():

        selection = selection._replace(all=True)
    return select(library, selection)


def records_as(records: Sequence[Record], fmt: str, width: int) -> str:
    """The records in ``fmt`` (one of :data:`FORMATS`); a table fits ``width``."""
    if fmt == "table":
        return records_table(records, width) + "\n"
    writer = {"ids": ids, "json": records_json, "csv": records_csv, "yaml": yaml_ids}[fmt]
    return writer(records)


def count_line(records: Sequence[Record]) -> str:
    return _plural(len(records), "record")


def hits_as(hits: Sequence[Hit], fmt: str) -> str:
    """Search results in ``fmt``; the table as plain lines (see :func:`search_text` for a
    terminal)."""
    if fmt == "table":
        return search_lines(hits)
    if fmt in ("ids", "yaml"):
        records = [h.record for h in hits]
        return ids(records) if fmt == "ids" else yaml_ids(records)
    return hits_json(hits) if fmt == "json" else hits_csv(hits)


def hits_line(hits: Sequence[Hit], fmt: str) -> str | None:
    """What is said about the results: nothing found, or (beside a table) how many."""
    if not hits:
        return "no records match; try fewer words, word* or OR"
    if fmt == "table":
        return f"{_plural(len(hits), 'record')} (best first)"
    return None
