"""Problems as validate prints them (cocite/problem_format.py)."""

from __future__ import annotations

import json
import re

from cocite.problem_format import lines
from cocite.problems import Problem

PROBLEMS = [
    Problem("a.yaml", 3, "r1", "quote", "is empty"),
    Problem("a.yaml", 9, "r2", "source.url", "not an address", "warning"),
]


def test_text_is_one_line_per_problem() -> None:
    assert lines(PROBLEMS, ["a.yaml"], 2, "text", False) == [
        "a.yaml:3: record r1: quote: is empty",
        "a.yaml:9: record r2: source.url: warning: not an address",
    ]
    assert lines([], ["a.yaml"], 2, "github", False) == []


def test_json_is_one_document() -> None:
    (text,) = lines(PROBLEMS, ["a.yaml"], 2, "json", True)
    report = json.loads(text)
    assert (report["valid"], report["errors"], report["warnings"], report["records"]) == (
        False, 1, 1, 2)


def test_github_annotations_then_the_plain_lines_between_a_fresh_stop_token() -> None:
    out = lines(PROBLEMS, ["a.yaml"], 2, "github", False)
    assert out[0] == "::error file=a.yaml,line=3,title=record r1::quote: is empty"
    assert out[1] == ("::warning file=a.yaml,line=9,title=record r2::source.url: not an "
                      "address")
    token = out[2].removeprefix("::stop-commands::")
    assert re.fullmatch(r"[0-9a-f]{32}", token)
    assert out[3:] == [*lines(PROBLEMS, ["a.yaml"], 2, "text", False), f"::{token}::"]
    assert lines(PROBLEMS, ["a.yaml"], 2, "github", False)[2] != out[2]
