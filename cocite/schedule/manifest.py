"""The manifest written next to a schedule: everything needed to rebuild and check it.

``schedule.docx`` gets ``schedule.docx.manifest.json`` (the full name, so the .docx, .pdf
and .md of one case never overwrite each other's manifest): the case file's sha256, the data version,
the record ids of every extract by number, the style, the page count and how it was
measured, and every record left out by ``--fit`` with the reason.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cocite import __version__
from cocite.casefile import CaseFile
from cocite.schedule.budget import Candidate
from cocite.schedule.measure import ESTIMATE_MARGIN, ESTIMATE_MARGIN_NOTE, Measure
from cocite.schedule.model import Schedule

FORMAT = 1


def manifest_path(output: Path) -> Path:
    """``x.docx`` -> ``x.docx.manifest.json``, beside it."""
    return output.with_name(output.name + ".manifest.json")


def manifest(
    case: CaseFile,
    schedule: Schedule,
    measure: Measure,
    dropped: Sequence[Candidate],
    *,
    output: Path | None,
    fmt: str,
    payload: bytes,
    fit: bool,
    stale_years: int,
    renumber: bool = False,
    data_source: str,
    notes: Sequence[str] = (),
) -> dict[str, Any]:
    """Everything about the build that the filed document must not show."""
    return {
        "manifest": FORMAT,
        "generator": f"cocite {__version__}",
        "built_at": schedule.built_at,
        "case_file": {"path": case.name, "sha256": case.sha256},
        "data": {"source": data_source, "version": schedule.data_version,
                 "prepared_with": schedule.prepared_with},
        "output": {
            "path": str(output) if output else None, "format": fmt,
            "sha256": hashlib.sha256(payload).hexdigest(),
        },
        "style": schedule.style,
        "max_pages": schedule.max_pages,
        "fit": fit,
        "renumber": renumber,
        "stale_years": stale_years,
        "pages": {
            "count": measure.pages,
            "method": measure.method,
            "estimated": measure.method != "libreoffice",
            **({"fit_margin": ESTIMATE_MARGIN, "note": ESTIMATE_MARGIN_NOTE}
               if fit and measure.method != "libreoffice" else {}),
            "issues": [
                {"issue": i.number, "first": first, "last": last}
                for i, (first, last) in zip(schedule.issues, measure.issue_pages, strict=True)
            ],
        },
        "issues": [
            {
                "number": i.number,
                "title": i.title,
                "extracts": [{"number": e.number, "id": e.id, **({"was": e.was} if e.was else {})}
                             for e in i.extracts],
            }
            for i in schedule.issues
        ],
        "notes": list(notes),
        "dropped": [
            {"number": c.extract.number, "id": c.extract.id, "issue": c.extract.issue,
             "reason": c.reason}
            for c in dropped
        ],
    }


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
