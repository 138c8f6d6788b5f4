"""Helpers for the schedule tests: the fixture case and library, and `cocite schedule` run
in-process."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import DATA, REPO

from cocite import libreoffice
from cocite.cli import cli

LIBRARY = DATA / "case-library"
CASE = DATA / "case-adult-man.yaml"
EPOCH = "1725148800"  # 2024-09-01: the dates of the fixtures are then recent
RECORDED = json.loads((DATA / "case-page-counts.json").read_text(encoding="utf-8"))
needs_lo = pytest.mark.skipif(not libreoffice.have_soffice(),
                              reason="LibreOffice (soffice) is not installed; CI installs it")

# The fixture case's issues and its extracts' numbers.
ISSUES = ["1. Risk of re-trafficking on return", "2. Sufficiency of protection", "3. Internal relocation"]
NUMBERS = ["1.1", "1.2", "1.3", "2.1", "2.2", "3.1"]


def schedule(out: Path | str, *args: str, case: Path = CASE, data: Path | None = LIBRARY) -> Any:
    pre = ["--data", str(data)] if data else []
    return CliRunner().invoke(cli, [*pre, "schedule", str(case), "-o", str(out), *args])


def build_fixture_case(folder: Path) -> dict[str, Any]:
    """The fixture case as DOCX and Markdown, pages by the estimator (the quick tier has no
    LibreOffice run; the slow tests count with LibreOffice). The body of each file's
    module-scoped ``built`` fixture."""
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
    mp.setenv("COCITE_SOFFICE", "/nonexistent/soffice")
    mp.chdir(REPO)
    try:
        docx = schedule(folder / "s.docx", "--report", str(folder / "report.json"))
        md = schedule(folder / "s.md")
    finally:
        mp.undo()
    assert docx.exit_code == 0, docx.stderr
    assert md.exit_code == 0, md.stderr
    return {"folder": folder, "docx": docx, "md": md}


# Fixtures for the schedule's test files (each imports them: a fixture imported into a test
# module is that module's fixture; a second conftest.py would shadow the top one's names).
@pytest.fixture(autouse=True)
def _pinned(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.chdir(REPO)


@pytest.fixture
def no_lo(monkeypatch: pytest.MonkeyPatch) -> None:
    """Count pages with the estimator: as on a machine without LibreOffice."""
    monkeypatch.setenv("COCITE_SOFFICE", "/nonexistent/soffice")
