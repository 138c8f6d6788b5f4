"""What ``cocite list``, ``show``, ``topics`` and ``profiles`` show, as rich renderables.

Kept out of ``cli.py`` so the commands stay wiring; nothing here parses options or exits.
Record text is always printed with rich markup off, so ``[b]`` in a quote is shown as is.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from cocite.errors import UsageError
from cocite.models import Record

if TYPE_CHECKING:
    from cocite.library import Library

FIRST_WORDS = 12


def to_text(renderable: object, width: int) -> str:
    """A rich renderable as plain text without the padding rich adds at line ends."""
    import io

    from rich.console import Console

    # Its own buffer: capturing must never touch (or fail on) standard output.
    console = Console(file=io.StringIO(), width=width, highlight=False, color_system=None,
                      emoji=False)
    with console.capture() as captured:
        console.print(renderable)
    return "\n".join(line.rstrip() for line in captured.get().splitlines())


def first_words(text: str, n: int = FIRST_WORDS) -> str:
    words = text.split()
    return " ".join(words[:n]) + (" …" if len(words) > n else "")


def records_table(records: Sequence[Record], width: int = 100) -> Table:
    """One line per record; the first words take what ``width`` leaves."""
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    # One line per record, whatever the width: long cells end in an ellipsis.
    # Ids and dates are never cut (they are what users type next).
    id_width = max((len(r.id) for r in records), default=2)
    table.add_column("id", no_wrap=True, min_width=id_width)
    table.add_column("date", no_wrap=True, min_width=10)
    table.add_column("source", no_wrap=True, max_width=22, overflow="ellipsis")
    table.add_column("section", no_wrap=True, min_width=7)
    sections = max((len(r.cited_in.section or "") for r in records if r.cited_in), default=0)
    rest = width - id_width - 10 - 22 - max(7, sections) - 4 * 2
    table.add_column("first words", no_wrap=True, overflow="ellipsis", max_width=max(12, rest))
    for r in records:
        table.add_row(
            Text(r.id), Text(r.source.date or "undated"), Text(r.source.author),
            Text(r.cited_in.section or "" if r.cited_in else ""), Text(first_words(r.quote)),
        )
    return table


def find_record(library: Library, record_id: str) -> Record:
    for record in library.records:
        if record.id == record_id:
            return record
    near = difflib.get_close_matches(record_id, [r.id for r in library.records], n=1)
    hint = f" (did you mean {near[0]!r}?)" if near else ""
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
    if record.cited_in is not None:
        report = library.reports.get(record.cited_in.report)
        name = report.title if report else record.cited_in.report
        section = f", section {record.cited_in.section}" if record.cited_in.section else ""
        lines.append(f"cited in:  {name}{section}")
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


def vocabulary_table(library: Library, kind: str) -> Table:
    """Topics or profiles with how many records carry each."""
    terms = library.vocabulary.topics if kind == "topics" else library.vocabulary.profiles
    counts: Counter[str] = Counter()
    for record in library.records:
        counts.update(record.topics if kind == "topics" else record.profiles)
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    for name in ("id", "records", "label", "aliases"):
        table.add_column(name, justify="right" if name == "records" else "left")
    for term in terms:
        table.add_row(Text(term.id), str(counts[term.id]), Text(term.label),
                      Text(", ".join(term.aliases)))
    if kind == "profiles":
        general = sum(1 for r in library.records if r.is_general)
        table.add_row(Text("(general)"), str(general), Text("tagged for no profile"), Text(""))
        for name, ids in library.vocabulary.shorthands.items():
            table.add_row(Text(name), "", Text(f"shorthand for {' + '.join(ids)}"), Text(""))
    return table
