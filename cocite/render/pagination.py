"""Each citation on the page where its quote ends, in LibreOffice's layout.

The Word templates keep a quote's short last paragraph with its citation ("keep with next").
A long one cannot be kept so: LibreOffice treats "keep with next" as "do not split"
(``SwTextFrameBreak`` in LibreOffice's sw/source/core/text/widorp.cxx), so it would move the
whole paragraph to the next page and leave most of a page blank. (Word follows ECMA-376
17.3.1.15 instead and keeps only the paragraph's last lines with the next one.) Bundles are
not laid out this way: a long one would need many conversions.

So where cocite lays a schedule out with LibreOffice (when it is installed: for its page
count, its index and its PDF), it reads the PDF back: a citation (or the note "Footnotes in
the extract:" it keeps with) printed on a later page than the end of the paragraph before it
is *stranded*. The gaps between the blocks above that
paragraph's end on its page (heading, lead-in, quote, citation) then grow a little, together
just more than the room left at the foot of the page, so that the paragraph no longer fits
and its last lines (two, by widow control) go over to the next page with the citation, as a
typesetter spreads a short page. The document is laid out again until no citation is
stranded (a few conversions at most). Where no gap above can grow, the paragraph keeps with
its citation instead. The text is never touched, nor the space between a quote's paragraphs:
only the space before blocks and the "keep with next" of paragraphs.
"""

from __future__ import annotations

import bisect
import io
import math
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# The paragraph styles (style ids) of cocite's templates this works with: what must not start
# a page apart from the quote above it (the citation, or the note "Footnotes in the extract:"
# that the footnotes and citation keep with), and the one whose space before never grows (it
# belongs to the citation above it).
AFTER_QUOTE = ("Citation", "ExtractNote")
CITED_IN = "CitedIn"
# Liberation Sans / Arial: descent 434/2048 em. A line fits the page while its baseline less
# this much of the font size is above the bottom margin (measured against LibreOffice 7.4).
DESCENT_EM = 434 / 2048
ROOM = 2.0  # points moved beyond the room measured, for rounding in LibreOffice's layout
PASSES = 4  # conversions at most, the first included
_KEY = 24  # characters (spaces left out) that find a paragraph's start or end in the PDF


@dataclass
class Adjustments:
    """What was changed to keep citations with their quotes: paragraph index (in the
    document body) -> points added before it, and the paragraphs given "keep with next"."""

    space: dict[int, float] = field(default_factory=dict)
    keep: set[int] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.space or self.keep)


def apply(docx: bytes, adjust: Adjustments) -> bytes:
    """The Word file with the adjustments made (the same bytes when there are none)."""
    if not adjust:
        return docx
    from docx import Document
    from docx.shared import Pt

    doc = Document(io.BytesIO(docx))
    paragraphs = doc.paragraphs
    for index, extra in adjust.space.items():
        fmt = paragraphs[index].paragraph_format
        base = paragraphs[index].style.paragraph_format.space_before  # type: ignore[union-attr]
        fmt.space_before = Pt((base.pt if base is not None else 0.0) + extra)
    for index in adjust.keep:
        paragraphs[index].paragraph_format.keep_with_next = True
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def settle(docx: bytes, convert: Callable[[bytes], bytes],
           passes: int = PASSES) -> tuple[bytes, bytes, Adjustments]:
    """Convert ``docx`` with ``convert`` (Word to PDF), adjusting it until no citation is
    stranded or ``passes`` conversions were made: the Word file, its PDF, the adjustments."""
    from pypdf.errors import PyPdfError

    paragraphs, bottom = _paragraphs(docx)
    adjust = Adjustments()
    current, pdf = docx, convert(docx)
    for _ in range(passes - 1):
        try:
            found = _Pdf(pdf, bottom)
        except (PyPdfError, ValueError, KeyError, IndexError, TypeError):
            break  # a PDF pypdf cannot read: left as it is (reading its pages reports it)
        if not _adjust(paragraphs, found, adjust):
            break
        current = apply(docx, adjust)
        pdf = convert(current)
    return current, pdf, adjust


def stranded(docx: bytes, pdf: bytes) -> list[int]:
    """Indexes of the citations (and notes before them) printed on a later page than the end
    of the paragraph before them (for tests and reports)."""
    paragraphs, bottom = _paragraphs(docx)
    found = _Pdf(pdf, bottom)
    first, last = _locate(paragraphs, found)
    return [i for i, _, _ in _stranded(paragraphs, first, last)]


def _paragraphs(docx: bytes) -> tuple[list[tuple[str, str]], float]:
    """(style id, text) of each body paragraph, and the bottom margin in points."""
    from docx import Document

    doc = Document(io.BytesIO(docx))
    out = [(p.style.style_id if p.style is not None else "", p.text) for p in doc.paragraphs]
    margin = doc.sections[0].bottom_margin if doc.sections else None
    return out, margin.pt if margin is not None else 72.0


