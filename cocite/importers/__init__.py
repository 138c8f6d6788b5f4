"""Importers: turn compiled COI reports into excerpt records (pure library, no command line)."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from cocite.errors import UsageError
from cocite.terms import did_you_mean

if TYPE_CHECKING:
    from cocite.importers.asylos import ImportResult
    from cocite.library import Library


def import_asylos_file(
    path: Path, report_id: str, library: Library, overrides: Path | None = None
) -> ImportResult:
    """Records for an Asylos report's text file, tagged with ``library``'s vocabulary.

    The report must be listed in the library's ``reports.yaml`` (its ``annex_url`` is where
    interview records link to). ``overrides`` is a file of reviewed per-record corrections
    (see :mod:`cocite.importers.asylos_overrides`).
    """
    from cocite.importers.asylos import import_asylos
    from cocite.importers.asylos_overrides import load_overrides
    from cocite.yamlio import decode, read_bytes

    report = library.reports.get(report_id)
    if report is None:
        raise UsageError(
            f"unknown report {report_id!r}{did_you_mean(report_id, library.reports)}: "
            "add it to reports.yaml first (id, title, publisher, date, url, annex_url)"
        )
    text = decode(read_bytes(Path(path)), str(path))
    return import_asylos(
        text, report_id=report_id, name=str(path), vocabulary=library.vocabulary,
        annex_url=report.annex_url,
        overrides=load_overrides(overrides) if overrides is not None else (),
        overrides_name=str(overrides) if overrides is not None else "overrides",
    )
