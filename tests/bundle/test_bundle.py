"""`cocite build`, `list`, `show`, `topics`, `profiles`: exact output and exit codes."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DATA
from docx import Document

from cocite.cli import cli

LIB = DATA / "bundle-library"


@pytest.fixture
def work(tmp_path: Path) -> Path:
    # A folder of its own: tmp_path also holds the test cache.
    (tmp_path / "work").mkdir()
    return tmp_path / "work"


@pytest.fixture
def run(runner: CliRunner, work: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(work)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1714564800")

    def invoke(*args: str):  # type: ignore[no-untyped-def]
        return runner.invoke(cli, ["--data", str(LIB), *args], catch_exceptions=False)

    return invoke


def test_build_default_docx_named_for_the_filters(run, work: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("build", "--topic", "stigma", "--profile", "male")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == ("3 extracts from 3 sources, about 2 pages: cocite-stigma-male.docx\n"
                             "manifest: cocite-stigma-male.docx.manifest.json\n")
    doc = Document(str(work / "cocite-stigma-male.docx"))
    quotes = [p.text for p in doc.paragraphs if p.style.name == "Block Quote"]
    assert quotes == [
        "Men made up 10% of identified victims.",
        "Boys are seen as having brought shame on the family.",
        "Male victims face strong stigma on return.",
        "Many do not disclose what happened to them.",
    ]
    # No temp debris; the build details are in the manifest, not the document.
    assert sorted(f.name for f in work.iterdir()) == [
        "cocite-stigma-male.docx", "cocite-stigma-male.docx.manifest.json"]
    manifest = json.loads((work / "cocite-stigma-male.docx.manifest.json").read_text("utf-8"))
    assert manifest["selection"] == "--topic stigma --profile male"
    assert [e["number"] for e in manifest["extracts"]] == [1, 2, 3]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "--topic" not in text and manifest["data"]["source"] not in text
    assert "Prepared with cocite 0.1 from data version " in text


def test_build_markdown_to_stdout(run) -> None:  # type: ignore[no-untyped-def]
    result = run("build", "--topic", "shame", "--profile", "boys", "--all-profiles", "-o", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "# Country information bundle: Stigma (Men and boys, Children)\n\n"
        "**Date:** 1 May 2024\n\n"
    )
    assert "--topic" not in result.stdout and "2024-05-01" not in result.stdout
    assert "> Boys are seen as having brought shame on the family.\n" in result.stdout
    assert result.stderr == "1 extract from 1 source, about 1 page: standard output\n"


def test_build_format_from_suffix_and_quiet(run, work: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("build", "--all", "-o", "out/bundle.md", "--quiet")
    assert result.exit_code == 1
    assert result.stderr == "Error: out/bundle.md: no such folder: out\n"
    (work / "out").mkdir()
    result = run("build", "--all", "-o", "out/bundle.md", "--quiet")
    assert result.exit_code == 0 and result.output == ""
    assert (work / "out" / "bundle.md").read_text(encoding="utf-8").startswith("# ")
    result = run("build", "--all", "-o", "out", "-q")
    assert (work / "out" / "cocite-all.docx").is_file()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--topic", "stigm"], "Error: unknown topic 'stigm' (did you mean 'stigma'?). Known "
         "topics: stigma, statistics, blood-feud. Run 'cocite topics' to see them all.\n"),
        (["--topic", "stigma", "--profile", "female"], "Error: no records match these filters. "
         "Hint: add --include-general (1 record); drop --profile (4 records)\n"),
        ([], "Error: say what to select: e.g. --topic stigma --profile male, --id ID, or --all "
         "(run 'cocite topics' and 'cocite profiles' for the choices)\n"),
        (["--all", "-o", "-", "--format", "docx"], "Error: a Word file cannot be written to "
         "standard output; use -o FILE.docx, or --format md for Markdown\n"),
        (["--all", "-o", "bundle.odt"], "Error: -o bundle.odt: cannot tell the format from "
         "'.odt'; name the file .docx, .pdf or .md, or add --format docx|pdf|md\n"),
        (["--all", "-o", "x.md", "--format", "docx"],
         "Error: -o x.md: the name says md but --format is docx\n"),
        (["--all", "--since", "June"], "Error: --since 'June': expected a date as YYYY, YYYY-MM "
         "or YYYY-MM-DD, e.g. 2022-06\n"),
        (["--all", "--template", "missing.docx"], "Error: --template missing.docx: no such file\n"),
        (["--id", "stigma-male"], "Error: unknown record id 'stigma-male' (did you mean "
         "'stigma-male-2022'?). Run 'cocite list' to see record ids.\n"),
    ],
)
def test_build_usage_errors(run, work: Path, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    result = run("build", *args)
    assert (result.exit_code, result.stderr) == (2, message)
    assert list(work.iterdir()) == []


def test_build_user_markdown_template(run, work: Path) -> None:  # type: ignore[no-untyped-def]
    tpl = work / "firm.md.j2"
    tpl.write_text("{% for e in extracts %}{{ e.number }}: {{ e.quote }}\n{% endfor %}", "utf-8")
    result = run("build", "--id", "stats-male-2022", "--id", "stigma-general-2021",
                 "--template", str(tpl), "-o", "-", "-q")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "1: Men made up 10% of identified victims.\n"
        "2: Victims of trafficking in general face stigma.\n"
    )


def test_build_template_error_exit_1(run, work: Path) -> None:  # type: ignore[no-untyped-def]
    tpl = work / "firm.md.j2"
    tpl.write_text("{{ extract }}\n", "utf-8")
    result = run("build", "--all", "--template", str(tpl), "-o", "-")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {tpl}: the template uses an unknown field: 'extract' is undefined\n")


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


def _asylos(record_id: str) -> str:
    from cocite.library import load_library
    from cocite.citation.asylos import format_source

    lib = load_library(LIB)
    return format_source(next(r for r in lib.records if r.id == record_id).source)


def _file(record_id: str) -> str:
    from cocite.library import load_library

    record = next(r for r in load_library(LIB).records if r.id == record_id)
    return f"{record.file}:{record.line}"


def test_docx_is_valid_zip_with_no_stdout(run, work: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("build", "--all", "-o", "all.docx", "-q")
    assert result.exit_code == 0 and result.output == ""
    data = (work / "all.docx").read_bytes()
    assert len(Document(io.BytesIO(data)).paragraphs) > 10


def test_bad_source_date_epoch(run, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    result = run("build", "--all", "-o", "-")
    assert (result.exit_code, result.stderr) == (
        2, "Error: SOURCE_DATE_EPOCH='yesterday': expected a whole number of seconds since 1970\n")


def test_markdown_build_is_reproducible(run) -> None:  # type: ignore[no-untyped-def]
    first = run("build", "--all", "-o", "-", "-q").stdout
    assert first == run("build", "--all", "-o", "-", "-q").stdout


def test_country_filter_in_list_and_build(run, work: Path) -> None:  # type: ignore[no-untyped-def]
    # Every record of the bundle library takes AL from its report.
    assert run("list", "--country", "al").stderr == "6 records\n"
    result = run("list", "--country", "XK")
    assert (result.exit_code, result.stderr) == (
        2, "Error: no records match these filters. Hint: drop --country (6 records)\n")
    result = run("build", "--topic", "stigma", "--country", "QQ", "-o", "-")
    assert (result.exit_code, result.stderr) == (
        2, "Error: --country: expected an ISO 3166-1 alpha-2 country code such as AL (Albania), "
        "got 'QQ' (no country has this code)\n")
    out = work / "al.md"
    result = run("build", "--topic", "stigma", "--profile", "male", "--country", "AL", "-o", str(out), "-q")
    assert result.exit_code == 0, result.output
    # The filters are build details: in the manifest, never in the filed document.
    manifest = json.loads((work / "al.md.manifest.json").read_text(encoding="utf-8"))
    assert manifest["selection"] == "--topic stigma --profile male --country AL"
    assert "--country" not in out.read_text(encoding="utf-8")


def test_build_with_a_csl_style_and_a_misspelt_one(runner: CliRunner) -> None:
    ok = runner.invoke(cli, ["build", "--id", "arise-2023-12-02-young-victim-profiles",
                             "--style", "harvard-cite-them-right", "-o", "-", "-q"])
    assert ok.exit_code == 0, ok.output
    assert ("Source: Arise (2023) *Youth Exploitation in Albania*. Available at: "
            "<https://www.arisefdn.org/post/2nd-dec-youth-exploitation-in-albania>.") in ok.stdout
    bad = runner.invoke(cli, ["build", "--all", "--style", "harvard-cite-them-rigth", "-o", "-"])
    assert bad.exit_code == 2
    assert "did you mean harvard-cite-them-right" in bad.stderr
