"""schema/*.schema.json (what editors' VS Code uses) and `cocite validate` never disagree.

The split: JSON Schema expresses *structure* (fields, types, enums, patterns, "a title unless
the source is an interview"). What needs the rest of the library or the calendar is
*semantic* and only `cocite validate` checks it: unknown topics/profiles/reports, duplicate
ids and quotes, real and past dates, URL host names, control characters, comments. So:
a file is structurally valid for jsonschema exactly when cocite finds no structural problem,
and a structurally invalid file always fails `cocite validate`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from cocite import validate as V
from cocite.errors import DataError
from cocite.checking import validate as run_validate
from cocite.schema import SCHEMAS, schema_json
from cocite.yamlio import loads

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
def test_schema_file_is_generated_from_cocite_schema(kind: str) -> None:
    path = REPO / "schema" / f"{kind}.schema.json"
    assert path.read_text(encoding="utf-8") == schema_json(kind), (
        f"{path.name} is out of date: run `cocite schema`"
    )


def _kind(path: Path) -> str:
    if path.stem in ("vocabulary", "reports"):
        return path.stem
    if path.name.startswith("case-") and path.parent == DATA:
        return "casefile"
    return "excerpts"


def _file_schema(kind: str) -> Any:
    return json.loads((REPO / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8"))


def _agree(kind: str, data: Any, name: str) -> tuple[bool, bool]:
    by_jsonschema = not list(jsonschema.Draft7Validator(_file_schema(kind)).iter_errors(data))
    by_cocite = not V.check_structure(kind, data, name)
    return by_jsonschema, by_cocite


FIXTURES = sorted(p for p in DATA.rglob("*.y*ml") if p.suffix in (".yaml", ".yml"))


def _load(path: Path) -> tuple[Any, DataError | None]:
    try:
        return loads(path.read_bytes().decode("utf-8", "replace"), path.name), None
    except DataError as exc:
        return None, exc


# Fixtures that are YAML syntax errors (or not UTF-8) have no structure to compare: they are
# selected apart, and each must be refused with its file and line.
PARSED = [p for p in FIXTURES if _load(p)[1] is None]
UNPARSED = [p for p in FIXTURES if _load(p)[1] is not None]


def _id(path: Path) -> str:
    return str(path.relative_to(DATA))


@pytest.mark.parametrize("path", PARSED, ids=_id)
def test_every_fixture_is_judged_alike(path: Path) -> None:
    data, _ = _load(path)
    by_jsonschema, by_cocite = _agree(_kind(path), data, path.name)
    assert by_jsonschema == by_cocite
    if not by_jsonschema and _kind(path) == "excerpts":
        assert run_validate([path]).errors


@pytest.mark.parametrize("path", UNPARSED, ids=_id)
def test_fixture_that_does_not_parse_is_refused_with_its_line(path: Path) -> None:
    _, error = _load(path)
    assert error is not None
    problem = error.problems[0]
    assert (problem.file, problem.line is not None) == (path.name, True), str(problem)


BASE = """\
- id: a-1
  topics: [stigma]
  material: desk-review
  quote: Text.
  source:
    author: A
    title: T
    kind: report
    date: "2022-12"
    url: https://example.org/a
"""

# (case, replacement applied to BASE, verdict: ok | structural | semantic)
CASES = [
    ("valid", ("", ""), "ok"),
    ("missing-quote", ("  quote: Text.\n", ""), "structural"),
    ("topics-not-a-list", ("topics: [stigma]", "topics: stigma"), "structural"),
    ("empty-topics", ("topics: [stigma]", "topics: []"), "structural"),
    ("bad-material", ("desk-review", "desk review"), "structural"),
    ("bad-id", ("id: a-1", "id: A_1"), "structural"),
    ("date-as-number", ('date: "2022-12"', "date: 2022"), "structural"),
    ("date-format", ('date: "2022-12"', 'date: "12/2022"'), "structural"),
    ("unknown-field", ("  quote: Text.\n", "  quote: Text.\n  colour: red\n"), "structural"),
    ("no-title-for-report", ("    title: T\n", ""), "structural"),
    ("no-title-for-interview", ("    title: T\n    kind: report\n", "    kind: interview\n"), "ok"),
    ("ftp-url", ("https://example.org/a", "ftp://example.org/a"), "structural"),
    ("blank-quote", ("quote: Text.", "quote: ' '"), "structural"),
    ("duplicate-topic", ("[stigma]", "[stigma, stigma]"), "structural"),
    # Semantic only: structurally fine, caught by `cocite validate` alone.
    ("unknown-topic", ("[stigma]", "[stigmaa]"), "semantic"),
    ("impossible-date", ('"2022-12"', '"2022-02-30"'), "semantic"),
    ("future-date", ('"2022-12"', '"2999"'), "semantic"),
    ("host-without-dot", ("https://example.org/a", "https://localhost/a"), "semantic"),
    ("control-character", ("quote: Text.", 'quote: "Te\\u0007xt."'), "semantic"),
]


@pytest.mark.parametrize(("old_new", "verdict"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_structural_cases_agree(old_new: tuple[str, str], verdict: str, tmp_path: Path) -> None:
    old, new = old_new
    assert old in BASE
    text = BASE.replace(old, new, 1)
    data = loads(text, "case.yaml")
    structural_ok = verdict != "structural"
    assert _agree("excerpts", data, "case.yaml") == (structural_ok, structural_ok)
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    (tmp_path / "vocabulary.yaml").write_text(
        "topics: [{id: stigma, label: Stigma}]\nprofiles: []\n", encoding="utf-8")
    (tmp_path / "reports.yaml").write_text("[]\n", encoding="utf-8")
    # Structural and semantic problems both fail `cocite validate`; "ok" passes it.
    assert bool(run_validate([path]).errors) == (verdict != "ok")
