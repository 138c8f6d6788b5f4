"""`cocite import`: a compiled report's records, to standard output or into a records file.

Into a records file, the report's records there are replaced and every other record is kept,
under the lock `cocite add` and `fmt` take, so an `add` during the import is not lost. A
device or pipe (``-o /dev/stdout``) has no records to merge into: the records are written
through. Every output is checked before any work (never written over an input).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cocite.errors import UsageError

if TYPE_CHECKING:
    from cocite.atomic import Target
    from cocite.importers.asylos import ImportResult
    from cocite.library import Library


@dataclass(frozen=True, slots=True)
class Imported:
    result: ImportResult
    text: str | None  # the records, when they are for standard output
    others: int  # records of other reports kept in the records file written into


def overrides_for(library: Library, report_id: str, given: Path | None) -> Path | None:
    """The reviewed corrections to apply: ``given``, else ``overrides/<report-id>.yaml`` beside
    the library when there is one."""
    if given is not None:
        if not given.is_file():
            raise UsageError(f"{given}: no such overrides file")
        return given
    root = library.files.root
    default = (root if root.is_dir() else root.parent) / "overrides" / f"{report_id}.yaml"
    return default if default.is_file() else None


def import_asylos_report(
    path: Path, report_id: str, library: Library, overrides: Path | None,
    output: Path | None, option: str,
) -> Imported:
    """The records of the Asylos report at ``path``; written into ``output`` if given
    (``option`` names it in messages), else returned as text."""
    from cocite.atomic import check_outputs, target, write_outputs
    from cocite.importers import import_asylos_file
    from cocite.yamlio import dumps_records

    out = target(output) if output is not None else None
    if out is not None:  # the library's own records file is a fine output: it is replaced
        check_outputs([(option, out)], [path, *([overrides] if overrides else [])])
    result = import_asylos_file(path, report_id, library, overrides)
    if out is None:
        return Imported(result, dumps_records(result.records), 0)
    if out.through:
        write_outputs([(out, dumps_records(result.records))])
        return Imported(result, None, 0)
    return Imported(result, None, _merge_into(out, result, report_id))


def _merge_into(out: Target, result: ImportResult, report_id: str) -> int:
    """Write the records into the records file ``out``; the number of other records kept."""
    from cocite.atomic import locked_folder, write_outputs
    from cocite.importers.merge import cites_report, merge_records, read_existing
    from cocite.yamlio import dumps_records

    with locked_folder(out.path.parent):
        existing = read_existing(out.path)
        merged = merge_records(existing, result.records, report_id)
        write_outputs([(out, dumps_records(merged))])
    return sum(1 for r in existing if not cites_report(r, report_id))


def summary_of(imported: Imported, report_id: str, output: Path | None) -> list[str]:
    """What the import noticed, and where the records went."""
    from cocite.importers.asylos import summary_lines as noticed

    lines = noticed(imported.result)
    if output is not None:
        n = imported.others
        lines.append(f"written to {output} ({len(imported.result.records)} records of "
                     f"{report_id}; {n} other record{'s' if n != 1 else ''} kept)")
    return lines
