"""DOCX bundles, read back by python-docx, pandoc and LibreOffice (when installed)."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from bundle_support import hostile_library, library, record
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from cocite.build import estimate_pages
from cocite.errors import RenderError, TemplateError
from cocite.query import Selection, select
from cocite.render.context import Bundle, build_context
from cocite.render.docx import render_docx, url_display
from cocite.resources import template_path

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def bundle_of(lib: Any, **kw: Any) -> Bundle:
    sel = Selection(all=True)
    return build_context(lib, select(lib, sel), sel, now=NOW, **kw)


def render(bundle: Bundle, template: Path | None = None) -> bytes:
    return render_docx(bundle, template or template_path("bundle.docx"),
                       user_template=template is not None, built=NOW)


@pytest.fixture(scope="module")
def hostile() -> tuple[Bundle, bytes]:
    bundle = bundle_of(hostile_library())
    return bundle, render(bundle)


def expected_quotes(bundle: Bundle) -> list[str]:
    out: list[str] = []
    for e in bundle.extracts:
        out += e.paragraphs
        if e.translation:
            out += e.translation.paragraphs
    return out


def test_quotes_lead_ins_and_headings_come_back(hostile: tuple[Bundle, bytes]) -> None:
    bundle, data = hostile
    doc = Document(io.BytesIO(data))
    by_style: dict[str, list[str]] = {}
    for p in doc.paragraphs:
        by_style.setdefault(p.style.name, []).append(p.text)
    assert by_style["Block Quote"] == expected_quotes(bundle)
    assert by_style["Lead-in"] == [e.lead_in for e in bundle.extracts if e.lead_in]
    assert by_style["Heading 2"] == [f"Extract {e.number}" for e in bundle.extracts]
    assert by_style["Title"] == [bundle.title]
    assert by_style["Extract Footnote"] == [f for e in bundle.extracts for f in e.footnotes]
    assert by_style["Citation"] == [
        f"Source: {e.citation.replace(e.url, url_display(e.url)) if e.url else e.citation}"
        for e in bundle.extracts]


def test_one_hyperlink_per_extract_to_its_source(hostile: tuple[Bundle, bytes]) -> None:
    bundle, data = hostile
    doc = Document(io.BytesIO(data))
    citations = [p for p in doc.paragraphs if p.style.name == "Citation"]
    assert len(citations) == len(bundle.extracts)
    for paragraph, extract in zip(citations, bundle.extracts, strict=True):
        links = paragraph._p.findall(qn("w:hyperlink"))
        if extract.url is None:
            assert links == []
            continue
        assert len(links) == 1
        target = doc.part.rels[links[0].get(qn("r:id"))].target_ref
        assert target == extract.url


def test_house_style(hostile: tuple[Bundle, bytes]) -> None:
    doc = Document(io.BytesIO(hostile[1]))
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    for name in ("Normal", "Block Quote", "Lead-in", "Citation", "Source Entry"):
        style = doc.styles[name]
        size = style.font.size or doc.styles["Normal"].font.size
        assert size >= Pt(12), name
        assert style.paragraph_format.line_spacing == 1.5, name
        fonts = style.element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:ascii")) == "Arial", name
        assert fonts.get(qn("w:asciiTheme")) is None, name
    footer = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "NUMPAGES" in footer
    assert doc.core_properties.title == hostile[0].title


def test_contents_list_and_caveat(hostile: tuple[Bundle, bytes]) -> None:
    bundle, data = hostile
    doc = Document(io.BytesIO(data))
    entries = [p.text for p in doc.paragraphs if p.style.name == "Contents Entry"]
    # Each entry: the linked text, a tab and its page (a PAGEREF field; empty: not estimated).
    assert entries == ["Stigma (extracts 1–21)\t", "Sources\t", "About this bundle\t"]
    assert doc.paragraphs[-2].text == bundle.caveat
    assert doc.paragraphs[-1].text == bundle.prepared_with
    assert doc.paragraphs[-1].style.name == "Provenance"


def test_sources_index_lists_each_source_once() -> None:
    lib = library(
        record("a", src={"pages": "1"}), record("b", src={"pages": "2"}),
        record("c", src={"url": "https://example.org/other", "author": "Other"}),
    )
    bundle = bundle_of(lib)
    doc = Document(io.BytesIO(render(bundle)))
    entries = [p.text for p in doc.paragraphs if p.style.name == "Source Entry"]
    assert len(entries) == 2
    assert entries[0].startswith("1.\tOther") and entries[0].endswith("(extract 3)")
    assert entries[1].endswith("(extracts 1, 2)")


def test_title_in_italics_where_the_style_says() -> None:
    bundle = bundle_of(library(record("a")), style="apa")
    doc = Document(io.BytesIO(render(bundle)))
    citation = next(p for p in doc.paragraphs if p.style.name == "Citation")
    italic = [r.text for r in citation.runs if r.italic]
    assert italic == ["Report of a fact-finding mission: Albania: Human trafficking"]


def test_control_character_is_refused_with_the_record_named() -> None:
    bundle = bundle_of(library(record("bad-one", quote="bell \x07 here")))
    with pytest.raises(RenderError) as info:
        render(bundle)
    assert str(info.value).startswith("record bad-one: quote: contains the control character U+0007")


def test_user_template_must_show_the_quotes(tmp_path: Path) -> None:
    tpl = tmp_path / "firm.docx"
    doc = Document()
    doc.add_paragraph("{{ title }}")
    doc.save(str(tpl))
    with pytest.raises(RenderError, match="record a: the quote did not come out verbatim"):
        render(bundle_of(library(record("a"))), tpl)


def test_user_template_unknown_field(tmp_path: Path) -> None:
    tpl = tmp_path / "firm.docx"
    doc = Document()
    doc.add_paragraph("{{ no_such_field }}")
    doc.save(str(tpl))
    with pytest.raises(TemplateError) as info:
        render(bundle_of(library(record("a"))), tpl)
    assert str(info.value) == (
        f"{tpl}: the template uses an unknown field: 'no_such_field' is undefined")


def test_not_a_docx_template(tmp_path: Path) -> None:
    tpl = tmp_path / "firm.docx"
    tpl.write_text("not a zip", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"not a Word \(\.docx\) template"):
        render(bundle_of(library(record("a"))), tpl)


def test_template_generator_is_in_step_with_the_shipped_template(tmp_path: Path) -> None:
    # templates/bundle.docx is generated by templates/make_bundle_docx.py; they must agree.
    script = template_path("make_bundle_docx.py")
    if not script.exists():
        pytest.skip("installed package: the generator script is not shipped")
    out = tmp_path / "bundle.docx"
    subprocess.run([sys.executable, str(script), str(out)], check=True, capture_output=True)

    def body(path: Path) -> list[tuple[str, str]]:
        return [(p.style.name, p.text) for p in Document(str(path)).paragraphs]

    assert body(out) == body(template_path("bundle.docx"))


# --- real clients ---------------------------------------------------------------------------


def _pandoc_text(block: Any) -> list[str]:
    """Paragraph texts from pandoc's JSON AST (spaces, as pandoc normalises them)."""
    out: list[str] = []

    def inlines(items: list[Any]) -> str:
        text = []
        for item in items:
            t, c = item["t"], item.get("c")
            if t == "Str":
                text.append(c)
            elif t in ("Space", "SoftBreak", "LineBreak"):
                text.append(" ")
            elif t in ("Emph", "Strong", "Underline", "SmallCaps", "Strikeout"):
                text.append(inlines(c))
            elif t == "Link":
                text.append(inlines(c[1]))
            elif t == "Span":
                text.append(inlines(c[1]))
            elif t == "Quoted":
                mark = "“" if c[0]["t"] == "DoubleQuote" else "‘"
                close = "”" if mark == "“" else "’"
                text.append(mark + inlines(c[1]) + close)
            elif t == "Code":
                text.append(c[1])
        return "".join(text)

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("t") in ("Para", "Plain"):
                out.append(inlines(node["c"]))
                return
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(block)
    return out


