"""Find the excerpts of an Asylos report: sections, material parts and citations.

Works on the artefact-free lines of :mod:`cocite.importers.asylos_pages`. An *excerpt* is what
sits between one citation and the previous one (or the previous heading); this module finds the
headings and citations that bound it, and :func:`.asylos_excerpts.build_excerpt` splits its
text into lead-in, quote, footnotes and translation.

A citation is a ``Source:`` / ``Sources:`` / ``See Sources:`` line, or a line without prefix
that reads as a full citation (``UK Home Office, “Report …”, December 2022, pp. 84, 85, 86``)
right after a closed quote and a blank line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cocite.errors import ImportParseError
from cocite.importers.asylos_excerpts import (
    QUOTE_OPENS,
    Excerpt,
    Section,
    build_excerpt,
    region_footnotes,
)
from cocite.importers.asylos_pages import TextLine
from cocite.importers.asylos_sources import SourceParseError, parse_citation, split_citations
from cocite.importers.asylos_text import Lexicon
from cocite.problems import Problem

_HEADING = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2}){1,3})\s+([A-Z“‘(][^\t]*?)\s*$")
_CHAPTER = re.compile(r"^\s*(\d{1,2})\.\s+([A-Z][^\t]*?)\s*$")
_MATERIAL = re.compile(r"^\s*(Desk review material|Desk based material|Interview material)\s*$", re.IGNORECASE)
_PAGE_REF = re.compile(r"\bon page \d+\.?\s*$")
_REFER = re.compile(r"^\s*(?:x\s+)?(?:Refer also to|See also)\b")
_CITATION = re.compile(r"^\s*(?:See\s+)?(Sources?):\s*(\S.*)$")
# A citation printed without the "Source:" prefix starts like one: a name, then a quoted title.
_BARE_CITATION = re.compile(r"^\s*(?P<text>[A-Z][^“”\"\t:]{1,120}?,\s*[“\"].*)$")
_CLOSED_QUOTE = ("”", "”.", '"', "’’")
# A line that finishes a wrapped citation: "and 12-13", "81", "58, 59, 78.", "July 2021]”, ...".
_CITATION_TAIL = re.compile(
    r"^\s*(?:(?:and\s+)?\d[\d\s,;\-–]*(?:and\s+\d[\d\-–]*)?\.?"
    r"|(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\s+\d{4}\b.*)\s*$"
)
_MATERIAL_HEADINGS = {
    "desk review material": "desk-review",
    "desk based material": "desk-review",
    "interview material": "interview",
}


@dataclass(slots=True)
class ParsedReport:
    excerpts: list[Excerpt]
    sections: list[Section]


def parse_report(lines: tuple[TextLine, ...], name: str) -> ParsedReport:
    """Walk the report body (from the first numbered chapter) and collect its excerpts."""
    lexicon = Lexicon.of(line.text for line in lines)
    start = next((i for i, ln in enumerate(lines) if _CHAPTER.match(ln.text)), None)
    if start is None:
        raise ImportParseError([Problem(name, 1, message="no numbered chapter heading ('1. ...') found")])
    walker = _Walker(name, lexicon)
    i = start
    while i < len(lines):
        i = walker.step(lines, i)
    walker.flush_region()
    return ParsedReport(walker.excerpts, walker.sections)


class _Walker:
    def __init__(self, name: str, lexicon: Lexicon) -> None:
        self.name = name
        self.lexicon = lexicon
        self.section: Section | None = None
        self.last_number: tuple[int, ...] = ()
        self.titles: dict[str, str] = {}
        self.material: str | None = None
        self.region: list[TextLine] = []
        self.excerpts: list[Excerpt] = []
        self.sections: list[Section] = []

    # -- structure -----------------------------------------------------------------------

    def step(self, lines: tuple[TextLine, ...], i: int) -> int:
        line = lines[i]
        text = line.text
        if self._heading(line):
            return i + 1
        m = _MATERIAL.match(text)
        if m:
            self.flush_region()
            self.material = _MATERIAL_HEADINGS[m.group(1).lower()]
            return i + 1
        if _REFER.match(text):
            self.flush_region()
            j = i + 1
            while j < len(lines) and lines[j].text.strip() and not lines[j].page_start:
                j += 1
            return j
        m = _CITATION.match(text)
        if m and not _inside_open_quote(self.region, lines, i):
            return self._citation(lines, i, m)
        m = self._bare_citation(lines, i)
        if m is not None:
            return self._citation(lines, i, m)
        self.region.append(line)
        return i + 1

    def _bare_citation(self, lines: tuple[TextLine, ...], i: int) -> re.Match[str] | None:
        """A citation without ``Source:``: after a blank line that follows a closed quote, a
        line (with its wraps) that reads as a whole citation with a quoted title and a date,
        and that ends its paragraph."""
        m = _BARE_CITATION.match(lines[i].text)
        if m is None or not self.region or self.region[-1].text.strip():
            return None
        before = [ln.text.strip() for ln in self.region if ln.text.strip()]
        if not before or not before[-1].endswith(_CLOSED_QUOTE):
            return None
        parts = [m.group("text")]
        j = i + 1
        while j < len(lines) and lines[j].text.strip() and j - i <= 3 and _needs_more(" ".join(parts)):
            parts.append(lines[j].text)
            j += 1
        if j < len(lines) and lines[j].text.strip():
            return None  # the paragraph goes on: prose that names a title, not a citation
        text = join_citation_lines(parts)
        try:
            cited = [parse_citation(p) for p in split_citations(text)]
        except SourceParseError:
            return None
        if not cited or any(c.source.date is None or c.notes for c in cited):
            return None
        return re.match(r"^()(.*)$", m.group("text"))

    def _heading(self, line: TextLine) -> bool:
        text = line.text
        m = _HEADING.match(text)
        if m and not _PAGE_REF.search(text):
            number = tuple(int(x) for x in m.group(1).split("."))
            if number > self.last_number and (not self.last_number or number[0] - self.last_number[0] <= 1):
                self.flush_region()
                self.last_number = number
                key = m.group(1)
                self.titles[key] = m.group(2).strip()
                parents = tuple(
                    self.titles[p] for p in _prefixes(key) if p in self.titles
                )
                self.section = Section(key, m.group(2).strip(), line.number, parents)
                self.sections.append(self.section)
                self.material = None
                return True
        m = _CHAPTER.match(text)
        if m and self._is_chapter(int(m.group(1)), m.group(2)):
            self.flush_region()
            self.titles[m.group(1)] = m.group(2).strip()
            self.material = None
            return True
        return False

    def _is_chapter(self, number: int, title: str) -> bool:
        # Numbered list items ("2. Is a victim ... ?") look like chapter headings; a chapter
        # is the next number, and its title is a short phrase, not a sentence or question.
        expected = self.last_number[0] + 1 if self.last_number else 1
        return number == expected and len(title) <= 60 and not title.endswith(("?", ":", ";", ",", "."))

    def flush_region(self) -> None:
        # Text between a heading and the first citation (notes, tables of contents) is not an
        # excerpt of any source. But footnotes printed there, after the last citation and
        # before a heading, are looked up in the quotes before them (see .asylos_footnotes).
        if self.excerpts:
            self.excerpts[-1].region_footnotes.extend(region_footnotes(self.region))
        self.region = []

    # -- citations -----------------------------------------------------------------------

    def _citation(self, lines: tuple[TextLine, ...], i: int, m: re.Match[str]) -> int:
        bare = not m.group(1)
        parts = [m.group(2)]
        j = i + 1
        while j < len(lines) and j - i <= 4:
            nxt = lines[j]
            if not nxt.text.strip() or _HEADING.match(nxt.text) and not _needs_more(" ".join(parts)):
                break
            if not _needs_more(" ".join(parts)) and not _CITATION_TAIL.match(nxt.text):
                break
            parts.append(nxt.text)
            j += 1
        text = join_citation_lines(parts)
        if self.section is None:
            raise ImportParseError([Problem(self.name, lines[i].number, message="a citation before any numbered section")])
        excerpt = Excerpt(
            section=self.section,
            material=self.material,
            citation_line=lines[i].number,
            citation_text=text,
            citation_page=lines[i].page,
            citation_lines=[ln.text for ln in lines[i:j]],
            bare=bare,
            see=bool(m.group(0)) and text_starts_with_see(lines[i].text),
        )
        if bare:
            excerpt.warnings.append("a citation without the 'Source:' prefix")
        if self.material is None:
            excerpt.warnings.append("no 'Desk review material' / 'Interview material' heading above")
        build_excerpt(excerpt, self.region, self.lexicon)
        self.excerpts.append(excerpt)
        self.region = []
        return j


def join_citation_lines(parts: list[str]) -> str:
    """A wrapped citation as one line: "South-⏎western" is "South-western" and "(2021-⏎2025)"
    is "(2021-2025)" (a line-end hyphen after a letter, or between numbers, joins without a
    space; the hyphen is kept), other wraps are spaces."""
    text = ""
    for part in parts:
        part = part.strip()
        if text and not (re.search(r"[^\W\d_]-$", text) or re.search(r"\d-$", text) and part[:1].isdigit()):
            text += " "
        text += part
    return re.sub(r"\s+", " ", text).strip()


def text_starts_with_see(text: str) -> bool:
    return bool(re.match(r"^\s*See\s+Sources?:", text))


def _inside_open_quote(region: list[TextLine], lines: tuple[TextLine, ...], i: int) -> bool:
    """A ``Source:`` line that sits inside a quote (a quoted table's own source note).

    True when a quote opened in the region is not closed yet, and the text after the line
    closes it before any new quote opens.
    """
    opened = [k for k, ln in enumerate(region) if ln.text.lstrip().startswith(QUOTE_OPENS)]
    if not opened:
        return False
    tail = region[opened[0]:]
    if any(ln.text.rstrip().endswith(("”", "”.", '"')) for ln in tail):
        return False
    for nxt in lines[i + 1 : i + 40]:
        t = nxt.text.strip()
        if _CITATION.match(t) or _HEADING.match(t) or _MATERIAL.match(t):
            return False
        if t.startswith(QUOTE_OPENS):
            return False
        if t.endswith(("”", "”.", '"')):
            return True
    return False


def _prefixes(number: str) -> list[str]:
    parts = number.split(".")
    return [".".join(parts[:k]) for k in range(1, len(parts))]


def _needs_more(text: str) -> bool:
    """True while a wrapped citation is not finished yet."""
    text = re.sub(r"\s+", " ", text).strip()
    if re.search(r"(?:,|\band|\bpp?\.|\bwith|-|–|\[Date|Committee|of)$", text):
        return True
    try:
        for part in split_citations(text):
            parse_citation(part)
    except SourceParseError:
        return True
    return text.count("“") > text.count("”") + text.count("“”")
