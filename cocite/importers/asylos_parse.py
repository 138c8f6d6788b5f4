"""Find the excerpts of an Asylos report: sections, material parts, lead-ins, quotes, citations.

Works on the artefact-free lines of :mod:`cocite.importers.asylos_pages`. An *excerpt* is what
sits between one citation and the previous one (or the previous heading): the compiler's
lead-in, the quote, footnotes of the quote, and for translations the in-house translation note
and the ``ORIGINAL SOURCE:`` text.

A citation is a ``Source:`` / ``Sources:`` / ``See Sources:`` line, or a line without prefix
that reads as a full citation (``UK Home Office, “Report …”, December 2022, pp. 84, 85, 86``)
right after a closed quote and a blank line. An excerpt without any quotation (the compiler's
own summary of what sources said, followed by ``Sources:`` or ``See Sources:``) is marked
:attr:`Excerpt.paraphrase`: it is not a quote of the source and the importer makes no record
of it. A paragraph of the compiler's that ends in a full stop and stands before the lead-in
paragraph (a note on the previous source) is not part of the lead-in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cocite.errors import ImportParseError
from cocite.importers.asylos_pages import TextLine
from cocite.importers.asylos_sources import SourceParseError, parse_citation, split_citations
from cocite.importers.asylos_text import Lexicon, join_lines
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
_FOOTNOTE = re.compile(r"^\s*(\d{1,3})\s*\t\s*(.*)$")
# A line that finishes a wrapped citation: "and 12-13", "81", "58, 59, 78.", "July 2021]”, ...".
_CITATION_TAIL = re.compile(
    r"^\s*(?:(?:and\s+)?\d[\d\s,;\-–]*(?:and\s+\d[\d\-–]*)?\.?"
    r"|(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\s+\d{4}\b.*)\s*$"
)
_OPEN = ("“", '"')
_CLOSE = ("”", '"', "“")
_TRANSLATION_NOTE = re.compile(r"\[\s*(In-house translation[^\]]*)\]")
_ORIGINAL = re.compile(r"^\s*ORIGINAL SOURCE:\s*")
MATERIALS = {
    "desk review material": "desk-review",
    "desk based material": "desk-review",
    "interview material": "interview",
}


@dataclass(frozen=True, slots=True)
class Section:
    number: str
    title: str
    line: int
    parents: tuple[str, ...] = ()  # titles of the enclosing sections, outermost first


@dataclass(frozen=True, slots=True)
class RegionFootnote:
    """A footnote printed between two citations, as found (its excerpt is decided later)."""

    number: str
    text: str  # "N text", white space collapsed
    line: int
    in_quote: bool  # printed after the quote began (not before it, after the last citation)
    page: int = 0  # the page it is printed on


@dataclass(slots=True)
class Excerpt:
    """One citation of the report with the text it cites."""

    section: Section
    material: str | None
    citation_line: int
    citation_text: str  # without the "Source:" prefix, white space collapsed
    citation_page: int
    citation_lines: list[str] = field(default_factory=list)  # the wrapped lines as printed
    lead_in: str | None = None
    quote: str = ""
    footnotes: list[str] = field(default_factory=list)
    # Every footnote printed in the excerpt's region, before attaching (see .asylos_footnotes).
    region_footnotes: list[RegionFootnote] = field(default_factory=list)
    note: str | None = None
    original: str | None = None
    warnings: list[str] = field(default_factory=list)
    first_line: int = 0
    paraphrase: bool = False  # the compiler's summary, no quotation: not made a record
    bare: bool = False  # the citation has no "Source:" prefix
    see: bool = False  # "See Sources:" (a pointer to sources the compiler summarised)
    split: bool = False  # a second passage cut from the quote before (see .asylos_passages)


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
            self.material = MATERIALS[m.group(1).lower()]
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
            self.excerpts[-1].region_footnotes.extend(
                RegionFootnote(_footnote_number(self.region[a]), _footnote_text(self.region[a:b]),
                               self.region[a].number, False, self.region[a].page)
                for a, b in _footnote_spans(self.region)
            )
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
    opened = [k for k, ln in enumerate(region) if ln.text.lstrip().startswith(_OPEN)]
    if not opened:
        return False
    tail = region[opened[0]:]
    if any(ln.text.rstrip().endswith(("”", "”.", '"')) for ln in tail):
        return False
    for nxt in lines[i + 1 : i + 40]:
        t = nxt.text.strip()
        if _CITATION.match(t) or _HEADING.match(t) or _MATERIAL.match(t):
            return False
        if t.startswith(_OPEN):
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


# -- one excerpt -----------------------------------------------------------------------------


def _footnote_spans(region: list[TextLine]) -> list[tuple[int, int]]:
    """[start, end) index ranges of the footnote blocks in the region."""
    spans: list[tuple[int, int]] = []
    k = 0
    while k < len(region):
        if not _FOOTNOTE.match(region[k].text):
            k += 1
            continue
        end = k + 1
        while end < len(region):
            cur = region[end]
            if not cur.text.strip():
                # A footnote line ending in tabs goes on after the blank line.
                before = region[end - 1].raw
                if before.endswith("\t") and end + 1 < len(region) and region[end + 1].text.strip() and not _FOOTNOTE.match(region[end + 1].text):
                    end += 2
                    continue
                break
            if _FOOTNOTE.match(cur.text) or cur.page_start:
                break
            if cur.text.startswith(_OPEN) and not region[end - 1].text.rstrip().endswith(","):
                # A quote opens after the footnote; but "... Source: International Labour
                # Organization," goes on with the cited title on the next line.
                break
            end += 1
        spans.append((k, end))
        k = end
    return spans


def _quote_start(region: list[TextLine], skip: set[int]) -> int | None:
    prev = ""
    for k, line in enumerate(region):
        if k in skip:
            continue
        text = line.text.strip()
        if text.startswith(_OPEN) and (not prev or prev.endswith(":")):
            return k
        prev = text
    return None


def build_excerpt(ex: Excerpt, region: list[TextLine], lexicon: Lexicon) -> None:
    """Split the text before a citation into lead-in, quote, footnotes and translation."""
    while region and not region[0].text.strip():
        region = region[1:]
    while region and not region[-1].text.strip():
        region = region[:-1]
    if not region:
        ex.warnings.append("no text before the citation")
        ex.quote = ""
        return
    ex.first_line = region[0].number
    spans = _footnote_spans(region)
    in_footnote = {k for a, b in spans for k in range(a, b)}
    q = _quote_start(region, in_footnote)
    if q is None:
        split = _split_inline_opening(region, in_footnote)
        if split is not None:
            # "... stated that:“[…] for the children": the quote opens on the lead-in's line.
            region = split
            spans = _footnote_spans(region)
            in_footnote = {k for a, b in spans for k in range(a, b)}
            q = _quote_start(region, in_footnote)
    if q is None:
        q = _after_colon(region, in_footnote)
        if q is not None:
            ex.warnings.append("the quote has no opening quotation mark")
    if q is None:
        q = _second_paragraph(region, in_footnote)
        if q is not None:
            ex.warnings.append(
                "the quote's opening quotation mark is not at its start: the quote is taken "
                "to start after the lead-in paragraph"
            )
    if q is None:
        # No quotation at all: the compiler's own summary of what the sources said. It is not
        # the source's text, so it must not be attributed to the source as a quote.
        ex.paraphrase = True
        ex.quote = join_lines([ln.text for k, ln in enumerate(region) if k not in in_footnote], lexicon)
        ex.warnings.append(
            "no quotation marks and no lead-in ending in ':': the report's own summary of the "
            "source (a paraphrase), not imported as a record"
        )
        return
    lead = [ln.text for k, ln in enumerate(region[:q]) if k not in in_footnote]
    lead, note_before = _drop_standalone_notes(lead)
    if note_before:
        ex.warnings.append(
            "a paragraph of the compiler's before the lead-in is not part of the excerpt: "
            f"{join_lines(note_before, lexicon)[:80]!r}"
        )
    ex.lead_in = join_lines(lead, lexicon) or None
    body = region[q:]
    o = next((k for k, ln in enumerate(body) if _ORIGINAL.match(ln.text)), None)
    quote_part = body if o is None else body[:o]
    quote_lines = [ln.text for k, ln in enumerate(quote_part) if k + q not in in_footnote]
    ex.footnotes = [
        _footnote_text(region[a:b]) for a, b in spans if a >= q and (o is None or a < q + o)
    ]
    quote = join_lines(quote_lines, lexicon)
    note = _TRANSLATION_NOTE.search(quote)
    if note:
        ex.note = re.sub(r"\s+", " ", note.group(1)).strip()
        rest = quote[note.end():].strip()
        # "...murder.” [In-house translation ...]." : the full stop after the note is the
        # compiler's, not the quote's.
        quote = (quote[: note.start()] + ("" if rest in ("", ".") else " " + rest)).strip()
    if o is not None:
        original_lines = [ln.text for k, ln in enumerate(body[o:]) if k + q + o not in in_footnote]
        original_lines[0] = _ORIGINAL.sub("", original_lines[0])
        ex.original = _strip_marks(join_lines(original_lines, lexicon))[0]
        if ex.note is None:
            ex.warnings.append("an ORIGINAL SOURCE text without an in-house translation note")
    quote, closed = _strip_marks(quote)
    if not closed and ex.footnotes and ex.footnotes[-1].endswith("”"):
        # The closing mark of the quote sits after its last footnote.
        ex.footnotes[-1] = ex.footnotes[-1][:-1].rstrip()
        closed = True
    if not closed and "no quotation marks" not in " ".join(ex.warnings):
        ex.warnings.append("the quote has no closing quotation mark")
    in_quote = iter(ex.footnotes)  # as cleaned above, in order
    ex.region_footnotes = [
        RegionFootnote(
            _footnote_number(region[a]),
            next(in_quote) if a >= q else _footnote_text(region[a:b]),
            region[a].number, a >= q, region[a].page,
        )
        for a, b in spans if a < q or o is None or a < q + o
    ]
    if quote.count("\n“") and re.search(r"”\n[^“\n]+\n“", quote):
        ex.warnings.append("several quoted passages under one citation: the compiler's words between them are kept")
    ex.quote = quote


def _drop_standalone_notes(lead: list[str]) -> tuple[list[str], list[str]]:
    """The lead-in lines without leading paragraphs that are notes of their own.

    "Different and Equal also referred Asylos to Article 128/b ... ." followed by a blank line
    and "In written communication with Asylos, Tjeter Vizion ... commented that:": the first
    paragraph ends in a full stop and the last one introduces the quote (ends in ':'), so the
    first is a standalone note, not this excerpt's lead-in.
    """
    paragraphs: list[list[str]] = [[]]
    for text in lead:
        if text.strip():
            paragraphs[-1].append(text)
        elif paragraphs[-1]:
            paragraphs.append([])
    paragraphs = [p for p in paragraphs if p]
    if len(paragraphs) < 2 or not paragraphs[-1][-1].rstrip().endswith(":"):
        return lead, []
    dropped: list[str] = []
    while len(paragraphs) > 1 and re.search(r"[.!?][”’\"]?\s*$", paragraphs[0][-1]):
        dropped.extend(paragraphs.pop(0))
    if not dropped:
        return lead, []
    kept = [text for p in paragraphs for text in (*p, "")][:-1]
    return kept, dropped


def _split_inline_opening(region: list[TextLine], skip: set[int]) -> list[TextLine] | None:
    for k, line in enumerate(region):
        m = re.match(r"^(.*:)\s*([“\"].*)$", line.text)
        if k not in skip and m:
            head = TextLine(line.number, m.group(1), line.page, line.page_start, line.raw)
            tail = TextLine(line.number, m.group(2), line.page, False, line.raw)
            return region[:k] + [head, tail] + region[k + 1:]
    return None


def _second_paragraph(region: list[TextLine], skip: set[int]) -> int | None:
    """Start of the second paragraph, if a quotation mark opens somewhere after it."""
    seen_text = False
    for k, line in enumerate(region):
        if k in skip:
            continue
        if not line.text.strip():
            if seen_text:
                rest = [n for n in range(k + 1, len(region)) if region[n].text.strip() and n not in skip]
                if rest and any("“" in region[n].text for n in rest):
                    return rest[0]
                return None
            continue
        seen_text = True
    return None


def _after_colon(region: list[TextLine], skip: set[int]) -> int | None:
    for k, line in enumerate(region):
        if k in skip:
            continue
        if line.text.rstrip().endswith(":"):
            rest = [n for n in range(k + 1, len(region)) if region[n].text.strip() and n not in skip]
            return rest[0] if rest else None
    return None


def _strip_marks(text: str) -> tuple[str, bool]:
    """The text without its enclosing quotation marks; and whether a closing mark was there."""
    text = text.strip()
    if text.startswith(_OPEN):
        text = text[1:].lstrip()
    # ”. and ’’ are the report's typos for a closing mark; the full stop after it is the
    # compiler's punctuation, outside the quote.
    for mark in ("”.", "’’", *_CLOSE):
        if text.endswith(mark):
            text = text[: -len(mark)].rstrip()
            if text.endswith("”") and text.count("”") > text.count("“"):
                text = text[:-1].rstrip()  # "services.””": the closing mark typed twice
            return text, True
    return text, False


def _footnote_number(line: TextLine) -> str:
    m = _FOOTNOTE.match(line.text)
    return m.group(1) if m else "?"


def _footnote_text(lines: list[TextLine]) -> str:
    m = _FOOTNOTE.match(lines[0].text)
    assert m is not None
    body = " ".join([m.group(2)] + [ln.text for ln in lines[1:]])
    return f"{m.group(1)} " + re.sub(r"\s+", " ", body).strip()
