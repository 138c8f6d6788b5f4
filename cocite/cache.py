"""A cache of parsed, validated libraries: an optimisation only, never a source of truth.

Keyed by the *content* of every data file (sha256), the cocite version and the cache format,
so any edit, however small, misses. Stored as JSON (never pickle: a cache file is read back
as plain data) under ``$XDG_CACHE_HOME/cocite`` (the platform's user cache directory), in
one file: a header line with the format, key and a checksum of the payload, then the payload.
A cache file that is corrupt, truncated, foreign or from another version is ignored and
rebuilt. ``--no-cache`` or ``COCITE_NO_CACHE=1`` turn it off.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cocite import __version__
from cocite.atomic import write_atomic
from cocite.errors import OutputError

FORMAT = "cocite-library-cache"
FORMAT_VERSION = 1


def enabled(no_cache: bool = False) -> bool:
    return not no_cache and os.environ.get("COCITE_NO_CACHE", "") in ("", "0")


def cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("cocite"))


def content_key(paths: Sequence[Path]) -> str:
    """A key that changes whenever any file's name or content changes."""
    digest = hashlib.sha256(f"{FORMAT}/{FORMAT_VERSION}/{__version__}".encode())
    for path in paths:
        digest.update(b"\0" + str(path.resolve()).encode() + b"\0")
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    return digest.hexdigest()


def _file_for(key: str) -> Path:
    return cache_dir() / f"library-{key[:32]}.json"


def read(key: str) -> dict[str, Any] | None:
    """The cached payload for ``key``, or None when absent or not trustworthy."""
    path = _file_for(key)
    try:
        raw = path.read_bytes()
        header_end = raw.index(b"\n")
        header = json.loads(raw[:header_end])
        body = raw[header_end + 1:]
        if not (
            isinstance(header, dict)
            and header.get("format") == FORMAT
            and header.get("version") == FORMAT_VERSION
            and header.get("key") == key
            and header.get("sha256") == hashlib.sha256(body).hexdigest()
        ):
            return None
        payload = json.loads(body)
    except (OSError, ValueError, UnicodeDecodeError, RecursionError):
        return None
    return payload if isinstance(payload, dict) else None


def write(key: str, payload: dict[str, Any]) -> None:
    """Store a payload; failure to write a cache is never an error for the user."""
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    header = json.dumps({
        "format": FORMAT, "version": FORMAT_VERSION, "key": key,
        "sha256": hashlib.sha256(body).hexdigest(),
    }).encode()
    with contextlib.suppress(OSError, OutputError):
        cache_dir().mkdir(parents=True, exist_ok=True)
        write_atomic(_file_for(key), header + b"\n" + body)
