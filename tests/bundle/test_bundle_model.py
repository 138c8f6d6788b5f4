"""The bundle's model (`bundle/model.py`): each source listed once, lead-ins turned off, the
build time taken from SOURCE_DATE_EPOCH."""

from __future__ import annotations

import io

import pytest
from bundle_support import (
    NOW,
    bundle_of,
    hostile_library,
    library,
    markdown_of,
    record,
    word_of,
)
from docx import Document

from cocite.bundle.model import make_bundle
from cocite.query import Selection, select


def test_sources_index_lists_each_source_once() -> None:
    lib = library(
        record("a", src={"pages": "1"}), record("b", src={"pages": "2"}),
        record("c", src={"url": "https://example.org/other", "author": "Other"}),
    )
    bundle = bundle_of(lib)
    doc = Document(io.BytesIO(word_of(bundle)))
    entries = [p.text for p in doc.paragraphs if p.style.name == "Source Entry"]
    assert len(entries) == 2
    assert entries[0].startswith("1.\tOther") and entries[0].endswith("(extract 3)")
    assert entries[1].endswith("(extracts 1, 2)")


def test_no_lead_in() -> None:
    lib = library(record("a", lead_in="Introductory sentence."))
    sel = Selection(all=True)
    out = markdown_of(make_bundle(lib, select(lib, sel), sel, lead_in=False, now=NOW))
    assert "Introductory sentence." not in out


def test_build_time_is_reproducible(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    lib = hostile_library()
    sel = Selection(all=True)
    first = markdown_of(make_bundle(lib, select(lib, sel), sel))
    second = markdown_of(make_bundle(lib, select(lib, sel), sel))
    assert first == second
    assert "**Date:** 14 November 2023\n" in first
