"""A small valid library on disk (tests/data/validate), for tests that load one."""

from __future__ import annotations

import shutil
from pathlib import Path

VALIDATE = Path(__file__).parent / "data" / "validate"


def valid_library(folder: Path) -> Path:
    """``folder`` holding the valid fixture as excerpts.yaml beside its vocabulary and reports;
    returns the records file."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("vocabulary.yaml", "reports.yaml"):
        shutil.copy(VALIDATE / name, folder / name)
    shutil.copy(VALIDATE / "valid.yaml", folder / "excerpts.yaml")
    return folder / "excerpts.yaml"
