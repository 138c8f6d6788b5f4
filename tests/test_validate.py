"""`cocite validate`: every problem at once, exact messages, formats and exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cocite.cli import cli

V = Path(__file__).parent / "data" / "validate"

INVALID_MANY = """\
{f}:1: record Bad_Id: id: expected a lowercase id of a-z, 0-9 and single hyphens (e.g. ukho-ffm-2022-12-stigma), got 'Bad_Id'
{f}:2: record Bad_Id: topics[0]: unknown topic 'stigmaa'; did you mean 'stigma'? (see data/vocabulary.yaml)
{f}:3: record Bad_Id: profiles[0]: 'men' is an alias: write the profile id 'male'
{f}:4: record Bad_Id: material: expected one of desk-review, interview, got 'desk review'; did you mean 'desk-review'?
{f}:5: record Bad_Id: quote: expected text that is not empty, got empty text
{f}:6: record Bad_Id: source.title: missing; this field is required
{f}:9: record Bad_Id: source.date: expected a real calendar date, got '2022-02-30' (day is out of range for month)
{f}:10: record Bad_Id: source.url: expected an http:// or https:// address without spaces, got 'ftp://x'
{f}:11: record Bad_Id: source.colour: unknown field (allowed: author, author_as_cited, title, kind, date, pages, paragraphs, url, accessed, publisher, version, archive_url)
{f}:15: record ok-one: quote: contains the control character U+0007, which Word cannot show; remove it
{f}:20: record ok-one: source.date: expected a date that is not in the future, got '2099'
{f}:22: record ok-one: id: duplicate id, first used at {f}:12
{f}:23: record ok-one: topics[0]: unknown topic 'stigmaa'; did you mean 'stigma'? (see data/vocabulary.yaml)
{f}:27: record ok-one: cited_in[0].report: unknown report 'asylos-albania-trafficking-2023'; did you mean 'asylos-albania-trafficking-2024'? (see data/reports.yaml)
{f}:26: record ok-one: source: warning: desk-review material should link to its source: add source.url (or url: null when no link is known)
"""


@pytest.fixture
def here(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(V)
    return V


def test_every_problem_is_reported_at_once(runner: CliRunner, here: Path) -> None:
    result = runner.invoke(cli, ["validate", "invalid-many.yaml"])
    assert result.exit_code == 1
    assert result.stdout == INVALID_MANY.format(f="invalid-many.yaml")
    assert result.stderr == "invalid: 3 records in 1 file: 14 errors, 1 warning\n"


def test_valid_file_passes_even_strict(runner: CliRunner, here: Path) -> None:
    result = runner.invoke(cli, ["validate", "--strict", "valid.yaml"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == "valid: 2 records in 1 file: 0 errors, 0 warnings\n"


def test_warnings_fail_only_with_strict(runner: CliRunner, tmp_path: Path) -> None:
    for name in ("vocabulary.yaml", "reports.yaml"):
        shutil.copy(V / name, tmp_path / name)
    text = (V / "valid.yaml").read_text(encoding="utf-8")
    # Drop the url of the desk-review record: a warning, not an error.
    text = "\n".join(line for line in text.splitlines() if "url: https" not in line) + "\n"
    (tmp_path / "warn.yaml").write_text(text, encoding="utf-8")
    relaxed = runner.invoke(cli, ["validate", str(tmp_path / "warn.yaml")])
    assert relaxed.exit_code == 0
    strict = runner.invoke(cli, ["validate", "--strict", str(tmp_path / "warn.yaml")])
    assert strict.exit_code == 1
    assert strict.stderr.endswith("--strict: warnings count as errors\n")


def test_json_format(runner: CliRunner, here: Path) -> None:
    result = runner.invoke(cli, ["validate", "--format", "json", "invalid-many.yaml"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert (report["valid"], report["errors"], report["warnings"], report["records"]) == (
        False, 14, 1, 3,
    )
    assert report["problems"][0] == {
        "file": "invalid-many.yaml", "line": 1, "record": "Bad_Id", "field": "id",
        "severity": "error",
        "message": "expected a lowercase id of a-z, 0-9 and single hyphens "
        "(e.g. ukho-ffm-2022-12-stigma), got 'Bad_Id'",
    }


def test_github_format_annotates_and_logs_every_line(runner: CliRunner, here: Path) -> None:
    result = runner.invoke(cli, ["validate", "--format", "github", "invalid-many.yaml"])
    lines = result.stdout.splitlines()
    # 15 annotations, then the 15 plain log lines inside ::stop-commands:: (so no file name or
    # value among them can run a workflow command).
    assert len(lines) == 32
    assert lines[0] == (
        "::error file=invalid-many.yaml,line=1,title=record Bad_Id::id: expected a lowercase id "
        "of a-z, 0-9 and single hyphens (e.g. ukho-ffm-2022-12-stigma), got 'Bad_Id'"
    )
    assert lines[14].startswith("::warning file=invalid-many.yaml,line=26,title=record ok-one::")
    assert lines[15].startswith("::stop-commands::") and lines[-1] == f"::{lines[15][17:]}::"


def test_github_escaping() -> None:
    from cocite.problem_format import as_github
    from cocite.problems import Problem

    out = as_github(Problem("a,b:c.yaml", 3, "r", "quote", "100% bad\nnext"))
    assert out == "::error file=a%2Cb%3Ac.yaml,line=3,title=record r::quote: 100%25 bad%0Anext"


@pytest.mark.parametrize(
    ("fixture", "first_line"),
    [
        ("empty.yaml", "empty.yaml:1: file is empty: expected a list of records"),
        ("top-level-mapping.yaml", "top-level-mapping.yaml:1: expected a list of records at the "
         "top level (lines starting with '- '), got a mapping"),
        ("python-object.yaml", "python-object.yaml:1: the tag !!python/object/apply:os.system is "
         "not allowed"),
        ("duplicate-keys.yaml", "duplicate-keys.yaml:5: duplicate key 'quote' (first on line 4): "
         "YAML would silently keep only the last one"),
        ("missing.yaml", "missing.yaml: no such file"),
    ],
)
def test_bad_files_exit_1_without_traceback(
    runner: CliRunner, here: Path, fixture: str, first_line: str
) -> None:
    result = runner.invoke(cli, ["validate", fixture])
    assert result.exit_code == 1
    assert result.stdout == first_line + "\n"
    assert "Traceback" not in result.output


def test_directory_is_validated_as_a_library(runner: CliRunner, tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    (lib / "albania").mkdir(parents=True)
    for name in ("vocabulary.yaml", "reports.yaml"):
        shutil.copy(V / name, lib / name)
    shutil.copy(V / "valid.yaml", lib / "albania" / "a.yaml")
    shutil.copy(V / "valid.yaml", lib / "b.yaml")
    (lib / "README.txt").write_text("not yaml", encoding="utf-8")
    result = runner.invoke(cli, ["validate", str(lib)])
    assert result.exit_code == 1
    # The same ids in two shards: ids are unique across the whole library.
    assert result.stdout.count("duplicate id, first used at") == 2
    assert result.stderr == "invalid: 4 records in 2 files: 2 errors, 2 warnings\n"


def test_vocabulary_is_checked_as_vocabulary(runner: CliRunner, tmp_path: Path) -> None:
    vocab = tmp_path / "vocabulary.yaml"
    vocab.write_text(
        "topics:\n  - id: stigma\n    label: Stigma\n    aliases: [shame]\n"
        "  - id: shame\n    label: Shame\nprofiles: []\nshorthands:\n  boys: [male]\n",
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["validate", str(vocab)])
    assert result.exit_code == 1
    name = str(vocab)
    assert result.stdout == (
        f"{name}:5: topics[1].id: 'shame' is already used on line 2; ids and aliases must be unique\n"
        f"{name}:9: shorthands.boys[0]: unknown profile 'male'\n"
    )


def _pair(author_b: str, section_b: str, quote_b: str) -> str:
    quote_a = "Males were exploited mostly for forced criminal activities, begging and forced labour."
    return f"""\
