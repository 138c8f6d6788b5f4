"""Put an import's records into a records file without touching anyone else's.

``cocite import asylos ... -o data/excerpts.yaml`` used to replace the file, and the records
that editors had added with ``cocite add`` (or by hand) vanished. The records of the imported
report are the import's to replace: a record whose ``cited_in`` names the report. Every other
record is kept as it is, and the whole is written in the standard order (``cocite fmt``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cocite.errors import DataError
from cocite.problems import Problem


def cites_report(record: Any, report_id: str) -> bool:
    """True when one of the record's ``cited_in`` places is in the report."""
    places = record.get("cited_in") if isinstance(record, dict) else None
    return isinstance(places, list) and any(
        isinstance(p, dict) and p.get("report") == report_id for p in places
    )


def merge_records(
    existing: Sequence[dict[str, Any]], imported: Sequence[dict[str, Any]], report_id: str
) -> list[dict[str, Any]]:
    """The records file after an import: the imported records instead of the report's old ones,
    every other record kept, in the standard order."""
    from cocite.fmt import _plain, canonical_record, order_records

    kept = [canonical_record(_plain(r)) for r in existing if not cites_report(r, report_id)]
    return [canonical_record(r) for r in order_records([*kept, *imported])]


def read_existing(path: Path) -> list[dict[str, Any]]:
    """The records already in ``path`` ([] when it does not exist); a DataError, naming the
    file, when it is not a list of records (nothing is written then)."""
    from cocite.yamlio import load_file

    if not path.exists():
        return []
    data = load_file(path, str(path))
    if data is None:
        return []
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise DataError([Problem(
            str(path), getattr(data, "line", 1), None, None,
            "expected a list of records: the import adds its records to this file and keeps the "
            "others, so it must be a records file (or not exist yet)",
        )])
    return list(data)
