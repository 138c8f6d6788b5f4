"""Immutable record types: what an excerpt, a vocabulary and a compiled report are.

Field names follow the public record format (see README, "The record format"). The key
order of each ``*_KEYS`` tuple is the canonical order used when records are written.

The types are named tuples, not frozen dataclasses: every command imports this module, and
Python 3.11 compiles six methods for each frozen dataclass at every start (about 1 ms a type,
four times a named tuple's cost), which a warm ``cocite search`` would pay on top of
``cocite --help``. They are used by field name only: never unpack, index or order them.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

RECORD_KEYS = (
    "id", "topics", "profiles", "material", "country", "lead_in", "quote",
    "source", "joint_sources", "cited_in", "translation", "footnotes",
)
SOURCE_KEYS = (
    "author", "author_as_cited", "title", "kind", "date", "pages", "paragraphs", "url", "accessed",
    "publisher", "version", "archive_url",
)
CITED_IN_KEYS = ("report", "section")
TRANSLATION_KEYS = ("language", "original", "note")

MATERIALS = ("desk-review", "interview")
SOURCE_KINDS = (
    "report", "article", "news", "academic", "legislation", "submission", "statistics",
    "interview", "written-communication", "other",
)
# Kinds of source that have no title of their own (an interview record is cited by who and when).
UNTITLED_KINDS = ("interview", "written-communication")


class Source(NamedTuple):
    author: str
    kind: str
    date: str | None
    title: str | None = None
    pages: str | None = None
    paragraphs: str | None = None
    url: str | None = None
    accessed: str | None = None
    publisher: str | None = None
    version: str | None = None
    archive_url: str | None = None
    author_as_cited: str | None = None  # the compiled report's spelling, where it differs


class CitedIn(NamedTuple):
    report: str
    section: str | None = None


class Translation(NamedTuple):
    original: str | None = None
    language: str | None = None
    note: str | None = None


class Record(NamedTuple):
    id: str
    topics: tuple[str, ...]
    material: str
    quote: str
    source: Source
    profiles: tuple[str, ...] = ()
    lead_in: str | None = None
    # Every place the excerpt is cited (compiled report and section), in the report's order.
    cited_in: tuple[CitedIn, ...] = ()
    translation: Translation | None = None
    footnotes: tuple[str, ...] = ()
    # ISO 3166-1 alpha-2 code: the record's own ``country``, else its report's (see
    # :func:`cocite.library.with_country`); None when neither gives one.
    country: str | None = None
    # The other sources of a joint statement: the report cites the quote to all of them.
    joint_sources: tuple[Source, ...] = ()
    # Where the record was read from; not part of the record format, nor of its equality.
    file: str = ""
    line: int = 0

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Record) and self[:_COMPARED] == other[:_COMPARED]

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(self[:_COMPARED])

    @property
    def is_general(self) -> bool:
        """A record tagged for no particular profile applies to everyone."""
        return not self.profiles


class Term(NamedTuple):
    """A topic or a profile of the controlled vocabulary."""

    id: str
    label: str
    description: str = ""
    aliases: tuple[str, ...] = ()
    # Topics only: the numbered sections of compiled reports that the topic covers.
    sections: tuple[str, ...] = ()


class Vocabulary(NamedTuple):
    topics: tuple[Term, ...]
    profiles: tuple[Term, ...]
    # Shorthands that stand for several profiles at once, e.g. boys -> (male, child).
    shorthands: Mapping[str, tuple[str, ...]] = MappingProxyType({})

    def topic_ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.topics)

    def profile_ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.profiles)


class Report(NamedTuple):
    """A compiled COI report that excerpts were taken from (``cited_in[].report``)."""

    id: str
    title: str
    publisher: str
    date: str | None = None
    url: str | None = None
    annex_url: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2 code of the country the report covers


_COMPARED = len(Record._fields) - 2  # all but file and line


def record_to_dict(record: Record) -> dict[str, Any]:
    """The record as plain data in canonical key order, without empty optional fields."""
    out: dict[str, Any] = {"id": record.id, "topics": list(record.topics)}
    if record.profiles:
        out["profiles"] = list(record.profiles)
    out["material"] = record.material
    if record.country is not None:
        out["country"] = record.country
    if record.lead_in is not None:
        out["lead_in"] = record.lead_in
    out["quote"] = record.quote
    out["source"] = _source_dict(record.source)
    if record.joint_sources:
        out["joint_sources"] = [_source_dict(s) for s in record.joint_sources]
    if record.cited_in:
        out["cited_in"] = [
            {"report": c.report, **({"section": c.section} if c.section is not None else {})}
            for c in record.cited_in
        ]
    if record.translation is not None:
        out["translation"] = {
            k: getattr(record.translation, k)
            for k in TRANSLATION_KEYS
            if getattr(record.translation, k) is not None
        }
    if record.footnotes:
        out["footnotes"] = list(record.footnotes)
    return out


def _source_dict(source: Source) -> dict[str, Any]:
    return {
        key: getattr(source, key) for key in SOURCE_KEYS
        if getattr(source, key) is not None or key == "date"
    }
