"""Generate ``templates/bundle.docx``, cocite's default Word template (docxtpl tags).

Run ``python templates/make_bundle_docx.py`` after changing this script, and commit both. The
script is the reviewable source of the binary template; a firm that wants its own look opens
``bundle.docx`` in Word, restyles it (keeping the ``{{ ... }}`` / ``{%p ... %}`` tags) and
passes it with ``--template``.

House style (tribunal practice directions for bundles): A4, body text 12 pt, 1.5 line
spacing, page numbers in the footer. Fonts are named explicitly (Arial) and theme fonts are
removed, because Word would otherwise prefer the theme; LibreOffice substitutes the
metric-compatible Liberation Sans for Arial, so page counts agree across the two.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import BaseStyle

FONT = "Arial"
BODY_PT = 12
BLACK = RGBColor(0, 0, 0)


def set_font(element: object, name: str = FONT) -> None:
    """Name the font for every script and drop theme-font attributes (they would win)."""
    rpr = element.get_or_add_rPr()  # type: ignore[attr-defined]
    for old in rpr.findall(qn("w:rFonts")):
        rpr.remove(old)
    fonts = OxmlElement("w:rFonts")
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)
    rpr.insert(0, fonts)


def paragraph_style(
    doc: Document, name: str, *, base: str = "Normal", size: float = BODY_PT,
    bold: bool = False, italic: bool = False, indent_cm: float = 0.0, right_cm: float = 0.0,
    before: float = 0, after: float = 6, keep_next: bool = False, hanging_cm: float = 0.0,
) -> BaseStyle:
    styles = doc.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(
        name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles[base] if name != base else None
    style.quick_style = True
    font = style.font
    font.size = Pt(size)
    font.bold = bold
    font.italic = italic
    font.color.rgb = BLACK
    set_font(style.element)
    fmt = style.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.ONE_POINT_FIVE
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.left_indent = Cm(indent_cm + hanging_cm)
    fmt.right_indent = Cm(right_cm)
    fmt.first_line_indent = Cm(-hanging_cm) if hanging_cm else None
    fmt.keep_with_next = keep_next
    return style


def character_style(doc: Document, name: str) -> None:
    styles = doc.styles
    if name in [s.name for s in styles]:
        return
    style = styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
    style.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
    style.font.underline = True


def defaults(doc: Document) -> None:
    # docDefaults name the theme fonts in python-docx's base template; name Arial instead.
    styles_el = doc.styles.element
    rpr_default = styles_el.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    rpr = rpr_default.find(qn("w:rPr"))
    for old in rpr.findall(qn("w:rFonts")):
        rpr.remove(old)
    fonts = OxmlElement("w:rFonts")
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    rpr.insert(0, fonts)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-GB")


def page_setup(doc: Document) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)  # A4
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.54))
    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Footer"]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    _field(footer, "PAGE", "1")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES", "1")


def _field(paragraph: object, instruction: str, placeholder: str) -> None:
    """A simple field (PAGE, NUMPAGES): Word and LibreOffice compute it when laying out."""
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), f" {instruction} \\* MERGEFORMAT ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = placeholder
    run.append(text)
    fld.append(run)
    paragraph._p.append(fld)  # type: ignore[attr-defined]


def build() -> Document:
    doc = Document()
    defaults(doc)
    page_setup(doc)
    paragraph_style(doc, "Normal", base="Normal")
    paragraph_style(doc, "Title", size=20, bold=True, after=12)
    paragraph_style(doc, "Heading 1", size=16, bold=True, before=18, after=6, keep_next=True)
    paragraph_style(doc, "Heading 2", size=13, bold=True, before=12, after=4, keep_next=True)
    paragraph_style(doc, "Footer", size=10, after=0)
    paragraph_style(doc, "Bundle Details", after=0)
    paragraph_style(doc, "Provenance", size=9, before=12, after=0)
    contents = paragraph_style(doc, "Contents Entry", after=0, indent_cm=0.5)
    contents.paragraph_format.tab_stops.add_tab_stop(Cm(15.92), WD_TAB_ALIGNMENT.RIGHT,
                                                     WD_TAB_LEADER.DOTS)
    paragraph_style(doc, "Lead-in", italic=True, keep_next=True)
    paragraph_style(doc, "Block Quote", indent_cm=1.0, right_cm=1.0, after=6)
    paragraph_style(doc, "Extract Note", indent_cm=1.0, after=0, keep_next=True)
    paragraph_style(doc, "Extract Footnote", indent_cm=1.0, right_cm=1.0, after=0)
    paragraph_style(doc, "Translation Note", italic=True, indent_cm=1.0)
    paragraph_style(doc, "Citation", after=0).paragraph_format.keep_together = True
    paragraph_style(doc, "Cited In", after=12).paragraph_format.keep_together = True
    paragraph_style(doc, "Source Entry", hanging_cm=0.8, after=6)
    character_style(doc, "Hyperlink")
    body(doc)
    _drop_thumbnail(doc)
    props = doc.core_properties
    props.author = "cocite"
    props.title = "Country information bundle"
    props.comments = "Template for cocite bundles: generated by templates/make_bundle_docx.py"
    return doc


def _drop_thumbnail(doc: Document) -> None:
    # python-docx's base document carries a thumbnail of a blank page, which file browsers
    # would show as the preview of every bundle.
    rels = doc.part.package.rels
    for rid, rel in list(rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del rels[rid]


def extract_body(p: Callable[..., None]) -> None:
    """One extract: lead-in, quote paragraphs, footnotes, original text, citation, cited in.

    Shared with the schedule's template (make_schedule_docx.py), so both show an extract alike.
    """
    p("{%p if e.lead_in %}")
    p("{{ e.lead_in }}", "Lead-in")
    p("{%p endif %}")
    # The quote's last paragraph keeps with the citation lines, so "Source:" and "Cited in:"
    # do not start a page alone; the citation keeps with "Cited in" when there is one. Only a
    # short last paragraph (about five lines): LibreOffice moves a whole paragraph kept with
    # the next one, and a long one moved would leave most of a page blank.
    p("{%p for para in e.paragraphs %}")
    # Footnote markers in the quote are printed superscript (the text is unchanged).
    p("{%p if loop.last and para | length <= 350 %}")
    p("{{r para | with_markers(e.footnotes) }}", "Block Quote", keep=True)
    p("{%p else %}")
    p("{{r para | with_markers(e.footnotes) }}", "Block Quote")
    p("{%p endif %}")
    p("{%p endfor %}")
    p("{%p if e.footnotes %}")
    p("Footnotes in the extract:", "Extract Note")
    p("{%p for note in e.footnotes %}")
    p("{{ note }}", "Extract Footnote", keep=True)
    p("{%p endfor %}")
    p("{%p endif %}")
    p("{%p if e.translation %}")
    p("Original text ({{ e.translation.language }}):", "Extract Note")
    p("{%p for para in e.translation.paragraphs %}")
    p("{{ para }}", "Block Quote")
    p("{%p endfor %}")
    p("{%p if e.translation.note %}")
    p("{{ e.translation.note }}", "Translation Note")
    p("{%p endif %}")
    p("{%p endif %}")
    p("{%p if e.cited_in %}")
    p("Source: {{r e.citation_parts | cite }}", "Citation", keep=True)
    p("Cited in: {{ e.cited_in }}", "Cited In")
    p("{%p else %}")
    p("Source: {{r e.citation_parts | cite }}", "Citation")
    p("{%p endif %}")


def body(doc: Document) -> None:
    def p(text: str, style: str = "Normal", keep: bool = False) -> None:
        paragraph = doc.add_paragraph(text, style=style)
        if keep:  # direct formatting: this paragraph (not its style) keeps with the next
            paragraph.paragraph_format.keep_with_next = True

    # docxtpl: "{%p ... %}" tags sit alone in a paragraph that is removed when rendered;
    # "{{r ... }}" inserts rich text (italic titles, hyperlinks) built by cocite.
    p("{{ title }}", "Title")
    p("Date: {{ date }}", "Bundle Details")
    p("Contents", "Heading 1")
    p("{%p for group in groups %}")
    p("{{r index_entry(group.anchor, group.contents_text, group.page) }}", "Contents Entry")
    p("{%p endfor %}")
    p("{{r index_entry('_Sources1', 'Sources', sources_page) }}", "Contents Entry")
    p("{{r index_entry('_About1', 'About this bundle', about_page) }}", "Contents Entry")
    p("{%p for group in groups %}")
    p("{{r bookmark(group.anchor) }}{{ group.label }}", "Heading 1")
    p("{%p for e in group.extracts %}")
    p("Extract {{ e.number }}", "Heading 2")
    extract_body(p)
    p("{%p endfor %}")
    p("{%p endfor %}")
    p("{{r bookmark('_Sources1') }}Sources", "Heading 1")
    p("{%p for s in sources %}")
    p("{{ s.number }}.\t{{r s.citation_parts | cite }} ({{ s.span }})",
      "Source Entry")
    p("{%p endfor %}")
    p("{{r bookmark('_About1') }}About this bundle", "Heading 1")
    p("{{ caveat }}")
    p("{{ prepared_with }}", "Provenance")


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("bundle.docx")
    build().save(str(out))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
