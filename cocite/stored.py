"""Loading a library through its index database (see :mod:`cocite.cache` and :mod:`cocite.index`).

* warm: every file's content is what the index was built from: vocabulary, reports and
  warnings come from the database, and records only when asked for;
* otherwise the YAML is read and checked, and a new index replaces the old one whole (a temp
  file renamed over it). Anything wrong with the index (damaged, locked, unwritable, a
  link or a pipe where it should be) only means the library is loaded without it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cocite import cache
from cocite.index import Index, insert_records
from cocite import library as L
from cocite.library import DataFiles, Library, all_files, cacheable, display, to_vocabulary
from cocite.models import Record, Report, Term
from cocite.problems import Problem
from cocite.progress import NO_PROGRESS, Progress


def load_indexed(files: DataFiles, progress: Progress = NO_PROGRESS) -> Library | None:
    """The library from (or into) its index; None when no index can be used at all."""
    paths = all_files(files)
    total = cacheable(paths)
    if total is None:
        return None
    where = cache.db_path(files.root)
    conn = cache.open_db(where, total)
    try:
        entries, fresh = cache.file_shas(conn, paths)
    except (OSError, RuntimeError):  # unreadable: the normal path reports it properly
        _close(conn)
        return None
    key = cache.library_key([(name, sha) for name, _, sha in entries])
    if conn is not None:
        found = _warm(conn, files, key, fresh)
        if found is not None:
            return found
        _close(conn)
    library = L._load_checked(files, progress)  # raises DataError: nothing invalid is indexed
    stored = _write(where, files, library, key, entries)
    return dataclasses.replace(library, stored=stored) if stored is not None else library


def _close(conn: sqlite3.Connection | None) -> None:
    if conn is not None:
        with contextlib.suppress(sqlite3.Error):
            conn.close()


def _warm(conn: sqlite3.Connection, files: DataFiles, key: str, fresh: Sequence[Any]) -> Library | None:
    try:
        meta = cache.get_meta(conn, "key", "vocabulary", "reports", "warnings")
        if meta.get("key") != key:
            return None
        if fresh:  # hashes worth keeping (a touched but unchanged file); not needed to go on
            with contextlib.suppress(sqlite3.Error), conn:
                cache.remember(conn, fresh)
        return Library(
            vocabulary=to_vocabulary(meta["vocabulary"]),  # type: ignore[arg-type]
            reports={r["id"]: Report(**r) for r in meta["reports"]},  # type: ignore[attr-defined]
            files=files,
            warnings=tuple(_problem(w) for w in meta["warnings"]),  # type: ignore[attr-defined]
            stored=Index(conn, display, cache_path(conn)),
        )
    except (sqlite3.Error, KeyError, TypeError, ValueError, AttributeError):
        return None


def cache_path(conn: sqlite3.Connection) -> Path | None:
    row = conn.execute("PRAGMA database_list").fetchone()
    return Path(row[2]) if row and row[2] else None


def _problem(row: list[Any]) -> Problem:
    file, is_path, line, record, field, message, severity = row
    return Problem(display(Path(file)) if is_path else file, line, record, field, message, severity)


def _write(
    where: Path, files: DataFiles, library: Library, key: str, entries: list[cache.Entry],
) -> Index | None:
    """Write a new index for ``library``; None (and nothing left behind) if that fails."""
    tmp: Path | None = None
    try:
        conn, tmp = cache.new_db(where)
        _fill(conn, files, library, key, entries)
        cache.publish(conn, tmp, where)
        tmp = None
        conn = sqlite3.connect(f"file:{where}?mode=rw", uri=True, timeout=2.0,
                               check_same_thread=False)
        return Index(conn, display, where)
    except (OSError, sqlite3.Error):
        return None
    finally:
        if tmp is not None:
            cache.discard(tmp)


def _fill(
    conn: sqlite3.Connection, files: DataFiles, library: Library, key: str,
    entries: list[cache.Entry],
) -> None:
    shas = {name: sha for name, _, sha in entries}
    vocab_sha = shas[str(files.vocabulary.absolute())]
    reports_sha = shas[str(files.reports.absolute())]
    shown = {display(p): str(p.absolute()) for p in all_files(files)}
    groups: dict[str, list[Record]] = {}
    for record in library.records:
        groups.setdefault(record.file, []).append(record)
    for ord_, path in enumerate(files.excerpts):
        name = str(path.absolute())
        skey = cache.shard_key(shas[name], vocab_sha, reports_sha)
        conn.execute("INSERT INTO shard VALUES (?, ?, ?, '[]')", (ord_, name, skey))
        insert_records(conn, skey, groups.pop(display(path), []))
    warnings = [
        [shown.get(p.file, p.file), p.file in shown, p.line, p.record_id, p.field, p.message,
         p.severity]
        for p in library.warnings
    ]
    cache.put_meta(
        conn, key=key, vocabulary=_vocabulary_data(library), warnings=warnings,
        reports=[dataclasses.asdict(r) for r in library.reports.values()],
    )
    cache.remember(conn, entries)


def _vocabulary_data(library: Library) -> dict[str, Any]:
    def term(t: Term) -> dict[str, Any]:
        return {"id": t.id, "label": t.label, "description": t.description,
                "aliases": list(t.aliases), "sections": list(t.sections)}

    vocabulary = library.vocabulary
    return {
        "topics": [term(t) for t in vocabulary.topics],
        "profiles": [term(p) for p in vocabulary.profiles],
        "shorthands": {k: list(v) for k, v in vocabulary.shorthands.items()},
    }
