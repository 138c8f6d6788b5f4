"""One entry point for every style: a source's citation as parts (see :mod:`.styles`).

``asylos`` is cocite's own code; every other name is a CSL style formatted by citeproc-py
(:mod:`.csl`), remembered in the citation cache (:mod:`.cache`) so a warm build does not
format again. The cache is opened on first use and written when the process exits (or by
:func:`flush`).
"""

from __future__ import annotations

import atexit
import contextlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from cocite.citation.parts import Part
from cocite.citation.styles import resolve
from cocite.models import Source

if TYPE_CHECKING:
    from cocite.citation.cache import CitationCache
    from cocite.citation.csl import Engine

class _Formatter:
    """The process's citation cache and parsed CSL styles, made on first use."""

    def __init__(self) -> None:
        self.enabled = True
        self.store: CitationCache | None = None
        self.engines: dict[str, Engine] = {}
        self.version = ""
        self.seen: dict[str, tuple[Part, ...]] = {}  # this process's look-ups
        self.index: Path | None = None  # the library's index, when it was loaded through one

    def cache(self) -> CitationCache:
        if self.store is None:
            from cocite.cache import enabled
            from cocite.citation.cache import CitationCache, default_path

            on = self.enabled and enabled()
            if on and self.index is not None:
                self.store = CitationCache(self.index, in_index=True)
            else:
                self.store = CitationCache(default_path() if on else None)
            atexit.register(self.store.close)
        return self.store

    def use_index(self, path: Path | None) -> None:
        if path == self.index:
            return
        if self.store is not None:  # opened for another library: write it, then switch
            self.store.close()
            self.store = None
        self.index = path

    def parts(self, source: Source, style: str, pinpoint: bool) -> tuple[Part, ...]:
        from cocite.citation.cache import key
        from cocite.citation.csl import Engine

        ref = resolve(style)
        store = self.cache()
        if not self.version:
            self.version = _engine_version()
        fields = [getattr(source, name) for name in source._fields]
        k = key(ref.digest, self.version, fields, pinpoint)
        parts = self.seen.get(k) or store.get(k)
        if parts is None:
            engine = self.engines.get(ref.digest)
            if engine is None:
                engine = self.engines[ref.digest] = Engine.load(ref)
            parts = engine.parts(source, pinpoint)
            store.put(k, parts)
        self.seen[k] = parts
        return parts


_FORMATTER = _Formatter()


def use_index(path: Path | None) -> None:
    """Keep formatted citations in the library's index at ``path`` (None: in the cache's own
    file). Called once a library is loaded, before its citations are formatted."""
    _FORMATTER.use_index(path)


def disable_cache() -> None:
    """Format afresh, remembering nothing (``--no-cache``, ``COCITE_NO_CACHE=1``)."""
    _FORMATTER.enabled = False


def flush() -> None:
    """Write the citations formatted so far to the cache (also done at exit)."""
    if _FORMATTER.store is not None:
        _FORMATTER.store.flush()


def _engine_version() -> str:
    """A digest of citeproc-py's version file and of cocite's CSL code: a change to either
    (a new pre-processing step, a fixed mapping) must not read citations formatted before it.
    (Read from the files: importlib.metadata alone takes longer to import than a warm
    build's whole citation step.)"""
    import hashlib
    import importlib.util

    here = os.path.dirname(__file__)  # the files, not the modules: no import on a warm run
    files = [os.path.join(here, "csl.py"), os.path.join(here, "csl_json.py")]
    spec = importlib.util.find_spec("citeproc")
    if spec is not None and spec.submodule_search_locations:
        files.append(os.path.join(next(iter(spec.submodule_search_locations)), "_version.py"))
    digest = hashlib.sha256()
    for name in files:
        with contextlib.suppress(OSError), open(name, "rb") as fh:
            digest.update(fh.read())
    return digest.hexdigest()[:24]


def csl_parts(source: Source, style: str, *, pinpoint: bool = True) -> tuple[Part, ...]:
    """The source in a CSL style, from the cache or formatted now (and then remembered)."""
    return _FORMATTER.parts(source, style, pinpoint)


def asylos_parts(source: Source) -> tuple[Part, ...]:
    """cocite's own style: the report's ``Source:`` line, its URL clickable (or added)."""
    from cocite.citation.asylos import format_source

    text = format_source(source)
    url = source.url
    if url and url in text:
        # Make the URL the style already prints clickable, rather than printing it twice.
        before, _, after = text.partition(url)
        return tuple(p for p in (Part(before), Part(url, url=url), Part(after)) if p.text)
    if url:
        return (Part(text), Part(" "), Part(url, url=url))
    return (Part(text),)


def citation_parts(source: Source, style: str, *, pinpoint: bool = True) -> tuple[Part, ...]:
    """The citation of ``source`` in ``style`` (a name :func:`.styles.resolve` knows)."""
    ref = resolve(style)
    if not ref.is_csl:
        return asylos_parts(source)
    return csl_parts(source, style, pinpoint=pinpoint)
