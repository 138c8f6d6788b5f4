"""The schedule as plain values: what the templates show and the budget measures.

Extract numbers are ``issue.position`` (e.g. ``2.3``): the issue's place in the case file,
then the extract's place in that issue's selection order (explicit ``ids`` first, in the
order given; then the topic matches in the library's order: report section, newest first).
Numbers are given *before* any extract is dropped to fit the page budget, so ``2.3`` names
the same record whether or not ``--fit`` left others out (the gaps are explained on the
terminal and in the manifest, never in the document); ``--renumber`` numbers what is kept
consecutively instead, and the manifest maps each new number to the old one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from cocite import __version__, leadins
from cocite.extracts import (
    ExtractBase,
    SourceEntry,
    by_work,
    citation_parts,
    record_citation_parts,
)
from cocite.guidance import Reliance
from cocite.models import Record
from cocite.provenance import data_name, long_date, prepared_with
from cocite.schedule.links import title_linked

if TYPE_CHECKING:
    from cocite.casefile import CaseFile
    from cocite.library import Library

TRIBUNAL = "IN THE FIRST-TIER TRIBUNAL (IMMIGRATION AND ASYLUM CHAMBER)"
RESPONDENT = "Secretary of State for the Home Department"
PRACTICE_DIRECTION = "First-tier Tribunal (Immigration and Asylum Chamber) Practice Direction, para 10.6"

SCHEDULE_CAVEAT = (
    "This schedule sets out extracts of country of origin information (COI) relied upon, by "
    "reference to each disputed issue. The extracts were selected with cocite from a library "
    "of verbatim excerpts; the selection is not exhaustive, and the absence of information "
    "here does not mean that an event or situation did not occur. Each extract is quoted "
    "verbatim from the source cited, with its hyperlink; read it in its original context "
    "before relying on it. Several extracts from the same source, or from sources that rely "
    "on one another, are not independent corroboration."
)


@dataclass(frozen=True, slots=True, kw_only=True)
class ScheduleExtract(ExtractBase):
    number: str  # "2.3"
    issue: int
    position: int
    explicit: bool  # picked by id in the case file (never dropped by --fit)
    was: str | None = None  # the number before --renumber closed the gaps --fit left


@dataclass(frozen=True, slots=True)
class IssueSection:
    number: int
    title: str
    note: str | None
    extracts: tuple[ScheduleExtract, ...]
    omitted: tuple[str, ...]  # numbers left out by --fit (for the manifest, never printed)
    sources: tuple[SourceEntry, ...]
    guidance: tuple[Reliance, ...] = ()  # country guidance relied on, from the case file
    page: int | None = None  # where the issue starts (LibreOffice's layout, else estimated)

    @property
    def anchor(self) -> str:
        """The Word bookmark at the issue's heading, for the index's page number and link."""
        return f"_Issue{self.number}"

    @property
    def index_text(self) -> str:
        return f"{self.number}.\t{self.title}: {self.span}"

    @property
    def span(self) -> str:
        """``extracts 2.1–2.5`` (or ``extract 2.1``). What --fit left out is not printed: the
        filed document shows what is relied on; the terminal and the manifest say the rest."""
        numbers = [e.number for e in self.extracts]
        if not numbers:
            return "no extracts"
        if len(numbers) == 1:
            return f"extract {numbers[0]}"
        return f"extracts {numbers[0]}–{numbers[-1]}"


@dataclass(frozen=True, slots=True)
class Schedule:
    """The whole context; templates see its fields as top-level names."""

    title: str
    tribunal: str
    appeal: str | None
    appellant: str | None
    respondent: str
    prepared_by: str | None
    date: str  # "30 November 2026": the case file's date, else the build's day
    header: str  # the running header on every page: appeal number and title
    prepared_with: str  # the one line about cocite a filed document shows
    practice_direction: str
    # For the manifest only (never in the default templates): when and from what it was built.
    built_at: str
    generator: str
    data_version: str
    data_source: str
    style: str
    max_pages: int
    issues: tuple[IssueSection, ...]
    caveat: str
    # Messages for the terminal (lead-ins left out); never shown in the document.
    notes: tuple[str, ...] = ()

    @property
    def extracts(self) -> tuple[ScheduleExtract, ...]:
        return tuple(e for issue in self.issues for e in issue.extracts)

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {name: getattr(self, name) for name in self.__slots__}
        out["extracts"] = self.extracts
        return out


def make_extract(issue: int, position: int, record: Record, explicit: bool,
                 library: Library, style: str) -> ScheduleExtract:
    # The URL is printed once, in the issue's sources; here the title links to it.
    parts = title_linked(record_citation_parts(record, style), record.source.title)
    return ScheduleExtract.of(record, library, parts, record.lead_in,
                              number=f"{issue}.{position}", issue=issue, position=position,
                              explicit=explicit)


def sources_of(extracts: Sequence[ScheduleExtract], style: str) -> tuple[SourceEntry, ...]:
    """Each source once, in order of first citation, with the extracts citing it."""
    out = []
    shown: set[str] = set()
    for source, numbers in by_work(extracts).items():
        parts = citation_parts(source, style, pinpoint=False)
        if source.url in shown:  # each distinct URL printed once per issue
            parts = title_linked(parts, source.title)
        shown.add(source.url or "")
        out.append(SourceEntry("".join(p.text for p in parts), parts, source.url, tuple(numbers)))
    return tuple(out)


def build_schedule(
    case: CaseFile,
    library: Library,
    numbered: Sequence[Sequence[ScheduleExtract]],
    dropped: frozenset[str],
    built: datetime,
    renumber: bool = False,
) -> Schedule:
    """The schedule of ``numbered`` extracts (per issue), leaving out the ``dropped`` numbers
    (and, with ``renumber``, numbering the rest consecutively, each keeping its old number)."""
    sections = []
    notes: list[str] = []
    for issue, extracts in zip(case.issues, numbered, strict=True):
        kept_ = [e for e in extracts if e.number not in dropped]
        if renumber:
            kept_ = [replace(e, number=f"{e.issue}.{pos}", position=pos, was=e.number)
                     for pos, e in enumerate(kept_, start=1)]
        kept = with_lead_ins(kept_, case.lead_ins, notes)
        omitted = tuple(e.number for e in extracts if e.number in dropped)
        sections.append(IssueSection(
            issue.number, issue.title, issue.note, kept, omitted, sources_of(kept, case.style),
            issue.country_guidance,
        ))
    day = date.fromisoformat(case.date) if case.date else built.date()
    return Schedule(
        title=case.title, tribunal=TRIBUNAL, appeal=case.appeal, appellant=case.appellant,
        respondent=RESPONDENT, prepared_by=case.prepared_by, date=long_date(day),
        header=f"{case.appeal} – {case.title}" if case.appeal else case.title,
        prepared_with=prepared_with(library), practice_direction=PRACTICE_DIRECTION,
        built_at=built.strftime("%Y-%m-%d %H:%M UTC"), generator=f"cocite {__version__}",
        data_version=library.version, data_source=data_name(library), style=case.style,
        max_pages=case.max_pages, issues=tuple(sections), caveat=SCHEDULE_CAVEAT, notes=tuple(notes),
    )


def with_pages(schedule: Schedule, starts: Sequence[int]) -> Schedule:
    """The schedule with each issue's first page, as the index prints it."""
    issues = tuple(replace(i, page=p) for i, p in zip(schedule.issues, starts, strict=True))
    return replace(schedule, issues=issues)


def with_lead_ins(extracts: Sequence[ScheduleExtract], show: bool, notes: list[str]) -> tuple[ScheduleExtract, ...]:
    """The extracts of one issue with their lead-ins as printed (:mod:`cocite.leadins`)."""
    if not show:
        return tuple(replace(e, lead_in=None) for e in extracts)
    out = []
    for e, lead in zip(extracts, leadins.resolve_all([e.record for e in extracts]), strict=True):
        if lead.left_out:
            notes.append(f"lead-in of extract {e.number} ({e.id}) left out: {lead.left_out}")
        out.append(replace(e, lead_in=lead.text))
    return tuple(out)
