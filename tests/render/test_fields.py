"""Word fields and marks (`render/fields.py`): footnote markers in superscript, the text
unchanged."""

from __future__ import annotations

import io
import re

from bundle_support import bundle_of, library, record, word_of
from docx import Document


def test_footnote_markers_are_superscript_and_the_text_unchanged() -> None:
    from cocite.render.fields import with_markers

    quote = "Boys are at risk (OSCE, 2020).’1 In 2015 there were 19 cases.94"
    xml = str(with_markers(quote, ("1 OSCE, 2020.", "94 A typology of child trafficking")))
    assert xml.count('w:val="superscript"') == 2
    assert ('<w:vertAlign w:val="superscript"/></w:rPr><w:t xml:space="preserve">1</w:t>'
            in xml)
    assert "".join(re.findall(r">([^<]*)</w:t>", xml)) == quote  # "2015" and "19" stay text
    lib = library(record("a", quote="They said so.’1", footnotes=["1 A note."]))
    doc = Document(io.BytesIO(word_of(bundle_of(lib))))
    para = next(p for p in doc.paragraphs if p.style.name == "Block Quote")
    assert para.text == "They said so.’1"
    assert [r.text for r in para.runs if r.font.superscript] == ["1"]
