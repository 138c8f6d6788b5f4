"""build, schedule and export as commands (cocite/cli/documents.py)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from cocite.cli import cli

LIB = Path(__file__).resolve().parents[1] / "data" / "bundle-library"


def test_build_to_standard_output_says_what_it_made(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--data", str(LIB), "build", "--id", "stats-male-2022", "-o", "-"])
    assert result.exit_code == 0
    assert "Men made up 10% of identified victims." in result.stdout
    assert result.stderr == "1 extract from 1 source, about 2 pages: standard output\n"


def test_build_quiet_says_nothing(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--data", str(LIB), "build", "--all", "-q", "-o", "-"])
    assert (result.exit_code, result.stderr) == (0, "")


def test_export_to_a_folder_is_refused_naming_the_option(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["--data", str(LIB), "export", "--all", "-o", f"{tmp_path}/"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"Error: -o '{tmp_path}/': not a file name; name the file to write\n"


def test_export_format_unknown_from_the_name_names_both_options(
    runner: CliRunner, tmp_path: Path,
) -> None:
    out = tmp_path / "refs.txt"
    result = runner.invoke(cli, ["--data", str(LIB), "export", "--all", "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr == (f"Error: -o {out}: cannot tell the format from the name; add --format "
                             "(csl-json, ris, bibtex) or name the file .json, .ris or .bib\n")
    assert not out.exists()


def test_export_to_a_file_writes_it_and_says_so(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "refs.ris"
    result = runner.invoke(cli, ["--data", str(LIB), "export", "--id", "stats-male-2022",
                                 "--id", "stats-children-2023", "-o", str(out)])
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == f"2 sources from 2 records: {out}\n"
    assert out.read_text(encoding="utf-8").startswith("TY  - ")
