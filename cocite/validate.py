"""Checks for records, vocabularies and report lists: every problem, with file, line and field.

Structure is checked against the JSON Schemas of :mod:`cocite.schema` (a compiled fast path;
the full error list is collected only when the fast path finds something), then semantics:
here those of vocabularies and report lists; those of records in :mod:`cocite.record_checks`.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from cocite.countries import country_problem
from cocite.patterns import COUNTRY, PATTERN_HELP, SLUG
from cocite.problems import Problem, sorted_problems
from cocite.schema import SCHEMAS
from cocite.terms import did_you_mean
from cocite.yamlio import LineDict, LineList


def describe(value: Any) -> str:
    """A value as the user wrote it, for "got ..." in messages."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return f"{shown!r}" if value.strip() else "empty text"
    if isinstance(value, list):
        return "a list" if value else "an empty list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__  # pragma: no cover


_TYPE_WORDS = {
    "string": "text",
    "array": "a list",
    "object": "a mapping of fields",
    "null": "null",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
}


def _expected_type(types: str | list[str]) -> str:
    if isinstance(types, str):
        types = [types]
    return " or ".join(_TYPE_WORDS.get(t, t) for t in types)


# ---------------------------------------------------------------------------------------
# Structure (JSON Schema)


@cache
def _fast_validator(kind: str) -> Callable[[Any], Any]:
    import fastjsonschema

    return fastjsonschema.compile(SCHEMAS[kind])


@cache
def _full_validator(kind: str) -> Any:
    import jsonschema

    cls = jsonschema.validators.validator_for(SCHEMAS[kind])
    return cls(SCHEMAS[kind])


