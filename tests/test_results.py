"""What list, search, build and check-links print (cocite/results.py)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from bundle_support import library, record

from cocite.links import LinkResult
from cocite.query import Selection
from cocite.results import (
    LINK_COLUMNS,
    bundle_lines,
    count_line,
    hits_as,
    hits_line,
    link_rows,
    listed,
    records_as,
)
from cocite.search import Hit


def test_listed_is_every_record_when_no_filter_is_given() -> None:
    lib = library(record("a"), record("b"), record("c"))
    assert [r.id for r in listed(lib, Selection())] == ["a", "b", "c"]
    assert [r.id for r in listed(lib, Selection(exclude=("b",)))] == ["a", "c"]
    assert [r.id for r in listed(lib, Selection(ids=("c",)))] == ["c"]


def test_records_in_each_format() -> None:
    records = [record("a"), record("b-2")]
    assert records_as(records, "ids", 80) == "a\nb-2\n"
    assert records_as(records, "yaml", 80) == "ids:\n  - a\n  - b-2\n"
    assert records_as(records, "csv", 80).splitlines()[0] == (
        "id,date,source,title,section,topics,profiles,first_words")
    assert records_as(records, "json", 80).startswith('[\n  {\n    "id": "a",')
    table = records_as(records, "table", 80)
    assert table.endswith("\n") and not table.endswith("\n\n")
    assert table.splitlines()[1].startswith("a ")


def test_counts_and_what_is_said_about_hits() -> None:
    assert [count_line([]), count_line([record("a")]), count_line([record("a")] * 2)] == [
        "0 records", "1 record", "2 records"]
    hit = Hit(1, record("a"), 1.5, "a \x02stigma\x03 b")
    assert hits_line([], "ids") == "no records match; try fewer words, word* or OR"
    assert hits_line([hit], "table") == "1 record (best first)"
    assert hits_line([hit], "json") is None
    assert hits_as([hit], "ids") == "a\n"
    assert hits_as([hit], "table") == (
        "1. a  ·  UK Home Office  ·  2022-12  ·  stigma\n   a stigma b\n\n")


def test_bundle_lines_name_the_size_the_place_the_notes_and_the_manifest() -> None:
    result: Any = SimpleNamespace(output=None, extracts=1, sources=2, pages=1,
                                  bundle=SimpleNamespace(notes=["one", "two"]), manifest=None)
    assert bundle_lines(result) == [
        "1 extract from 2 sources, about 1 page: standard output", "note: one", "note: two"]
    result.output, result.extracts, result.manifest = "b.docx", 3, "b.docx.manifest.json"
    result.bundle.notes = []
    assert bundle_lines(result) == ["3 extracts from 2 sources, about 1 page: b.docx",
                                    "manifest: b.docx.manifest.json"]


def test_link_rows_leave_out_the_links_that_are_fine() -> None:
    results = [LinkResult("https://a.example", "ok", 200, records=("r1 (url)",)),
               LinkResult("https://b.example/[/bold]", "dead", 404, note="gone",
                          records=("r2 (url)", "r3 (archive_url)")),
               LinkResult("https://c.example", "timeout")]
    assert len(LINK_COLUMNS) == 5
    assert link_rows(results) == [
        ("dead", "404", "https://b.example/[/bold]", "r2 (url), r3 (archive_url)", "gone"),
        ("timeout", "", "https://c.example", "", "")]
