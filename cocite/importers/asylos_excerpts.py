"""One excerpt of an Asylos report: the text before a citation, split into its parts.

:mod:`.asylos_parse` finds where each excerpt ends (its citation) and hands the lines before it
to :func:`build_excerpt`, which splits them into the compiler's lead-in, the quote, the
footnotes printed in it, and for translations the in-house translation note and the
``ORIGINAL SOURCE:`` text. An excerpt without any quotation (the compiler's own summary of what
sources said) is marked :attr:`Excerpt.paraphrase`. A paragraph of the compiler's that ends in a
full stop and stands before the lead-in paragraph (a note on the previous source) is not part
of the lead-in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cocite.importers.asylos_pages import TextLine
from cocite.importers.asylos_text import Lexicon, join_lines

_FOOTNOTE = re.compile(r"^\s*(\d{1,3})\s*\t\s*(.*)$")
# Marks that open a quote (also used by .asylos_parse to tell a quote still open).
QUOTE_OPENS = ("“", '"')
_CLOSE = ("”", '"', "“")
_TRANSLATION_NOTE = re.compile(r"\[\s*(In-house translation[^\]]*)\]")
_ORIGINAL = re.compile(r"^\s*ORIGINAL SOURCE:\s*")


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


@dataclass(frozen=True, slots=True)
class _Region:
    """The lines before a citation, with the footnote blocks printed among them."""

    lines: list[TextLine]
    spans: list[tuple[int, int]]  # [start, end) of each footnote block
    in_footnote: frozenset[int]  # indexes of the lines of the footnote blocks

    @classmethod
    def of(cls, lines: list[TextLine]) -> _Region:
        spans = _footnote_spans(lines)
        return cls(lines, spans, frozenset(k for a, b in spans for k in range(a, b)))


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
    found, q = _find_quote(ex, _Region.of(region))
    if q is None:
        _paraphrase(ex, found, lexicon)
        return
    _lead_in(ex, found, q, lexicon)
    _quote(ex, found, q, lexicon)


def region_footnotes(region: list[TextLine]) -> list[RegionFootnote]:
    """The footnotes printed in text that is no excerpt (after the last citation, before a
    heading): they are looked up in the quotes before them (see .asylos_footnotes)."""
    return [
        RegionFootnote(_footnote_number(region[a]), _footnote_text(region[a:b]),
                       region[a].number, False, region[a].page)
        for a, b in _footnote_spans(region)
    ]


def _find_quote(ex: Excerpt, region: _Region) -> tuple[_Region, int | None]:
    """Where the quote starts (None: there is no quotation), in the region as it is read."""
    q = _quote_start(region.lines, region.in_footnote)
    if q is None:
        split = _split_inline_opening(region.lines, region.in_footnote)
        if split is not None:
            # "... stated that:“[…] for the children": the quote opens on the lead-in's line.
            region = _Region.of(split)
            q = _quote_start(region.lines, region.in_footnote)
    if q is None:
        q = _after_colon(region.lines, region.in_footnote)
        if q is not None:
            ex.warnings.append("the quote has no opening quotation mark")
    if q is None:
        q = _second_paragraph(region.lines, region.in_footnote)
        if q is not None:
            ex.warnings.append(
                "the quote's opening quotation mark is not at its start: the quote is taken "
                "to start after the lead-in paragraph"
            )
    return region, q


def _paraphrase(ex: Excerpt, region: _Region, lexicon: Lexicon) -> None:
    # No quotation at all: the compiler's own summary of what the sources said. It is not
    # the source's text, so it must not be attributed to the source as a quote.
    ex.paraphrase = True
    ex.quote = join_lines(
        [ln.text for k, ln in enumerate(region.lines) if k not in region.in_footnote], lexicon
    )
    ex.warnings.append(
        "no quotation marks and no lead-in ending in ':': the report's own summary of the "
        "source (a paraphrase), not imported as a record"
    )


def _lead_in(ex: Excerpt, region: _Region, q: int, lexicon: Lexicon) -> None:
    lead = [ln.text for k, ln in enumerate(region.lines[:q]) if k not in region.in_footnote]
    lead, note_before = _drop_standalone_notes(lead)
    if note_before:
        ex.warnings.append(
            "a paragraph of the compiler's before the lead-in is not part of the excerpt: "
            f"{join_lines(note_before, lexicon)[:80]!r}"
        )
    ex.lead_in = join_lines(lead, lexicon) or None


def _quote(ex: Excerpt, region: _Region, q: int, lexicon: Lexicon) -> None:
    """The quote from line ``q``: its footnotes, translation note and original text."""
    body = region.lines[q:]
    o = next((k for k, ln in enumerate(body) if _ORIGINAL.match(ln.text)), None)
    quote_part = body if o is None else body[:o]
    quote_lines = [ln.text for k, ln in enumerate(quote_part) if k + q not in region.in_footnote]
    ex.footnotes = [
        _footnote_text(region.lines[a:b]) for a, b in region.spans
        if a >= q and (o is None or a < q + o)
    ]
    quote = _without_translation_note(ex, join_lines(quote_lines, lexicon))
    if o is not None:
        original_lines = [
            ln.text for k, ln in enumerate(body[o:]) if k + q + o not in region.in_footnote
        ]
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
    lines = region.lines
    ex.region_footnotes = [
        RegionFootnote(
            _footnote_number(lines[a]),
            next(in_quote) if a >= q else _footnote_text(lines[a:b]),
            lines[a].number, a >= q, lines[a].page,
        )
        for a, b in region.spans if a < q or o is None or a < q + o
    ]
    if quote.count("\n“") and re.search(r"”\n[^“\n]+\n“", quote):
        ex.warnings.append("several quoted passages under one citation: the compiler's words between them are kept")
    ex.quote = quote


def _without_translation_note(ex: Excerpt, quote: str) -> str:
    """The quote without its "[In-house translation ...]" note, which goes to ``ex.note``."""
    note = _TRANSLATION_NOTE.search(quote)
    if not note:
        return quote
    ex.note = re.sub(r"\s+", " ", note.group(1)).strip()
    rest = quote[note.end():].strip()
    # "...murder.” [In-house translation ...]." : the full stop after the note is the
    # compiler's, not the quote's.
    return (quote[: note.start()] + ("" if rest in ("", ".") else " " + rest)).strip()


# -- where the quote starts ------------------------------------------------------------------


def _quote_start(region: list[TextLine], skip: frozenset[int]) -> int | None:
    prev = ""
    for k, line in enumerate(region):
        if k in skip:
            continue
        text = line.text.strip()
        if text.startswith(QUOTE_OPENS) and (not prev or prev.endswith(":")):
            return k
        prev = text
    return None


def _split_inline_opening(region: list[TextLine], skip: frozenset[int]) -> list[TextLine] | None:
    for k, line in enumerate(region):
        m = re.match(r"^(.*:)\s*([“\"].*)$", line.text)
        if k not in skip and m:
            head = TextLine(line.number, m.group(1), line.page, line.page_start, line.raw)
            tail = TextLine(line.number, m.group(2), line.page, False, line.raw)
            return region[:k] + [head, tail] + region[k + 1:]
    return None


def _second_paragraph(region: list[TextLine], skip: frozenset[int]) -> int | None:
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


def _after_colon(region: list[TextLine], skip: frozenset[int]) -> int | None:
    for k, line in enumerate(region):
        if k in skip:
            continue
        if line.text.rstrip().endswith(":"):
            rest = [n for n in range(k + 1, len(region)) if region[n].text.strip() and n not in skip]
            return rest[0] if rest else None
    return None


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


def _strip_marks(text: str) -> tuple[str, bool]:
    """The text without its enclosing quotation marks; and whether a closing mark was there."""
    text = text.strip()
    if text.startswith(QUOTE_OPENS):
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


# -- footnote blocks -------------------------------------------------------------------------


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
            if cur.text.startswith(QUOTE_OPENS) and not region[end - 1].text.rstrip().endswith(","):
                # A quote opens after the footnote; but "... Source: International Labour
                # Organization," goes on with the cited title on the next line.
                break
            end += 1
        spans.append((k, end))
        k = end
    return spans


def _footnote_number(line: TextLine) -> str:
    m = _FOOTNOTE.match(line.text)
    return m.group(1) if m else "?"


def _footnote_text(lines: list[TextLine]) -> str:
    m = _FOOTNOTE.match(lines[0].text)
    assert m is not None
    body = " ".join([m.group(2)] + [ln.text for ln in lines[1:]])
    return f"{m.group(1)} " + re.sub(r"\s+", " ", body).strip()