def _passes(kind: str, data: Any) -> bool:
    import fastjsonschema

    try:
        _fast_validator(kind)(data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def _line_at(root: Any, path: Sequence[Any]) -> int | None:
    """The line of the deepest node on ``path`` that knows its line."""
    node, line = root, getattr(root, "line", None)
    for step in path:
        if isinstance(node, LineDict) and isinstance(step, str) and step in node:
            line = node.line_of(step)
            node = node[step]
        elif isinstance(node, LineList) and isinstance(step, int) and step < len(node):
            line = node.line_of(step)
            node = node[step]
        else:
            break
    return line


def key_text(key: object) -> str:
    """A field name for a message: as written, or quoted when it holds spaces or controls.

    An unknown key may be anything (``"\\r"``, ``"a\\nb"``); written raw it would split the
    problem's line in two, and the second line would no longer name the file.
    """
    text = str(key)
    return text if text and text.isprintable() and text.strip() == text else repr(text)


def _field_name(path: Sequence[Any]) -> str | None:
    parts: list[str] = []
    for step in path:
        if isinstance(step, int):
            if parts:
                parts[-1] += f"[{step}]"
        else:
            parts.append(key_text(step))
    return ".".join(parts) or None


def _schema_messages(error: Any) -> list[tuple[list[Any], str]]:
    """One (extra path, message) per problem: jsonschema reports all unknown fields of a
    mapping as one error, and cocite names each of them on its own line."""
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = list(error.schema.get("properties", {}))
        extras = [k for k in error.instance if k not in allowed]
        return [
            ([name], f"unknown field{did_you_mean(str(name), allowed)} (allowed: {', '.join(allowed)})")
            for name in extras
        ] or [_schema_message(error)]
    return [_schema_message(error)]


def _schema_message(error: Any) -> tuple[list[Any], str]:
    """(extra path, message) for one jsonschema error, in cocite's words."""
    v, value, inst = error.validator, error.validator_value, error.instance
    if v == "required":
        # jsonschema reports each missing field as its own error: name the one this is
        # (taking the first missing every time reported only it, and hid the others).
        missing = [name for name in value if isinstance(inst, dict) and name not in inst]
        named = [name for name in missing if error.message == f"{name!r} is a required property"]
        name = (named or missing or ["?"])[0]
        return [name], "missing; this field is required"
    if v == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        extras = [k for k in inst if k not in allowed] if isinstance(inst, dict) else []
        name = extras[0] if extras else "?"
        return [name], f"unknown field{did_you_mean(str(name), allowed)} (allowed: {', '.join(allowed)})"
    if v == "type":
        return [], f"expected {_expected_type(value)}, got {describe(inst)}"
    if v == "enum":
        got = describe(inst)
        hint = did_you_mean(inst, [str(x) for x in value]) if isinstance(inst, str) else ""
        return [], f"expected one of {', '.join(map(str, value))}, got {got}{hint}"
    if v == "pattern":
        return [], f"expected {PATTERN_HELP.get(value, 'text matching ' + value)}, got {describe(inst)}"
    if v == "minItems":
        return [], f"expected at least {value} item{'s' if value != 1 else ''}, got {describe(inst)}"
    if v == "uniqueItems":
        dupes = sorted({x for x in inst if inst.count(x) > 1}, key=str)
        return [], f"expected each item once, got {', '.join(map(repr, dupes))} more than once"
    if v == "propertyNames":
        return [], f"expected names that are {PATTERN_HELP[SLUG]}"
    return [], error.message  # pragma: no cover - every keyword used above is handled


def _record_id(root: Any, path: Sequence[Any]) -> str | None:
    if isinstance(root, list) and path and isinstance(path[0], int) and path[0] < len(root):
        item = root[path[0]]
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            return str(item["id"])
    return None


def check_structure(kind: str, data: Any, file: str) -> list[Problem]:
    """Every structural problem of one parsed file of the given kind."""
    return _structure(kind, data, file)[0]


def records_problems(records: LineList, file: str) -> tuple[list[Problem], set[int]]:
    """Every structural problem of some records of a records file (each with its line in
    ``records.item_lines``), and the indexes of the records that have any.

    The same problems, on the same lines, as checking the whole file: a records file is a
    list of records and nothing more, so a library can be checked some records at a time.
    """
    problems, bad = _structure("excerpts", records, file)
    return problems, bad or set()


def _structure(kind: str, data: Any, file: str) -> tuple[list[Problem], set[int] | None]:
    """Problems, and the indexes of top-level items that have any (None: the whole file)."""
    if data is None:
        what = "a list of records" if kind == "excerpts" else f"{kind} data"
        return [Problem(file, 1, message=f"file is empty: expected {what}")], None
    top = SCHEMAS[kind]["type"]
    if top == "array" and not isinstance(data, list):
        return [Problem(
            file, getattr(data, "line", 1),
            message=f"expected a list of {'records' if kind == 'excerpts' else 'reports'} "
            f"at the top level (lines starting with '- '), got {describe(data)}",
        )], None
    if top == "object" and not isinstance(data, dict):
        return [Problem(
            file, getattr(data, "line", 1),
            message=f"expected a mapping with topics and profiles at the top level, got {describe(data)}",
        )], None
    if _passes(kind, data):
        return [], set()
    problems = []
    bad: set[int] = set()
    for error in _full_validator(kind).iter_errors(data):
        # if/then failures also report the inner error; keep the inner one only.
        if error.validator in ("if", "then"):
            continue
        for extra, message in _schema_messages(error):
            path = list(error.absolute_path) + extra
            if path and isinstance(path[0], int):
                bad.add(path[0])
            line = _line_at(data, path)
            rel = path[1:] if kind != "vocabulary" and path and isinstance(path[0], int) else path
            problems.append(Problem(
                file, line, _record_id(data, path) if kind == "excerpts" else None,
                _field_name(rel), message,
            ))
    return sorted_problems(problems), bad


# ---------------------------------------------------------------------------------------
# Semantics


def _today() -> _dt.date:
    return _dt.date.today()


def check_date(text: str) -> str | None:
    """None when ``text`` is a real, past calendar date at its precision, else the reason."""
    parts = [int(p) for p in text.split("-")]
    year, month, day = (parts + [1, 1])[:3]
    try:
        _dt.date(year, month, day)
    except ValueError as exc:
        return f"expected a real calendar date, got {text!r} ({exc})"
    today = _today()
    if (year, month if len(parts) > 1 else 0, day if len(parts) > 2 else 0) > (
        today.year, today.month if len(parts) > 1 else 0, today.day if len(parts) > 2 else 0,
    ):
        return f"expected a date that is not in the future, got {text!r}"
    return None


def check_url(text: str) -> str | None:
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        return f"expected a valid http(s) address, got {text!r} ({exc})"
    if parts.scheme not in ("http", "https") or not parts.hostname or "." not in parts.hostname:
        return f"expected a valid http(s) address with a host name, got {text!r}"
    return None


COMMENT_MESSAGE = (
    "comments are not kept in data files (cocite fmt would drop them): put editorial "
    "notes in the pull request description; see CONTRIBUTING.md, \"Notes and comments\""
)


def comment_problems(file: str, lines: Iterable[int]) -> list[Problem]:
    """An error for each line holding a YAML comment (the line-1 modeline is allowed)."""
    return [Problem(file, line, message=COMMENT_MESSAGE) for line in lines]


def check_vocabulary(data: LineDict, file: str) -> list[Problem]:
    """Ids and aliases unique across topics and profiles; shorthands name real profiles."""
    problems: list[Problem] = []
    for kind in ("topics", "profiles"):
        seen: dict[str, int] = {}
        terms: LineList = data.get(kind) or LineList(data.line)
        for i, term in enumerate(terms):
            for j, name in enumerate([term["id"], *term.get("aliases", [])]):
                line = terms.line_of(i)
                field = f"{kind}[{i}].id" if j == 0 else f"{kind}[{i}].aliases[{j - 1}]"
                if name in seen:
                    problems.append(Problem(
                        file, line, None, field,
                        f"{name!r} is already used on line {seen[name]}; ids and aliases must be unique",
                    ))
                else:
                    seen[name] = line
    profile_ids = {p["id"] for p in data.get("profiles") or []}
    shorthands = data.get("shorthands") or {}
    for name, targets in shorthands.items():
        for i, target in enumerate(targets):
            if target not in profile_ids:
                problems.append(Problem(
                    file, getattr(shorthands, "line_of", lambda _: None)(name), None, f"shorthands.{name}[{i}]",
                    f"unknown profile {target!r}{did_you_mean(target, profile_ids)}",
                ))
    return problems


def check_reports(data: LineList, file: str) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for i, report in enumerate(data):
        line = data.line_of(i)
        if report["id"] in seen:
            problems.append(Problem(file, line, None, "id",
                                    f"duplicate report id, first on line {seen[report['id']]}"))
        seen.setdefault(report["id"], line)
        for key in ("url", "annex_url"):
            if isinstance(report.get(key), str):
                reason = check_url(report[key])
                if reason:
                    problems.append(Problem(file, report.line_of(key), None, key, reason))
        if isinstance(report.get("date"), str):
            reason = check_date(report["date"])
            if reason:
                problems.append(Problem(file, report.line_of("date"), None, "date", reason))
        country = report.get("country")
        if isinstance(country, str) and re.fullmatch(COUNTRY, country):
            reason = country_problem(country)
            if reason:
                problems.append(Problem(file, report.line_of("country"), None, "country", reason))
    return problems
