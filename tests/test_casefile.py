"""Case files: structure and meaning, every problem at once, with file, line and field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cocite import schema
from cocite.casefile import load_case
from cocite.cli import cli
from cocite.errors import DataError
from cocite.loading import load_library

DATA = Path(__file__).resolve().parent / "data"
LIBRARY = DATA / "case-library"
REPO = DATA.parents[1]


@pytest.fixture(scope="module")
def library():  # type: ignore[no-untyped-def]
    return load_library(LIBRARY, use_cache=False)


def run(runner: CliRunner, case: Path, *args: str) -> object:
    return runner.invoke(cli, ["--data", str(LIBRARY), "schedule", str(case), *args])


def test_a_valid_case_file_resolves_terms_and_inherits_case_settings(library) -> None:  # type: ignore[no-untyped-def]
    case = load_case(DATA / "case-adult-man.yaml", library)
    assert case.title == "Country information evidence schedule"
    assert (case.appeal, case.appellant, case.style, case.max_pages) == ("PA/12345/2025", "A.B.", "asylos", 12)
    assert case.profiles == ("male", "adult", "forced-criminality")
    first, second, third = case.issues
    assert (first.number, first.title, first.topics) == (1, "Risk of re-trafficking on return", ("re-trafficking",))
    assert first.profiles == case.profiles and first.include_general is True
    assert second.topics == ("justice-system", "corruption") and second.exclude == ("greta-2023-corruption",)
    assert third.ids == ("ho-cpin-2023-internal-relocation",) and third.topics == ()
    assert len(case.sha256) == 64


def test_aliases_and_shorthands_are_accepted(library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "case.yaml"
    path.write_text("profiles: [boys]\nissues:\n  - title: Relocation\n    topics: [relocation, police]\n"
                    "    profiles: [Women]\n", encoding="utf-8")
    case = load_case(path, library)
    assert case.profiles == ("male", "child")
    assert case.issues[0].topics == ("internal-relocation", "justice-system")
    assert case.issues[0].profiles == ("female",)


def test_every_problem_is_reported_at_once_with_line_field_and_suggestion(runner: CliRunner) -> None:
    result = run(runner, DATA / "case-typos.yaml")
    assert result.exit_code == 1
    f = "tests/data/case-typos.yaml" if Path.cwd() == REPO else str(DATA / "case-typos.yaml")
    assert result.stderr == (
        f"{f}:2: profiles[0]: unknown profile 'mail'; did you mean 'male'? (run `cocite profiles` for the list)\n"
        f"{f}:3: max_pages: expected a whole number of pages of at least 1, got 0\n"
        f"{f}:4: since: expected a real calendar date, got '2023-02-30' (day is out of range for month)\n"
        f"{f}:5: issuse: unknown field; did you mean 'issues'? (allowed: title, appeal, appellant, "
        "prepared_by, date, style, template, max_pages, since, country, profiles, include_general, "
        "lead_ins, issues)\n"
        f"{f}:8: issues[0].topics[0]: unknown topic 're-traficking'; did you mean 're-trafficking'? "
        "(run `cocite topics` for the list)\n"
        f"{f}:11: issues[1].ids[0]: no record with id 'usds-2023-justice-sytem' in tests/data/case-library; "
        "did you mean 'usds-2023-justice-system'? (run `cocite list`)\n"
        f"{f}:12: issues[1].exclude[0]: no record with id 'greta-2023-corruptoin' in tests/data/case-library; "
        "did you mean 'greta-2023-corruption'? (run `cocite list`)\n"
        f"{f}:13: issues[2]: issue 'Nothing chosen' says nothing to select: add topics: [...] "
        "(run `cocite topics`) or ids: [...] (run `cocite list`)\n"
        f"Error: 8 problem(s) in the case file {f}\n"
    )


@pytest.mark.parametrize(("name", "message"), [
    ("case-no-issues.yaml", ":2: issues: expected at least 1 item, got an empty list"),
    ("case-top-level-list.yaml", (":1: expected a mapping of fields (title:, profiles:, issues:, ...) "
     "at the top level, got a list")),
])
def test_a_case_file_without_issues_is_an_error(runner: CliRunner, name: str, message: str) -> None:
    result = run(runner, DATA / name)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"tests/data/{name}{message}"


@pytest.mark.parametrize(("text", "message"), [
    ("", ":1: file is empty: expected a case file with issues (see examples/ for one to copy)"),
    ("issues:\n  - topics: [stigma]\n", ":2: issues[0].title: missing; this field is required"),
    ("style: harvard-cite-them-rigth\nissues:\n  - title: a\n    topics: [stigma]\n",
     ":1: style: unknown style 'harvard-cite-them-rigth'; did you mean harvard-cite-them-right,"
     " harvard-cite-them-right-no-et-al, harvard-cite-them-right-11th-edition?"),
    ("max_pages: twelve\nissues:\n  - title: a\n    topics: [stigma]\n",
     ":1: max_pages: expected a whole number, got 'twelve'"),
    ("issues:\n  - title: a\n    topics: stigma\n", ":3: issues[0].topics: expected a list, got 'stigma'"),
    ("issues:\n  - title: a\n    topic: [stigma]\n",
     (":3: issues[0].topic: unknown field; did you mean 'topics'? (allowed: title, note, topics, "
     "profiles, include_general, since, country, query, ids, country_guidance, exclude)")),
    ("issues:\n  - title: a\n    topics: [stigma]\n  - title: A\n    topics: [stigma]\n",
     ":4: issues[1].title: same title as issue 1: give each disputed issue its own title"),
    ("issues:\n  - title: a\n    topics: [stigma]\n    topics: [corruption]\n",
     ":4: duplicate key 'topics' (first on line 3): YAML would silently keep only the last one"),
])
def test_bad_case_files(runner: CliRunner, tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    result = run(runner, path)
    assert result.exit_code == 1
    assert f"{path}{message}" in result.stderr.splitlines()
    assert "Traceback" not in result.stderr


def test_a_missing_case_file_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = run(runner, tmp_path / "gone.yaml")
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_case_file_problems_raise_data_error_with_every_problem(library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "case.yaml"
    path.write_text("profiles: [mail]\nissues:\n  - title: a\n    topics: [stigmaa]\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_case(path, library)
    assert [p.field for p in caught.value.problems] == ["profiles[0]", "issues[0].topics[0]"]


def test_the_json_schema_file_is_generated_from_the_schema_the_loader_uses() -> None:
    on_disk = json.loads((REPO / "schema" / "casefile.schema.json").read_text(encoding="utf-8"))
    assert on_disk == schema.SCHEMAS["casefile"]
    assert (REPO / "schema" / "casefile.schema.json").read_text(encoding="utf-8") == schema.schema_json("casefile")


@pytest.mark.parametrize("example", sorted((REPO / "examples").glob("*.yaml")), ids=lambda p: p.name)
def test_the_examples_are_valid_against_the_bundled_library(example: Path) -> None:
    load_case(example, load_library(None))


def test_country_of_the_case_file_and_of_an_issue(library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from cocite.schedule.select import topic_selection

    path = tmp_path / "case.yaml"
    path.write_text("country: AL\nissues:\n  - title: Stigma\n    topics: [stigma]\n"
                    "  - title: Relocation\n    topics: [internal-relocation]\n    country: XK\n",
                    encoding="utf-8")
    case = load_case(path, library)
    assert (case.country, [i.country for i in case.issues]) == ("AL", ["AL", "XK"])
    selection = topic_selection(case.issues[0])
    assert selection is not None and selection.country == "AL"
    path.write_text("country: QQ\nissues:\n  - title: a\n    topics: [stigma]\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_case(path, library)
    assert [(p.line, p.field, p.message) for p in caught.value.problems] == [
        (1, "country", "expected an ISO 3166-1 alpha-2 country code such as AL (Albania), got 'QQ' "
         "(no country has this code)")]

