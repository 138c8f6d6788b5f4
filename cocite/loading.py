"""Loading the library: from its index when the files are unchanged, else from the YAML.

Kept apart from :mod:`cocite.library` (the library and reading it afresh) and
:mod:`cocite.stored` (the library in its index), which both build a :class:`Library`, so that
neither needs the other in a circle.
"""

from __future__ import annotations

from pathlib import Path

from cocite.datafiles import resolve_data
from cocite.library import Library, read_library
from cocite.progress import NO_PROGRESS, Progress


def load_library(
    data: Path | None = None, *, use_cache: bool = True, progress: Progress = NO_PROGRESS,
) -> Library:
    """The library at ``data`` (or found by the lookup order), validated.

    Raises DataError listing every error; warnings are kept on the Library. A library whose
    files have exactly the contents they had when it was last loaded comes from the index
    (see :mod:`cocite.stored`); one with an edited shard re-reads only that shard.
    """
    files = resolve_data(data)
    # A data folder with discovery problems (a link out of it, ...) is never indexed: the
    # full check reports them.
    if use_cache and not files.problems:
        from cocite import cache

        if cache.enabled():
            from cocite.stored import load_indexed

            found = load_indexed(files, progress)
            if found is not None:
                return found
    return read_library(files, progress)
