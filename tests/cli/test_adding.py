"""add and import as commands (cocite/cli/adding.py)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from cocite.cli import cli

DATA = Path(__file__).resolve().parents[1] / "data"


def test_a_missing_overrides_file_is_a_usage_error_in_cocites_words(
    runner: CliRunner, tmp_path: Path,
) -> None:
    missing = tmp_path / "gone.yaml"
    result = runner.invoke(cli, [
        "--data", str(DATA / "bundle-library"), "import", "asylos",
        str(DATA / "import" / "paraphrase.txt"), "--report", "asylos-albania-trafficking-2024",
        "--overrides", str(missing)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"Error: {missing}: no such overrides file\n"


def test_key_without_a_csl_file_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["--data", str(tmp_path), "add", "--key", "ramaj2021",
                                 "--author", "A", "--dry-run"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("Error: --key names an item of a CSL JSON file: give --source-from "
                             "FILE.json\n")


def test_the_quote_from_standard_input_must_be_utf8(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["--data", str(tmp_path), "add", "--author", "A", "--quote", "-",
                                 "--dry-run"], input=b"caf\xe9")
    assert result.exit_code == 2
    assert result.stderr == ("Error: the quote (--quote -): standard input is not valid UTF-8 "
                             "(byte 0xe9 at offset 3); save the text as UTF-8\n")
