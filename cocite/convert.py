"""Checked plain data (as read from YAML) turned into the model's objects."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from cocite.models import CitedIn, Record, Report, Source, Term, Translation, Vocabulary


def to_vocabulary(data: Mapping[str, Any]) -> Vocabulary:
    def term(d: Mapping[str, Any]) -> Term:
        return Term(
            id=d["id"], label=d["label"], description=d.get("description") or "",
            aliases=tuple(d.get("aliases") or ()), sections=tuple(d.get("sections") or ()),
        )

    return Vocabulary(
        topics=tuple(term(t) for t in data["topics"]),
        profiles=tuple(term(p) for p in data.get("profiles") or ()),
        shorthands={k: tuple(v) for k, v in (data.get("shorthands") or {}).items()},
    )


def to_reports(data: Iterable[Mapping[str, Any]]) -> dict[str, Report]:
    return {
        r["id"]: Report(
            id=r["id"], title=r["title"], publisher=r["publisher"], date=r.get("date"),
            url=r.get("url"), annex_url=r.get("annex_url"), country=r.get("country"),
        )
        for r in data
    }


def to_record(d: Mapping[str, Any], file: str = "", line: int = 0) -> Record:
    s = d["source"]
    joint = tuple(to_source(j) for j in d.get("joint_sources") or ())
    cited = d.get("cited_in")
    tr = d.get("translation")
    return Record(
        id=d["id"],
        topics=tuple(d["topics"]),
        profiles=tuple(d.get("profiles") or ()),
        material=d["material"],
        lead_in=d.get("lead_in"),
        quote=d["quote"],
        source=to_source(s),
        cited_in=tuple(CitedIn(report=c["report"], section=c.get("section")) for c in cited or ()),
        translation=Translation(
            original=tr.get("original"), language=tr.get("language"), note=tr.get("note"),
        ) if tr else None,
        footnotes=tuple(d.get("footnotes") or ()),
        country=d.get("country"),
        joint_sources=joint,
        file=file,
        line=line,
    )


def to_source(s: Mapping[str, Any]) -> Source:
    return Source(
        author=s["author"], title=s.get("title"), kind=s["kind"], date=s.get("date"),
        pages=s.get("pages"), paragraphs=s.get("paragraphs"), url=s.get("url"),
        accessed=s.get("accessed"), publisher=s.get("publisher"),
        version=s.get("version"), archive_url=s.get("archive_url"),
        author_as_cited=s.get("author_as_cited"),
    )


def with_country(record: Record, reports: Mapping[str, Report]) -> Record:
    """The record with its country: its own, else that of the report it is first cited in."""
    if record.country is not None:
        return record
    for place in record.cited_in:
        report = reports.get(place.report)
        if report is not None and report.country:
            return record._replace(country=report.country)
    return record
