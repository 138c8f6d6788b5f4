"""Measuring a schedule's pages: LibreOffice's count of the Word file when installed (exact:
the PDF's pages), otherwise the estimator of :mod:`cocite.layout` laid out with the styles of
``templates/schedule.docx`` (mirrored in :data:`PARAGRAPH_STYLES`).
"""

from __future__ import annotations

from dataclasses import dataclass

from cocite.layout import LINE_SCALE, Block, Page, Style, estimate, extract_paragraphs
from cocite.libreoffice import PdfInfo
from cocite.schedule.model import IssueSection, Schedule, ScheduleExtract

# The paragraph styles of templates/schedule.docx (make_schedule_docx.py), for the estimator.
PARAGRAPH_STYLES: dict[str, Style] = {
    "Normal": Style(),
    "Title": Style(size=16, bold=True, before=12, after=12),
    "Tribunal": Style(bold=True, after=12),
    "Parties": Style(after=0),
    "Provenance": Style(size=9, before=12, after=0),
    "Heading 1": Style(size=14, bold=True, before=12, keep_next=True),
    "Heading 2": Style(bold=True, before=6, after=0, keep_next=True),
    "Schedule Details": Style(after=0),
    "Schedule Heading": Style(size=14, bold=True, before=12, keep_next=True),
    "Index Entry": Style(left_cm=0.8, after=0),
    "Issue Note": Style(),
    "Lead-in": Style(after=0, keep_next=True),
    "Block Quote": Style(left_cm=1.0, right_cm=1.0, after=0),
    # The template's direct "keep with next" on a quote's last paragraph, its footnotes and a
    # citation followed by "Cited in" (styles of the estimator only).
    "Block Quote Kept": Style(left_cm=1.0, right_cm=1.0, after=0, keep_next=True),
    "Extract Footnote Kept": Style(left_cm=1.0, right_cm=1.0, after=0, keep_next=True),
    "Citation Kept": Style(after=0, keep_next=True),
    "Extract Note": Style(left_cm=1.0, after=0, keep_next=True),
    "Extract Footnote": Style(left_cm=1.0, right_cm=1.0, after=0),
    "Translation Note": Style(left_cm=1.0, after=0),
    "Citation": Style(after=0),
    "Cited In": Style(after=0),
    "Sources Heading": Style(bold=True, before=6, after=0, keep_next=True),
    "Source Entry": Style(left_cm=0.8, after=0),
}


def blocks(schedule: Schedule) -> list[Block]:
    """The schedule's paragraphs in document order, as the Word template lays them out."""
    out: list[Block] = []

    def add(style: str, text: str, tag: object = None) -> None:
        out.append(Block(style, text, tag))

    s = schedule
    add("Tribunal", s.tribunal)
    if s.appeal:
        add("Parties", f"Appeal number: {s.appeal}")
    if s.appellant:
        for text in ("BETWEEN", f"{s.appellant}, Appellant", "and", f"{s.respondent}, Respondent"):
            add("Parties", text)
    add("Title", s.title)
    if s.prepared_by:
        add("Schedule Details", f"Prepared by: {s.prepared_by}")
    add("Schedule Details", f"Date: {s.date}")
    add("Schedule Details", f"Under: {s.practice_direction}")
    add("Schedule Heading", "Index of issues")
    for issue in s.issues:
        add("Index Entry", f"{issue.number}. {issue.title}: {issue.span}")
    for issue in s.issues:
        add("Heading 1", f"{issue.number}. {issue.title}", ("issue", issue.number))
        if issue.note:
            add("Issue Note", issue.note, ("issue", issue.number))
        if issue.guidance:
            add("Sources Heading", "Country guidance", ("issue", issue.number))
            for g in issue.guidance:
                add("Source Entry", f"– {g.text}", ("issue", issue.number))
        for e in issue.extracts:
            for style, text in extract_paragraphs(e, e.number):
                add(style, text, ("extract", e.number))
        add("Sources Heading", f"Sources for issue {issue.number}", ("issue", issue.number))
        for src in issue.sources:
            add("Source Entry", f"– {src.citation} ({src.span})", ("issue", issue.number))
    add("Schedule Heading", "About this schedule")
    add("Normal", s.caveat)
    add("Provenance", s.prepared_with)
    return out


