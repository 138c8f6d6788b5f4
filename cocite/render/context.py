"""The template context of a bundle: everything a template may show, as plain values.

Templates only ever receive data as values (never as template source), so a quote that
contains ``{{ x }}`` or ``{% if %}`` is printed as written. Quotes are passed unchanged;
``paragraphs`` only splits them at blank lines so each becomes a block-quote paragraph.
"""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from cocite import __version__, leadins
from cocite.citation.dates import format_date
from cocite.citation.parts import Part
from cocite.errors import UsageError
from cocite.models import Record, Source
from cocite.provenance import data_name, long_date, prepared_with
from cocite.query import Resolved, Selection, resolve
from cocite.terms import fold

if TYPE_CHECKING:
    from cocite.library import Library


CAVEAT = (
    "This bundle reproduces excerpts of country of origin information (COI) selected with "
    "cocite. The selection is not exhaustive: other relevant information may exist, and the "
    "absence of information in this bundle does not mean that an event or situation did not "
    "occur. Each extract is quoted verbatim from the source cited; read it in its original "
    "context, through the link given, before relying on it. The bundle is not conclusive as "
    "to the merits of any particular claim."
)

# ISO 639-1 codes of languages the library is likely to quote; others are shown as the code.
LANGUAGES = {
    "sq": "Albanian", "en": "English", "fr": "French", "de": "German", "it": "Italian",
    "el": "Greek", "sr": "Serbian", "mk": "Macedonian", "es": "Spanish", "ar": "Arabic",
}


@dataclass(frozen=True, slots=True)
class Translation:
    language: str
    original: str
    paragraphs: tuple[str, ...]
    note: str


@dataclass(frozen=True, slots=True)
class Extract:
    number: int
    id: str
    lead_in: str | None
    quote: str
    paragraphs: tuple[str, ...]
    citation: str
    citation_parts: tuple[Part, ...]
    url: str | None
    cited_in: str | None
    translation: Translation | None
    footnotes: tuple[str, ...]
    record: Record


@dataclass(frozen=True, slots=True)
class Group:
    id: str
    label: str
    extracts: tuple[Extract, ...]
    number: int = 0  # place in the contents, from 1
    page: int | None = None  # where it starts, as the contents prints it (estimated)

    @property
    def anchor(self) -> str:
        """The Word bookmark at the group's heading, for the contents' page number and link."""
        return f"_Group{self.number}"

    @property
    def contents_text(self) -> str:
        return f"{self.label} ({self.span})"

    @property
    def first(self) -> int:
        return self.extracts[0].number

    @property
    def last(self) -> int:
        return self.extracts[-1].number

    @property
    def span(self) -> str:
        """``extract 5`` or ``extracts 1–4``, for the contents list."""
        if self.first == self.last:
            return f"extract {self.first}"
        return f"extracts {self.first}–{self.last}"


@dataclass(frozen=True, slots=True)
class SourceEntry:
    number: int
    citation: str
    citation_parts: tuple[Part, ...]
    url: str | None
    extracts: tuple[int, ...]

    @property
    def span(self) -> str:
        """``extract 2`` or ``extracts 1, 3``: where the source is cited."""
        numbers = ", ".join(str(n) for n in self.extracts)
        return f"extract{'s' if len(self.extracts) > 1 else ''} {numbers}"


@dataclass(frozen=True, slots=True)
class Bundle:
    """The whole context; templates see its fields as top-level names."""

    title: str
    date: str  # "30 November 2026", the build's day
    prepared_with: str  # the one line about cocite a filed document shows
    # For the manifest only (never in the default templates): how it was built, from what.
    filters: str
    data_version: str
    data_source: str
    built_at: str
    generator: str
    style: str
    show_lead_in: bool
    groups: tuple[Group, ...]
    extracts: tuple[Extract, ...]
    sources: tuple[SourceEntry, ...]
    caveat: str
    # Messages for the terminal (lead-ins left out); never shown in the document.
    notes: tuple[str, ...] = ()
    sources_page: int | None = None  # where the sources and the caveat start (estimated)
    about_page: int | None = None

    def as_dict(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in self.__slots__}


def paragraphs(text: str) -> tuple[str, ...]:
    """Split at blank lines (the paragraph breaks of a quote); lines inside stay as they are.

    Only the line breaks around a paragraph are dropped (a reader cannot see them); spaces
    and every character within are kept.
    """
    parts = (p.strip("\n") for p in re.split(r"\n[ \t]*\n", text))
    return tuple(p for p in parts if p.strip())


