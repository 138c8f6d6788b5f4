"""Shared by the importer tests: fixtures, the seed report and its import."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

from cocite import yamlio
from cocite.importers.asylos import ImportResult, import_asylos
from cocite.importers.asylos_overrides import load_overrides
from cocite.models import Term, Vocabulary

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "data" / "import"
# The seed sits beside the checkout (``<repo>/../shared/seed``), or beside the worktrees'
# folder for a git worktree (``<repo>/../../shared/seed``).
SEED = next(
    (p for up in (0, 1) if (p := REPO.parents[up] / "shared/seed/asylos-albania-trafficking-2024.txt").is_file()),
    REPO.parent / "shared/seed/asylos-albania-trafficking-2024.txt",
)
REPORT_ID = "asylos-albania-trafficking-2024"
ANNEX = "https://www.asylos.eu/Handlers/Download.ashx?IDMF=annex"
SEED_ANNEX = "https://www.asylos.eu/Handlers/Download.ashx?IDMF=3e64b0a9-58dc-4386-ab28-8d0eca67f8b1"

needs_seed = pytest.mark.needs_shared  # see conftest.py: skipped only outside CI


def load_vocabulary(path: Path) -> Vocabulary:
    """data/vocabulary.yaml as a Vocabulary (the library's own loader is not needed here)."""
    data = yamlio.loads(path.read_text(encoding="utf-8"), str(path))

    def terms(items: list[dict[str, Any]]) -> tuple[Term, ...]:
        return tuple(
            Term(
                id=t["id"], label=t["label"], description=t.get("description", ""),
                aliases=tuple(t.get("aliases") or ()), sections=tuple(t.get("sections") or ()),
            )
            for t in items
        )

    shorthands = {k: tuple(v) for k, v in (data.get("shorthands") or {}).items()}
    return Vocabulary(terms(data["topics"]), terms(data["profiles"]), shorthands)


def fixture(name: str) -> ImportResult:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return import_asylos(text, report_id="r", name=name, annex_url=ANNEX)


def only_record(result: ImportResult) -> dict[str, Any]:
    assert len(result.records) == 1
    return result.records[0]


def messages(result: ImportResult) -> list[str]:
    return [w.message for w in result.warnings]


OVERRIDES = REPO / "data" / "overrides" / f"{REPORT_ID}.yaml"


@lru_cache(maxsize=1)
def seed_import() -> ImportResult:
    """The seed as ``cocite import asylos`` imports it (with the library's reviewed overrides)."""
    vocabulary = load_vocabulary(REPO / "data" / "vocabulary.yaml")
    return import_asylos(
        SEED.read_text(encoding="utf-8"), report_id=REPORT_ID, name=SEED.name, vocabulary=vocabulary,
        overrides=load_overrides(OVERRIDES) if OVERRIDES.is_file() else (),
        overrides_name=str(OVERRIDES),
    )


# Citations printed without the "Source:" prefix (UK Home Office, “Report ...”, ..., pp. 84, 85, 86).
BARE_CITATION_LINES = [6689, 6746, 6951, 8490, 8512]


def citation_lines(text: str) -> list[int]:
    """Input lines that start a citation: ``Source:``/``Sources:``/``See Sources:`` at the start
    of a line, and the citations the report prints without a prefix."""
    return sorted(
        [n for n, line in enumerate(text.splitlines(), start=1) if re.match(r"^ ?(?:See )?Sources?:", line)]
        + BARE_CITATION_LINES
    )
