"""The one page estimator: paragraphs laid out on A4 from font metrics, without LibreOffice.

:func:`estimate` wraps each paragraph with the character widths of Liberation Sans / Arial
(:mod:`cocite.fontmetrics`) and the template's paragraph styles, and places the lines page by
page (spacing, keep-with-next, widows and orphans) as Word and LibreOffice do, closely enough
to count pages. Its error against LibreOffice is measured in the tests (tests/test_layout.py).
Both documents use it: the bundle for its contents' page numbers, the schedule for its budget.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cocite import fontmetrics

if TYPE_CHECKING:
    from cocite.extracts import ExtractBase

PT_PER_CM = 72 / 2.54
A4_PT = (595.3, 841.9)
# LibreOffice adds the font's line gap (hhea lineGap, 67/2048 em in Liberation Sans) to every
# line: measured against LibreOffice 7.4, this factor makes the estimator agree with it on
# both documents (tests/data/case-page-counts.json, tests/data/bundle-page-counts.json).
LINE_SCALE = (1854 + 434 + 67) / (1854 + 434)


@dataclass(frozen=True, slots=True)
class Style:
    """A paragraph style, as far as layout goes (mirror of the Word template's styles)."""

    size: float = 12.0
    bold: bool = False
    left_cm: float = 0.0
    right_cm: float = 0.0
    before: float = 0.0  # points
    after: float = 6.0
    keep_next: bool = False
    spacing: float = 1.5  # line spacing, as a multiple


@dataclass(frozen=True, slots=True)
class Page:
    """The page geometry: A4 with 2.54 cm margins unless told otherwise."""

    width: float = A4_PT[0]
    height: float = A4_PT[1]
    margin: float = 2.54 * PT_PER_CM

    @property
    def text_width(self) -> float:
        return self.width - 2 * self.margin

    @property
    def text_height(self) -> float:
        return self.height - 2 * self.margin


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph to lay out; ``tag`` lets a caller find where its parts fell."""

    style: str
    text: str
    tag: object = None


_WIDTHS = {
    False: dict(zip(fontmetrics.CHARS, fontmetrics.REGULAR, strict=True)),
    True: dict(zip(fontmetrics.CHARS, fontmetrics.BOLD, strict=True)),
}
# Where a line may break: after spaces, and after a hyphen or slash (long URLs break there).
_TOKENS = re.compile(r"[^\s/\-]*(?:[/\-]+|\s+|$)")


def text_width(text: str, size: float, bold: bool = False) -> float:
    table = _WIDTHS[bold]
    return sum(table.get(c, fontmetrics.DEFAULT) for c in text) * size / 1000


def count_lines(text: str, width: float, size: float, bold: bool = False) -> int:
    """Lines a paragraph takes when wrapped greedily at ``width`` points (a tab: one space)."""
    lines = 0
    for hard in text.replace("\t", " ").split("\n"):
        lines += 1
        used = 0.0
        for token in _TOKENS.findall(hard):
            if not token:
                continue
            word = token.rstrip()
            w = text_width(word, size, bold)
            if used and used + w > width:
                lines += 1
                used = 0.0
            while w > width:  # a word longer than the line is broken anywhere
                lines += 1
                w -= width
            used += w + text_width(token[len(word):], size, bold)
    return lines


@dataclass(frozen=True, slots=True)
class Layout:
    pages: int
    # For each block: the page (1-based) its first line fell on, and its height in points.
    placed: tuple[tuple[int, float], ...]


def estimate(blocks: Sequence[Block], styles: dict[str, Style], page: Page = Page(),
             scale: float = 1.0) -> Layout:
    """Lay the blocks out page by page (line wrapping, spacing, keep-with-next, widows and
    orphans of two lines), as Word and LibreOffice do, closely enough to count pages.

    ``scale`` stretches every line height: the calibration factor against LibreOffice.
    """
    heights = []
    for b in blocks:
        st = styles[b.style]
        width = page.text_width - (st.left_cm + st.right_cm) * PT_PER_CM
        n = count_lines(b.text, width, st.size, st.bold)
        heights.append((n, st.size * fontmetrics.LINE_HEIGHT_EM * st.spacing * scale, st))
    room = page.text_height
    y, number = 0.0, 1
    placed: list[tuple[int, float]] = []
    for i, (n, line, st) in enumerate(heights):
        before = st.before if y > 0 else 0.0
        need = before + line * min(n, 2)
        j = i
        while heights[j][2].keep_next and j + 1 < len(heights):  # keep with the next lines
            j += 1
            nn, ll, ss = heights[j]
            need += ss.before + ll * min(nn, 2) + heights[j - 1][2].after
        if y > 0 and y + need > room:
            number, y, before = number + 1, 0.0, 0.0
        start = number
        y += before
        left = n
        while left:
            fit = max(0, int((room - y) // line))
            if fit >= left:
                y += left * line
                left = 0
            else:
                # Orphan/widow control: at least two lines on each side of a page break.
                take = fit if fit >= 2 and left - fit >= 2 else (fit - 1 if left - fit == 1 and fit > 2 else 0)
                left -= take
                number, y = number + 1, 0.0
        y += st.after
        placed.append((start, before + n * line + st.after))
    return Layout(pages=number, placed=tuple(placed))


# The templates' rule (templates/make_bundle_docx.py, extract_body, which both templates
# share): a quote's last paragraph up to this long keeps with its citation. A longer one
# LibreOffice would move whole; where its citation would start a page alone in a schedule,
# cocite/render/pagination.py respaces the page instead, moving two lines over: the
# estimator leaves that out (it changed no example's page count).
KEEP_CHARS = 350


def extract_paragraphs(e: ExtractBase, heading: str) -> list[tuple[str, str]]:
    """An extract's paragraphs as both templates lay them out (extract_body): the paragraph
    style of each, "X Kept" where the template adds a direct keep-with-next to style X."""
    out = [("Heading 2", heading)]
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
