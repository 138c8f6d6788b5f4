"""Ordinary requests that used to end in "this is a bug in cocite" (exit 3): now a clear
one-line error (exit 1 or 2), or simply done."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from docx import Document

from cocite.cli import cli
from cocite.text_safety import PROPERTY_LIMIT, document_property

DATA = Path(__file__).resolve().parent / "data"
LIB = DATA / "bundle-library"
IDS = ["stats-male-2022", "stats-children-2023"]


def invoke(*args: str, data: Path = LIB, **kw: Any) -> Any:
    return CliRunner().invoke(cli, ["--data", str(data), *args], **kw)


# --- Word document properties -------------------------------------------------------------------


@pytest.mark.parametrize("args", [
    ["--all", "--title", "T" * 400],
    ["--query", " ".join(["victims"] * 60)],
    [arg for i in IDS * 40 for arg in ("--id", i)],
])
def test_long_title_or_filters_shortened_in_the_word_properties(
    tmp_path: Path, args: list[str],
) -> None:
    out = tmp_path / "b.docx"
    result = invoke("build", "-q", *args, "-o", str(out))
    assert result.exit_code == 0, result.output
    props = Document(str(out)).core_properties
    for value in (props.title, props.comments):
        assert len(value) <= PROPERTY_LIMIT
    if args[1] == "--title":
        assert props.title == "T" * 254 + "\u2026"
        # The title on the page is never shortened.
        assert "T" * 400 in "\n".join(p.text for p in Document(str(out)).paragraphs)


def test_document_property_shows_controls_and_caps_length() -> None:
    assert document_property("a\tb\nc\x07d\x1b") == "a b c\u2407d\u241b"
    assert document_property("x" * 300) == "x" * 254 + "\u2026"
    assert document_property("short") == "short"


@pytest.mark.parametrize(("title", "code"), [("a\x07b", "0007"), ("a\nb", "000A"),
                                             ("a\u202eb", "202E"), ("a\x85b", "0085")])
def test_control_characters_in_title_refused(title: str, code: str, tmp_path: Path) -> None:
    result = invoke("build", "--all", "--title", title, "-o", str(tmp_path / "b.md"))
    assert result.exit_code == 2
    kind = "bidirectional override" if code == "202E" else "control"
    assert result.stderr == (f"Error: --title: contains the {kind} character U+{code}; give "
                             "the title as plain text on one line\n")
    assert not (tmp_path / "b.md").exists()


def test_control_characters_in_a_case_file_refused_with_line(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    text = (DATA / "case-adult-man.yaml").read_text(encoding="utf-8")
    case.write_text(text.replace("appellant: A.B.", 'appellant: "A.\\x07B."'), encoding="utf-8")
    result = invoke("schedule", str(case), "-o", str(tmp_path / "s.docx"),
                    data=DATA / "case-library")
    assert result.exit_code == 1
    assert f"{case}:3: appellant: contains the control character U+0007" in result.stderr
    assert not (tmp_path / "s.docx").exists()


# --- standard output ------------------------------------------------------------------------------


def _cocite(*args: str, env: dict[str, str] | None = None, **kw: Any) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "cocite", "--data", str(LIB), *args],
                          stderr=subprocess.PIPE, timeout=120, check=False,
                          env={**os.environ, "NO_COLOR": "1", **(env or {})}, **kw)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
@pytest.mark.parametrize("args", [["list"], ["show", IDS[0]], ["build", "--all", "-o", "-"],
                                  ["topics"], ["validate", "--format", "json"]])
def test_full_disk_on_standard_output_is_a_clear_error(args: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        done = _cocite(*args, stdout=full)
    assert done.returncode == 1, done.stderr
    assert done.stderr.decode().endswith(
        "Error: standard output: cannot write: No space left on device\n")


def test_latin1_standard_output_gets_utf8_not_a_crash() -> None:
    done = _cocite("show", IDS[0], env={"PYTHONIOENCODING": "latin-1"},
                   stdout=subprocess.PIPE)
    assert done.returncode == 0, done.stderr
    listed = _cocite("list", env={"PYTHONIOENCODING": "latin-1"}, stdout=subprocess.PIPE)
    assert listed.returncode == 0, listed.stderr
    assert "\u2026".encode() in listed.stdout or b"stats-male-2022" in listed.stdout


@pytest.mark.parametrize("value", ["nan", "abc", "-1", "0", "inf"])
def test_bad_max_file_mb_is_a_usage_error(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COCITE_MAX_FILE_MB", value)
    result = invoke("--no-cache", "list")
    assert result.exit_code == 2
    assert result.stderr == (f"Error: COCITE_MAX_FILE_MB={value!r}: expected a number of "
                             "megabytes above 0 (the default is 200)\n")


def test_messages_are_not_turned_into_emoji() -> None:
    result = invoke("show", ":x: :smile:")
    assert result.exit_code == 2
    assert result.stderr == ("Error: no record with id ':x: :smile:'. Run 'cocite list' to "
                             "see ids.\n")


# --- add --from-file -----------------------------------------------------------------------------


@pytest.fixture
def library(tmp_path: Path) -> Path:
    shutil.copytree(LIB, tmp_path / "lib")
    return tmp_path / "lib"


@pytest.mark.parametrize(("snippet", "message"), [
    ("source: UK Home Office", "source: expected a mapping of fields, got 'UK Home Office'"),
    ("cited_in: 7", "cited_in: expected a list, got the number 7"),
    ("source: [ab, cd]", "source: expected a mapping of fields, got a list"),
])
@pytest.mark.parametrize("dry_run", [True, False])
def test_add_from_file_wrong_shapes_are_errors_printed_once(
    library: Path, tmp_path: Path, snippet: str, message: str, dry_run: bool,
) -> None:
    before = (library / "excerpts.yaml").read_bytes()
    snip = tmp_path / "s.yaml"
    snip.write_text(f"id: x-1\nquote: hello\n{snippet}\n", encoding="utf-8")
    result = invoke("add", "--from-file", str(snip), *(["--dry-run"] if dry_run else []),
                    data=library)
    assert result.exit_code == 1
    assert result.stderr.count(message) == 1
    lines = result.stderr.splitlines()
    n = sum(1 for line in lines if ": record x-1: " in line)
    assert len(set(lines)) == len(lines)  # nothing printed twice
    assert lines[-1] == (f"Error: the record is not valid: {n} error(s) above" if dry_run
                         else f"Error: record not added: {n} error(s) above")
    assert (library / "excerpts.yaml").read_bytes() == before


def test_add_option_into_a_source_that_is_not_a_mapping(library: Path, tmp_path: Path) -> None:
    snip = tmp_path / "s.yaml"
    snip.write_text("id: x-1\nquote: hello\nsource: UK Home Office\n", encoding="utf-8")
    result = invoke("add", "--from-file", str(snip), "--date", "2020", data=library)
    assert result.exit_code == 2
    assert result.stderr == ("Error: --date: the record's source is not a mapping of fields (it "
                             "is 'UK Home Office'), so date cannot be set in it; fix source "
                             "first\n")


def test_show_prints_to_a_latin1_stream_through_click(monkeypatch: pytest.MonkeyPatch) -> None:
    # CliRunner's own streams: the command still works (no reconfigure of a non-file stream).
    result = invoke("show", IDS[0])
    assert result.exit_code == 0
    assert io.StringIO(result.stdout).read().startswith(IDS[0]) or IDS[0] in result.stdout


def test_add_from_a_file_that_is_not_utf8(library: Path, tmp_path: Path) -> None:
    snip = tmp_path / "s.yaml"
    snip.write_bytes(b"id: x-1\nquote: caf\xe9\n")
    result = invoke("add", "--from-file", str(snip), "--dry-run", data=library)
    assert result.exit_code == 1
    assert result.stderr == (f"{snip}:2: not valid UTF-8 (byte 0xe9 at column 11); save the "
                             "file as UTF-8\n")


def test_added_records_of_every_hard_shape_keep_the_library_loading(library: Path,
                                                                     tmp_path: Path) -> None:
    import json

    for i, quote in enumerate(["ends\n\n", "|+\n...\n", "  lead\n\n\n", "---\n", "# x\n\n"]):
        snip = tmp_path / "s.yaml"
        snip.write_text(
            f"id: hard-{i}\nmaterial: desk-review\ntopics: [stigma]\nquote: {json.dumps(quote)}\n"
            "source: {author: A, title: T, kind: report, date: \"2020\", "
            "url: \"https://example.org/x\"}\n", encoding="utf-8")
        result = invoke("add", "--from-file", str(snip), "--force", data=library)
        assert result.exit_code == 0, result.stderr
        shown = invoke("--no-cache", "show", f"hard-{i}", data=library)
        assert shown.exit_code == 0, shown.stderr
        assert quote.rstrip("\n") in shown.stdout
    assert invoke("--no-cache", "validate", data=library).exit_code == 0
    from cocite.loading import load_library

    loaded = load_library(library, use_cache=False)
    quotes = {r.id: r.quote for r in loaded.records}
    for i, quote in enumerate(["ends\n\n", "|+\n...\n", "  lead\n\n\n", "---\n", "# x\n\n"]):
        assert quotes[f"hard-{i}"] == quote  # never altered
