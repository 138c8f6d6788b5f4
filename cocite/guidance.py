"""Country guidance (CG) decisions: the known ones, checked, and those a case file relies on.

Practice Direction para 10.6(a): the schedule must "contain the country guidance paragraph
references and/or extracts of additional country background information relied upon by
reference to each disputed issue". A case file names them per issue::

    country_guidance:
      - case: td-and-ad-2016                      # an id from `cocite guidance`
        paragraphs: "headnote (a)-(c)"
      - name: XY (Some topic) Albania CG          # or one given inline
        citation: "[2099] UKUT 1 (IAC)"
        url: https://...
        paragraphs: "[12]-[20]"

The known decisions are ``guidance_data/country-guidance.yaml`` (facts only: a field that is
not confirmed is left out). Every entry, known or inline, is checked the same way: a neutral
citation of the Upper Tribunal (``[YYYY] UKUT N (IAC)``) or of the former Immigration Appeal
Tribunal (``[YYYY] UKIAT N``), its year that of the date, a real date, an http(s) address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cocite.citation.parts import Part
from cocite.errors import DataError
from cocite.problems import Problem
from cocite.terms import did_you_mean
from cocite.validate import check_date, check_url
from cocite.yamlio import LineDict, LineList, decode, loads, read_bytes

GUIDANCE_FILE = Path(__file__).resolve().parent / "guidance_data" / "country-guidance.yaml"
CITATION = re.compile(r"\[(?P<year>[0-9]{4})\] (?:UKUT [0-9]+ \(IAC\)|UKIAT [0-9]+)")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
FIELDS = ("id", "name", "citation", "country", "date", "url", "replaced_by", "replaced")


@dataclass(frozen=True, slots=True)
class Decision:
    id: str
    name: str  # "TD and AD (Trafficked women) CG"
    citation: str  # "[2016] UKUT 92 (IAC)"
    country: str | None = None
    date: str | None = None
    url: str | None = None
    replaced_by: str | None = None
    replaced: str | None = None  # what the later guidance says about this one

    @property
    def full(self) -> str:
        return f"{self.name} {self.citation}"


@dataclass(frozen=True, slots=True)
class Reliance:
    """A decision as one issue relies on it: the paragraphs, ready to print."""

    decision: Decision
    paragraphs: str | None

    @property
    def parts(self) -> tuple[Part, ...]:
        d = self.decision
        out = [Part(d.name, italic=True), Part(f" {d.citation}")]
        if self.paragraphs:
            out.append(Part(f", {self.paragraphs}"))
        if d.url:
            out += [Part(" "), Part(d.url, url=d.url)]
        return tuple(out)

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.parts)


def check_decision(raw: LineDict, name: str, field: str, *, known: bool) -> list[Problem]:
    """Problems of one decision (a data-file entry when ``known``, else a case file's inline)."""
    problems: list[Problem] = []

    def bad(key: str, message: str) -> None:
        problems.append(Problem(name, raw.line_of(key) if key in raw else raw.line, None,
                                f"{field}.{key}", message))

    allowed = FIELDS if known else ("name", "citation", "date", "url", "paragraphs")
    for key in raw:
        if key not in allowed:
            bad(key, f"unknown field (allowed: {', '.join(allowed)})")
    for key in (("id", "name", "citation") if known else ("name", "citation")):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            bad(key, "required: " + {"id": "a short id such as td-and-ad-2016",
                                     "name": "the decision's name, e.g. TD and AD (Trafficked "
                                     "women) CG", "citation": "the neutral citation, e.g. "
                                     "[2016] UKUT 92 (IAC)"}[key])
    for key in allowed:
        if key in raw and key in FIELDS and not isinstance(raw[key], str):
            bad(key, f"expected text, got {type(raw[key]).__name__}")
    if isinstance(raw.get("id"), str) and not SLUG.fullmatch(raw["id"]):
        bad("id", f"expected lower-case words joined by hyphens, got {raw['id']!r}")
    citation = raw.get("citation")
    match = CITATION.fullmatch(citation) if isinstance(citation, str) else None
    if isinstance(citation, str) and match is None:
        bad("citation", f"expected a neutral citation such as [2016] UKUT 92 (IAC) or "
            f"[2004] UKIAT 123, got {citation!r}")
    date = raw.get("date")
    if isinstance(date, str):
        reason = check_date(date) if re.fullmatch(r"[0-9]{4}(-[0-9]{2}){0,2}", date) else \
            f"expected YYYY, YYYY-MM or YYYY-MM-DD, got {date!r}"
        if reason:
            bad("date", reason)
        elif match and date[:4] != match.group("year"):
            bad("date", f"the neutral citation says {match.group('year')}, the date {date}")
    url = raw.get("url")
    if isinstance(url, str) and url:
        reason = check_url(url)
        if reason:
            bad("url", reason)
    return problems


def _decision(raw: LineDict, fallback_id: str) -> Decision:
    def get(key: str) -> str | None:
        value = raw.get(key)
        return value.strip() if isinstance(value, str) and value.strip() else None

    replaced = get("replaced")
    return Decision(
        id=get("id") or fallback_id, name=" ".join(str(raw["name"]).split()),
        citation=str(raw["citation"]).strip(), country=get("country"), date=get("date"),
        url=get("url"), replaced_by=get("replaced_by"),
        replaced=" ".join(replaced.split()) if replaced else None,
    )


def load_guidance(path: Path = GUIDANCE_FILE, name: str | None = None) -> dict[str, Decision]:
    """The known decisions by id; DataError listing every problem of the file."""
    label = name or str(path)
    data: Any = loads(decode(read_bytes(path, label), label), label)
    if data is None:
        return {}
    if not isinstance(data, list):
        raise DataError([Problem(label, 1, message="expected a list of decisions (- id: ...)")])
    problems: list[Problem] = []
    out: dict[str, Decision] = {}
    for i, raw in enumerate(data):
        field = f"[{i}]"
        if not isinstance(raw, LineDict):
            problems.append(Problem(label, data.line_of(i) if isinstance(data, LineList) else 1,
                                    None, field, "expected a decision (id:, name:, citation:)"))
            continue
        found = check_decision(raw, label, field, known=True)
        problems += found
        if not found:
            decision = _decision(raw, "")
            if decision.id in out:
                problems.append(Problem(label, raw.line_of("id"), None, f"{field}.id",
                                        f"the id {decision.id!r} is used twice"))
            out[decision.id] = decision
    for d in out.values():
        if d.replaced_by and d.replaced_by not in out:
            problems.append(Problem(label, None, None, f"{d.id}.replaced_by",
                                    f"no decision with id {d.replaced_by!r} in this file"))
    if problems:
        raise DataError(problems, f"{len(problems)} problem(s) in {label}")
    return out


def resolve_reliances(entries: LineList, name: str, field: str,
                      problems: list[Problem], warnings: list[Problem]) -> tuple[Reliance, ...]:
    """A case file issue's ``country_guidance`` list, checked; a replaced decision warns."""
    
    known: dict[str, Decision] | None = None
    out = []
    for i, raw in enumerate(entries):
        where = f"{field}[{i}]"
        line = entries.line_of(i)
        paragraphs = raw.get("paragraphs")
        paragraphs = " ".join(paragraphs.split()) if isinstance(paragraphs, str) else None
        if "case" not in raw:
            found = check_decision(raw, name, where, known=False)
            problems += found
            if not found:
                out.append(Reliance(_decision(raw, f"inline-{i + 1}"), paragraphs))
            continue
        if known is None:
            known = load_guidance()
        case = raw["case"]
        decision = known.get(case)
        if decision is None:
            hint = did_you_mean(str(case), known, cutoff=0.5)
            problems.append(Problem(name, line, None, f"{where}.case",
                                    f"no country guidance decision with id {case!r}{hint} (run "
                                    "`cocite guidance` for the list, or give name:, citation: "
                                    "and url: inline)"))
            continue
        if decision.replaced_by:
            later = known[decision.replaced_by]
            warnings.append(Problem(name, line, None, f"{where}.case",
                                    f"{decision.full} was replaced {decision.replaced} "
                                    f"(see `{later.id}`)" if decision.replaced else
                                    f"{decision.full} was replaced by {later.full}", "warning"))
        out.append(Reliance(decision, paragraphs))
    return tuple(out)


def listing(decisions: dict[str, Decision]) -> list[str]:
    """One line per decision for ``cocite guidance``: id, citation, date, country, status."""
    lines = []
    for d in sorted(decisions.values(), key=lambda d: (d.country or "", d.citation)):
        status = f"; replaced by {d.replaced_by} ({d.replaced})" if d.replaced_by else ""
        facts = ", ".join(x for x in (d.country, d.date) if x)
        link = d.url or "no address confirmed"
        lines.append(f"{d.id}: {d.full} ({facts}) {link}{status}")
    return lines
