"""Word rendering (`render/docx.py`): citations as runs, characters a Word file cannot hold,
and a user's template checked (quotes verbatim, known fields, a real .docx)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from bundle_support import bundle_of, library, record, word_of
from docx import Document

from cocite.errors import RenderError, TemplateError


def test_title_in_italics_where_the_style_says() -> None:
    bundle = bundle_of(library(record("a")), style="apa")
    doc = Document(io.BytesIO(word_of(bundle)))
    citation = next(p for p in doc.paragraphs if p.style.name == "Citation")
    italic = [r.text for r in citation.runs if r.italic]
    assert italic == ["Report of a fact-finding mission: Albania: Human trafficking"]


def test_control_character_is_refused_with_the_record_named() -> None:
    bundle = bundle_of(library(record("bad-one", quote="bell \x07 here")))
    with pytest.raises(RenderError) as info:
        word_of(bundle)
    assert str(info.value).startswith("record bad-one: quote: contains the control character U+0007")


def test_user_template_must_show_the_quotes(tmp_path: Path) -> None:
    tpl = tmp_path / "firm.docx"
    doc = Document()
    doc.add_paragraph("{{ title }}")
    doc.save(str(tpl))
    with pytest.raises(RenderError, match="record a: the quote did not come out verbatim"):
        word_of(bundle_of(library(record("a"))), tpl)


def test_user_template_unknown_field(tmp_path: Path) -> None:
    tpl = tmp_path / "firm.docx"
    doc = Document()
    doc.add_paragraph("{{ no_such_field }}")
    doc.save(str(tpl))
    with pytest.raises(TemplateError) as info:
        word_of(bundle_of(library(record("a"))), tpl)
    assert str(info.value) == (
        f"{tpl}: the template uses an unknown field: 'no_such_field' is undefined")


def test_not_a_docx_template(tmp_path: Path) -> None:
    tpl = tmp_path / "firm.docx"
    tpl.write_text("not a zip", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"not a Word \(\.docx\) template"):
        word_of(bundle_of(library(record("a"))), tpl)
