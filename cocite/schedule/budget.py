"""The page budget: measuring a schedule, and choosing what ``--fit`` leaves out.

Measuring: LibreOffice's page count of the rendered Word file when LibreOffice is installed
(exact: the PDF's pages), otherwise the estimator of :mod:`cocite.pages` laid out with the
styles of ``templates/schedule.docx`` (mirrored in :data:`STYLES`).

Fitting drops the lowest-ranked extracts, one at a time in this order, until the schedule is
within ``max_pages``:

1. out of date: published more than ``stale_years`` before the build (undated ones too),
   oldest first;
2. repeats of a source already cited for the same issue, longest first;
3. the longest remaining extracts.

Extracts picked by id in the case file are never dropped, and no issue loses its last
extract. The estimator proposes how many to drop; LibreOffice confirms (a binary search
between the estimator's bounds, so a typical fit converts 2-4 times).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from cocite import pages as P
from cocite.query import date_span
from cocite.schedule.model import Extract, IssueSection, Schedule, work

# The paragraph styles of templates/schedule.docx (make_schedule_docx.py), for the estimator.
STYLES: dict[str, P.Style] = {
    "Normal": P.Style(),
    "Title": P.Style(size=16, bold=True, before=12, after=12),
    "Tribunal": P.Style(bold=True, after=12),
    "Parties": P.Style(after=0),
    "Provenance": P.Style(size=9, before=12, after=0),
    "Heading 1": P.Style(size=14, bold=True, before=12, keep_next=True),
    "Heading 2": P.Style(bold=True, before=6, after=0, keep_next=True),
    "Schedule Details": P.Style(after=0),
    "Schedule Heading": P.Style(size=14, bold=True, before=12, keep_next=True),
    "Index Entry": P.Style(left_cm=0.8, after=0),
    "Issue Note": P.Style(),
    "Lead-in": P.Style(after=0, keep_next=True),
    "Block Quote": P.Style(left_cm=1.0, right_cm=1.0, after=0),
    # The template's direct "keep with next" on a quote's last paragraph, its footnotes and a
    # citation followed by "Cited in" (styles of the estimator only).
    "Block Quote Kept": P.Style(left_cm=1.0, right_cm=1.0, after=0, keep_next=True),
    "Extract Footnote Kept": P.Style(left_cm=1.0, right_cm=1.0, after=0, keep_next=True),
    "Citation Kept": P.Style(after=0, keep_next=True),
    "Extract Note": P.Style(left_cm=1.0, after=0, keep_next=True),
    "Extract Footnote": P.Style(left_cm=1.0, right_cm=1.0, after=0),
    "Translation Note": P.Style(left_cm=1.0, after=0),
    "Citation": P.Style(after=0),
    "Cited In": P.Style(after=0),
    "Sources Heading": P.Style(bold=True, before=6, after=0, keep_next=True),
    "Source Entry": P.Style(left_cm=0.8, after=0),
}
# A quote's last paragraph up to this long keeps with its citation (the template's rule).
# A longer one LibreOffice would move whole; where its citation would start a page alone,
# cocite/render/pagination.py respaces the page instead, moving two lines over: the
# estimator leaves that out (it changed no example's page count).
KEEP_CHARS = 350
# LibreOffice adds the font's line gap (hhea lineGap, 67/2048 em in Liberation Sans) to every
# line: measured against LibreOffice 7.4, this factor makes the estimator agree with it on the
# examples (see tests/test_pages.py and tests/data/case-page-counts.json).
LINE_SCALE = (1854 + 434 + 67) / (1854 + 434)


def blocks(schedule: Schedule) -> list[P.Block]:
    """The schedule's paragraphs in document order, as the Word template lays them out."""
    out: list[P.Block] = []

    def add(style: str, text: str, tag: object = None) -> None:
        out.append(P.Block(style, text, tag))

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
            for style, text in extract_paragraphs(e):
                add(style, text, ("extract", e.number))
        add("Sources Heading", f"Sources for issue {issue.number}", ("issue", issue.number))
        for src in issue.sources:
            add("Source Entry", f"– {src.citation} ({src.span})", ("issue", issue.number))
    add("Schedule Heading", "About this schedule")
    add("Normal", s.caveat)
    add("Provenance", s.prepared_with)
    return out


def extract_paragraphs(e: Extract) -> list[tuple[str, str]]:
    out = [("Heading 2", e.number)]
    if e.lead_in:
        out.append(("Lead-in", e.lead_in))
    last = len(e.paragraphs) - 1
    out += [("Block Quote Kept" if i == last and len(p) <= KEEP_CHARS else "Block Quote", p)
            for i, p in enumerate(e.paragraphs)]
    if e.footnotes:
        out.append(("Extract Note", "Footnotes in the extract:"))
        out += [("Extract Footnote Kept", f) for f in e.footnotes]
    if e.translation is not None:
        out.append(("Extract Note", f"Original text ({e.translation.language}):"))
        out += [("Block Quote", p) for p in e.translation.paragraphs]
        if e.translation.note:
            out.append(("Translation Note", e.translation.note))
    out.append(("Citation Kept" if e.cited_in else "Citation", f"Source: {e.citation}"))
    if e.cited_in:
        out.append(("Cited In", f"Cited in: {e.cited_in}"))
    return out


def extract_height(e: Extract) -> float:
    """Points an extract takes on the page (for ranking 'the longest')."""
    blocks_ = [P.Block(style, text) for style, text in extract_paragraphs(e)]
    return sum(h for _, h in P.estimate(blocks_, STYLES, scale=LINE_SCALE).placed)


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
    full = P.Page()
    short = P.Page(height=full.height - margin * full.text_height)
    layout = P.estimate(bl, STYLES, page=short, scale=LINE_SCALE)
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


