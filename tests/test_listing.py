"""`cocite list`, `show`, `topics`, `profiles` (`listing.py`): exact output and exit codes;
the commands' help and what the quick commands import."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from bundle_support import LIB, library, record, run, work  # noqa: F401 - run, work: fixtures
from conftest import DATA

from cocite.cli import cli
from cocite.listing import _cell, count_line, hits_as, hits_line, listed, records_as
from cocite.query import Selection
from cocite.search import Hit


def test_list(run) -> None:  # type: ignore[no-untyped-def]
    result = run("list", "--topic", "stigma", "--profile", "male", "--include-general")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "id                   date        source                  section  first words",
        "stats-male-2022      2022-10-12  European Commission     1.2.9    Men made up 10% of "
        "identified victims.",
        "stigma-male-2023-06  2023-06-15  Different and Equal     1.6      Boys are seen as having "
        "brought shame on the family.",
        "stigma-male-2022     2022-12     UK Home Office          1.6      Male victims face strong "
        "stigma on return. Many do not disclose what …",
        "stigma-general-2021  2021        US Department of State  1.6      Victims of trafficking "
        "in general face stigma.",
    ]
    assert result.stderr == "4 records\n"


def test_list_without_filters_lists_everything(run) -> None:  # type: ignore[no-untyped-def]
    result = run("list")
    assert result.exit_code == 0 and result.stderr == "6 records\n"


def test_show(run) -> None:  # type: ignore[no-untyped-def]
    result = run("show", "stigma-male-2023-06")
    assert result.exit_code == 0
    assert result.stdout == (
        "id:        stigma-male-2023-06\n"
        "topics:    stigma\n"
        "profiles:  male, child\n"
        "material:  interview\n"
        f"source:    {_asylos('stigma-male-2023-06')}\n"
        "cited in:  Albania: Trafficking, section 1.6\n"
        f"file:      {_file('stigma-male-2023-06')}\n"
        "\n"
        "quote:\n"
        "Boys are seen as having brought shame on the family.\n"
    )


def test_show_unknown(run) -> None:  # type: ignore[no-untyped-def]
    result = run("show", "stigma-male")
    assert (result.exit_code, result.stderr) == (2, "Error: no record with id 'stigma-male' "
                                                 "(did you mean 'stigma-male-2022'?). Run "
                                                 "'cocite list' to see ids.\n")


def test_topics_and_profiles(run) -> None:  # type: ignore[no-untyped-def]
    assert run("topics").stdout == (
        "id          records  label       aliases\n"
        "stigma            4  Stigma      shame\n"
        "statistics        2  Statistics  stats\n"
        "blood-feud        1  Blood feud  gjakmarrja\n"
    )
    assert run("profiles").stdout == (
        "id         records  label                       aliases\n"
        "male             4  Men and boys                men, man\n"
        "child            2  Children                    children, minor\n"
        "female           0  Women and girls             women\n"
        "(general)        1  tagged for no profile\n"
        "boys                shorthand for male + child\n"
    )


def _asylos(record_id: str) -> str:
    from cocite.loading import load_library
    from cocite.citation.asylos import format_source

    lib = load_library(LIB)
    return format_source(next(r for r in lib.records if r.id == record_id).source)


def _file(record_id: str) -> str:
    from cocite.loading import load_library

    record = next(r for r in load_library(LIB).records if r.id == record_id)
    return f"{record.file}:{record.line}"


def test_csv_cells_cannot_become_formulas() -> None:
    assert _cell("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert _cell("+1") == "'+1" and _cell("@SUM") == "'@SUM" and _cell("-2") == "'-2"
    assert _cell("Plain text") == "Plain text"


# --- help, shared filters, imports -------------------------------------------------------------


@pytest.mark.parametrize("command", ["build", "list", "show", "topics", "profiles"])
def test_help_has_an_example(runner: CliRunner, command: str) -> None:
    result = runner.invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output and f"cocite {command}" in result.output


def test_build_and_list_share_the_filters(runner: CliRunner) -> None:
    build = {p.name for p in cli.commands["build"].params}
    listing = {p.name for p in cli.commands["list"].params}
    assert listing <= build


@pytest.mark.parametrize(
    "args",
    [["--help"], ["build", "--help"], ["list", "--topic", "stigma"], ["topics"], ["profiles"],
     ["validate"], ["show", "ukho-ffm-2022-12-shkej-stigma"]],
    ids=" ".join,
)
def test_quick_commands_do_not_import_word_libraries(args: list[str]) -> None:
    # python-docx, docxtpl and lxml cost ~150 ms to import: only a DOCX build may pay it.
    code = (
        "import sys; from click.testing import CliRunner; from cocite.cli import cli; "
        f"r = CliRunner().invoke(cli, {args!r}); assert r.exit_code == 0, r.output; "
        "print(sorted(m for m in ('docx', 'docxtpl', 'lxml') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={**os.environ, "COCITE_NO_CACHE": "1"})
    assert out.stdout.strip() == "[]"


def test_listed_is_every_record_when_no_filter_is_given() -> None:
    lib = library(record("a"), record("b"), record("c"))
    assert [r.id for r in listed(lib, Selection())] == ["a", "b", "c"]
    assert [r.id for r in listed(lib, Selection(exclude=("b",)))] == ["a", "c"]
    assert [r.id for r in listed(lib, Selection(ids=("c",)))] == ["c"]


def test_records_in_each_format() -> None:
    records = [record("a"), record("b-2")]
    assert records_as(records, "ids", 80) == "a\nb-2\n"
    assert records_as(records, "yaml", 80) == "ids:\n  - a\n  - b-2\n"
    assert records_as(records, "csv", 80).splitlines()[0] == (
        "id,date,source,title,section,topics,profiles,first_words")
    assert records_as(records, "json", 80).startswith('[\n  {\n    "id": "a",')
    table = records_as(records, "table", 80)
    assert table.endswith("\n") and not table.endswith("\n\n")
    assert table.splitlines()[1].startswith("a ")


def test_counts_and_what_is_said_about_hits() -> None:
    assert [count_line([]), count_line([record("a")]), count_line([record("a")] * 2)] == [
        "0 records", "1 record", "2 records"]
    hit = Hit(1, record("a"), 1.5, "a \x02stigma\x03 b")
    assert hits_line([], "ids") == "no records match; try fewer words, word* or OR"
    assert hits_line([hit], "table") == "1 record (best first)"
    assert hits_line([hit], "json") is None
    assert hits_as([hit], "ids") == "a\n"
    assert hits_as([hit], "table") == (
        "1. a  ·  UK Home Office  ·  2022-12  ·  stigma\n   a stigma b\n\n")
