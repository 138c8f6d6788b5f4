"""Case files: the client's disputed issues, kept outside the excerpt library.

A case file is YAML (read by :mod:`cocite.yamlio`, so the same strict rules apply) and is
checked in two steps, collecting every problem before failing, like the records:

1. structure, against :data:`CASEFILE_SCHEMA` (also ``schema/casefile.schema.json``, for
   editors' completion), via :func:`cocite.validate.check_structure`;
2. meaning, against the loaded library: topics and profiles are vocabulary ids, aliases or
   shorthands (with a did-you-mean), record ids exist, dates are real, every issue says
   what to select.

Whether each issue selects anything is checked when selecting (:mod:`cocite.schedule.select`).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cocite.errors import CociteError, DataError
from cocite.guidance import Reliance, resolve_reliances
from cocite.models import Term
from cocite.problems import Problem
from cocite.terms import TermTable, did_you_mean, fold
from cocite.validate import check_date, check_structure, describe
from cocite.yamlio import LineDict, LineList, decode, loads, read_bytes

if TYPE_CHECKING:
    from cocite.library import Library

DEFAULT_TITLE = "Country information evidence schedule"
DEFAULT_MAX_PAGES = 12


@dataclass(frozen=True, slots=True)
class Issue:
    """One disputed issue, with vocabulary terms resolved to ids."""

    number: int  # 1-based position in the case file: the "2" of extract 2.3
    title: str
    note: str | None
    topics: tuple[str, ...]
    profiles: tuple[str, ...]
    include_general: bool
    since: str | None
    query: str | None
    ids: tuple[str, ...]
    exclude: tuple[str, ...]
    line: int
    country: str | None = None  # ISO 3166-1 alpha-2: the issue's, else the case file's
    country_guidance: tuple[Reliance, ...] = ()

    @property
    def field(self) -> str:
        return f"issues[{self.number - 1}]"


@dataclass(frozen=True, slots=True)
class CaseFile:
    name: str  # as the user typed it, for messages
    sha256: str
    title: str
    appeal: str | None
    appellant: str | None
    prepared_by: str | None
    style: str
    max_pages: int
    since: str | None
    profiles: tuple[str, ...]
    include_general: bool
    issues: tuple[Issue, ...]
    country: str | None = None
    lead_ins: bool = True  # print the compilers' lead-ins (build --no-lead-in: False)
    date: str | None = None  # the schedule's date, YYYY-MM-DD (default: the build's day)
    warnings: tuple[Problem, ...] = ()  # e.g. a full name as appellant
    template: str | None = None  # the user's own template, relative to the case file


def parse(path: Path, name: str | None = None) -> tuple[Any, str]:
    """The parsed YAML of a case file and the sha256 of its bytes (DataError if unreadable)."""
    label = name or str(path)
    data = read_bytes(path, label)
    return loads(decode(data, label), label), hashlib.sha256(data).hexdigest()


def check_shape(data: Any, name: str) -> list[Problem]:
    """Structural problems (the JSON Schema), with a clear word for a wrong top level."""
    if data is None:
        return [Problem(name, 1, message="file is empty: expected a case file with issues "
                        "(see examples/ for one to copy)")]
    if not isinstance(data, dict):
        return [Problem(name, getattr(data, "line", 1), message="expected a mapping of fields "
                        f"(title:, profiles:, issues:, ...) at the top level, got {describe(data)}")]
    return check_structure("casefile", data, name)


def load_case(path: Path, library: Library, name: str | None = None) -> CaseFile:
    """Read and check a case file against the library; DataError listing every problem."""
    label = name or str(path)
    data, digest = parse(path, label)
    problems = check_shape(data, label) + _odd_characters(data, label)
    meaning: list[Problem] = []
    try:
        case = _to_case(data, label, digest, library, meaning, path.parent)
    except (KeyError, TypeError, AttributeError, ValueError):
        # The structure is too broken to check meaning; its problems say why.
        if not problems:
            raise
    problems = sorted(set(problems + meaning), key=lambda p: (p.line or 0, p.field or "", p.message))
    if problems:
        raise DataError(problems, f"{len(problems)} problem(s) in the case file {label}")
    return case


def _odd_characters(data: Any, name: str) -> list[Problem]:
    """Control and bidi-override characters in any field: refused, they would reach the
    schedule unseen (or break the Word file)."""
    from cocite.text_safety import bad_character, strings_in

    problems = []
    for where, container, key, text in strings_in(data):
        reason = bad_character(text)
        if reason:
            line_of = getattr(container, "line_of", None)
            line = line_of(key) if line_of is not None else None
            problems.append(Problem(name, line, None, where, reason))
    return problems


# ---------------------------------------------------------------------------------------------
# Meaning


class _Terms:
    """Resolves vocabulary names (id, label, alias, shorthand) to ids, as the command line does."""

    def __init__(self, terms: Sequence[Term], kind: str,
                 shorthands: Mapping[str, tuple[str, ...]] | None = None) -> None:
        self.kind = kind
        self.table = TermTable(terms, shorthands)

    def resolve(self, values: LineList, name: str, field: str,
                problems: list[Problem]) -> tuple[str, ...]:
        out: list[str] = []
        for i, value in enumerate(values):
            ids = self.table.lookup(value)
            if ids is None:
                near = self.table.suggestion(value)
                hint = f"; did you mean {near!r}?" if near else ""
                problems.append(Problem(
                    name, values.line_of(i), None, f"{field}[{i}]",
                    f"unknown {self.kind} {value!r}{hint} (run `cocite {self.kind}s` for the list)",
                ))
                continue
            out.extend(x for x in ids if x not in out)
        return tuple(out)


def _date(data: LineDict, key: str, name: str, field: str, problems: list[Problem]) -> str | None:
    value = data.get(key)
    if isinstance(value, str):
        reason = check_date(value)
        if reason:
            problems.append(Problem(name, data.line_of(key), None, field, reason))
    return value if isinstance(value, str) else None


def _record_ids(values: LineList, library: Library, name: str, field: str,
                problems: list[Problem]) -> tuple[str, ...]:
    for i, rid in enumerate(values):
        if rid not in library.by_id:
            hint = did_you_mean(rid, library.by_id)
            problems.append(Problem(
                name, values.line_of(i), None, f"{field}[{i}]",
                f"no record with id {rid!r} in {library.source}{hint} (run `cocite list`)",
            ))
    return tuple(values)


def _to_case(data: LineDict, name: str, digest: str, library: Library,
             problems: list[Problem], folder: Path = Path(".")) -> CaseFile:
    vocab = library.vocabulary
    topics = _Terms(vocab.topics, "topic")
    profiles = _Terms(vocab.profiles, "profile", vocab.shorthands)
    case_profiles = profiles.resolve(data.get("profiles") or LineList(data.line), name,
                                     "profiles", problems)
    since = _date(data, "since", name, "since", problems)
    country = _country(data, name, "country", problems)
    max_pages = data.get("max_pages", DEFAULT_MAX_PAGES)
    if max_pages < 1:
        problems.append(Problem(name, data.line_of("max_pages"), None, "max_pages",
                                f"expected a whole number of pages of at least 1, got {max_pages}"))
    general = bool(data.get("include_general", False))
    issues = []
    warnings: list[Problem] = []
    for i, raw in enumerate(data["issues"]):
        field = f"issues[{i}]"
        line = data["issues"].line_of(i)
        empty = LineList(raw.line)
        if not (raw.get("topics") or raw.get("ids")):
            problems.append(Problem(
                name, line, None, field,
                f"issue {raw['title']!r} says nothing to select: add topics: [...] "
                "(run `cocite topics`) or ids: [...] (run `cocite list`)",
            ))
        own_profiles = raw.get("profiles")
        issues.append(Issue(
            number=i + 1,
            title=raw["title"].strip(),
            note=raw.get("note"),
            topics=topics.resolve(raw.get("topics") or empty, name, f"{field}.topics", problems),
            profiles=(profiles.resolve(own_profiles, name, f"{field}.profiles", problems)
                      if own_profiles is not None else case_profiles),
            include_general=bool(raw.get("include_general", general)),
            since=_date(raw, "since", name, f"{field}.since", problems) if "since" in raw else since,
            query=raw.get("query"),
            ids=_record_ids(raw.get("ids") or empty, library, name, f"{field}.ids", problems),
            exclude=_record_ids(raw.get("exclude") or empty, library, name,
                                f"{field}.exclude", problems),
            line=line,
            country=_country(raw, name, f"{field}.country", problems) if "country" in raw else country,
            country_guidance=resolve_reliances(raw.get("country_guidance") or empty, name,
                                               f"{field}.country_guidance", problems, warnings),
        ))
    _check_titles(issues, name, problems)
    style = _style(data, name, problems, folder)
    warnings += _check_appellant(data, name)
    return CaseFile(
        name=name, sha256=digest,
        title=re.sub(r"\s+", " ", data.get("title") or DEFAULT_TITLE).strip(),
        appeal=data.get("appeal"), appellant=data.get("appellant"),
        prepared_by=data.get("prepared_by"), style=style,
        max_pages=max_pages, since=since, profiles=case_profiles, include_general=general,
        issues=tuple(issues), country=country, lead_ins=bool(data.get("lead_ins", True)),
        date=_schedule_date(data, name, problems), warnings=tuple(warnings),
        template=data.get("template"),
    )


def _style(data: LineDict, name: str, problems: list[Problem], folder: Path) -> str:
    """The case file's citation style, checked now (an unknown id gets a did-you-mean).

    A ``.csl`` file named by a relative path is found beside the case file."""
    from cocite.citation.styles import looks_like_path, resolve

    style = str(data.get("style", "asylos"))
    if looks_like_path(style) and not Path(style).is_absolute():
        style = str(folder / style)
    try:
        resolve(style)
    except CociteError as exc:
        problems.append(Problem(name, data.line_of("style"), None, "style",
                                str(exc).removeprefix(f"--style {style!r}: ")
                                .removeprefix(f"--style {style}: ")
                                .replace("unknown style", f"unknown style {style!r}")))
    return style


def _country(data: LineDict, name: str, field: str, problems: list[Problem]) -> str | None:
    """The ``country`` of a case file or issue (an ISO 3166-1 alpha-2 code), checked."""
    from cocite.countries import country_problem

    value = data.get("country")
    if value is None:
        return None
    reason = country_problem(value)
    if reason:
        problems.append(Problem(name, data.line_of("country"), None, field, reason))
    return str(value)



# Initials: "A.B.", "AB", "A. B.", "A-B": no run of three letters or more.
_FULL_NAME = re.compile(r"[^\W\d_]{3,}")


def _check_appellant(data: LineDict, name: str) -> list[Problem]:
    appellant = data.get("appellant")
    if isinstance(appellant, str) and _FULL_NAME.search(appellant):
        return [Problem(name, data.line_of("appellant"), None, "appellant",
                        f"{appellant!r} looks like a full name: the schedule is filed and may be "
                        "published, so give the appellant's initials (e.g. A.B.) to protect "
                        "the client", "warning")]
    return []


def _schedule_date(data: LineDict, name: str, problems: list[Problem]) -> str | None:
    """The ``date:`` printed on the schedule: a real day, any year (a hearing may be ahead)."""
    value = data.get("date")
    if not isinstance(value, str):
        return None
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            raise ValueError(value)
        _dt.date.fromisoformat(value)
    except ValueError:
        problems.append(Problem(name, data.line_of("date"), None, "date",
                                f"expected a real day as YYYY-MM-DD, got {value!r}"))
        return None
    return value


def _check_titles(issues: list[Issue], name: str, problems: list[Problem]) -> None:
    seen: dict[str, int] = {}
    for issue in issues:
        key = fold(issue.title)
        if key in seen:
            problems.append(Problem(
                name, issue.line, None, f"{issue.field}.title",
                f"same title as issue {seen[key]}: give each disputed issue its own title",
            ))
        seen.setdefault(key, issue.number)
