"""The README is documentation users follow: its commands must exist and work."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cocite.cli import cli

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")
INSTALL_AND_RUN = "pip install . && cocite build --topic stigma --profile male"
INSTALL_AND_TEST = "pip install '.[test]' && python -m pytest"
# Words in README examples that stand for the reader's own values.
PLACEHOLDERS = re.compile(r"\b(ID1|ID2|PATH|FILE|CASE|record\.yaml|firm\.(docx|md\.j2))\b")
# README commands that are not run here, and why (each must still be in the README).
NOT_RUN = {
    "cocite add": "interactive; tests/test_add.py drives it",
    "cocite check-links --format json": "needs the internet; tests/test_links.py runs it "
    "against a server on 127.0.0.1",
}


def _code_lines(text: str) -> list[str]:
    """Lines of indented code blocks (4 spaces) and fenced shell blocks."""
    lines: list[str] = []
    block: str | None = None  # the language of the fenced block we are in, if any
    for line in text.splitlines():
        if line.startswith("```"):
            block = None if block is not None else (line[3:].strip() or "sh")
            continue
        if block in ("sh", "bash", "console") or (block is None and line.startswith("    ")):
            lines.append(line.strip())
    return [line for line in lines if line]


def test_readme_opens_with_what_it_is_then_exactly_two_setup_commands() -> None:
    intro = README.split("\n## ", 1)[0]
    assert intro.startswith("# cocite\n\ncocite ")
    assert _code_lines(intro) == [INSTALL_AND_RUN, INSTALL_AND_TEST]


def _commands(path: Path) -> list[str]:
    """The lines of a script or workflow that are not comments, stripped."""
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def test_ci_runs_the_readme_test_command_from_one_definition() -> None:
    # .ci/checks is the one list of checks; .ci/run (locked versions) and both jobs of the
    # GitHub workflow (locked, newest) call it, so they cannot drift apart.
    assert any(line.startswith(INSTALL_AND_TEST) for line in _commands(REPO / ".ci" / "checks"))
    assert "bash .ci/checks" in _commands(REPO / ".ci" / "run")
    workflow = _commands(REPO / ".github" / "workflows" / "ci.yml")
    assert workflow.count("run: bash .ci/checks") == 2
    assert "run: python -m pip install -r requirements.lock" in workflow
    assert "run: python -m pip install --upgrade --upgrade-strategy eager '.[test,check]'" in workflow


def test_every_command_is_documented_in_the_readme() -> None:
    missing = [name for name in cli.commands if f"cocite {name}" not in README]
    assert missing == []


def _readme_commands() -> list[Any]:
    found: list[Any] = []
    for line in _code_lines(README):
        if not line.startswith("cocite ") or PLACEHOLDERS.search(line):
            continue
        command = line.split(" #", 1)[0].split(" | ", 1)[0].strip()
        if command in NOT_RUN:
            continue
        marks = [pytest.mark.needs_shared] if "../shared/" in command else []
        if command.startswith(("cocite schedule", "cocite import")) or ".pdf" in command:
            marks.append(pytest.mark.slow)  # LibreOffice counts the pages; a whole import
        found.append(pytest.param(command, marks=marks, id=command))
    return found


def test_commands_not_run_are_still_documented() -> None:
    documented = {line.split(" #", 1)[0].strip() for line in _code_lines(README)}
    assert set(NOT_RUN) <= documented


@pytest.mark.parametrize("command", _readme_commands())
def test_readme_command_works(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner: CliRunner
) -> None:
    # Run where a user would: a checkout's data and examples, with shared/ beside it.
    work = tmp_path / "cocite"
    work.mkdir()
    for name in ("data", "examples"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, work / name)
    if "../shared/" in command:
        (tmp_path / "shared").symlink_to(REPO.parent / "shared")
    monkeypatch.chdir(work)
    result = runner.invoke(cli, shlex.split(command)[1:])
    assert result.exit_code == 0, f"{command}\n{result.output}"
