"""OSCOLA citations for reports and web sources (OSCOLA 4th edition, sections 3.3-3.6).

Shape: ``Author, *Title* (Publisher, date) pinpoint <URL> accessed date``. Titles of reports,
books and other free-standing documents are in italics; titles of articles, news items and
web pages go in single quotation marks. OSCOLA puts no full stop at the end of a citation.

Only what the record holds is cited: a missing publisher, date or URL is left out, never
guessed. Pinpoints are kept exactly as the record gives them.
"""

from __future__ import annotations

from typing import NamedTuple

from cocite.models import Source

_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)
# Kinds whose title is a free-standing document (italics); the rest are parts of something
# larger (quoted). Legislation is cited in roman type in OSCOLA.
_ITALIC_KINDS = {"report", "statistics", "submission", "other"}
_QUOTED_KINDS = {"article", "news", "academic"}


class Part(NamedTuple):
    """A piece of a citation: plain text, italic text, or a URL to make clickable."""

    text: str
    italic: bool = False
    url: str | None = None


def format_date(date: str | None) -> str:
    """``2022-12-02`` -> ``2 December 2022``; ``2022-12`` -> ``December 2022``; ``2022`` kept."""
    if not date:
        return ""
    parts = date.split("-")
    try:
        if len(parts) == 3:
            return f"{int(parts[2])} {_MONTHS[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 2:
            return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        pass  # not a date we understand: cite it as written rather than guess
    return date


def source_parts(source: Source, *, pinpoint: bool = True) -> list[Part]:
    """The citation as parts, so renderers can italicise the title and link the URL."""
    out: list[Part] = []
    author = source.author.strip()
    title = (source.title or "").strip()

    if source.kind == "interview":
        out.append(Part(f"Interview with {author}"))
    elif source.kind == "written-communication":
        out.append(Part(f"Written communication from {author}"))
    else:
        out.append(Part(author))
    if title:
        out.append(Part(", "))
        if source.kind in _ITALIC_KINDS:
            out.append(Part(title, italic=True))
        elif source.kind in _QUOTED_KINDS:
            out.append(Part(f"‘{title}’"))
        else:
            out.append(Part(title))

    bracket = []
    if source.version:
        bracket.append(source.version.strip())
    publisher = (source.publisher or "").strip()
    if publisher and publisher != author:
        bracket.append(publisher)
    date = format_date(source.date)
    if bracket and date:
        # OSCOLA: "(OUP 2010)" for a year, "(Naked Law, 1 May 2009)" for a full date.
        sep = " " if date.isdigit() else ", "
        text = ", ".join(bracket) + sep + date
    else:
        text = ", ".join(bracket) or date
    if text:
        out.append(Part(f" ({text})"))

    if pinpoint:
        pins = []
        if source.pages:
            pins.append(source.pages.strip())
        if source.paragraphs:
            pins.append(f"para {source.paragraphs.strip()}")
        if pins:
            out.append(Part(" " + ", ".join(pins)))
    if source.url:
        out.append(Part(" <"))
        out.append(Part(source.url, url=source.url))
        out.append(Part(">"))
        if source.accessed:
            out.append(Part(f" accessed {format_date(source.accessed)}"))
    return out


def format_source(source: Source) -> str:
    """The OSCOLA citation as plain text (italics are lost; use :func:`source_parts` for them)."""
    return "".join(p.text for p in source_parts(source))
