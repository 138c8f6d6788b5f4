"""A cache of parsed, validated libraries: an optimisation only, never a source of truth.

Keyed by the *content* of every data file (sha256), the cocite version and the cache format,
so any edit, however small, misses. Stored under ``$XDG_CACHE_HOME/cocite`` (the platform's
user cache directory) in one file: a JSON header line with the format, the key, the Python
version and a sha256 of the payload, then the payload as ``marshal`` data: plain tuples,
strings and numbers only, never pickle, so nothing in it can run code. marshal reads 100,000
records several times faster than JSON; because marshal is not meant for untrusted bytes,
the payload is read only after its checksum matches (a corrupt, truncated, foreign or
other-version file is ignored and rebuilt). ``--no-cache`` or ``COCITE_NO_CACHE=1`` turn it
off. The cache is an optimisation only, never a source of truth.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import marshal
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cocite import __version__
from cocite.atomic import write_atomic
from cocite.errors import OutputError

FORMAT = "cocite-library-cache"
FORMAT_VERSION = 2
# marshal's format may change between Python versions: part of the header.
PYTHON = f"{sys.implementation.name}-{sys.version_info[0]}.{sys.version_info[1]}"


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
    return cache_dir() / f"library-{key[:32]}.cache"


def read(key: str) -> Any:
    """The cached payload for ``key``, or None when absent or not trustworthy."""
    path = _file_for(key)
    try:
        raw = path.read_bytes()
        header_end = raw.index(b"\n")
        header = json.loads(raw[:header_end])
        body = memoryview(raw)[header_end + 1:]
        if not (
            isinstance(header, dict)
            and header.get("format") == FORMAT
            and header.get("version") == FORMAT_VERSION
            and header.get("python") == PYTHON
            and header.get("key") == key
            and header.get("sha256") == hashlib.sha256(body).hexdigest()
        ):
            return None
        return marshal.loads(body)
    except (OSError, ValueError, EOFError, TypeError, UnicodeDecodeError, RecursionError):
        return None


def write(key: str, payload: Any) -> None:
    """Store a payload of plain data; failure to write a cache is never an error for the user."""
    body = marshal.dumps(payload)
    header = json.dumps({
        "format": FORMAT, "version": FORMAT_VERSION, "python": PYTHON, "key": key,
        "sha256": hashlib.sha256(body).hexdigest(),
    }).encode()
    with contextlib.suppress(OSError, OutputError):
        cache_dir().mkdir(parents=True, exist_ok=True)
        write_atomic(_file_for(key), (header, b"\n", body))
