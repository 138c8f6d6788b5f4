"""One entry point for every style: a source's citation as parts (see :mod:`.styles`).

``asylos`` is cocite's own code; every other name is a CSL style formatted by citeproc-py
(:mod:`.csl`), remembered in the citation cache (:mod:`.cache`) so a warm build does not
format again. The cache is opened on first use and written at exit of the process (and by
:func:`flush`, which builds call when done).
"""

from __future__ import annotations

import atexit
from dataclasses import asdict

from cocite.citation.parts import Part
from cocite.citation.styles import resolve
from cocite.models import Source

_state: dict[str, object] = {"enabled": True}


def disable_cache() -> None:
    """Format afresh, remembering nothing (``--no-cache``, ``COCITE_NO_CACHE=1``)."""
    _state["enabled"] = False


def _cache() -> object:
    from cocite.cache import enabled
    from cocite.citation.cache import CitationCache, default_path

    store = _state.get("cache")
    if store is None:
        path = default_path() if _state["enabled"] and enabled() else None
        store = CitationCache(path)
        _state["cache"] = store
        atexit.register(store.close)
    return store


def flush() -> None:
    from cocite.citation.cache import CitationCache

    store = _state.get("cache")
    if isinstance(store, CitationCache):
        store.flush()


def _engine_version() -> str:
    """citeproc-py's version and a digest of cocite's CSL code: a change to either (a new
    pre-processing step, a fixed mapping) must not read citations formatted before it."""
    import hashlib
    from importlib.metadata import PackageNotFoundError, version

    from cocite.citation import csl, csl_json

    digest = hashlib.sha256()
    for module in (csl, csl_json):
        with open(str(module.__file__), "rb") as fh:
            digest.update(fh.read())
    try:
        name = f"citeproc-py {version('citeproc-py')}"
    except PackageNotFoundError:
        name = "citeproc-py"
    return f"{name} {digest.hexdigest()[:16]}"


def csl_parts(source: Source, style: str, *, pinpoint: bool = True) -> tuple[Part, ...]:
    """The source in a CSL style, from the cache or formatted now (and then remembered)."""
    from cocite.citation import cache as citation_cache
    from cocite.citation.csl import Engine

    ref = resolve(style)
    store = _cache()
    assert isinstance(store, citation_cache.CitationCache)
    engines = _state.setdefault("engines", {})
    assert isinstance(engines, dict)
    version = engines.get(("version",))
    if version is None:
        version = engines[("version",)] = _engine_version()
    k = citation_cache.key(ref.digest, str(version), asdict(source), pinpoint)
    parts = store.get(k)
    if parts is None:
        engine = engines.get(ref.digest)
        if engine is None:
            engine = engines[ref.digest] = Engine.load(ref)
        parts = engine.parts(source, pinpoint)
        store.put(k, parts)
    return parts


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
