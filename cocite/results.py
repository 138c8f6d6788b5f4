"""What `list`, `search`, `build` and `check-links` print: records and hits in each
``--format``, the rows of tables, and the lines said about them on standard error. Plain
text only; the command line writes it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cocite.build import BuildResult
    from cocite.library import Library
    from cocite.links import LinkResult
    from cocite.models import Record
    from cocite.query import Selection
    from cocite.search import Hit


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def listed(library: Library, selection: Selection) -> list[Record]:
    """The records `cocite list` shows: those selected, or every record when no filter is
    given (``--exclude`` still honoured)."""
    from cocite.query import select

    if selection.is_empty():
        from dataclasses import replace

        selection = replace(selection, all=True)
    return select(library, selection)


def records_as(records: Sequence[Record], fmt: str, width: int) -> str:
    """The records in ``fmt`` (see :data:`cocite.output.FORMATS`); a table fits ``width``."""
    from cocite import output

    if fmt == "table":
        from cocite.listing import records_table

        return records_table(records, width) + "\n"
    writer = {"ids": output.ids, "json": output.records_json, "csv": output.records_csv,
              "yaml": output.yaml_ids}[fmt]
    return writer(records)


def count_line(records: Sequence[Record]) -> str:
    return _plural(len(records), "record")


def hits_as(hits: Sequence[Hit], fmt: str) -> str:
    """Search results in ``fmt``; the table as plain lines (see :func:`cocite.output.search_text`
    for a terminal)."""
    from cocite import output

    if fmt == "table":
        return output.search_lines(hits)
    if fmt in ("ids", "yaml"):
        records = [h.record for h in hits]
        return output.ids(records) if fmt == "ids" else output.yaml_ids(records)
    return output.hits_json(hits) if fmt == "json" else output.hits_csv(hits)


def hits_line(hits: Sequence[Hit], fmt: str) -> str | None:
    """What is said about the results: nothing found, or (beside a table) how many."""
    if not hits:
        return "no records match; try fewer words, word* or OR"
    if fmt == "table":
        return f"{_plural(len(hits), 'record')} (best first)"
    return None


def bundle_lines(result: BuildResult) -> list[str]:
    """What `build` says about the bundle it made: size, where it went, notes, manifest."""
    where = str(result.output) if result.output else "standard output"
    lines = [(f"{_plural(result.extracts, 'extract')} from {_plural(result.sources, 'source')}, "
              f"about {_plural(result.pages, 'page')}: {where}")]
    lines += [f"note: {note}" for note in result.bundle.notes]
    if result.manifest:
        lines.append(f"manifest: {result.manifest}")
    return lines


LINK_COLUMNS = ("status", "code", "link", "records", "note")


def link_rows(results: Sequence[LinkResult]) -> list[tuple[str, ...]]:
    """The table `check-links` shows: every address that is not simply ok."""
    return [(r.status, str(r.code or ""), r.url, ", ".join(r.records), r.note)
            for r in results if r.status != "ok"]
