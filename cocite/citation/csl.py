"""Citations in any CSL style, through citeproc-py (imported only when a CSL style is used).

What a bundle shows for one excerpt, in a style of class ``note`` (OSCOLA, Chicago notes):
the style's first-note citation with the pinpoint as its locator (every citation is
formatted on its own, so never "ibid" or a short form). In an ``in-text`` style (APA,
Harvard): the style's reference-list entry, followed by its in-text citation when there is a
pinpoint, so the page is shown in the style's own words. The index of sources shows each
work as the style's bibliography entry (its note form when the style has no bibliography).

Pre-processing (so a style prints the record's text as the record holds it):

* titles are protected from the style's case changes (``<span class="nocase">``): a CSL
  processor may only re-case English titles, and cocite does not know a title's language,
  so "UNICEF ngre alarmin" is never turned into "UNICEF Ngre Alarmin";
* text that happens to contain markup citeproc-py would read (``<span class="nocase">``)
  is passed through a private-use placeholder and restored, so it is printed, not obeyed.

citeproc-py collapses runs of white space in a field to one space (titles and names are not
quotes; quotes never go through citeproc). It writes through a formatter of cocite's own: the text as it is, italics between
two private-use marks, read back into :class:`Part` values (the URL made a link); other
emphasis (bold, small caps) is not kept, its text is.
"""

from __future__ import annotations

import io
import json
import re
import warnings
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from cocite.citation.csl_json import locator, to_csl
from cocite.citation.parts import Part
from cocite.citation.styles import StyleRef
from cocite.errors import RenderError
from cocite.models import Source

_NOCASE = ('<span class="nocase">', "</span>")


@dataclass(frozen=True, slots=True)
class Marks:
    """Private-use characters absent from the item: ``lt`` stands in for ``<`` in its text,
    ``on``/``off`` mark where italics begin and end in citeproc-py's output."""

    lt: str
    on: str
    off: str


def _marks(item: dict[str, Any]) -> Marks:
    text = json.dumps(item, ensure_ascii=False)  # not repr(): it escapes private-use text
    free = (chr(c) for c in range(0xE000, 0xF900) if chr(c) not in text)
    try:
        return Marks(next(free), next(free), next(free))
    except StopIteration:
        raise RenderError(
            "a source uses every private-use character; cannot format it in CSL") from None


def _formatter(marks: Marks) -> SimpleNamespace:
    """A citeproc-py output format: text as it is, italics between two marks, other
    emphasis (bold, small caps, ...) as plain text."""

    def italic(text: str) -> str:
        return f"{marks.on}{text}{marks.off}"

    def plain(text: str) -> str:
        return str(text)

    return SimpleNamespace(
        preformat=plain, Italic=italic, Oblique=italic, Bold=plain, Light=plain,
        Underline=plain, Superscript=plain, Subscript=plain, SmallCaps=plain,
    )


def _protect(value: Any, lt: str) -> Any:
    if isinstance(value, str):
        return value.replace("<", lt)
    if isinstance(value, list):
        return [_protect(v, lt) for v in value]
    if isinstance(value, dict):
        return {k: _protect(v, lt) for k, v in value.items()}
    return value


def prepared_item(source: Source) -> tuple[dict[str, Any], Marks]:
    """The CSL-JSON item citeproc gets (see the module's pre-processing), and its marks."""
    item = to_csl(source, item="item")
    marks = _marks({"item": item, "pinpoint": [source.pages, source.paragraphs]})
    item = _protect(item, marks.lt)
    if "title" in item:
        item["title"] = _NOCASE[0] + item["title"] + _NOCASE[1]
    return item, marks


def to_parts(text: str, marks: Marks, url: str | None) -> tuple[Part, ...]:
    """citeproc-py's marked text as parts; the source's URL, where printed, as a link."""
    out: list[Part] = []
    depth = 0
    for run in re.split(f"([{marks.on}{marks.off}])", text):
        if run == marks.on:
            depth += 1
            continue
        if run == marks.off:
            depth = max(0, depth - 1)
            continue
        run = run.replace(marks.lt, "<")
        pieces = run.split(url) if url else [run]
        for n, piece in enumerate(pieces):
            if n:
                out.append(Part(url or "", italic=depth > 0, url=url))
            if piece:
                out.append(Part(piece, italic=depth > 0))
    return tuple(out)


def _memoise_xpath() -> None:
    """citeproc-py looks up the same macros and ancestors by XPath for every citation
    (about 60% of its time); a style's tree never changes once read, so each answer is
    remembered. Output is unchanged (a test compares every library source both ways);
    formatting is 2.5-4x faster. Skipped if citeproc-py's internals differ."""
    from citeproc import model

    element = getattr(model, "CitationStylesElement", None)
    search = getattr(element, "xpath_search", None)
    if element is None or search is None or getattr(search, "cocite_memo", False):
        return
    memo: dict[tuple[object, str], list[Any]] = {}

    def xpath_search(self: Any, expression: str) -> list[Any]:
        found = memo.get((self, expression))
        if found is None:
            found = memo[(self, expression)] = list(search(self, expression))
        return list(found)

    xpath_search.cocite_memo = True  # type: ignore[attr-defined]
    xpath_search.cocite_original = search  # type: ignore[attr-defined]
    element.xpath_search = xpath_search


@dataclass
class Engine:
    """One parsed CSL style; formats one source at a time."""

    ref: StyleRef
    style: Any
    note: bool

    @classmethod
    def load(cls, ref: StyleRef) -> Engine:
        from citeproc import CitationStylesStyle

        _memoise_xpath()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                style = CitationStylesStyle(io.BytesIO(ref.text), validate=False)
        except Exception as exc:  # lxml and citeproc raise many kinds; all mean "bad style"
            raise RenderError(f"style {ref.name}: cannot read it as CSL ({exc})") from exc
        return cls(ref, style, style.root.get("class", "in-text") == "note")

    def text(self, source: Source, pinpoint: bool) -> tuple[str, Marks]:
        """The citation as citeproc-py's marked text, and the marks used."""
        from citeproc import Citation, CitationItem, CitationStylesBibliography
        from citeproc.source import Locator
        from citeproc.source.json import CiteProcJSON

        item, marks = prepared_item(source)
        loc = locator(source) if pinpoint else None
        cite_item = (CitationItem("item", locator=Locator(loc[0], _protect(loc[1], marks.lt)))
                     if loc else CitationItem("item"))
        citation = Citation([cite_item])
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                bib = CitationStylesBibliography(self.style, CiteProcJSON([item]),
                                                 _formatter(marks))
                bib.register(citation)
                cited = str(bib.cite(citation, lambda _: None))
                if not self.style.has_bibliography() or (self.note and pinpoint):
                    return cited, marks
                entry = "".join(str(e) for e in bib.bibliography())
        except Exception as exc:  # citeproc-py fails in many ways on unusual styles
            raise RenderError(f"style {self.ref.name}: citeproc-py failed ({exc})") from exc
        return (f"{entry} {cited}" if loc else entry), marks

    def parts(self, source: Source, pinpoint: bool = True) -> tuple[Part, ...]:
        text, marks = self.text(source, pinpoint)
        parts = to_parts(text, marks, source.url)
        if source.url and not any(p.url for p in parts):
            # Every extract of a schedule must link to its source (Practice Direction para
            # 10.6): a style that prints no URL (OSCOLA for legislation) gets it after.
            parts += (Part(" "), Part(source.url, url=source.url))
        return parts
