"""The strict loader: types, lines, every kind of bad input named precisely, and a records
file read a record at a time exactly as it is read whole."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cocite.errors import DataError
from cocite.yamlio import HAVE_LIBYAML, LineDict, ListStream, load_file, loads, reader

V = Path(__file__).resolve().parents[1] / "data" / "validate"


def _error(path: Path) -> str:
    with pytest.raises(DataError) as info:
        load_file(path, path.name)
    assert len(info.value.problems) == 1
    return str(info.value.problems[0])


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        ("syntax-error.yaml", "syntax-error.yaml:3: YAML syntax error: a list in [brackets] is "
         "not closed: expected ',' or ']' (the list starts on line 2)"),
        ("non-utf8.yaml", "non-utf8.yaml:2: not valid UTF-8 (byte 0xe9 at column 14); "
         "save the file as UTF-8"),
        ("nul-byte.yaml", "nul-byte.yaml:2: contains a NUL byte: this is a binary file, "
         "not UTF-8 YAML text"),
        ("python-object.yaml", "python-object.yaml:1: the tag !!python/object/apply:os.system "
         "is not allowed"),
        ("alias-bomb.yaml", "alias-bomb.yaml:1: YAML anchors (&name) and aliases (*name) are "
         "not allowed: write the text out in full"),
        ("anchored-quote.yaml", "anchored-quote.yaml:4: YAML anchors (&name) and aliases "
         "(*name) are not allowed: write the text out in full"),
        ("duplicate-keys.yaml", "duplicate-keys.yaml:5: duplicate key 'quote' (first on line 4): "
         "YAML would silently keep only the last one"),
        ("utf16.yaml", "utf16.yaml: file is UTF-16 encoded; save it as UTF-8"),
    ],
)
def test_bad_input_is_one_precise_problem(fixture: str, message: str) -> None:
    assert _error(V / fixture) == message


INDENT = "this line does not line up with the lines above: check its indentation"
COLON = ("a ': ' where YAML does not expect one: put text holding ': ' in quotes or in a |- "
         "block, or check the indentation")
TOKEN = ("a character that cannot start a YAML value here (a tab, '@' or '`'): indent with "
         "spaces, or put the text in quotes")
UNCLOSED = "a quotation mark is opened and never closed (the quoted text starts on line 1)"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: {x: 1\nb: 2\n", "2: a mapping in {braces} is not closed: expected ',' or '}' "
         "(the mapping starts on line 1)"),
        ("a: b: c\n", f"1: {COLON}"),
        ("- id: x\n quote: y\n", f"2: {INDENT} (the list starts on line 1)"),
        ("a:\n  - x\n - y\n", f"3: {INDENT} (the mapping starts on line 1)"),
        ("a: 'x\n", f"2: {UNCLOSED}"),
        ('a: "x\n', f"2: {UNCLOSED}"),
        ('a: "x\\q"\n', "1: an unknown escape (a backslash) in double-quoted text: write \\\\ "
         "for a backslash, or use a |- block"),
        ("a: @x\n", f"1: {TOKEN}"),
        ("a:\n\t- x\n", f"2: {TOKEN}"),
        ("a: 1\na 2\n", "3: this line is neither 'key: value' nor part of the text above: check "
         "for a missing ':' or the indentation (the key starts on line 2)"),
        ("[a]]\n", "1: more text after the data has ended: check for a stray bracket or the "
         "indentation"),
        ("- [\n", "2: a value is missing here"),
    ],
)
def test_syntax_errors_are_in_cocites_words_whichever_parser(
    text: str, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """libyaml and PyYAML word the same error differently, and each changes between releases:
    the user reads cocite's wording, the same with either parser."""
    seen = []
    for loader in ("Loader", "PyLoader"):
        monkeypatch.setattr(reader, "Loader", getattr(reader, loader))
        with pytest.raises(DataError) as info:
            loads(text, "f.yaml")
        seen.append(str(info.value.problems[0]))
    line, words = message.split(": ", 1)
    assert seen == [f"f.yaml:{line}: YAML syntax error: {words}"] * 2


def test_libyaml_is_used_when_installed() -> None:
    import yaml

    # PyYAML's wheels ship libyaml; the pure-Python parser is ~10x slower at 100k records.
    assert HAVE_LIBYAML == bool(getattr(yaml, "__with_libyaml__", False))


def test_dates_stay_text_and_only_true_false_are_booleans() -> None:
    data = loads(
        "date: 2022-12-01\nmonth: 2022-12\nno: no\non: on\nyes: true\ntime: 1:30\n"
        "oct: 0o17\nnum: 12\nnull: ~\n",
        "t.yaml",
    )
    assert data == {
        "date": "2022-12-01", "month": "2022-12", "no": "no", "on": "on", "yes": True,
        "time": "1:30", "oct": 15, "num": 12, "null": None,
    }


