"""The bundle's manifest (``OUT.manifest.json``): how it was built, from what; never in it."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from cocite.bundle.model import Bundle

if TYPE_CHECKING:
    from cocite.library import Library


def manifest_text(bundle: Bundle, output: Path, fmt: str, payload: bytes | str,
                  library: Library) -> str:
    """The bundle's manifest: the build details a filed document must not show."""
    data = payload.encode("utf-8") if isinstance(payload, str) else payload
    return json.dumps({
        "manifest": 1,
        "generator": bundle.generator,
        "built_at": bundle.built_at,
        "selection": bundle.filters,
        "data": {"source": library.source, "version": bundle.data_version,
                 "prepared_with": bundle.prepared_with},
        "output": {"path": str(output), "format": fmt,
                   "sha256": hashlib.sha256(data).hexdigest()},
        "style": bundle.style,
        "lead_ins": bundle.show_lead_in,
        "extracts": [{"number": e.number, "id": e.id} for e in bundle.extracts],
        "notes": list(bundle.notes),
    }, indent=2, ensure_ascii=False) + "\n"