- id: first
  topics: [stigma]
  material: interview
  quote: "{quote_a}"
  source: {{author: Vatra, kind: interview, date: "2023-06-05"}}
  cited_in: [{{report: asylos-albania-trafficking-2024, section: "1.6"}}]
- id: second
  topics: [stigma]
  material: interview
  quote: "{quote_b}"
  source: {{author: {author_b}, kind: interview, date: "2023-06-05"}}
  cited_in: [{{report: asylos-albania-trafficking-2024, section: "{section_b}"}}]
"""


@pytest.mark.parametrize(
    ("author_b", "section_b", "quote_b", "warned"),
    [
        # The same passage from the same source, twice in one section: a repeat.
        ("Vatra", "1.6", "Males were exploited mostly for forced criminal activities begging "
         "and forced labour", True),
        # The compiled report quoting the passage again under another section: on purpose.
        ("Vatra", "3.3.2", "Males were exploited mostly for forced criminal activities begging "
         "and forced labour", False),
        # Another source's longer quote that contains the same words: corroboration.
        ("Tjeter Vizion", "1.6", "Based on NCATS statistics, 8% of the new cases were "
         "exploited for forced labour. Males were exploited mostly for forced criminal "
         "activities, begging and forced labour.", False),
        # The same quote under another author: most likely the same passage, mistyped.
        ("Tjeter Vizion", "1.6", "Males were exploited mostly for forced criminal activities "
         "begging and forced labour", True),
    ],
)
def test_near_duplicate_warnings_are_for_the_same_passage_cited_twice(
    runner: CliRunner, tmp_path: Path, author_b: str, section_b: str, quote_b: str, warned: bool
) -> None:
    for name in ("vocabulary.yaml", "reports.yaml"):
        shutil.copy(V / name, tmp_path / name)
    (tmp_path / "pair.yaml").write_text(_pair(author_b, section_b, quote_b), encoding="utf-8")
    result = runner.invoke(cli, ["validate", "--strict", str(tmp_path / "pair.yaml")])
    assert result.exit_code == (1 if warned else 0), result.output
    assert ("quote as record first" in result.stdout or "repeats record first" in result.stdout) is warned


def test_footnote_marker_without_footnote_is_a_warning(runner: CliRunner, tmp_path: Path) -> None:
    for name in ("vocabulary.yaml", "reports.yaml"):
        shutil.copy(V / name, tmp_path / name)
    text = (V / "valid.yaml").read_text(encoding="utf-8")
    plain = '  quote: "But we have identified something"'
    assert plain in text
    line = text.splitlines().index(plain) + 1
    marked = '  quote: "But we have identified debt bondage8 in cases; LAW1 and WB6 are codes"'
    (tmp_path / "marks.yaml").write_text(text.replace(plain, marked), encoding="utf-8")
    result = runner.invoke(cli, ["validate", str(tmp_path / "marks.yaml")])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"{tmp_path / 'marks.yaml'}:{line}: record vatra-2023-06-05-stigma: quote: warning: the "
        "footnote marker '8' (a number glued to a word) has no footnote: add its text to "
        'footnotes as "8 ..."\n'
    )
    # With the footnote, no warning.
    noted = marked + '\n  footnotes: ["8 Debt bondage is a form of forced labour."]'
    (tmp_path / "marks.yaml").write_text(text.replace(plain, noted), encoding="utf-8")
    strict = runner.invoke(cli, ["validate", "--strict", str(tmp_path / "marks.yaml")])
    assert strict.exit_code == 0, strict.output


def test_country_codes_are_checked(runner: CliRunner, tmp_path: Path) -> None:
    for name in ("vocabulary.yaml", "reports.yaml"):
        shutil.copy(V / name, tmp_path / name)
    text = (V / "valid.yaml").read_text(encoding="utf-8")
    bad = text.replace("  material: interview\n", "  material: interview\n  country: QQ\n", 1)
    bad = bad.replace("  material: desk-review\n", "  material: desk-review\n  country: al\n", 1)
    (tmp_path / "bad.yaml").write_text(bad, encoding="utf-8")
    result = runner.invoke(cli, ["validate", str(tmp_path / "bad.yaml")])
    assert result.exit_code == 1
    lines = bad.splitlines()
    at = [i + 1 for i, line in enumerate(lines) if line.startswith("  country:")]
    f = tmp_path / "bad.yaml"
    assert result.stdout == (
        f"{f}:{at[0]}: record ukho-ffm-2022-12-shkej-stigma: country: expected an ISO 3166-1 "
        "alpha-2 country code in capitals, such as AL (Albania), got 'al'\n"
        f"{f}:{at[1]}: record vatra-2023-06-05-stigma: country: expected an ISO 3166-1 alpha-2 "
        "country code such as AL (Albania), got 'QQ' (no country has this code)\n"
    )
    # A report must say which country it covers.
    reports = tmp_path / "reports.yaml"
    reports.write_text(reports.read_text(encoding="utf-8").replace("  country: AL\n", ""), encoding="utf-8")
    result = runner.invoke(cli, ["validate", str(reports)])
    assert result.exit_code == 1
    assert ": country: missing; this field is required\n" in result.stdout
