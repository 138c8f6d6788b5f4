"""list, search, show, topics, profiles and guidance as commands (cocite/cli/finding.py)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from cocite.cli import cli

LIB = Path(__file__).resolve().parents[1] / "data" / "bundle-library"
ALL_IDS = ["stats-male-2022", "stats-children-2023", "feud-translated-2020",
           "stigma-male-2023-06", "stigma-male-2022", "stigma-general-2021"]


def invoke(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, ["--data", str(LIB), *args])
    return result.exit_code, result.stdout, result.stderr


def test_list_without_filters_lists_every_record_in_report_order(runner: CliRunner) -> None:
    assert invoke(runner, "list", "--format", "ids") == (0, "".join(f"{i}\n" for i in ALL_IDS),
                                                         "6 records\n")


def test_list_without_filters_still_leaves_out_what_is_excluded(runner: CliRunner) -> None:
    code, out, err = invoke(runner, "list", "--format", "ids", "--exclude", "stats-male-2022")
    assert (code, out.split(), err) == (0, ALL_IDS[1:], "5 records\n")


def test_search_says_how_many_beside_a_table_and_nothing_beside_ids(runner: CliRunner) -> None:
    code, out, err = invoke(runner, "search", "stigma")
    assert (code, err) == (0, "2 records (best first)\n")
    assert out.startswith("1. stigma-general-2021  ·  US Department of State  ·  2021  ·  stigma\n"
                          "   Victims of trafficking in general face stigma.\n\n2. ")
    assert invoke(runner, "search", "stigma", "--format", "ids") == (
        0, "stigma-general-2021\nstigma-male-2022\n", "")


def test_search_finding_nothing_says_what_to_try(runner: CliRunner) -> None:
    for fmt in ("table", "json"):
        code, out, err = invoke(runner, "search", "zzzqqq", "--format", fmt)
        assert (code, err) == (0, "no records match; try fewer words, word* or OR\n")
        assert out == ("" if fmt == "table" else "[]\n")
