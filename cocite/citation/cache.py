"""Formatted citations, remembered by (style, source, pinpoint): an optimisation only.

citeproc-py takes milliseconds per citation, so a build formats each (style, source, locator)
once and then reads it back. The interface is two calls, :meth:`CitationCache.get` and
:meth:`CitationCache.put` (plus :meth:`~CitationCache.flush`), so the store can move into a
library index later without touching callers.

The store is a table ``citation`` in the library's index (:mod:`cocite.index`) when the
library was loaded through one, else a small SQLite file of its own, ``citations.sqlite`` in
the user cache directory. An index rebuilt from changed data starts with no citations. It is used only when it is a regular file (never a
symlink, FIFO or device) of at most :data:`MAX_BYTES`; a damaged, locked or foreign file is
ignored (formatting still works, it is just not remembered), and an oversized one is emptied.
Values are JSON text, never pickle. ``COCITE_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import stat
from pathlib import Path
from typing import Any

from cocite import __version__
from cocite.citation.parts import Part

FORMAT = "cocite-citations/1"
MAX_BYTES = 64 * 1024 * 1024
# A file this small is read whole in one query when opened (a library's citations in a few
# styles): one read instead of one query per citation.
PRELOAD_BYTES = 4 * 1024 * 1024
_ERRORS = (sqlite3.Error, OSError, ValueError, TypeError)


def key(style_digest: str, engine: str, source: Any, pinpoint: bool) -> str:
    """The cache key of one formatted citation (anything that changes the text is in it)."""
    raw = json.dumps([FORMAT, __version__, engine, style_digest, source, pinpoint],
                     ensure_ascii=False)
    return hashlib.sha256(raw.encode()).hexdigest()


def default_path() -> Path:
    from cocite.cache import cache_dir

    return cache_dir() / "citations.sqlite"


def _usable(path: Path) -> bool:
    """A regular file of bounded size, or nothing there yet (then SQLite creates it)."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode)


def _table_bytes(db: sqlite3.Connection) -> int:
    row = db.execute("SELECT COALESCE(SUM(LENGTH(key) + LENGTH(value)), 0) FROM citation").fetchone()
    return int(row[0])


class CitationCache:
    """A get/put store of citation parts; every failure degrades to "not cached"."""

    def __init__(self, path: Path | None, *, in_index: bool = False) -> None:
        """``in_index``: ``path`` is a library index (it must exist; only the ``citation``
        table is ever written or emptied), else a file of the cache's own."""
        self.path = path
        self.pending: dict[str, str] = {}
        self.db: sqlite3.Connection | None = None
        self.loaded: dict[str, str] | None = None  # the whole table, when read at opening
        if path is not None and (not in_index or path.is_file()):
            self.db = self._open(path)
        if self.db is not None:
            with contextlib.suppress(*_ERRORS):
                if _table_bytes(self.db) <= PRELOAD_BYTES:
                    self.loaded = {str(k): str(v) for k, v in
                                   self.db.execute("SELECT key, value FROM citation")}

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection | None:
        if not _usable(path):
            return None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path, timeout=1.0, isolation_level=None)
            if not _usable(path):  # replaced by something else while we opened it
                db.close()
                return None
            db.execute("CREATE TABLE IF NOT EXISTS citation (key TEXT PRIMARY KEY, value TEXT)")
            if _table_bytes(db) > MAX_BYTES:  # bounded: start again rather than grow
                db.execute("DELETE FROM citation")
            return db
        except _ERRORS:
            return None

    def get(self, k: str) -> tuple[Part, ...] | None:
        """The parts stored under ``k``, or None (not stored, or not readable)."""
        raw = self.pending.get(k)
        if raw is None and self.loaded is not None:
            raw = self.loaded.get(k)
        elif raw is None and self.db is not None:
            try:
                row = self.db.execute("SELECT value FROM citation WHERE key = ?", (k,)).fetchone()
            except _ERRORS:
                row = None
            raw = row[0] if row else None
        if raw is None:
            return None
        try:
            return tuple(Part(str(t), bool(i), None if u is None else str(u))
                         for t, i, u in json.loads(raw))
        except _ERRORS:
            return None  # a damaged value: format again

    def put(self, k: str, parts: tuple[Part, ...]) -> None:
        self.pending[k] = json.dumps([list(p) for p in parts], ensure_ascii=False)

    def flush(self) -> None:
        """Write what was added, in one transaction (losing it is never an error)."""
        if self.db is None or not self.pending:
            return
        with contextlib.suppress(*_ERRORS):
            self.db.execute("BEGIN")
            self.db.executemany("INSERT OR REPLACE INTO citation VALUES (?, ?)",
                                list(self.pending.items()))
            self.db.execute("COMMIT")
            self.pending.clear()

    def close(self) -> None:
        self.flush()
        if self.db is not None:
            with contextlib.suppress(*_ERRORS):
                self.db.close()
            self.db = None
