"""The bundle's page estimate: how long it is, and where each group starts (for the contents).

The bundle's paragraphs (:func:`blocks`) are laid out by :func:`cocite.layout.estimate` with
the paragraph styles of ``templates/bundle.docx`` (mirrored in :data:`PARAGRAPH_STYLES`).
LibreOffice's PDF and Word compute the contents' page numbers themselves (PAGEREF fields);
these estimates are what the fields show until then, and the "about N pages" summary. Their
error against LibreOffice is pinned in tests/bundle/test_paging.py.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from cocite.bundle.model import Bundle
from cocite.layout import LINE_SCALE, Block, Style, estimate, extract_paragraphs

# The paragraph styles of templates/bundle.docx (make_bundle_docx.py), for the estimator.
PARAGRAPH_STYLES: dict[str, Style] = {
    "Normal": Style(),
    "Title": Style(size=20, bold=True, after=12),
    "Heading 1": Style(size=16, bold=True, before=18, keep_next=True),
    "Heading 2": Style(size=13, bold=True, before=12, after=4, keep_next=True),
    "Bundle Details": Style(after=0),
    "Provenance": Style(size=9, before=12, after=0),
    "Contents Entry": Style(left_cm=0.5, after=0),
    "Lead-in": Style(keep_next=True),
    "Block Quote": Style(left_cm=1.0, right_cm=1.0),
    # The template's direct "keep with next" on a quote's last paragraph, its footnotes and a
    # citation followed by "Cited in" (styles of the estimator only).
    "Block Quote Kept": Style(left_cm=1.0, right_cm=1.0, keep_next=True),
    "Extract Footnote Kept": Style(left_cm=1.0, right_cm=1.0, after=0, keep_next=True),
    "Citation Kept": Style(after=0, keep_next=True),
    "Extract Note": Style(left_cm=1.0, after=0, keep_next=True),
    "Extract Footnote": Style(left_cm=1.0, right_cm=1.0, after=0),
    "Translation Note": Style(left_cm=1.0),
    "Citation": Style(after=0),
    "Cited In": Style(after=12),
    # A hanging indent of 0.8 cm: the number, a tab, then every line at 0.8 cm.
    "Source Entry": Style(left_cm=0.8),
}
# What the contents' page numbers are laid out with (their width, after a dot leader).
_PAGE_NUMBER = "000"


def blocks(bundle: Bundle) -> list[Block]:
    """The bundle's paragraphs in document order, as the Word template lays them out; the
    tags mark where each group ("group", n), the sources and the caveat ("about") start."""
    out: list[Block] = []

    def add(style: str, text: str, tag: object = None) -> None:
        out.append(Block(style, text, tag))

    add("Title", bundle.title)
    add("Bundle Details", f"Date: {bundle.date}")
    add("Heading 1", "Contents")
    for group in bundle.groups:
        add("Contents Entry", f"{group.contents_text}\t{_PAGE_NUMBER}")
    add("Contents Entry", f"Sources\t{_PAGE_NUMBER}")
    add("Contents Entry", f"About this bundle\t{_PAGE_NUMBER}")
    for group in bundle.groups:
        add("Heading 1", group.label, ("group", group.number))
        for e in group.extracts:
            for style, text in extract_paragraphs(e, f"Extract {e.number}"):
                add(style, text)
    add("Heading 1", "Sources", "sources")
    for s in bundle.sources:
        add("Source Entry", f"{s.citation} ({s.span})")
    add("Heading 1", "About this bundle", "about")
    add("Normal", bundle.caveat)
    add("Provenance", bundle.prepared_with)
    return out


@dataclass(frozen=True, slots=True)
class BundlePages:
    """The estimate: the page count, and the page each contents entry starts on."""

    pages: int
    groups: tuple[int, ...]  # in the order of bundle.groups
    sources: int
    about: int


def estimate_layout(bundle: Bundle) -> BundlePages:
    """Pages of the DOCX house style (A4, Arial 12 pt, 1.5 spacing), laid out by the
    estimator: the count, and where each group, the sources and the caveat start."""
    bl = blocks(bundle)
    layout = estimate(bl, PARAGRAPH_STYLES, scale=LINE_SCALE)
    starts = {b.tag: page for b, (page, _) in zip(bl, layout.placed, strict=True)
              if b.tag is not None}
    return BundlePages(
        pages=layout.pages,
        groups=tuple(starts[("group", g.number)] for g in bundle.groups),
        sources=starts["sources"], about=starts["about"],
    )


def with_pages(bundle: Bundle, pages: BundlePages) -> Bundle:
    """The bundle with the estimated first page of each contents entry (LibreOffice's PDF
    computes its own; Word shows these until its fields are updated)."""
    groups = tuple(replace(g, page=p) for g, p in zip(bundle.groups, pages.groups, strict=True))
    return replace(bundle, groups=groups, sources_page=pages.sources, about_page=pages.about)
