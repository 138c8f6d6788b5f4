"""Checks for records, vocabularies and report lists: every problem, with file, line and field.

Structure is checked against the JSON Schemas of :mod:`cocite.schema` (a compiled fast path;
the full error list is collected only when the fast path finds something), then semantics:
unique ids, known tags, real dates, URLs, control characters, report references, duplicates.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from cocite.countries import country_problem
from cocite.footnote_markers import unmatched_markers
from cocite.models import Vocabulary
from cocite.patterns import COUNTRY, DATE, PATTERN_HELP, SLUG, URL
from cocite.problems import Problem, sorted_problems
from cocite.schema import SCHEMAS
from cocite.terms import did_you_mean
from cocite.yamlio import LineDict, LineList

# C0 controls other than tab and line feed, DEL, the C1 controls, and the two non-characters
# Word rejects. C1 controls show as nothing or a box, and are mostly Windows-1252 punctuation
# read as Latin-1 (U+0085 was an ellipsis); a Markdown reader turns an edge U+0085 into U+FFFD.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_PROSE = frozenset({"quote", "lead_in", "translation.original", "translation.note", "footnotes"})
MAX_ID_LENGTH = 100


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


def valid_records(data: Any, file: str) -> tuple[list[Problem], list[LineDict]]:
    """Structural problems of a records file, and the records that have none."""
    problems, bad = _structure("excerpts", data, file)
    if not isinstance(data, list) or (problems and bad is None):
        return problems, []
    return problems, [r for i, r in enumerate(data) if i not in (bad or set())]


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


def _walk_strings(value: Any, path: str) -> Iterable[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _walk_strings(v, f"{path}.{key_text(k)}" if path else key_text(k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _walk_strings(v, f"{path}[{i}]")


def _field_line(record: LineDict, dotted: str) -> int:
    node: Any = record
    line = record.line
    for part in re.split(r"\.|\[(\d+)\]", dotted):
        if not part:
            continue
        if isinstance(node, LineDict) and part in node:
            line, node = node.line_of(part), node[part]
        elif isinstance(node, LineList) and part.isdigit() and int(part) < len(node):
            line, node = node.line_of(int(part)), node[int(part)]
    return line


def _normalise_quote(text: str) -> bytes:
    """A digest of the quote with white space folded: equal quotes, equal digests.

    A digest rather than the text itself: at 100,000 records a second copy of every quote
    would be ~100 MB held only to find exact duplicates.
    """
    folded = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.blake2b(folded.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def check_records(
    files: Sequence[tuple[str, list[LineDict]]],
    vocabulary: Vocabulary | None,
    report_ids: set[str] | None,
    advance: Callable[[int], None] | None = None,
    duplicates: bool = True,
) -> list[Problem]:
    """Semantic problems across all records of all files (``advance`` hears of progress).

    ``duplicates=False`` leaves out the repeated-quote warnings (loading a library for a
    command needs its errors, not these; ``validate`` reports them).
    """
    problems: list[Problem] = []
    first_id: dict[str, tuple[str, int]] = {}
    first_quote: dict[bytes, tuple[str, str, int]] = {}
    distinct: list[tuple[str, str | None, str, LineDict]] = []  # for near-duplicate checks
    topic_ids = _term_index(vocabulary, "topics") if vocabulary else None
    profile_ids = _term_index(vocabulary, "profiles") if vocabulary else None

    for file, records in files:
        for index, rec in enumerate(records):
            if advance is not None and index % 1000 == 999:
                advance(1000)
            if not isinstance(rec, LineDict):
                continue
            rid = rec.get("id") if isinstance(rec.get("id"), str) else None

            def add(field: str | None, message: str, severity: str = "error",
                    *, _rid: str | None = rid, _rec: LineDict = rec, _file: str = file) -> None:
                line = _field_line(_rec, field) if field else _rec.line
                problems.append(Problem(_file, line, _rid, field, message, severity))  # type: ignore[arg-type]

            if rid is not None:
                if rid in first_id:
                    other_file, other_line = first_id[rid]
                    add("id", f"duplicate id, first used at {other_file}:{other_line}")
                else:
                    first_id[rid] = (file, rec.line)

            for key, known in (("topics", topic_ids), ("profiles", profile_ids)):
                tags = rec.get(key)
                if known is None or not isinstance(tags, list) or vocabulary is None:
                    continue
                for i, tag in enumerate(tags):
                    if isinstance(tag, str) and tag not in known:
                        add(f"{key}[{i}]", _unknown_term(vocabulary, key, tag, known))

            country = rec.get("country")
            if isinstance(country, str) and re.fullmatch(COUNTRY, country):
                reason = country_problem(country)
                if reason:
                    add("country", reason)

            source = rec.get("source")
            source = source if isinstance(source, dict) else {}
            for key in ("date", "accessed"):
                value = source.get(key)
                if isinstance(value, str) and re.fullmatch(DATE, value):
                    reason = check_date(value)
                    if reason:
                        add(f"source.{key}", reason)
            for key in ("url", "archive_url"):
                value = source.get(key)
                if isinstance(value, str) and re.fullmatch(URL, value):
                    reason = check_url(value)
                    if reason:
                        add(f"source.{key}", reason)
            if rec.get("material") == "desk-review" and "url" not in source:
                add("source", "desk-review material should link to its source: add source.url "
                    "(or url: null when no link is known)", "warning")

            for dotted, text in _walk_strings(rec, ""):
                bad = _CONTROL.search(text)
                if bad:
                    add(dotted, f"contains the control character U+{ord(bad.group()):04X}, "
                        "which Word cannot show; remove it")
                bidi = _BIDI.search(text)
                if bidi:
                    # Shown in another order than stored (the "Trojan Source" trick): never in
                    # an id, a tag, a source field; in a quote only if the source has it.
                    prose = dotted.split("[")[0] in _PROSE
                    add(dotted, f"contains the bidirectional override U+{ord(bidi.group()):04X}, "
                        "which makes text display in another order than it is stored"
                        + ("; keep it only if the source has it" if prose else "; remove it"),
                        "warning" if prose else "error")
            rid = rec.get("id")
            if isinstance(rid, str) and len(rid) > MAX_ID_LENGTH:
                add("id", f"is {len(rid)} characters long; an id has at most {MAX_ID_LENGTH} "
                    "(it is typed, and names files)")

            cited = rec.get("cited_in")
            for i, place in enumerate(cited if isinstance(cited, list) else []):
                report = place.get("report") if isinstance(place, dict) else None
                if report_ids is not None and isinstance(report, str) and report not in report_ids:
                    add(f"cited_in[{i}].report", f"unknown report {report!r}"
                        f"{did_you_mean(report, report_ids)} (see data/reports.yaml)")

            quote = rec.get("quote")
            notes = rec.get("footnotes")
            notes = [n for n in notes if isinstance(n, str)] if isinstance(notes, list) else []
            if isinstance(quote, str):
                for number in unmatched_markers(quote, notes):
                    add("quote", f"the footnote marker {number!r} (a number glued to a word) has no "
                        f"footnote: add its text to footnotes as \"{number} ...\"", "warning")
            if duplicates and isinstance(quote, str) and quote.strip():
                digest = _normalise_quote(quote)
                if digest in first_quote:
                    other_id, other_file, other_line = first_quote[digest]
                    add("quote", f"same quote as record {other_id} ({other_file}:{other_line}); "
                        "cite a passage once and tag that record with every topic it supports",
                        "warning")
                else:
                    first_quote[digest] = (rid or "?", file, rec.line)
                    distinct.append((quote, rid, file, rec))
    problems.extend(near_duplicate_problems(distinct))
    return problems


def _places(rec: LineDict) -> set[tuple[Any, Any]]:
    cited = rec.get("cited_in")
    items = cited if isinstance(cited, list) else []
    return {(c.get("report"), c.get("section")) for c in items if isinstance(c, dict)}


def _different_sections(a: LineDict, b: LineDict) -> bool:
    """Cited in the same report but not in a common section."""
    pa, pb = _places(a), _places(b)
    return bool({r for r, _ in pa} & {r for r, _ in pb}) and not pa & pb


def _different_authors(a: LineDict, b: LineDict) -> bool:
    def author(rec: LineDict) -> str | None:
        source = rec.get("source")
        name = source.get("author") if isinstance(source, dict) else None
        return " ".join(name.casefold().split()) if isinstance(name, str) else None

    first, second = author(a), author(b)
    return first is not None and second is not None and first != second


def expected_overlap(a: LineDict, b: LineDict, same: bool) -> bool:
    """Overlapping quotes that are not the same passage cited twice.

    A compiled report quotes one passage, or cuts of it, under several sections on purpose
    (each record then carries its own section's topics). And a longer quote from one source
    that contains a sentence another source also wrote is corroboration, not a repeat; the
    same quote (``same``) under two authors still is one, most likely a mistyped source.
    """
    return _different_sections(a, b) or (not same and _different_authors(a, b))


def near_duplicate_problems(quotes: Sequence[tuple[str, str | None, str, LineDict]]) -> list[Problem]:
    """Warnings for quotes that repeat another after normalising, or largely overlap it."""
    from cocite.similarity import near_duplicates

    problems = []
    for match in near_duplicates([q[0] for q in quotes]):
        _, other_id, other_file, other = quotes[match.earlier]
        _, rid, file, rec = quotes[match.later]
        if expected_overlap(rec, other, match.same):
            continue
        where = f"record {other_id or '?'} ({other_file}:{other.line})"
        what = (f"nearly the same quote as {where} (equal when case, punctuation and spacing "
                "are ignored)" if match.same else
                f"quote largely repeats {where}: {match.overlap:.0%} of the shorter of the two "
                "is in the other")
        problems.append(Problem(
            file, rec.line_of("quote"), rid, "quote",
            f"{what}; cite a passage once and tag that record with every topic it supports",
            "warning",
        ))
    return problems


COMMENT_MESSAGE = (
    "comments are not kept in data files (cocite fmt would drop them): put editorial "
    "notes in the pull request description; see CONTRIBUTING.md, \"Notes and comments\""
)


def comment_problems(file: str, lines: Iterable[int]) -> list[Problem]:
    """An error for each line holding a YAML comment (the line-1 modeline is allowed)."""
    return [Problem(file, line, message=COMMENT_MESSAGE) for line in lines]


def _unknown_term(vocabulary: Vocabulary, key: str, tag: str, known: set[str]) -> str:
    terms = vocabulary.topics if key == "topics" else vocabulary.profiles
    for term in terms:
        if tag in term.aliases:
            return f"{tag!r} is an alias: write the {key[:-1]} id {term.id!r}"
    if key == "profiles" and tag in vocabulary.shorthands:
        ids = ", ".join(vocabulary.shorthands[tag])
        return f"{tag!r} is a shorthand: write the profile ids [{ids}]"
    return f"unknown {key[:-1]} {tag!r}{did_you_mean(tag, known)} (see data/vocabulary.yaml)"


def _term_index(vocabulary: Vocabulary, kind: str) -> set[str]:
    terms = vocabulary.topics if kind == "topics" else vocabulary.profiles
    return {t.id for t in terms}


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