def _squeeze(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


class _Pdf:
    """The text of a PDF without spaces, where each page starts in it, and the lowest line
    of each page's body: (its baseline's height above the page's foot, its font size)."""

    def __init__(self, data: bytes, bottom: float) -> None:
        from pypdf import PdfReader

        texts: list[str] = []
        self.lowest: list[tuple[float, float] | None] = []
        for page in PdfReader(io.BytesIO(data)).pages:
            text, lowest = _read_page(page, bottom)
            texts.append(text)
            self.lowest.append(lowest)
        self.starts = [0]
        for text in texts:
            self.starts.append(self.starts[-1] + len(text))
        self.text = "".join(texts)
        self.bottom = bottom

    def page(self, offset: int) -> int:
        """The page (0-based) holding the character at ``offset``."""
        return bisect.bisect_right(self.starts, offset) - 1

    def room(self, page: int) -> float:
        """Points left below the page's lowest line of text (0 when unknown)."""
        low = self.lowest[page] if 0 <= page < len(self.lowest) else None
        if low is None:
            return 0.0
        baseline, size = low
        return max(0.0, baseline - DESCENT_EM * size - self.bottom)


def _read_page(page: Any, bottom: float) -> tuple[str, tuple[float, float] | None]:
    """A page's text without spaces, and its lowest line above the bottom margin."""
    lines: list[tuple[float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
        y = tm[5] * cm[3] + cm[5]
        if text.strip() and y > bottom:  # below the bottom margin: the footer
            lines.append((y, size * abs(tm[3] * cm[3]) if tm[3] else size))

    text = _squeeze(page.extract_text(visitor_text=visit))
    return text, min(lines) if lines else None


def _locate(paragraphs: list[tuple[str, str]],
            pdf: _Pdf) -> tuple[list[int | None], list[int | None]]:
    """The page each paragraph starts and ends on (None where its text was not found),
    searching the PDF's text in document order."""
    first: list[int | None] = [None] * len(paragraphs)
    last: list[int | None] = [None] * len(paragraphs)
    cursor = 0
    for i, (_, text) in enumerate(paragraphs):
        squeezed = _squeeze(text)
        if not squeezed:
            continue
        at = pdf.text.find(squeezed[:_KEY], cursor)
        if at < 0:
            continue
        first[i] = pdf.page(at)
        cursor = at + min(len(squeezed), _KEY)
        if len(squeezed) <= _KEY:
            last[i] = pdf.page(cursor - 1)
            continue
        end = pdf.text.find(squeezed[-_KEY:], at + len(squeezed) - _KEY)
        if end >= 0:
            cursor = end + _KEY
            last[i] = pdf.page(cursor - 1)
    return first, last


def _stranded(paragraphs: list[tuple[str, str]], first: list[int | None],
              last: list[int | None]) -> list[tuple[int, int, int]]:
    """(citation index, index of the paragraph before it, page where that one ends)."""
    out = []
    for i, (style, _) in enumerate(paragraphs):
        if style not in AFTER_QUOTE or first[i] is None:
            continue
        before = i - 1
        while before >= 0 and not paragraphs[before][1].strip():
            before -= 1
        end = last[before] if before >= 0 else None
        if end is not None and first[i] > end:  # type: ignore[operator]
            out.append((i, before, end))
    return out


def _adjust(paragraphs: list[tuple[str, str]], pdf: _Pdf, adjust: Adjustments) -> bool:
    """Add to ``adjust`` what moves each stranded citation's quote end down to it; False
    when no citation is stranded."""
    first, last = _locate(paragraphs, pdf)
    sites = _stranded(paragraphs, first, last)
    for _, before, page in sites:
        # The gaps above the paragraph's end on its page, not at the page's top (space there
        # would be lost at a page break); else those on the page before.
        for where, need in ((page, pdf.room(page)),
                            (page - 1, pdf.room(page) + pdf.room(page - 1))):
            gaps = [h for h in range(1, before + 1)
                    if first[h] == where and _grows(paragraphs, h) and _follows(h, where, last)]
            if gaps:
                share = math.ceil((need + ROOM) / len(gaps) * 2) / 2
                for h in gaps:
                    adjust.space[h] = adjust.space.get(h, 0.0) + share
                break
        else:
            adjust.keep.add(before)
    return bool(sites)


def _grows(paragraphs: list[tuple[str, str]], index: int) -> bool:
    """Whether the space before a paragraph may grow: where one block (heading, lead-in,
    quote, citation) starts after another, never between two paragraphs of the same style
    (a quote's paragraphs, a list's entries) nor inside the citation."""
    style = paragraphs[index][0]
    return style != CITED_IN and style != paragraphs[index - 1][0]


def _follows(index: int, page: int, last: list[int | None]) -> bool:
    """Whether something printed before paragraph ``index`` ends on ``page`` too."""
    before = next((p for p in reversed(last[:index]) if p is not None), None)
    return before == page
