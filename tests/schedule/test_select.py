"""Selecting and numbering each issue's extracts (`schedule/select.py`): an issue that selects
nothing is named, with the change that would widen it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DATA, REPO
from schedule_support import LIBRARY

from cocite.cli import cli


def run(runner: CliRunner, case: Path, *args: str) -> object:
    return runner.invoke(cli, ["--data", str(LIBRARY), "schedule", str(case), *args])


def test_an_issue_that_selects_nothing_names_the_issue_and_what_would_widen_it(
        runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)  # files are named relative to the working folder
    result = run(runner, DATA / "case-selects-nothing.yaml")
    assert result.exit_code == 1
    f = "tests/data/case-selects-nothing.yaml"
    assert result.stderr == (
        f"{f}:4: issues[0]: issue 1 'Re-trafficking' selects no records; to widen it: "
        "set include_general: true (1 record); give the issue profiles: [] (any profile) (4 records)\n"
        f"{f}:6: issues[1]: issue 2 'Corruption among children' selects no records; to widen it: "
        "set include_general: true (1 record); give the issue profiles: [] (any profile) (1 record)\n"
        f"{f}:8: issues[2]: issue 3 'Stigma' selects no records; to widen it: remove since (1 record)\n"
        f"Error: 3 issue(s) of {f} select nothing\n"
    )
