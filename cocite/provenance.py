"""What a filed document may say about how it was made, and what only its manifest says.

A bundle or schedule goes to a tribunal: it never shows a local path (which may hold the
user's name), the command-line flags, a git commit or a build time. Those go to the manifest
beside it. The document shows at most one unobtrusive line, :func:`prepared_with`:
"Prepared with cocite 0.1 from data version 3f2a9c1b04de", where the data version is a digest
of the data's content, the same on every machine that has the same data.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from cocite import __version__

if TYPE_CHECKING:
    from cocite.library import Library

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def content_digest(paths: Iterable[Path], digits: int = 12) -> str:
    """The first ``digits`` hex digits of the sha256 of the files' names and bytes."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode() + b"\0")
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    return digest.hexdigest()[:digits]


def data_digest(library: Library) -> str:
    files = library.files
    return content_digest([*files.excerpts, files.vocabulary, files.reports])


def short_version() -> str:
    """``0.1`` of ``0.1.0``: the release, without the patch level."""
    return ".".join(__version__.split(".")[:2])


def prepared_with(library: Library) -> str:
    return f"Prepared with cocite {short_version()} from data version {data_digest(library)}"


def data_name(library: Library) -> str:
    """The library as a document may name it: never a full path (it may hold a user's name)."""
    if library.files.origin == "bundled":
        return "cocite's bundled library"
    return Path(library.source).name or library.source


def long_date(day: date) -> str:
    """``30 November 2026``, as UK courts write dates (no locale involved)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