def _links(node: Any) -> list[str]:
    found: list[str] = []
    if isinstance(node, dict):
        if node.get("t") == "Link":
            found.append(node["c"][2][0])
        for value in node.values():
            found += _links(value)
    elif isinstance(node, list):
        for value in node:
            found += _links(value)
    return found


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
def test_pandoc_reads_back_every_quote_and_url(
    hostile: tuple[Bundle, bytes], tmp_path: Path
) -> None:
    bundle, data = hostile
    path = tmp_path / "bundle.docx"
    path.write_bytes(data)
    result = subprocess.run(["pandoc", "-f", "docx", "-t", "json", str(path)],
                            capture_output=True, check=True, timeout=120)
    ast = json.loads(result.stdout)
    # pandoc's model has no runs of spaces, so whitespace is compared squashed; every other
    # character must come back exactly.
    paragraphs = [_squash(t) for t in _pandoc_text(ast["blocks"])]
    for quote in expected_quotes(bundle):
        assert _squash(quote) in paragraphs
    links = _links(ast["blocks"])
    for e in bundle.extracts:
        if e.url:
            assert e.url in links


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_converts_with_page_numbers(
    hostile: tuple[Bundle, bytes], tmp_path: Path
) -> None:
    from pypdf import PdfReader

    bundle, data = hostile
    path = tmp_path / "bundle.docx"
    path.write_bytes(data)
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(path)],
        capture_output=True, check=True, timeout=240,
    )
    reader = PdfReader(str(tmp_path / "bundle.pdf"))
    assert len(reader.pages) >= 2
    assert f"Page 2 of {len(reader.pages)}" in reader.pages[1].extract_text()
    # The page estimate printed after a build is in the right region.
    assert abs(estimate_pages(bundle) - len(reader.pages)) <= max(2, len(reader.pages) // 5)
    # PDF link targets are percent-encoded (<2> becomes %3C2%3E); compare them decoded.
    uris = {
        unquote(annot.get_object()["/A"]["/URI"])
        for page in reader.pages for annot in page.get("/Annots") or []
        if "/A" in annot.get_object() and "/URI" in annot.get_object()["/A"]
    }
    assert {e.url for e in bundle.extracts if e.url} <= uris


def test_footnote_markers_are_superscript_and_the_text_unchanged() -> None:
    from cocite.render.fields import with_markers

    quote = "Boys are at risk (OSCE, 2020).’1 In 2015 there were 19 cases.94"
    xml = str(with_markers(quote, ("1 OSCE, 2020.", "94 A typology of child trafficking")))
    assert xml.count('w:val="superscript"') == 2
    assert ('<w:vertAlign w:val="superscript"/></w:rPr><w:t xml:space="preserve">1</w:t>'
            in xml)
    assert "".join(re.findall(r">([^<]*)</w:t>", xml)) == quote  # "2015" and "19" stay text
    lib = library(record("a", quote="They said so.’1", footnotes=["1 A note."]))
    doc = Document(io.BytesIO(render(bundle_of(lib))))
    para = next(p for p in doc.paragraphs if p.style.name == "Block Quote")
    assert para.text == "They said so.’1"
    assert [r.text for r in para.runs if r.font.superscript] == ["1"]


# --- printed URLs ---------------------------------------------------------------------------

# Addresses of the bundled data that LibreOffice broke mid-word before: before "%20" after a
# letter, not after "/" before a capital, anywhere in a part longer than a line.
URLS = [
    ("https://www.unicef.org/albania/media/5446/file/Survey%20on%20knowledge,%20attitudes%20and"
     "%20practices%20of%20youth%20regarding%20human%20trafficking%20in%204%20regions%20of%20Alb"
     "ania%20Summary%20of%20findings%20for%20Roma.pdf"),
    ("https://www.avokatipopullit.gov.al/media/manager/website/reports/PA%202021%20Annual%20Repo"
     "rt.pdf"),
    ("https://www.pp.gov.al/rc/doc/Raporti_Vjetor_kriminaliteti_2022_Kuvendit_Prokuroria_e_Perg"
     "jithshme_6915.pdf"),
    ("https://docstore.ohchr.org/SelfServices/FilesHandler.ashx?enc=6QkG1d/PPRiCAqhKb7yhstbK8jA"
     "3wEjrm39efAePNEIxyYD/30BtSsR4XwolJ1+EItRDlQEalO73v5d3aiNX1m5V2C6RPsWEFJ8JoBwjrRkiAr47W5z9"
     "zPCGavA+aGB5"),
    ("https://www.tandfonline.com/doi/full/10.1080/23322705.2021.1920823?scroll=top&needAccess=t"
     "rue&role=tab&aria-labelledby=full-article"),
    "https://documents-dds-ny.un.org/doc/UNDOC/GEN/G21/108/00/PDF/G2110800.pdf?OpenElement",
]


@pytest.fixture(scope="module")
def urls() -> tuple[Bundle, bytes]:
    lib = library(*(record(f"url-{i}", src={"url": u}) for i, u in enumerate(URLS)))
    bundle = bundle_of(lib)
    return bundle, render(bundle)


def test_a_printed_url_links_whole_and_may_break_only_after_slash_query_ampersand_hyphen(
    urls: tuple[Bundle, bytes]
) -> None:
    from cocite.pages import text_width
    from cocite.render.docx import URL_PART_PT

    doc = Document(io.BytesIO(urls[1]))
    links = [link for p in doc.paragraphs if p.style.name == "Citation"
             for link in p._p.findall(qn("w:hyperlink"))]
    targets = [doc.part.rels[link.get(qn("r:id"))].target_ref for link in links]
    assert targets == URLS  # the link: the record's URL exactly
    shown = ["".join(t.text for t in link.iter(qn("w:t"))) for link in links]
    assert shown[0] == ("https://www.unicef.org/\u200balbania/\u200bmedia/\u200b5446/"
                        "\u200bfile/\u200bSurvey...Roma.pdf")
    assert shown[1] == ("https://www.avokatipopullit.gov.al/\u200bmedia/\u200bmanager/"
                        "\u200bwebsite/\u200breports/\u200bPA...Report.pdf")
    for url, text in zip(URLS, shown, strict=True):
        visible = text.replace("\u200b", "")
        head, dots, tail = visible.partition("...")
        assert url.startswith(head) and url.endswith(tail) and (dots or visible == url)
        # A zero-width space only after "/" or "&"; no "%20" after a letter, where
        # LibreOffice would break; no part between breaks wider than a line.
        assert all(text[i - 1] in "/&" for i, c in enumerate(text) if c == "\u200b")
        assert not re.search(r"[A-Za-z,.]%", visible)
        parts = re.findall(r"[^/?&\-\u200b]*[/?&\-\u200b]*", text)
        assert max(text_width(p, 12) for p in parts) <= URL_PART_PT


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_breaks_printed_urls_only_after_slash_query_ampersand_hyphen(
    urls: tuple[Bundle, bytes]
) -> None:
    from cocite.pages import docx_to_pdf, read_pdf

    data = urls[1]
    text = "\n".join(read_pdf(docx_to_pdf(data), text=True).text)
    doc = Document(io.BytesIO(data))
    shown = ["".join(t.text for t in link.iter(qn("w:t"))).replace("\u200b", "")
             for p in doc.paragraphs for link in p._p.findall(qn("w:hyperlink"))
             if link.get(qn("r:id"))]
    assert len(shown) == 2 * len(URLS)  # in the citations and in the list of sources
    for visible in shown:  # (pypdf reads a space where a zero-width space was)
        found = re.search(r"\s*".join(re.escape(c) for c in visible), text)
        assert found, visible
        lines = found.group().split("\n")
        assert all(line.rstrip()[-1] in "/?&-" for line in lines[:-1]), lines
