"""What `cocite add` starts from (cocite/add_request.py)."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from cocite.add_request import snippet, stdin_text, with_source
from cocite.errors import DataError, UsageError


class _Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


def test_standard_input_is_utf8_whatever_the_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin("\ufeffShkodër\n".encode()))
    assert stdin_text("the quote") == "Shkodër\n"
    monkeypatch.setattr(sys, "stdin", _Stdin(b"ok \xff"))
    with pytest.raises(UsageError) as caught:
        stdin_text("the quote (--quote -)")
    assert str(caught.value) == ("the quote (--quote -): standard input is not valid UTF-8 (byte "
                                 "0xff at offset 3); save the text as UTF-8")


def _named(data: bytes, name: str) -> io.BytesIO:
    stream = io.BytesIO(data)
    stream.name = name  # type: ignore[attr-defined]
    return stream


def test_snippet_is_one_record_named_by_its_file_or_stdin() -> None:
    assert snippet(None) == {}
    assert snippet(_named(b"- id: a\n  quote: q\n", "rec.yaml")) == {"id": "a", "quote": "q"}
    with pytest.raises(UsageError) as caught:
        snippet(_named(b"[1, 2]\n", "-"))
    assert str(caught.value).startswith("<stdin>: expected one record")


def test_snippet_that_is_not_utf8_names_the_file_and_line() -> None:
    with pytest.raises(DataError) as caught:
        snippet(_named(b"id: a\nquote: caf\xe9\n", "rec.yaml"))
    assert str(caught.value) == ("rec.yaml:2: not valid UTF-8 (byte 0xe9 at column 11); save the "
                                 "file as UTF-8")


def test_csl_source_goes_over_the_snippets_source(tmp_path: Path) -> None:
    csl = tmp_path / "zotero.json"
    csl.write_text(json.dumps([{"id": "k", "type": "report", "title": "T", "issued": {
        "date-parts": [[2021, 5]]}, "author": [{"literal": "UNICEF"}]}]), encoding="utf-8")
    base = {"id": "x", "source": {"author": "Old", "pages": "4"}}
    merged = with_source(base, csl, "k", "--source-from", "--key")
    assert merged["source"]["author"] == "UNICEF" and merged["source"]["pages"] == "4"
    assert base["source"] == {"author": "Old", "pages": "4"}  # the given mapping is not changed
    with pytest.raises(UsageError) as caught:
        with_source(base, csl, "nope", "FILE", "KEY")
    assert str(caught.value).startswith("KEY nope: no such item in ")
