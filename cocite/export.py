"""``cocite export``: the selected records' sources for reference managers.

Each *work* is written once (the same report cited at several pages is one entry), in the
order first cited, with the pinpoints of the records citing it kept in its note, one line a
record (``ID: p 19-20``). Formats:

* ``csl-json``: Zotero's import format (File -> Import), the mapping of
  :mod:`cocite.citation.csl_json`;
* ``ris``: EndNote, Zotero, Mendeley (written by ``rispy``);
* ``bibtex``: BibTeX/biblatex (written by ``bibtexparser``); names are kept whole
  (``{{UK Home Office}}``) so an organisation is never split into given and family names.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cocite.citation.csl_json import item_id, pinpoint_text, to_csl, work
from cocite.errors import UsageError
from cocite.models import Record, Source

FORMATS = {"csl-json": ".json", "ris": ".ris", "bibtex": ".bib"}

RIS_TYPES = {
    "report": "RPRT", "article": "ELEC", "news": "NEWS", "academic": "JOUR",
    "legislation": "STAT", "submission": "RPRT", "statistics": "DATA", "interview": "PCOMM",
    "written-communication": "PCOMM", "other": "GEN",
}
BIBTEX_TYPES = {
    "report": "techreport", "article": "online", "news": "article", "academic": "article",
    "legislation": "misc", "submission": "techreport", "statistics": "misc",
    "interview": "misc", "written-communication": "misc", "other": "misc",
}


@dataclass(frozen=True, slots=True)
class Work:
    source: Source
    key: str
    pinpoints: tuple[str, ...]  # "ID: p 19-20", one per citing record

    @property
    def note(self) -> str:
        return "Cited by cocite records:\n" + "\n".join(self.pinpoints)


def works(records: Sequence[Record]) -> list[Work]:
    """Each work once, in order of first citation, with every citing record's pinpoint."""
    order: dict[Source, list[str]] = {}
    for r in records:
        # A joint statement is cited to every one of its sources.
        for source in (r.source, *r.joint_sources):
            pin = pinpoint_text(source)
            order.setdefault(work(source), []).append(f"{r.id}: {pin}" if pin else r.id)
    return [Work(w, item_id(w), tuple(pins)) for w, pins in order.items()]


def format_for(fmt: str | None, output: str | None, format_option: str, output_option: str) -> str:
    """The export format: as given, else from the output's suffix, else CSL-JSON
    (``format_option`` and ``output_option`` name the two in messages)."""
    if fmt is not None:
        return fmt
    if output and output != "-":
        for name, suffix in FORMATS.items():
            if output.lower().endswith(suffix):
                return name
        raise UsageError(f"{output_option} {output}: cannot tell the format from the name; add "
                         f"{format_option} "
                         f"({', '.join(FORMATS)}) or name the file .json, .ris or .bib")
    return "csl-json"


def csl_json(items: Sequence[Work]) -> str:
    out = []
    for w in items:
        item = to_csl(w.source, item=w.key)
        item["note"] = w.note
        out.append(item)
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"


def _one_line(value: str) -> str:
    """RIS is one field a line, trimmed by every reader: a line break inside a value becomes
    a space, and space at either end is not kept (the format cannot hold it)."""
    return " ".join(value.splitlines()).strip()


def ris_entry(w: Work) -> dict[str, Any]:
    s = w.source
    entry: dict[str, Any] = {"type_of_reference": RIS_TYPES.get(s.kind, "GEN"), "id": w.key,
                             "authors": [_one_line(s.author)]}
    if s.title is not None:
        entry["title"] = _one_line(s.title)
    if s.date:
        entry["year"] = s.date[:4]
        entry["date"] = s.date.replace("-", "/")
    container = s.kind in ("academic", "article")
    if s.publisher is not None:
        entry["secondary_title" if container else "publisher"] = _one_line(s.publisher)
    if s.version is not None:
        entry["volume" if s.kind == "academic" else "edition"] = _one_line(s.version)
    urls = [u for u in (s.url, s.archive_url) if u]
    if urls:
        entry["urls"] = urls
    if s.accessed:
        entry["access_date"] = s.accessed.replace("-", "/")
    entry["notes"] = [_one_line(p) for p in ("Cited by cocite records:", *w.pinpoints)]
    return entry


def ris(items: Sequence[Work]) -> str:
    import rispy

    class PlainRis(rispy.RisWriter):  # type: ignore[misc]
        """Standard RIS: no "1." line before each reference (rispy's default adds one)."""

        def set_header(self, count: int) -> str:
            return ""

    return str(rispy.dumps([ris_entry(w) for w in items], implementation=PlainRis))


def balanced(value: str) -> str:
    """A BibTeX value as written (bibtexparser encloses it in braces), changed only where
    BibTeX cannot hold it: braces that would unbalance it are escaped (``\\{``), and a value
    ending in a backslash gets a space after it so it does not escape the closing brace. Values are not LaTeX-encoded: URLs and text stay as the record has them."""
    depth, i, ok = 0, 0, True
    while i < len(value):
        ch = value[i]
        if ch == "\\":
            i += 2  # an escaped character: not a brace to count
            continue
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            ok = False
            break
        i += 1
    if not ok or depth:
        value = re.sub(r"(?<!\\)([{}])", r"\\\1", value)
    if (len(value) - len(value.rstrip("\\"))) % 2:
        value += " "
    return value


def bibtex_fields(w: Work) -> list[tuple[str, str]]:
    s = w.source
    fields = [("author", "{" + balanced(s.author) + "}")]  # one name, never split
    if s.title is not None:
        fields.append(("title", s.title))
    if s.date:
        fields += [("year", s.date[:4]), ("date", s.date)]
    if s.publisher is not None:
        key = {"academic": "journal", "news": "journal", "article": "organization",
               "report": "institution", "submission": "institution"}.get(s.kind, "publisher")
        fields.append((key, s.publisher))
    if s.version is not None:
        fields.append(("volume" if s.kind == "academic" else "version", s.version))
    if s.url:
        fields.append(("url", s.url))
    if s.accessed:
        fields.append(("urldate", s.accessed))
    if s.archive_url:
        fields.append(("archiveurl", s.archive_url))
    fields.append(("note", w.note))
    return fields


def bibtex(items: Sequence[Work]) -> str:
    from bibtexparser.entrypoint import write_string
    from bibtexparser.library import Library
    from bibtexparser.model import Entry, Field

    library = Library()
    for w in items:
        library.add(Entry(BIBTEX_TYPES.get(w.source.kind, "misc"), w.key,
                          [Field(k, balanced(v)) for k, v in bibtex_fields(w)]))
    return str(write_string(library))


def export(records: Sequence[Record], fmt: str) -> str:
    """The records' works in ``fmt`` (one of :data:`FORMATS`)."""
    writer = {"csl-json": csl_json, "ris": ris, "bibtex": bibtex}.get(fmt)
    if writer is None:
        raise UsageError(f"--format {fmt}: expected one of {', '.join(FORMATS)}")
    return writer(works(records))
