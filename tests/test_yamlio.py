"""The strict loader: types, lines, and every kind of bad input named precisely."""

from __future__ import annotations

from pathlib import Path

import pytest

from cocite.errors import DataError
from cocite.yamlio import reader
from cocite.yamlio import HAVE_LIBYAML, LineDict, dumps, dumps_records, load_file, loads

V = Path(__file__).parent / "data" / "validate"


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


def test_missing_file_and_directory(tmp_path: Path) -> None:
    assert _error(tmp_path / "nope.yaml") == "nope.yaml: no such file"
    assert _error(tmp_path) == f"{tmp_path.name}: is a directory, expected a YAML file"


def test_file_over_the_size_limit_is_refused_without_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as fh:  # sparse: no disk used
        fh.truncate(1024 * 1024 * 1024)
    assert _error(big) == (
        "big.yaml: file is 1.0 GB, over the 200.0 MB limit "
        "(split it into several files, or raise COCITE_MAX_FILE_MB)"
    )
    monkeypatch.setenv("COCITE_MAX_FILE_MB", "0.5")
    half = tmp_path / "half.yaml"
    half.write_bytes(b"- a\n" * 200_000)
    assert _error(half) == (
        "half.yaml: file is 781.2 KB, over the 512.0 KB limit "
        "(split it into several files, or raise COCITE_MAX_FILE_MB)"
    )


@pytest.mark.slow
def test_fifty_megabyte_file_is_parsed_and_rejected_cleanly(tmp_path: Path) -> None:
    big = tmp_path / "fifty.yaml"
    big.write_bytes(b"x" * (50 * 1024 * 1024) + b"\n")
    assert load_file(big) == "x" * (50 * 1024 * 1024)


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
    assert first.key_lines == {"id": 1, "topics": 2}
    assert list(first["topics"].item_lines) == [3, 4]


def test_crlf_and_bom_are_read_as_plain_utf8() -> None:
    raw = "\ufeff- id: a\r\n  quote: |-\r\n    caf\u00e9\r\n    line two\r\n".encode()
    from cocite.yamlio import decode

    assert loads(decode(raw, "c.yaml"), "c.yaml") == [{"id": "a", "quote": "caf\u00e9\nline two"}]


def test_deep_nesting_is_refused() -> None:
    with pytest.raises(DataError) as info:
        loads("[" * 10_000 + "]" * 10_000, "deep.yaml")
    assert str(info.value.problems[0]) == "deep.yaml:1: nesting is deeper than 100 levels"


@pytest.mark.parametrize(
    "text",
    [
        "  leading spaces",
        "trailing spaces   ",
        "# not a comment\n- not a list\nkey: value",
        "line one\n\n\nline four\n",
        "tab\there",
        "\u202eRTL \u05e9\u05dc\u05d5\u05dd and emoji \U0001f600",
        "{{ jinja }} {% if x %}",
        pytest.param("x" * 5000, id="very-long-word"),
        '"quoted" and \'single\'',
        "ends with newline\n",
    ],
)
def test_written_text_reads_back_identically(text: str) -> None:
    records = [{"id": "a", "quote": text, "lead_in": text, "source": {"date": "2022-12"}}]
    written = dumps_records(records)
    assert loads(written, "w.yaml") == records
    assert dumps(loads(written, "w.yaml")) == dumps(records)


def test_canonical_writer_quotes_dates_and_uses_blocks() -> None:
    out = dumps_records([{
        "id": "a", "topics": ["stigma", "re-trafficking"], "quote": "one\ntwo",
        "source": {"date": "2022-12", "pages": "81"},
    }])
    assert out == (
        "# yaml-language-server: $schema=../schema/excerpts.schema.json\n"
        "- id: a\n"
        "  topics: [stigma, re-trafficking]\n"
        "  quote: |-\n"
        "    one\n"
        "    two\n"
        "  source:\n"
        '    date: "2022-12"\n'
        '    pages: "81"\n'
    )
