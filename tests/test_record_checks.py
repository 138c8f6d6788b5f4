"""The semantic checks given a record at a time: a file taken back leaves no trace, and the
near-duplicate check sees every distinct quote of every file kept."""

from __future__ import annotations

from cocite.record_checks import RecordChecks
from cocite.yamlio import loads

PASSAGE = ("Men who return are stigmatised by their families and communities, and many do not "
           "tell anyone what happened to them for years after their return")


def _records(text: str) -> list[object]:
    return list(loads(text, "x.yaml"))


def test_a_file_taken_back_leaves_no_trace() -> None:
    checks = RecordChecks(None, None)
    first = checks.file("a.yaml")
    for rec in _records(f"- id: one\n  quote: {PASSAGE}\n"):
        first.record(rec)
    dropped = checks.file("b.yaml")
    for rec in _records(f"- id: two\n  quote: {PASSAGE}.\n- id: one\n  quote: other\n"):
        dropped.record(rec)
    assert [p.message for p in dropped.problems] == ["duplicate id, first used at a.yaml:1"]
    dropped.undo()
    assert dropped.problems == []
    last = checks.file("c.yaml")
    for rec in _records(f"- id: two\n  quote: {PASSAGE}!\n"):
        last.record(rec)
    assert last.problems == []
    assert [str(p) for p in checks.near_duplicate_warnings()] == [(
        "c.yaml:2: record two: quote: nearly the same quote as record one (a.yaml:1) (equal when "
        "case, punctuation and spacing are ignored); cite a passage once and tag that record "
        "with every topic it supports")]


def test_control_characters_and_overrides_are_found_in_every_nested_text() -> None:
    checks = RecordChecks(None, None).file("a.yaml")
    text = (
        '- id: nested\n  quote: "Clean."\n  footnotes: ["1 Fine.", "2 Bad\\u0085 here."]\n'
        '  source: {author: "Vatra\\u202e", kind: interview, date: "2023"}\n'
        '  translation: {original: "Ok\\u202a"}\n'
        '- id: clean\n  quote: "Nothing here."\n'
    )
    for rec in _records(text):
        checks.record(rec)
    assert [(p.record_id, p.field, p.severity, p.line) for p in checks.problems
            if "control" in p.message or "override" in p.message] == [
        ("nested", "footnotes[1]", "error", 3),
        ("nested", "source.author", "error", 4),
        ("nested", "translation.original", "warning", 5),
    ]
