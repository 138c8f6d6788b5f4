"""The output formats shared by ``cocite list`` and ``cocite search``: ids, json, csv, yaml.

(The table of ``list`` is :func:`cocite.listing.records_table`; the search results table is
:func:`search_lines` here.) Everything is plain text built from the records' own strings:
nothing here is read as markup, and the terminal styling of a search (rich) is applied to
``Text`` pieces, never to strings that rich would parse.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cocite.models import Record, record_to_dict
from cocite.places import sections_of

if TYPE_CHECKING:
    from rich.text import Text

    from cocite.search import Hit

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
    from cocite.listing import first_words

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