def test_lines_are_known_for_every_key_and_item() -> None:
    data = loads("- id: a\n  topics:\n    - x\n    - y\n- id: b\n", "t.yaml")
    assert list(data.item_lines) == [1, 5]
    first = data[0]
    assert isinstance(first, LineDict)
    assert {key: first.line_of(key) for key in first} == {"id": 1, "topics": 2}
    assert list(first["topics"].item_lines) == [3, 4]


def test_crlf_and_bom_are_read_as_plain_utf8() -> None:
    raw = "\ufeff- id: a\r\n  quote: |-\r\n    caf\u00e9\r\n    line two\r\n".encode()
    from cocite.yamlio import decode

    assert loads(decode(raw, "c.yaml"), "c.yaml") == [{"id": "a", "quote": "caf\u00e9\nline two"}]


def test_deep_nesting_is_refused() -> None:
    with pytest.raises(DataError) as info:
        loads("[" * 10_000 + "]" * 10_000, "deep.yaml")
    assert str(info.value.problems[0]) == "deep.yaml:1: nesting is deeper than 100 levels"


def streamed(path: Path) -> tuple[Any, list[int], list[int]]:
    """The file read through ListStream: its value, the lines of its items, its comments."""
    stream = ListStream(path, path.name)
    items = list(stream)
    if isinstance(stream.document, list):
        assert stream.document == []
        return [item for _, item in items], [line for line, _ in items], stream.comments
    assert items == []
    return stream.document, [], stream.comments


def whole(path: Path) -> tuple[Any, list[int], list[int]]:
    comments: list[int] = []
    value = load_file(path, path.name, comments)
    return value, list(getattr(value, "item_lines", [])), comments


CASES = sorted((V.parent / "validate").glob("*.yaml")) + sorted((V.parent / "hostile").glob("*.yaml"))


@pytest.mark.parametrize("path", CASES, ids=[f"{p.parent.name}/{p.name}" for p in CASES])
def test_a_file_streamed_reads_as_it_does_whole(path: Path) -> None:
    try:
        expected: Any = whole(path)
    except DataError as exc:
        expected = exc.problems
    try:
        got: Any = streamed(path)
    except DataError as exc:
        got = exc.problems
    assert got == expected


def test_records_are_given_as_read_and_a_late_error_still_comes(tmp_path: Path) -> None:
    path = tmp_path / "late.yaml"
    path.write_text("- id: a\n  quote: x\n- id: b\n- [unclosed\n", encoding="utf-8")
    given: list[Any] = []
    with pytest.raises(DataError) as info:
        for line, item in ListStream(path, "late.yaml"):
            given.append((line, dict(item)))
    assert given == [(1, {"id": "a", "quote": "x"}), (3, {"id": "b"})]
    assert str(info.value.problems[0]) == (
        "late.yaml:5: YAML syntax error: a list in [brackets] is not closed: expected ',' or ']' "
        "(the list starts on line 4)")


def test_a_second_document_is_refused_after_the_records(tmp_path: Path) -> None:
    path = tmp_path / "two.yaml"
    path.write_text("- id: a\n---\n- id: b\n", encoding="utf-8")
    stream = ListStream(path, "two.yaml")
    with pytest.raises(DataError) as info:
        list(stream)
    assert info.value.problems[0].line == 2
    assert info.value.problems[0].message.startswith("YAML syntax error: a second YAML document")


def test_comments_and_glued_hashes_are_found_in_the_bytes(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(
        "# yaml-language-server: $schema=x\n- id: caf\u00e9\n  quote: '\u201cPhase #1\u201d'\n"
        "  # a note\n  title: \u2019x\u2019 # also a note\n", encoding="utf-8")
    assert streamed(path)[2] == whole(path)[2] == [4, 5]
    path.write_text("- quote: \u201cx\u201d\n- url: \"a\"#frag\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        list(ListStream(path, "c.yaml"))
    assert str(info.value.problems[0]) == (
        "c.yaml:2: a '#' starts a comment only after a space; put a space before it, or quote "
        "the text")


def test_deep_nesting_in_a_late_record_is_refused_once(tmp_path: Path) -> None:
    """libyaml's own nesting limit makes the file be read again by the pure-Python parser:
    the records given before are not given twice."""
    path = tmp_path / "deep.yaml"
    path.write_text("- id: a\n- id: b\n- " + "[" * 10_000 + "]" * 10_000 + "\n", encoding="utf-8")
    given: list[str] = []
    with pytest.raises(DataError) as info:
        for _, item in ListStream(path, "deep.yaml"):
            given.append(item["id"])
    assert given == ["a", "b"]
    assert str(info.value.problems[0]) == "deep.yaml:3: nesting is deeper than 100 levels"
