"""Formatting citations (`citation/format.py`): a warm citation is read, not formatted again,
and citations are kept in the library's index."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DATA

from cocite.citation.csl import Engine
from cocite.citation.format import citation_parts
from cocite.cli import cli
from cocite.models import Source


def test_a_warm_citation_is_read_not_formatted(monkeypatch: pytest.MonkeyPatch) -> None:
    src = Source(author="Cache Test", kind="report", date="2020", title="Once")
    first = citation_parts(src, "apa")

    def boom(*_: object) -> None:
        raise AssertionError("formatted again")

    monkeypatch.setattr(Engine, "parts", boom)
    assert citation_parts(src, "apa") == first


def test_citations_are_kept_in_the_library_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from cocite.citation import format as F

    data = DATA / "case-library"
    out = tmp_path / "bundle.md"
    args = ["--data", str(data), "build", "--all", "--style", "apa", "-o", str(out), "-q"]
    monkeypatch.setattr(F, "_FORMATTER", F._Formatter())  # as a new process
    assert CliRunner().invoke(cli, args).exit_code == 0
    F.flush()
    first = out.read_text(encoding="utf-8")
    cache = tmp_path / "xdg-cache" / "cocite"
    assert not (cache / "citations.sqlite").exists()
    (index,) = cache.glob("index-*.sqlite3")
    with sqlite3.connect(index) as db:
        stored = db.execute("SELECT COUNT(*) FROM citation").fetchone()[0]
    assert stored > 0
    # A warm build reads every citation from the index: formatting one would fail here.
    monkeypatch.setattr(F, "_FORMATTER", F._Formatter())

    def no_formatting(*args: object) -> None:
        raise AssertionError("a citation was formatted again instead of read from the index")

    monkeypatch.setattr(Engine, "load", no_formatting)
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == first
