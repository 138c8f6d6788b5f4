"""Undo the PDF-to-text artefacts of an Asylos report: pages, link blocks, headers and footers.

The text of an Asylos report extracted from its PDF has a fixed shape that this module relies on:

* each page ends with a *link block*: one line per hyperlink of the page, in order of appearance
  (a link whose text wraps over two lines is listed twice);
* the first line of each page starts with one space; but so do a few lines in mid-page, so a
  line with one leading space starts a page only where the link block was lost *and* the page
  lengths fit: the page so far has at least :data:`MIN_PAGE` lines, and the page so far plus
  the lines up to the next link block are more than one page can hold (:data:`MAX_PAGE`);
* some pages lost their link block, and a few carry the printed footer instead
  (``Albania: Trafficking.© Asylos 2024.``, ``22Contents Introduction ...``, ``Back to contents``);
* the blank line(s) before a link block, a footer or the next page are page furniture, not a
  paragraph break: they become :data:`PAGE_BREAK` lines, which :func:`.asylos_text.join_lines`
  joins like a line wrap unless a sentence ends there and a new one starts (a paragraph that
  ends with its page);
* the PDF's bullet glyph is extracted as the letter ``x`` after a tab (``\tx Rent subsidy``):
  it is restored as ``•`` (artefact repair, like re-joining a hyphenated word; the report's
  words are untouched).

:func:`split_pages` turns the raw text into :class:`TextLine` objects (artefacts removed, each
line knowing its input line number and page) plus the link list of every page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A link line: the whole line is one URL. Some URLs of the source PDF contain spaces (a broken
# link in the original), so everything after the scheme up to the line end belongs to the URL.
_URL_LINE = re.compile(r"^ ?(?:https?://|mailto:)\S.*$")
# The printed page furniture that survives on some pages.
_FOOTER_LINES = (
    re.compile(r"^.*©\s*Asylos\s+\d{4}\.?\s*$"),
    re.compile(r"^\d+Contents Introduction\b.*$"),
    re.compile(r"^Back to contents\s*$"),
)
# First line of a page: exactly one space, then text.
_PAGE_INITIAL = re.compile(r"^ (?! )\S")
# A list item whose bullet glyph came out as "x": a tab (the list indent), "x", white space.
_X_BULLET = re.compile(r"^([ \t]*\t)x[ \t]+(?=\S)")
# Lines a page holds (text and blank lines, without its link block): the seed's pages that end
# in a link block hold 29-69; below MIN_PAGE a page is only so short when its link block ends it.
MIN_PAGE = 40
MAX_PAGE = 70
# The text of a blank line that is page furniture (before a link block, footer or new page).
PAGE_BREAK = "\f"


@dataclass(frozen=True, slots=True)
class TextLine:
    """One line of report text with the PDF artefacts removed."""

    number: int  # 1-based line number in the input text
    text: str  # the line without the page-initial space and without trailing white space
    page: int  # 0-based page index
    page_start: bool = False  # the first text line of its page
    raw: str = ""  # the input line as it was (trailing tabs tell a footnote goes on)


@dataclass(frozen=True, slots=True)
class Page:
    index: int
    links: tuple[str, ...]  # the page's hyperlinks in order of appearance; () if the block is lost
    has_link_block: bool


@dataclass(frozen=True, slots=True)
class PagedText:
    lines: tuple[TextLine, ...]
    pages: tuple[Page, ...]


def is_url_line(line: str) -> bool:
    return bool(_URL_LINE.match(line))


def is_footer_line(line: str) -> bool:
    return any(p.match(line) for p in _FOOTER_LINES)


def clean_url(line: str) -> str:
    """A link of the link block as a usable URL.

    Spaces inside a link are percent-encoded (the same address, written so it can be followed);
    nothing else is changed.
    """
    return line.strip().replace(" ", "%20")


def restore_bullet(line: str) -> str:
    """``\tx Item`` -> ``\t• Item``: the PDF's bullet glyph extracted as a letter."""
    return _X_BULLET.sub(lambda m: m.group(1) + "• ", line)


def _soften_trailing_blanks(lines: list[TextLine]) -> None:
    """Blank lines just before a page ends are page furniture (see :data:`PAGE_BREAK`)."""
    k = len(lines)
    while k > 0 and lines[k - 1].text in ("", PAGE_BREAK):
        k -= 1
    for n in range(k, len(lines)):
        old = lines[n]
        lines[n] = TextLine(old.number, PAGE_BREAK, old.page, old.page_start, old.raw)


def _lost_block_starts(raw: list[str]) -> set[int]:
    """Indexes of the lines with one leading space that start a page whose link block was lost.

    See the module docstring: a candidate counts only if the page so far holds at least
    MIN_PAGE lines and it plus the lines up to the next link block would overfill one page.
    """
    out: set[int] = set()
    since = 0  # lines of the current page so far
    for i, line in enumerate(raw):
        if is_url_line(line):
            since = 0
            continue
        if is_footer_line(line):
            continue
        if i and _PAGE_INITIAL.match(line) and not is_url_line(raw[i - 1]) and since >= MIN_PAGE:
            until = 0
            for nxt in raw[i:]:
                if is_url_line(nxt):
                    break
                until += 0 if is_footer_line(nxt) else 1
            if since + until > MAX_PAGE:
                out.add(i)
                since = 0
        since += 1
    return out


def split_pages(text: str) -> PagedText:
    """Split the extracted text into artefact-free lines and pages with their links."""
    raw = text.splitlines()
    lost = _lost_block_starts(raw)
    lines: list[TextLine] = []
    pages: list[Page] = []
    links: list[str] = []
    page = 0
    in_block = False  # inside a page's link block (or the blank/footer lines after it)
    for number, line in enumerate(raw, start=1):
        if is_url_line(line):
            if not in_block:
                _soften_trailing_blanks(lines)
            links.append(clean_url(line))
            in_block = True
            continue
        if is_footer_line(line):
            _soften_trailing_blanks(lines)
            continue
        if not line.strip():
            if not in_block:
                lines.append(TextLine(number, "", page, raw=line))
            continue
        # After a link block a page-initial space is expected; elsewhere only at a lost block.
        starts_page = bool(_PAGE_INITIAL.match(line)) and (in_block or number == 1 or number - 1 in lost)
        if in_block or (starts_page and lines and number > 1):
            # A new page begins: after a link block, or (link block lost) at a page-initial line.
            if not in_block:
                _soften_trailing_blanks(lines)
            pages.append(Page(page, tuple(links), in_block))
            links = []
            page += 1
            in_block = False
            starts_page = True
        body = line[1:] if starts_page and line.startswith(" ") else line
        body = restore_bullet(body)
        lines.append(TextLine(number, body.rstrip(), page, page_start=starts_page, raw=line))
    pages.append(Page(page, tuple(links), in_block or bool(links)))
    return PagedText(tuple(lines), tuple(pages))
