"""Where the library index lives, and when it may be trusted: an optimisation only.

One SQLite database per data location (``index-<hash of the path>.sqlite3``) under the
platform's user cache directory. It is used only when everything agrees:

* it is a regular file (not a symbolic link, named pipe or device) no larger than
  :func:`size_limit`, and SQLite can read it; otherwise it is ignored (and replaced when a
  new one is written, by renaming a complete new file over it: never half-written);
* its schema and the cocite version are this program's;
* the key of the library it holds equals the sha256 of every data file's content now.

Hashing 120 MB of YAML on every command would cost more than the rest of a warm command,
so a file's hash is reused while its size, modification and change times, inode and device
are unchanged, as git does; a file modified within :data:`RACY_NS` of being hashed is hashed
again (the clock may not have ticked between an edit and the hash).

``--no-cache`` or ``COCITE_NO_CACHE=1`` turn it off; the library is then indexed in memory.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import stat
import time
from collections.abc import Sequence
from pathlib import Path

from cocite import __version__
from cocite import index as I

RACY_NS = 2_000_000_000
PREFIX = "index-"
SUFFIX = ".sqlite3"


def enabled() -> bool:
    """Whether an index may be used: not when ``COCITE_NO_CACHE`` is set (``--no-cache`` is
    ``use_cache=False`` for :func:`cocite.loading.load_library`)."""
    return os.environ.get("COCITE_NO_CACHE", "") in ("", "0")


def cache_dir() -> Path:
    import sys

    if sys.platform.startswith("linux"):
        # What platformdirs answers on Linux, without its import (~15 ms, with tempfile and
        # random): a warm search should cost little more than `cocite --help`.
        xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
        return Path(xdg or os.path.expanduser("~/.cache")) / "cocite"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("cocite"))


def db_path(root: Path) -> Path:
    """The index file of the data at ``root``: named for the path (its content is checked)."""
    import zlib  # not hashlib: a warm command hashes nothing, and OpenSSL costs ~10 ms

    name = str(root.absolute()).encode("utf-8", "surrogateescape")
    return cache_dir() / f"{PREFIX}{zlib.crc32(name):08x}{zlib.adler32(name):08x}{SUFFIX}"


def size_limit(data_bytes: int) -> int:
    """The largest index file trusted: generous for text, FTS and row overhead, but bounded."""
    return 16 * data_bytes + (64 << 20)


def _signature(info: os.stat_result) -> tuple[int, int, int, int, int]:
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)


def sha256_file(path: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def library_key(shas: Sequence[tuple[str, str]]) -> str:
    """What the index was built from: every file and its sha256, in order (kept whole)."""
    return json.dumps([f"cocite-index/{I.layout()}/{__version__}", *shas], ensure_ascii=False)


def shard_key(sha: str, vocabulary_sha: str, reports_sha: str) -> str:
    import hashlib

    text = f"cocite-shard/{I.layout()}/{__version__}/{sha}/{vocabulary_sha}/{reports_sha}"
    return hashlib.sha256(text.encode()).hexdigest()


def open_db(path: Path, data_bytes: int, *, readonly: bool = False) -> sqlite3.Connection | None:
    """The index database at ``path`` if it is safe to open and of this version, else None."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode) or info.st_size > size_limit(data_bytes):
        return None
    try:
        # Opening the file ourselves first, without following links or waiting on a pipe,
        # closes the window between the check above and SQLite's own open.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        again = os.fstat(fd)
        if not stat.S_ISREG(again.st_mode) or (again.st_ino, again.st_dev) != (info.st_ino, info.st_dev):
            return None
        if not _whole(os.pread(fd, 100, 0), again.st_size):
            return None
        mode = "ro" if readonly else "rw"
        conn = sqlite3.connect(f"file:{path}?mode={mode}", uri=True, timeout=2.0,
                               check_same_thread=False)
    except (OSError, sqlite3.Error):
        return None
    finally:
        os.close(fd)
    try:
        meta = dict(conn.execute("SELECT k, v FROM meta WHERE k IN ('schema', 'version')"))
        if meta.get("schema") != I.layout() or meta.get("version") != __version__:
            conn.close()
            return None
    except sqlite3.Error:
        conn.close()
        return None
    return conn


Entry = tuple[str, tuple[int, ...], str]  # absolute path, stat signature, sha256


def _whole(header: bytes, size: int) -> bool:
    """An SQLite file as long as its header says (not cut short by a full disk or a crash)."""
    if len(header) < 100 or not header.startswith(b"SQLite format 3\0"):
        return False
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    if header[24:28] != header[92:96] or pages == 0:  # the size field is not kept up to date
        return True
    return pages * page_size == size


def file_shas(
    conn: sqlite3.Connection | None, paths: Sequence[Path],
) -> tuple[list[Entry], list[Entry]]:
    """Each file's entry, in order, and those hashed just now (worth remembering).

    Raises OSError for a file that cannot be read; the caller falls back to loading afresh.
    """
    known: dict[str, tuple[tuple[int, ...], str, int]] = {}
    if conn is not None:
        with contextlib.suppress(sqlite3.Error):
            for row in conn.execute("SELECT path, size, mtime_ns, ctime_ns, ino, dev, sha, seen_ns FROM file"):
                known[row[0]] = (tuple(row[1:6]), row[6], row[7])
    entries: list[Entry] = []
    fresh: list[Entry] = []
    for path in paths:
        name = str(path.absolute())
        sig = _signature(os.stat(path))
        seen = known.get(name)
        if seen is not None and seen[0] == sig and seen[2] - sig[1] > RACY_NS:
            entries.append((name, sig, seen[1]))
            continue
        entries.append((name, sig, sha256_file(path)))
        fresh.append(entries[-1])
    return entries, fresh


def remember(conn: sqlite3.Connection, fresh: Sequence[Entry]) -> None:
    now = time.time_ns()
    conn.executemany(
        "INSERT OR REPLACE INTO file VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(name, sha, *sig, now) for name, sig, sha in fresh],
    )


def new_db(path: Path) -> tuple[sqlite3.Connection, Path]:
    """A new, empty index database in a temp file beside ``path`` (renamed in by :func:`publish`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    conn = sqlite3.connect(str(tmp), check_same_thread=False)
    conn.execute("PRAGMA journal_mode = OFF")  # a temp file: renamed in whole, or dropped
    conn.execute("PRAGMA synchronous = OFF")
    I.create(conn)
    conn.executemany("INSERT INTO meta VALUES (?, ?)", [
        ("schema", I.layout()), ("version", __version__),
    ])
    return conn, tmp


def publish(conn: sqlite3.Connection, tmp: Path, path: Path) -> None:
    conn.commit()
    conn.close()
    os.replace(tmp, path)


def discard(tmp: Path) -> None:
    with contextlib.suppress(OSError):
        tmp.unlink()


def put_meta(conn: sqlite3.Connection, **values: object) -> None:
    conn.executemany(
        "INSERT OR REPLACE INTO meta VALUES (?, ?)",
        [(k, json.dumps(v, ensure_ascii=False)) for k, v in values.items()],
    )


def get_meta(conn: sqlite3.Connection, *keys: str) -> dict[str, object]:
    marks = ",".join("?" * len(keys))
    rows = conn.execute(f"SELECT k, v FROM meta WHERE k IN ({marks})", keys).fetchall()
    return {k: json.loads(v) for k, v in rows}
