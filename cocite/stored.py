"""Loading a library through its index database (see :mod:`cocite.cache` and :mod:`cocite.index`).

* warm: every file's content is what the index was built from: vocabulary, reports and
  warnings come from the database, and records only when asked for;
* otherwise the YAML is read and checked, and a new index replaces the old one whole (a temp
  file renamed over it). Anything wrong with the index (damaged, locked, unwritable, a
  link or a pipe where it should be) only means the library is loaded without it.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cocite import cache
from cocite.index import Index, drop_shard, insert_records
from cocite.convert import to_vocabulary, with_country
from cocite.datafiles import DataFiles, display
from cocite.library import Library
from cocite.models import Report, Term, Vocabulary
from cocite.problems import Problem, errors_in
from cocite.progress import NO_PROGRESS, Progress


# Bytes: no more than the loader's default limit (yamlio.DEFAULT_MAX_FILE_MB; a test checks),
# so below it the limit need not be read (nor PyYAML imported) unless the environment sets it.
_SURELY_ALLOWED = 200 << 20


def all_files(files: DataFiles) -> list[Path]:
    return [*files.excerpts, files.vocabulary, files.reports]


def cacheable(paths: Sequence[Path]) -> int | None:
    """Total size of the files if each is a regular file within the size limit, else None.

    Only what the loader would read is hashed: never a named pipe (hashing would wait
    forever), a device or a file over the limit.
    """
    total = 0
    largest = 0
    for path in paths:
        try:
            info = path.stat()
        except OSError:
            return None
        if not stat.S_ISREG(info.st_mode):
            return None
        total += info.st_size
        largest = max(largest, info.st_size)
    # The loader's limit is at least this much unless COCITE_MAX_FILE_MB lowers it; only
    # then is the YAML module (PyYAML and all) imported just to read it.
    if largest > _SURELY_ALLOWED or os.environ.get("COCITE_MAX_FILE_MB"):
        from cocite.yamlio import max_file_bytes

        if largest > max_file_bytes():
            return None
    return total


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
    try:
        if conn is not None:
            found = _warm(conn, files, key, fresh)
            if found is None:  # changed: re-read only the shards whose content changed
                found = _update(conn, where, files, entries, key, progress)
            if found is not None:
                return found
            _close(conn)
        found = _create(where, files, entries, key, progress)
    except _Invalid:
        _close(conn)
        found = None
    # Errors in the data (or an index that cannot be written): None, and the caller reads
    # the YAML afresh, whose full check reports every error at once (DataError); nothing
    # invalid is ever indexed.
    return found


def _close(conn: sqlite3.Connection | None) -> None:
    if conn is not None:
        with contextlib.suppress(sqlite3.Error):
            conn.close()


def _library(conn: sqlite3.Connection, files: DataFiles, meta: dict[str, Any], where: Path | None) -> Library:
    return Library(
        vocabulary=to_vocabulary(meta["vocabulary"]),
        reports={r["id"]: Report(**r) for r in meta["reports"]},
        files=files,
        warnings=tuple(_problem(w) for w in meta["warnings"]),
        stored=Index(conn, display, where),
    )


def _warm(conn: sqlite3.Connection, files: DataFiles, key: str, fresh: Sequence[Any]) -> Library | None:
    try:
        meta = cache.get_meta(conn, "key", "vocabulary", "reports", "warnings")
        if meta.get("key") != key:
            return None
        if fresh:  # hashes worth keeping (a touched but unchanged file); not needed to go on
            with contextlib.suppress(sqlite3.Error), conn:
                cache.remember(conn, fresh)
        return _library(conn, files, meta, cache_path(conn))
    except (sqlite3.Error, KeyError, TypeError, ValueError, AttributeError):
        return None


def cache_path(conn: sqlite3.Connection) -> Path | None:
    row = conn.execute("PRAGMA database_list").fetchone()
    return Path(row[2]) if row and row[2] else None


def _problem(row: list[Any]) -> Problem:
    file, is_path, line, record, field, message, severity = row
    return Problem(display(Path(file)) if is_path else file, line, record, field, message, severity)


def _encode(problems: Sequence[Problem], shown: dict[str, str]) -> list[list[Any]]:
    """Problems as plain data, naming files by absolute path (shown relative when read)."""
    return [[shown.get(p.file, p.file), p.file in shown, p.line, p.record_id, p.field,
             p.message, p.severity] for p in problems]


def _update(
    conn: sqlite3.Connection, where: Path, files: DataFiles, entries: list[cache.Entry],
    key: str, progress: Progress,
) -> Library | None:
    """The index brought up to date in place (one transaction); None if it cannot be."""
    try:
        with conn:  # rolled back on any error, _Invalid included (which goes on up)
            _index_shards(conn, files, entries, key, progress)
        meta = cache.get_meta(conn, "key", "vocabulary", "reports", "warnings")
        return _library(conn, files, meta, where)
    except (sqlite3.Error, OSError, KeyError, TypeError, ValueError):
        return None


class _Invalid(Exception):
    """The data has errors: nothing is stored, and the full check reports every one."""


def _create(
    where: Path, files: DataFiles, entries: list[cache.Entry], key: str, progress: Progress,
) -> Library | None:
    """A new index (a temp file renamed over the old); None if the data has errors or the
    index cannot be written."""
    tmp: Path | None = None
    try:
        conn, tmp = cache.new_db(where)
        try:
            _index_shards(conn, files, entries, key, progress)
        except BaseException:
            conn.close()  # the temp file goes in `finally` below
            raise
        cache.publish(conn, tmp, where)
        tmp = None
        conn = sqlite3.connect(f"file:{where}?mode=rw", uri=True, timeout=2.0,
                               check_same_thread=False)
        meta = cache.get_meta(conn, "key", "vocabulary", "reports", "warnings")
        return _library(conn, files, meta, where)
    except (OSError, sqlite3.Error):
        return None
    finally:
        if tmp is not None:
            cache.discard(tmp)


def _index_shards(
    conn: sqlite3.Connection, files: DataFiles, entries: list[cache.Entry], key: str,
    progress: Progress,
) -> None:
    """Store each shard not already stored (by content), one at a time; _Invalid on any error.

    Ids must be unique across shards too: checked in SQL once every shard is in.
    """
    from cocite import checking  # only when (re)building: a warm load never checks a file

    problems: list[Problem] = []
    vocabulary = checking.load_vocabulary(files.vocabulary, problems)
    reports = checking.load_reports(files.reports, problems)
    if vocabulary is None or reports is None or errors_in(problems):
        raise _Invalid
    shas = {name: sha for name, _, sha in entries}
    shown = {display(p): str(p.absolute()) for p in all_files(files)}
    vocab_sha = shas[str(files.vocabulary.absolute())]
    reports_sha = shas[str(files.reports.absolute())]
    old = dict(conn.execute("SELECT key, problems FROM shard"))
    conn.execute("DELETE FROM shard")  # written again below, in the order of the files now
    warnings = _encode(problems, shown)
    kept: set[str] = set()
    progress.task(f"Indexing {len(files.excerpts)} data file(s)", len(files.excerpts))
    for order, path in enumerate(files.excerpts):
        name = str(path.absolute())
        skey = cache.shard_key(shas[name], vocab_sha, reports_sha)
        if skey in kept:  # two files with the same records: duplicate ids
            raise _Invalid
        if skey in old:
            found = json.loads(old[skey])
        else:
            shard = checking.ShardCheck(path, vocabulary, set(reports))
            # A record's country is its own, else its report's (the shard key covers both).
            insert_records(conn, skey, (with_country(r, reports) for r in shard.records()))
            if errors_in(shard.problems):  # the records inserted are rolled back
                raise _Invalid
            found = _encode(shard.problems, shown)
        conn.execute("INSERT INTO shard VALUES (?, ?, ?, ?)", (order, name, skey, json.dumps(found)))
        kept.add(skey)
        warnings.extend(found)
        progress.advance()
    for stale in set(old) - kept:
        drop_shard(conn, stale)
    if conn.execute("SELECT 1 FROM record GROUP BY id HAVING COUNT(*) > 1 LIMIT 1").fetchone():
        raise _Invalid
    cache.put_meta(conn, key=key, vocabulary=_vocabulary_data(vocabulary), warnings=warnings,
                   reports=[r._asdict() for r in reports.values()])
    cache.remember(conn, entries)


def _vocabulary_data(vocabulary: Vocabulary) -> dict[str, Any]:
    def term(t: Term) -> dict[str, Any]:
        return {"id": t.id, "label": t.label, "description": t.description,
                "aliases": list(t.aliases), "sections": list(t.sections)}

    return {
        "topics": [term(t) for t in vocabulary.topics],
        "profiles": [term(p) for p in vocabulary.profiles],
        "shorthands": {k: list(v) for k, v in vocabulary.shorthands.items()},
    }
