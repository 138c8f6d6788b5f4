"""`cocite fmt`: canonical layout, idempotent and lossless; `--check` for CI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cocite.cli import cli
from cocite.errors import DataError
from cocite.fmt import diff, format_text, order_records, same_data
from cocite.models import RECORD_KEYS
from cocite.yamlio import dumps_records, loads

DATA = Path(__file__).resolve().parent / "data"
MESSY = DATA / "fmt-messy.yaml"
CANONICAL = DATA / "fmt-canonical.yaml"


def read(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as fh:
        return fh.read()


def test_messy_file_becomes_the_canonical_fixture() -> None:
    assert format_text(read(MESSY), "fmt-messy.yaml") == read(CANONICAL)


def test_canonical_fixture_is_a_fixed_point() -> None:
    assert format_text(read(CANONICAL), "fmt-canonical.yaml") == read(CANONICAL)


def test_fmt_loses_nothing_and_keeps_every_character_of_the_quotes() -> None:
    before = loads(read(MESSY), "messy")
    after = loads(read(CANONICAL), "canonical")
    assert sorted(before, key=lambda r: r["id"]) == sorted(after, key=lambda r: r["id"])
    quotes = {r["id"]: r["quote"] for r in after}
    assert quotes["zz-undated"] == "  two leading spaces, a # hash, a: colon,\ta tab and trailing space "
    assert quotes["b-2023-section-3"] == "# not a comment: a quoted heading\n- not a list item"


def test_output_is_lf_utf8_with_the_modeline_first() -> None:
    out = format_text(read(MESSY), "fmt-messy.yaml")
    assert "\r" not in out
    assert out.startswith("# yaml-language-server: $schema=../schema/excerpts.schema.json\n")
    assert not any(line != line.rstrip(" \t") for line in out.splitlines())


def test_a_missing_modeline_is_added_and_a_different_one_kept() -> None:
    bare = "- id: a\n  topics: [x]\n  material: interview\n  quote: q\n  source: {author: A, kind: interview, date: null}\n"
    assert format_text(bare, "a.yaml").splitlines()[0] == (
        "# yaml-language-server: $schema=../schema/excerpts.schema.json"
    )
    own = "# yaml-language-server: $schema=../../schema/excerpts.schema.json\n" + bare
    assert format_text(own, "a.yaml").splitlines()[0] == (
        "# yaml-language-server: $schema=../../schema/excerpts.schema.json"
    )


def _rec(rid: str, report: str | None = None, section: str | None = None,
         date: str | None = None) -> dict[str, Any]:
    rec: dict[str, Any] = {"id": rid, "source": {"date": date}}
    if report:
        rec["cited_in"] = [{"report": report, **({"section": section} if section else {})}]
    return rec


def test_record_order_follows_the_compiled_report() -> None:
    records = [
        _rec("z-uncited"),
        _rec("a-uncited"),
        _rec("s10", "r", "1.10", "2020"),
        _rec("s2-old", "r", "1.2", "2019"),
        _rec("s2-undated", "r", "1.2", None),
        _rec("s2-new-year", "r", "1.2", "2023"),
        _rec("s2-new-month", "r", "1.2", "2023-05"),
        _rec("s2-tie-first", "r", "1.2", "2018"),
        _rec("s2-tie-second", "r", "1.2", "2018"),
        _rec("other-report", "a-report", "9", "2001"),
        _rec("no-section", "r", None, "2024"),
    ]
    # Within a section the file's order stays: it is the report's (material, newest first).
    assert [r["id"] for r in order_records(records)] == [
        "other-report",
        "s2-old", "s2-undated", "s2-new-year", "s2-new-month", "s2-tie-first", "s2-tie-second",
        "s10", "no-section",
        "a-uncited", "z-uncited",
    ]


def test_keys_follow_the_record_format_and_unknown_keys_are_kept_last() -> None:
    text = ("- source: {date: null, kind: interview, author: A, zz: 1}\n  quote: q\n  colour: red\n"
            "  material: interview\n  topics: [x]\n  id: a\n")
    data = loads(format_text(text, "a.yaml"), "a.yaml")
    assert list(data[0]) == ["id", "topics", "material", "quote", "source", "colour"]
    assert list(data[0]["source"]) == ["author", "kind", "date", "zz"]


def test_vocabulary_and_reports_keep_their_order_and_get_schema_key_order() -> None:
    vocab = "profiles: []\ntopics:\n  - label: B\n    id: b\n  - id: a\n    label: A\n"
    assert format_text(vocab, "vocabulary.yaml") == (
        "# yaml-language-server: $schema=../schema/vocabulary.schema.json\n"
        "topics:\n- id: b\n  label: B\n- id: a\n  label: A\nprofiles: []\n"
    )
    reports = "- country: AL\n  publisher: P\n  title: T\n  id: r\n"
    assert format_text(reports, "reports.yaml") == (
        "# yaml-language-server: $schema=../schema/reports.schema.json\n"
        "- id: r\n  title: T\n  publisher: P\n  country: AL\n"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- id: a # why this source\n", "fmt.yaml:1: comments are not kept in data files"),
        ("# a note\n- id: a\n", "fmt.yaml:1: comments are not kept in data files"),
        ("- a\n", "fmt.yaml:1: cannot format: item 1 is not a mapping of fields; run `cocite validate`"),
        ("", "fmt.yaml:1: file is empty: nothing to format"),
        ("- [\n", "fmt.yaml:2: YAML syntax error"),
    ],
    ids=["comment-after-value", "comment-line", "not-a-mapping", "empty", "syntax-error"],
)
def test_files_fmt_cannot_format_safely_are_refused(text: str, message: str) -> None:
    with pytest.raises(DataError) as info:
        format_text(text, "fmt.yaml")
    assert str(info.value.problems[0]).startswith(message)


def test_a_hash_inside_text_is_not_a_comment() -> None:
    text = ('- id: a\n  quote: "# 1 and a # b"\n  lead_in: |-\n    # heading\n'
            "  source: {url: 'https://x.org/#a', author: A#B}\n")
    assert loads(format_text(text, "a.yaml"), "a")[0]["source"]["author"] == "A#B"


def test_diff_is_limited_and_names_line_endings() -> None:
    old = "".join(f"- {i}\r\n" for i in range(100))
    new = "".join(f"- x{i}\n" for i in range(100))
    out = diff(old, new, "f.yaml", limit=6)
    assert out.splitlines() == [
        "f.yaml: has Windows (CRLF) line endings; fmt writes LF",
        "--- f.yaml",
        "+++ f.yaml (formatted)",
        "@@ -1,100 +1,100 @@",
        "-- 0",
        "-- 1",
        "-- 2",
        "... (197 more diff lines)",
    ]


# ---------------------------------------------------------------------------------------
# The command


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    target = tmp_path / "excerpts.yaml"
    shutil.copyfile(MESSY, target)
    return target


def test_check_exits_1_with_a_diff_and_writes_nothing(runner: CliRunner, messy: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(messy.parent)
    before = messy.read_bytes()
    result = runner.invoke(cli, ["fmt", "--check", "excerpts.yaml"])
    assert result.exit_code == 1
    assert result.stdout.startswith(
        "excerpts.yaml: has Windows (CRLF) line endings; fmt writes LF\n"
        "--- excerpts.yaml\n+++ excerpts.yaml (formatted)\n"
    )
    assert result.stderr == (
        "1 file would be reformatted, 0 files already canonical\n"
        "run `cocite fmt` to fix the layout (the text of the records is never changed)\n"
    )
    assert messy.read_bytes() == before


def test_fmt_rewrites_then_check_passes(runner: CliRunner, messy: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(messy.parent)
    result = runner.invoke(cli, ["fmt", "excerpts.yaml"])
    assert (result.exit_code, result.stderr) == (
        0, "reformatted excerpts.yaml\n1 file reformatted, 0 files already canonical\n",
    )
    assert messy.read_bytes() == CANONICAL.read_bytes()
    again = runner.invoke(cli, ["fmt", "--check", "excerpts.yaml"])
    assert (again.exit_code, again.stdout, again.stderr) == (
        0, "", "0 files would be reformatted, 1 file already canonical\n",
    )


def test_fmt_without_paths_formats_the_library_beside_data(runner: CliRunner, messy: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    (messy.parent / "vocabulary.yaml").write_text("topics:\n  - {id: stigma, label: S}\nprofiles: []\n")
    result = runner.invoke(cli, ["--data", str(messy), "fmt"])
    assert result.exit_code == 0
    assert result.stderr.endswith("2 files reformatted, 0 files already canonical\n")


def test_a_file_with_a_comment_is_left_alone_and_fails(runner: CliRunner, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("notes.yaml").write_text("- id: a  # keep this\n", encoding="utf-8")
    result = runner.invoke(cli, ["fmt", "notes.yaml"])
    assert result.exit_code == 1
    assert result.stderr == (
        "0 files reformatted, 0 files already canonical, 1 file not formatted (errors above)\n"
        "notes.yaml:1: comments are not kept in data files (cocite fmt would drop them): put "
        "editorial notes in the pull request description; see CONTRIBUTING.md, \"Notes and comments\"\n"
        "Error: some files could not be formatted\n"
    )
    assert Path("notes.yaml").read_text(encoding="utf-8") == "- id: a  # keep this\n"


# ---------------------------------------------------------------------------------------
# Properties: any record that loads survives fmt unchanged, and fmt is idempotent.

HOSTILE = st.sampled_from([
    "  leading spaces", "trailing spaces  ", "# not a comment", "a: b", "key: value\n- item",
    "'single' and \"double\" quotes", "emoji 👋🏽 and ✓", "עברית RTL \u200fmark\u200f", "العربية",
    "x" * 300, "tab\there", "\ttab first", "line one\n\nline three\n", "ends with newline\n",
    "--- \n...", "&anchor *alias !tag", "{flow: [1, 2]}", "%YAML 1.2", "null", "true", "0o17",
    "1e5", "2022-12-01", "~", "> folded", "| literal", "@at `tick`", "\\backslash\\n",
    " ", "\u00a0nbsp", "\u2028line separator", "\u0085next line", "\ufeffbom inside",
    "combining e\u0301", "zero\u200bwidth", "trailing newline + spaces\n  ",
])
TEXT = st.one_of(
    HOSTILE,
    st.lists(HOSTILE, min_size=1, max_size=4).map(lambda parts: "".join(parts)),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1),
)
SLUG = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}", fullmatch=True)
DATE = st.one_of(st.none(), st.from_regex(r"(19|20)[0-9]{2}(-(0[1-9]|1[0-2])(-[0-2][1-9])?)?", fullmatch=True))


@st.composite
def records(draw: st.DrawFn) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "quote": draw(TEXT),
        "id": draw(SLUG),
        "material": draw(st.sampled_from(["desk-review", "interview"])),
        "topics": draw(st.lists(SLUG, min_size=1, max_size=3)),
    }
    if draw(st.booleans()):
        rec["lead_in"] = draw(TEXT)
    source: dict[str, Any] = {"date": draw(DATE), "author": draw(TEXT), "kind": "report",
                              "title": draw(TEXT)}
    if draw(st.booleans()):
        source["pages"] = draw(TEXT)
    rec["source"] = source
    if draw(st.booleans()):
        rec["cited_in"] = [{"section": draw(st.from_regex(r"[0-9](\.[0-9]{1,2}){0,3}", fullmatch=True)),
                            "report": draw(SLUG)}]
    if draw(st.booleans()):
        rec["translation"] = {"original": draw(TEXT), "note": draw(TEXT)}
    if draw(st.booleans()):
        rec["footnotes"] = draw(st.lists(TEXT, min_size=1, max_size=3))
    return rec


def _by_id(items: list[Any]) -> list[Any]:
    return sorted(items, key=lambda r: json.dumps(r, sort_keys=True))


@pytest.mark.slow
@settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(records(), min_size=1, max_size=6))
def test_fmt_is_lossless_and_idempotent_on_hostile_records(recs: list[dict[str, Any]]) -> None:
    # Any text the writer produces...
    text = dumps_records(recs)
    assert same_data(loads(text, "gen"), recs)
    # ...or a reader accepts, comes out of fmt as the same records, and fmt of fmt is fmt.
    once = format_text(text, "gen.yaml")
    assert same_data(_by_id(loads(once, "once")), _by_id(recs))
    assert format_text(once, "gen.yaml") == once
    assert all(list(r)[: len(RECORD_KEYS)] == [k for k in RECORD_KEYS if k in r]
               for r in loads(once, "once"))
