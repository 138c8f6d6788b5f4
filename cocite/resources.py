"""Where the packaged defaults live: data, templates and the JSON Schema.

A wheel carries them inside the package (``cocite/data``, ``cocite/templates``,
``cocite/schema``); an editable install or a source checkout has them at the repository's
top level instead. Both are looked up here and nowhere else.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

_PACKAGE_DIR = Path(str(files("cocite")))
_REPO_DIR = _PACKAGE_DIR.parent


def _resource_dir(name: str) -> Path:
    packaged = _PACKAGE_DIR / name
    if packaged.is_dir():
        return packaged
    return _REPO_DIR / name


def data_dir() -> Path:
    """The bundled excerpt library (``excerpts.yaml``, ``vocabulary.yaml``, ``reports.yaml``)."""
    return _resource_dir("data")


def templates_dir() -> Path:
    """The directory of default templates."""
    return _resource_dir("templates")


def template_path(name: str) -> Path:
    """A default template by file name, e.g. ``bundle.md.j2``."""
    return templates_dir() / name


def schema_dir() -> Path:
    """The directory holding the generated JSON Schema files."""
    return _resource_dir("schema")
