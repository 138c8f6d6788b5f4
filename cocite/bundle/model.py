"""The bundle as plain values: everything a bundle template may show.

Extracts are numbered 1, 2, 3 ... in document order and grouped by topic (the topics asked
for, in that order, else the vocabulary's); explicit ``--id`` picks keep the caseworker's
order. Each source is listed once, with the extracts citing it.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from cocite import __version__, leadins
from cocite.extracts import (
    ExtractBase,
    SourceEntry,
    by_work,
    citation_parts,
    record_citation_parts,
)
from cocite.models import Record
from cocite.output import build_time
from cocite.provenance import data_name, long_date, prepared_with
from cocite.query import Resolved, Selection, resolve
from cocite.terms import fold

if TYPE_CHECKING:
    from cocite.library import Library


BUNDLE_CAVEAT = (
    "This bundle reproduces excerpts of country of origin information (COI) selected with "
    "cocite. The selection is not exhaustive: other relevant information may exist, and the "
    "absence of information in this bundle does not mean that an event or situation did not "
    "occur. Each extract is quoted verbatim from the source cited; read it in its original "
    "context, through the link given, before relying on it. The bundle is not conclusive as "
    "to the merits of any particular claim."
)


@dataclass(frozen=True, slots=True, kw_only=True)
class BundleExtract(ExtractBase):
    number: int


@dataclass(frozen=True, slots=True)
class Group:
    id: str
    label: str
    extracts: tuple[BundleExtract, ...]
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
    extracts: tuple[BundleExtract, ...]
    sources: tuple[SourceEntry, ...]
    caveat: str
    # Messages for the terminal (lead-ins left out); never shown in the document.
    notes: tuple[str, ...] = ()
    sources_page: int | None = None  # where the sources and the caveat start (estimated)
    about_page: int | None = None

    def as_dict(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in self.__slots__}


def filters_text(selection: Selection, res: Resolved) -> str:
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


def make_bundle(
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
    extracts: list[BundleExtract] = []
    notes: list[str] = []
    for gid, label, recs in _groups(library, records, selection, res):
        members = []
        for record, lead in zip(recs, leadins.resolve_all(recs), strict=True):
            number = len(extracts) + 1
            extract = BundleExtract.of(record, library, record_citation_parts(record, style),
                                       lead.text if lead_in else None, number=number)
            if lead_in and lead.left_out:
                notes.append(f"lead-in of extract {number} ({record.id}) left out: "
                             f"{lead.left_out}")
            members.append(extract)
            extracts.append(extract)
        groups.append(Group(gid, label, tuple(members), len(groups) + 1))
    return Bundle(
        title=title or default_title(library, res),
        date=long_date(when.date()),
        prepared_with=prepared_with(library),
        filters=filters_text(selection, res),
        data_version=library.version,
        data_source=data_name(library),
        built_at=when.strftime("%Y-%m-%d %H:%M UTC"),
        generator=f"cocite {__version__}",
        style=style,
        show_lead_in=lead_in,
        groups=tuple(groups),
        extracts=tuple(extracts),
        sources=sources_of(extracts, style),
        caveat=BUNDLE_CAVEAT,
        notes=tuple(notes),
    )


def sources_of(extracts: Sequence[BundleExtract], style: str) -> tuple[SourceEntry, ...]:
    """Each source once (the same work cited at different pages is one source), numbered in
    the order of its citation's text, with the extracts citing it."""
    cited = [(source, numbers, citation_parts(source, style, pinpoint=False))
             for source, numbers in by_work(extracts).items()]
    cited.sort(key=lambda c: fold("".join(p.text for p in c[2])))
    return tuple(SourceEntry("".join(p.text for p in parts), parts, source.url, tuple(numbers), n)
                 for n, (source, numbers, parts) in enumerate(cited, start=1))
