"""What every command takes from the invocation: standard output, the library, PATHS."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from cocite.cli import cli
from cocite.cli.invocation import echo, paths_of
from cocite.errors import OutputError, UsageError

LIB = Path(__file__).resolve().parents[1] / "data" / "bundle-library"


def test_a_failing_standard_output_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(click, "echo", full)
    with pytest.raises(OutputError) as caught:
        echo("text")
    assert str(caught.value) == "standard output: cannot write: No space left on device"


def test_a_reader_leaving_the_pipe_is_not_turned_into_an_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def gone(*args: object, **kwargs: object) -> None:
        raise BrokenPipeError

    monkeypatch.setattr(click, "echo", gone)
    with pytest.raises(BrokenPipeError):  # the error handler ends quietly with exit 0
        echo("text")


def test_empty_path_refused() -> None:
    assert paths_of(("a.yaml", "data")) == (Path("a.yaml"), Path("data"))
    with pytest.raises(UsageError) as caught:
        paths_of(("a.yaml", ""))
    assert str(caught.value) == "PATHS: an empty path ('') was given; name a file or folder"


def test_the_groups_data_option_reaches_the_command(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--data", str(LIB), "show", "stats-male-2022"])
    assert result.exit_code == 0
    assert "Men made up 10% of identified victims." in result.stdout
