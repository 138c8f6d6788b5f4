"""The canonical writer, and that it never emits a form the loader cannot read back, wherever a
record sits in a file.

Every record shape (each hard string in each text field) is written at the start, in the
middle and at the end of a records file, the file is reloaded, and every record must come back
exactly; a second record added after it (as ``cocite add`` does) must not break the file.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from cocite.fmt import same_data
from cocite.yamlio import dumps, dumps_records, loads

HARD_TEXT = [
    "plain", "", " ", "  leading spaces", "trailing space ", "trailing tab\t", "tab\tinside",
    "one line\n", "two newlines\n\n", "three\n\n\n", "\nleading newline", "\n\n",
    "line\n  indented\nback", "ends in spaces\n   ", "blank line inside\n\nafter",
    "...", "---", "line\n...\nmore", "line\n---\nmore", "# not a comment", "a # b", "key: value",
    "- item", "[x]", "{x}", "'single'", '"double"', "\\backslash", "%YAML", "@at", "`tick`",
    "So\x85me", "line\u2028sep", "para\u2029sep", "car\rriage", "crlf\r\nend", "\r",
    "bidi \u202e text", "nbsp\u00a0here", "bom\ufeffin", "emoji \U0001F600", "x" * 300,
    ("long " * 40) + "\n" + ("more " * 40), "true", "null", "0o17", "1e5", "~", "2022-12",
    "|", ">", "|+\n", "*alias", "&anchor", "!tag", "? key", ": colon", "- \n-",
]
FIELDS = ["quote", "lead_in", "id", "note", "footnotes", "title"]


def record(rid: str, field: str = "quote", text: str = "plain") -> dict[str, Any]:
    rec: dict[str, Any] = {"id": rid, "material": "desk-review", "topics": ["stigma"],
                           "source": {"author": "A", "title": "T", "date": "2022"},
                           "quote": "ordinary quote"}
    if field == "note":
        rec["translation"] = {"original": "o", "note": text}
    elif field == "footnotes":
        rec["footnotes"] = ["plain", text]
    elif field == "title":
        rec["source"]["title"] = text
    else:
        rec[field] = text
    return rec


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("text", HARD_TEXT, ids=[repr(t)[:30] for t in HARD_TEXT])
def test_every_shape_reads_back_at_start_middle_and_end(field: str, text: str) -> None:
    hard = record("hard", field, text)
    for position in range(3):
        others = [record("before"), record("after")]
        records = others[:position] + [hard] + others[position:]
        written = dumps_records(records)
        assert not re.search("^\\.\\.\\.$", written, re.MULTILINE), written
        assert not re.search("[\r\x85\u2028\u2029]", written)
        assert same_data(loads(written, "f.yaml"), records)
        # One more record after it, as `cocite add` appends: still loads.
        more = dumps_records([*records, record("added")])
        assert loads(more, "f.yaml")[-1]["id"] == "added"


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
