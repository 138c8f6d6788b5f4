"""The loader against the official YAML test suite (one folder per case, from
github.com/yaml/yaml-test-suite, kept beside the clone at ``../shared/yaml-test-suite/``).

Every document is either read exactly as the suite's ``in.json`` says, or refused with the
file, a line and a reason; every invalid document (``error``) is refused. Refusing what cocite
does not allow (anchors, tags, several documents, complex keys) and what libyaml reads
differently from the spec (see cocite/yamlio/conformance.py) is fine; a different value is not.
``COCITE_YAML_TEST_SUITE`` may point elsewhere.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from conftest import SHARED

from cocite.errors import DataError
from cocite.fmt import same_data
from cocite.yamlio import ListStream, load_file

SUITE = Path(os.environ.get("COCITE_YAML_TEST_SUITE") or SHARED / "yaml-test-suite")
CASES = sorted(p.parent for p in SUITE.rglob("in.yaml")) if SUITE.is_dir() else []


def json_documents(text: str) -> list[Any]:
    decoder, i, out = json.JSONDecoder(), 0, []
    text = text.strip()
    while i < len(text):
        value, i = decoder.raw_decode(text, i)
        out.append(value)
        while i < len(text) and text[i].isspace():
            i += 1
    return out


def outcome(case: Path) -> tuple[str, Any]:
    path = case / "in.yaml"
    try:
        return "read", load_file(path, str(path))
    except DataError as exc:
        return "refused", exc.problems[0]


@pytest.mark.needs_shared  # skipped without ../shared, except in CI (see conftest.py)
def test_every_case_read_as_the_spec_says_or_refused_with_a_line() -> None:
    assert CASES, f"no YAML test suite cases under {SUITE}"
    counts = {"same": 0, "refused": 0, "invalid refused": 0, "read (no JSON to compare)": 0}
    wrong: list[str] = []
    for case in CASES:
        name = str(case.relative_to(SUITE))
        kind, got = outcome(case)
        if kind == "refused":
            if got.file != str(case / "in.yaml") or got.line is None or not got.message:
                wrong.append(f"{name}: refused without file, line and reason: {got}")
            counts["invalid refused" if (case / "error").exists() else "refused"] += 1
            continue
        if (case / "error").exists():
            wrong.append(f"{name}: an invalid document was accepted as {got!r}")
        elif (case / "in.json").exists():
            expected = json_documents((case / "in.json").read_text(encoding="utf-8"))
            if expected == [] and got is None or (len(expected) == 1
                                                  and same_data(got, expected[0])):
                counts["same"] += 1
            else:
                wrong.append(f"{name}: read {got!r}, the spec says {expected!r}")
        else:
            counts["read (no JSON to compare)"] += 1
    assert wrong == []
    # The figures the README's Reliability table gives (402 cases in the suite's data release).
    assert sum(counts.values()) == len(CASES)
    print(counts)


def streamed(case: Path) -> tuple[str, Any]:
    """The case read a top-level list item at a time, as record files are checked."""
    path = case / "in.yaml"
    stream = ListStream(path, str(path))
    try:
        items = [item for _, item in stream]
    except DataError as exc:
        return "refused", exc.problems[0]
    return "read", items if isinstance(stream.document, list) else stream.document


@pytest.mark.needs_shared
def test_every_case_streamed_reads_as_it_does_whole() -> None:
    assert CASES, f"no YAML test suite cases under {SUITE}"
    differ = [str(case.relative_to(SUITE)) for case in CASES if streamed(case) != outcome(case)]
    assert differ == []