def measure_pdf(info: P.PdfInfo, schedule: Schedule) -> Measure:
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


def _last_page(info: P.PdfInfo, issue: IssueSection, first: int, bound: int) -> int:
    """The page holding the end of the issue's source list, e.g. "(extracts 1.2, 1.3)", which
    no other line of the schedule prints; ``bound`` when the text cannot be read."""
    if not info.text or not issue.sources:
        return bound
    needle = _squeeze(f"({issue.sources[-1].span})")
    for page in range(bound, first - 1, -1):
        if needle in _squeeze(info.text[page - 1]):
            return page
    return bound


# ---------------------------------------------------------------------------------------------
# Ranking


def _ymd(text: str | None) -> tuple[int, int, int] | None:
    span = date_span(text) if text else None
    return span[1] if span else None


def stale_before(today: date, stale_years: int) -> tuple[int, int, int]:
    """The last day of the currency window: a source ending before this day is out of date."""
    try:
        cut = today.replace(year=today.year - stale_years)
    except ValueError:  # 29 February
        cut = today.replace(year=today.year - stale_years, day=28)
    return (cut.year, cut.month, cut.day)


def is_stale(e: Extract, cutoff: tuple[int, int, int]) -> bool:
    end = _ymd(e.record.source.date)
    return end is None or end < cutoff


@dataclass(frozen=True, slots=True)
class Candidate:
    extract: Extract
    reason: str

    @property
    def kind(self) -> str:
        """The reason in two or three words, for lists."""
        return self.reason.split(":")[0].split(",")[0]


def rank(numbered: Sequence[Sequence[Extract]], today: date, stale_years: int) -> list[Candidate]:
    """Every extract --fit may drop, lowest-ranked (first to go) first."""
    cutoff = stale_before(today, stale_years)
    stale: list[Candidate] = []
    repeats: list[tuple[float, Candidate]] = []
    rest: list[tuple[float, Candidate]] = []
    for issue in numbered:
        seen: dict[object, str] = {}
        for e in issue:
            first = seen.setdefault(work(e.record.source), e.number)
            if e.explicit:
                continue
            height = extract_height(e)
            if is_stale(e, cutoff):
                when = e.record.source.date
                why = (f"out of date: published {when}, more than {stale_years} years ago"
                       if when else "out of date: the source is undated")
                stale.append(Candidate(e, why))
            elif first != e.number:
                repeats.append((height, Candidate(
                    e, f"repeats a source: that of extract {first}, already cited for this issue")))
            else:
                rest.append((height, Candidate(
                    e, f"long: among the longest remaining extracts (about {height / 20:.0f} lines)")))
    stale.sort(key=lambda c: (_ymd(c.extract.record.source.date) is None,
                              _ymd(c.extract.record.source.date) or (0, 0, 0)))
    repeats.sort(key=lambda hc: -hc[0])
    rest.sort(key=lambda hc: -hc[0])
    ordered = stale + [c for _, c in repeats] + [c for _, c in rest]
    # No issue may lose its last extract: walk the order and keep the ones that can go.
    left = {i: len(issue) for i, issue in enumerate(numbered, start=1) if issue}
    out = []
    for c in ordered:
        if left[c.extract.issue] > 1:
            left[c.extract.issue] -= 1
            out.append(c)
    return out


# ---------------------------------------------------------------------------------------------
# Fitting


@dataclass(frozen=True, slots=True)
class Fit:
    dropped: tuple[Candidate, ...]
    measure: Measure
    tried: int  # LibreOffice conversions made


def fit(
    order: Sequence[Candidate],
    max_pages: int,
    estimate_at: Callable[[int], Measure],
    exact_at: Callable[[int], Measure] | None,
) -> Fit:
    """The fewest drops (a prefix of ``order``) that bring the schedule within ``max_pages``.

    ``estimate_at(k)``/``exact_at(k)`` measure the schedule with the first k candidates
    dropped. Without ``exact_at`` the estimate decides. Otherwise LibreOffice's count does,
    searched between the estimator's bounds (more drops never make a schedule longer).
    """
    n = len(order)
    estimates: dict[int, Measure] = {}

    def est(k: int) -> int:
        if k not in estimates:
            estimates[k] = estimate_at(k)
        return estimates[k].pages

    def first_k(limit: int) -> int:
        """Smallest k whose estimate is <= limit (n if none)."""
        lo, hi = 0, n
        if est(n) > limit:
            return n
        while lo < hi:
            mid = (lo + hi) // 2
            if est(mid) <= limit:
                hi = mid
            else:
                lo = mid + 1
        return lo

    guess = first_k(max_pages)
    if exact_at is None:
        return Fit(tuple(order[:guess]), estimates[guess] if guess in estimates else estimate_at(guess), 0)
    exact: dict[int, Measure] = {}

    def ok(k: int) -> bool:
        if k not in exact:
            exact[k] = exact_at(k)
        return exact[k].pages <= max_pages

    # Bounds: below `low` the estimate says over by 2+ pages; find a k that fits, then search down.
    low = max(0, first_k(max_pages + 1) - 1) if guess else 0
    good = guess
    margin = 0
    while not ok(good):
        if good == n:
            return Fit(tuple(order[:n]), exact[n], len(exact))
        margin += 1
        low = good + 1
        good = max(good + 1, first_k(max_pages - margin))
    while low < good:
        mid = (low + good) // 2
        if ok(mid):
            good = mid
        else:
            low = mid + 1
    return Fit(tuple(order[:good]), exact[good], len(exact))