def build_time(env: dict[str, str] | None = None) -> datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` when set, so builds can be reproduced."""
    env = dict(os.environ) if env is None else env
    raw = env.get("SOURCE_DATE_EPOCH")
    if raw is None or raw == "":
        return datetime.now(UTC).replace(microsecond=0)
    try:
        return datetime.fromtimestamp(int(raw), UTC)
    except (ValueError, OverflowError, OSError) as exc:
        raise UsageError(
            f"SOURCE_DATE_EPOCH={raw!r}: expected a whole number of seconds since 1970"
        ) from exc


def describe(selection: Selection, res: Resolved) -> str:
    """The exact filters, as the options that reproduce the selection (terms resolved)."""
    out: list[str] = []
    if selection.all:
        out.append("--all")
    out += [f"--topic {t}" for t in res.topics]
    out += [f"--profile {p}" for p in res.profiles]
    if selection.include_general:
        out.append("--include-general")
    if selection.all_profiles:
        out.append("--all-profiles")
    for flag, value in (
        ("--since", selection.since), ("--until", selection.until),
        ("--material", selection.material), ("--country", selection.country),
        ("--source", selection.source_text),
        ("--query", selection.query),
    ):
        if value is not None:
            out.append(f"{flag} {shlex.quote(value)}")
    out += [f"--id {i}" for i in selection.ids]
    out += [f"--exclude {i}" for i in selection.exclude]
    return " ".join(out)


def citation_parts(source: Source, style: str, *, pinpoint: bool = True) -> tuple[Part, ...]:
    """The citation of ``source`` in ``style`` (see :mod:`cocite.citation.format`);
    ``pinpoint=False``: the work as an index of sources lists it."""
    from cocite.citation.format import citation_parts as parts

    return parts(source, style, pinpoint=pinpoint)


def record_citation_parts(record: Record, style: str) -> tuple[Part, ...]:
    """The citation of a record: its source, then the other sources of a joint statement."""
    parts = list(citation_parts(record.source, style))
    for other in record.joint_sources:
        parts += [Part("; "), *citation_parts(other, style)]
    return tuple(parts)


def asylos_citation(source: Source) -> str:
    """The report's own ``Source:`` line style (from :mod:`cocite.citation.asylos`)."""
    from cocite.citation.asylos import format_source

    return format_source(source)


def cited_in(record: Record, library: Library) -> str | None:
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


def _groups(
    library: Library, records: Sequence[Record], selection: Selection, res: Resolved
) -> list[tuple[str, str, list[Record]]]:
    if selection.ids and not res.topics:
        # Explicit picks keep the caseworker's order, so they are not regrouped by topic.
        return [("selected", "Selected extracts", list(records))]
    labels = {t.id: t.label for t in library.vocabulary.topics}
    order = list(res.topics) or [t.id for t in library.vocabulary.topics]
    wanted = set(order)
    buckets: dict[str, list[Record]] = {t: [] for t in order}
    for record in records:
        topic = next((t for t in order if t in record.topics), None)
        if topic is None:  # tagged only with topics outside the vocabulary order
            topic = next((t for t in record.topics if t not in wanted), record.topics[0])
            buckets.setdefault(topic, [])
        buckets[topic].append(record)
    return [(t, labels.get(t, t), recs) for t, recs in buckets.items() if recs]


def default_title(library: Library, res: Resolved) -> str:
    topics = {t.id: t.label for t in library.vocabulary.topics}
    profiles = {p.id: p.label for p in library.vocabulary.profiles}
    title = "Country information bundle"
    if res.topics:
        title += ": " + ", ".join(topics.get(t, t) for t in res.topics)
    if res.profiles:
        title += " (" + ", ".join(profiles.get(p, p) for p in res.profiles) + ")"
    return title


def build_context(
    library: Library,
    records: Sequence[Record],
    selection: Selection,
    *,
    style: str = "asylos",
    lead_in: bool = True,
    title: str | None = None,
    now: datetime | None = None,
) -> Bundle:
    """Everything a bundle template shows, numbered in document order."""
    from cocite.citation.styles import resolve as resolve_style

    resolve_style(style)  # an unknown style is refused before anything is built
    res = resolve(selection, library.vocabulary)
    when = now or build_time()
    groups: list[Group] = []
    extracts: list[Extract] = []
    index: dict[Source, list[int]] = {}
    notes: list[str] = []
    for gid, label, recs in _groups(library, records, selection, res):
        members = []
        for record, lead in zip(recs, leadins.resolve_all(recs), strict=True):
            number = len(extracts) + 1
            extract = _extract(number, record, library, style, lead.text if lead_in else None)
            if lead_in and lead.left_out:
                notes.append(f"lead-in of extract {number} ({record.id}) left out: "
                             f"{lead.left_out}")
            members.append(extract)
            extracts.append(extract)
            # One index entry per source: the same work cited at different pages is one source.
            index.setdefault(replace(record.source, pages=None, paragraphs=None), []).append(number)
        groups.append(Group(gid, label, tuple(members), len(groups) + 1))
    sources = []
    ordered = sorted(index.items(), key=lambda kv: fold("".join(
        p.text for p in citation_parts(kv[0], style, pinpoint=False))))
    for n, (source, numbers) in enumerate(ordered, start=1):
        parts = citation_parts(source, style, pinpoint=False)
        sources.append(SourceEntry(
            n, "".join(p.text for p in parts), parts, source.url, tuple(numbers)))
    return Bundle(
        title=title or default_title(library, res),
        date=long_date(when.date()),
        prepared_with=prepared_with(library),
        filters=describe(selection, res),
        data_version=library.version,
        data_source=data_name(library),
        built_at=when.strftime("%Y-%m-%d %H:%M UTC"),
        generator=f"cocite {__version__}",
        style=style,
        show_lead_in=lead_in,
        groups=tuple(groups),
        extracts=tuple(extracts),
        sources=tuple(sources),
        caveat=CAVEAT,
        notes=tuple(notes),
    )


def translation_of(record: Record) -> Translation | None:
    """The original-language text of a translated quote, ready to show (None if none)."""
    if record.translation is None or not record.translation.original:
        return None
    code = record.translation.language or ""
    return Translation(
        language=LANGUAGES.get(code, code),
        original=record.translation.original,
        paragraphs=paragraphs(record.translation.original),
        note=record.translation.note or "",
    )


def _extract(number: int, record: Record, library: Library, style: str,
             lead_in: str | None) -> Extract:
    parts = record_citation_parts(record, style)
    return Extract(
        number=number,
        id=record.id,
        lead_in=lead_in,
        quote=record.quote,
        paragraphs=paragraphs(record.quote),
        citation="".join(p.text for p in parts),
        citation_parts=parts,
        url=record.source.url,
        cited_in=cited_in(record, library),
        translation=translation_of(record),
        footnotes=record.footnotes,
        record=record,
    )
