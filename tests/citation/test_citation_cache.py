"""The citation cache (`citation/cache.py`): what it cannot trust it ignores, and it never
empties the library's index."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cocite.citation.cache import CitationCache


def test_cache_stores_and_ignores_what_it_cannot_trust(tmp_path: Path) -> None:
    from cocite.citation.parts import Part

    path = tmp_path / "citations.sqlite"
    store = CitationCache(path)
    parts = (Part("a "), Part("T", italic=True), Part("https://x", url="https://x"))
    store.put("k", parts)
    store.close()
    assert CitationCache(path).get("k") == parts
    path.write_bytes(b"not a database at all" * 100)
    damaged = CitationCache(path)
    assert damaged.get("k") is None
    damaged.put("k", parts)
    damaged.close()  # writing to a damaged file is not an error either
    link = tmp_path / "link.sqlite"
    link.symlink_to(path)
    assert CitationCache(link).db is None
    fifo = tmp_path / "fifo.sqlite"
    os.mkfifo(fifo)
    assert CitationCache(fifo).db is None


def test_an_oversized_citation_table_is_emptied_not_the_index(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    from cocite.citation import cache as C
    from cocite.citation.parts import Part

    path = tmp_path / "index.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE record (id TEXT)")
        db.execute("INSERT INTO record VALUES ('kept')")
    store = CitationCache(path, in_index=True)
    store.put("k", (Part("x" * 200),))
    store.close()
    monkeypatch.setattr(C, "MAX_BYTES", 100)
    assert CitationCache(path, in_index=True).get("k") is None
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT id FROM record").fetchall() == [("kept",)]
    assert CitationCache(tmp_path / "missing.sqlite3", in_index=True).db is None
    assert not (tmp_path / "missing.sqlite3").exists()
