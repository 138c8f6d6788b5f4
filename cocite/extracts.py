"""What both documents (the bundle and the schedule) show of a record, as plain values.

Templates only ever receive data as values (never as template source), so a quote that
contains ``{{ x }}`` or ``{% if %}`` is printed as written. Quotes are passed unchanged;
:func:`paragraphs` only splits them at blank lines so each becomes a block-quote paragraph.
Each document adds its own numbering to :class:`ExtractBase` (``cocite.bundle.model``,
``cocite.schedule.model``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from cocite.citation.dates import format_date
from cocite.citation.parts import Part
from cocite.models import Record, Source

if TYPE_CHECKING:
    from cocite.library import Library

# ISO 639-1 codes of languages the library is likely to quote; others are shown as the code.
LANGUAGES = {
    "sq": "Albanian", "en": "English", "fr": "French", "de": "German", "it": "Italian",
    "el": "Greek", "sr": "Serbian", "mk": "Macedonian", "es": "Spanish", "ar": "Arabic",
}

E = TypeVar("E", bound="ExtractBase")


@dataclass(frozen=True, slots=True)
class OriginalText:
    """The original-language text of a translated quote, ready to show."""

    language: str
    original: str
    paragraphs: tuple[str, ...]
    note: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ExtractBase:
    """One record as a document shows it: lead-in, quote, citation; numbered by each document."""

    id: str
    lead_in: str | None
    quote: str
    paragraphs: tuple[str, ...]
    citation: str
    citation_parts: tuple[Part, ...]
    url: str | None
    cited_in: str | None
    translation: OriginalText | None
    footnotes: tuple[str, ...]
    record: Record

    @classmethod
    def of(cls: type[E], record: Record, library: Library, parts: tuple[Part, ...],
           lead_in: str | None, **numbering: Any) -> E:
        """The record shown with the citation ``parts`` and the document's ``numbering``."""
        return cls(
            id=record.id, lead_in=lead_in, quote=record.quote,
            paragraphs=paragraphs(record.quote), citation="".join(p.text for p in parts),
            citation_parts=parts, url=record.source.url, cited_in=cited_in_text(record, library),
            translation=original_text(record), footnotes=record.footnotes, record=record,
            **numbering,
        )


@dataclass(frozen=True, slots=True)
class SourceEntry:
    """A source in a document's list of sources, with the extracts that cite it."""

    citation: str
    citation_parts: tuple[Part, ...]
    url: str | None
    extracts: tuple[int | str, ...]  # the numbers of the extracts citing it: 3, or "2.3"
    number: int = 0  # its place in a numbered list (the bundle's), from 1

    @property
    def span(self) -> str:
        """``extract 2`` or ``extracts 1, 3``: where the source is cited."""
        numbers = ", ".join(str(n) for n in self.extracts)
        return f"extract{'s' if len(self.extracts) > 1 else ''} {numbers}"


def paragraphs(text: str) -> tuple[str, ...]:
    """Split at blank lines (the paragraph breaks of a quote); lines inside stay as they are.

    Only the line breaks around a paragraph are dropped (a reader cannot see them); spaces
    and every character within are kept.
    """
    parts = (p.strip("\n") for p in re.split(r"\n[ \t]*\n", text))
    return tuple(p for p in parts if p.strip())


def without_pinpoint(source: Source) -> Source:
    """The source as a work: the same report cited at different pages is one source."""
    return source._replace(pages=None, paragraphs=None)


class Numbered(Protocol):
    """An extract as a document numbers it (3 in a bundle, "2.3" in a schedule)."""

    @property
    def record(self) -> Record: ...

    @property
    def number(self) -> int | str: ...


def by_work(extracts: Iterable[Numbered]) -> dict[Source, list[int | str]]:
    """Each work the extracts cite (:func:`without_pinpoint`), in order of first citation,
    with the numbers of the extracts citing it."""
    works: dict[Source, list[int | str]] = {}
    for e in extracts:
        works.setdefault(without_pinpoint(e.record.source), []).append(e.number)
    return works


def citation_parts(source: Source, style: str, *, pinpoint: bool = True) -> tuple[Part, ...]:
    """The citation of ``source`` in ``style`` (see :mod:`cocite.citation.format`);
    ``pinpoint=False``: the work as a list of sources gives it."""
    from cocite.citation.format import citation_parts as parts  # citeproc only when used

    return parts(source, style, pinpoint=pinpoint)


def record_citation_parts(record: Record, style: str) -> tuple[Part, ...]:
    """The citation of a record: its source, then the other sources of a joint statement."""
    parts = list(citation_parts(record.source, style))
    for other in record.joint_sources:
        parts += [Part("; "), *citation_parts(other, style)]
    return tuple(parts)


def cited_in_text(record: Record, library: Library) -> str | None:
    """Where the excerpt was cited: each compiled report and its sections, for a reader
    ("Asylos and ARC Foundation, Albania: Trafficking (2024), sections 2.4.3 and 2.4.7.2")."""
    from cocite.places import group_places, sections_phrase

    parts = []
    for report_id, sections in group_places(record.cited_in):
        report = library.reports.get(report_id)
        if report is None:
            text = report_id
        else:
            date = f" ({format_date(report.date)})" if report.date else ""
            text = f"{report.publisher}, {report.title}{date}"
        parts.append(text + sections_phrase(sections))
    return "; ".join(parts) or None


def original_text(record: Record) -> OriginalText | None:
    """The original-language text of a translated quote, ready to show (None if none)."""
    if record.translation is None or not record.translation.original:
        return None
    code = record.translation.language or ""
    return OriginalText(
        language=LANGUAGES.get(code, code),
        original=record.translation.original,
        paragraphs=paragraphs(record.translation.original),
        note=record.translation.note or "",
    )
