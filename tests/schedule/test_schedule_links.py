"""Citations link their titles to the URL (`schedule/links.py`), read back from the Word file."""

from __future__ import annotations

import json
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn
from schedule_support import LIBRARY, build_fixture_case

from cocite.loading import load_library


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return build_fixture_case(tmp_path_factory.mktemp("schedule"))


def test_docx_links_each_citation_and_source_entry_to_its_url(built: dict[str, Any]) -> None:
    doc = Document(str(built["folder"] / "s.docx"))
    library = load_library(LIBRARY, use_cache=False)
    manifest = json.loads((built["folder"] / "s.docx.manifest.json").read_text(encoding="utf-8"))
    ids = [e["id"] for i in manifest["issues"] for e in i["extracts"]]
    citations = [p for p in doc.paragraphs if p.style.name == "Citation"]
    assert len(citations) == len(ids)
    for paragraph, rid in zip(citations, ids, strict=True):
        links = paragraph._p.findall(qn("w:hyperlink"))
        assert [doc.part.rels[a.get(qn("r:id"))].target_ref for a in links] == [library.by_id[rid].source.url]
    entries = [p for p in doc.paragraphs if p.style.name == "Source Entry"]
    assert all(len(p._p.findall(qn("w:hyperlink"))) == 1 for p in entries)