def extract_height(e: ScheduleExtract) -> float:
    """Points an extract takes on the page (for ranking 'the longest')."""
    blocks_ = [Block(style, text) for style, text in extract_paragraphs(e, e.number)]
    return sum(h for _, h in estimate(blocks_, PARAGRAPH_STYLES, scale=LINE_SCALE).placed)


@dataclass(frozen=True, slots=True)
class Measure:
    """A page count and how it was made."""

    pages: int
    method: str  # "libreoffice" or "estimate"
    # Per issue: (first page, last page), 1-based; the last may be shared with the next issue.
    issue_pages: tuple[tuple[int, int], ...]


# Fitting by the estimator alone (no LibreOffice) lays the schedule out on pages this much
# shorter, so that the estimator's error cannot push a "12-page" schedule onto a 13th page
# in LibreOffice or Word. Measured: see ESTIMATE_MARGIN_NOTE and tests/data/fit-margin.json.
ESTIMATE_MARGIN = 0.05
ESTIMATE_MARGIN_NOTE = (
    "page count estimated (LibreOffice not found); fitted with a margin of 5% of each page, "
    "which covered the estimator's error against LibreOffice on the cases measured; Word's "
    "layout was not measured and may differ by a few lines"
)


def estimate_schedule(schedule: Schedule, margin: float = 0.0) -> Measure:
    """Pages by the estimator; ``margin``: the fraction of each page kept free (for --fit)."""
    bl = blocks(schedule)
    full = Page()
    short = Page(height=full.height - margin * full.text_height)
    layout = estimate(bl, PARAGRAPH_STYLES, page=short, scale=LINE_SCALE)
    firsts: dict[int, int] = {}
    lasts: dict[int, int] = {}
    for block, (page, _) in zip(bl, layout.placed, strict=True):
        if isinstance(block.tag, tuple) and block.tag[0] == "issue":
            firsts.setdefault(block.tag[1], page)
            lasts[block.tag[1]] = page
        elif isinstance(block.tag, tuple) and block.tag[0] == "extract":
            lasts[int(str(block.tag[1]).split(".")[0])] = page
    spans = tuple((firsts[i.number], lasts[i.number]) for i in schedule.issues)
    return Measure(layout.pages, "estimate", spans)


def measure_pdf(info: PdfInfo, schedule: Schedule) -> Measure:
    """Per-issue pages: the first from the PDF's bookmarks (one top-level bookmark per issue),
    the last where the issue's last line is printed (found in the pages' text)."""
    starts = [b.page for b in info.bookmarks][: len(schedule.issues)]
    if len(starts) != len(schedule.issues):  # a user's template without Heading 1 per issue
        est = estimate_schedule(schedule)
        return Measure(info.pages, "libreoffice", est.issue_pages)
    # The next issue's first page is only an upper bound: it may start on a fresh page.
    bounds = starts[1:] + [info.pages]
    ends = [_last_page(info, issue, first, bound)
            for issue, first, bound in zip(schedule.issues, starts, bounds, strict=True)]
    return Measure(info.pages, "libreoffice", tuple(zip(starts, ends, strict=True)))


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _last_page(info: PdfInfo, issue: IssueSection, first: int, bound: int) -> int:
    """The page holding the end of the issue's source list, e.g. "(extracts 1.2, 1.3)", which
    no other line of the schedule prints; ``bound`` when the text cannot be read."""
    if not info.text or not issue.sources:
        return bound
    needle = _squeeze(f"({issue.sources[-1].span})")
    for page in range(bound, first - 1, -1):
        if needle in _squeeze(info.text[page - 1]):
            return page
    return bound
