"""The command line as a whole: version, help, exit codes, the one error funnel."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from cocite import __version__, checking
from cocite.cli import cli


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"cocite, version {__version__}\n"


def test_every_command_has_help_with_an_example(runner: CliRunner) -> None:
    for name, command in cli.commands.items():
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Example" in result.stdout, f"`cocite {name} --help` shows no example"
        assert command.help


def test_unknown_option_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", "--frobnicate"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "Error: no such option '--frobnicate'"
    result = runner.invoke(cli, ["--dta", "x", "validate"])
    assert (result.exit_code, result.stderr.splitlines()[-1]) == (
        2, "Error: no such option '--dta'; did you mean '--data'?")


def test_missing_data_is_exit_2_with_a_clear_message(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["--data", str(tmp_path / "gone.yaml"), "validate"])
    assert result.exit_code == 2
    assert result.stderr == f"Error: {tmp_path / 'gone.yaml'}: no such file or directory (given by --data)\n"


def test_unexpected_error_is_exit_3_with_a_log(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))

    def boom(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("simulated bug")

    monkeypatch.setattr(checking, "validate", boom)
    result = runner.invoke(cli, ["validate"])
    assert result.exit_code == 3
    assert result.stderr.startswith("Error: unexpected ZeroDivisionError: simulated bug\n")
    log = re.search(r"The details are in (\S+\.log)\. ", result.stderr)
    assert log, result.stderr
    assert "ZeroDivisionError: simulated bug" in Path(log.group(1)).read_text(encoding="utf-8")
    assert "Traceback" not in result.stderr


def test_ctrl_c_is_exit_130(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(checking, "validate", interrupted)
    result = runner.invoke(cli, ["validate"])
    assert result.exit_code == 130
    assert result.stderr == "Interrupted.\n"
