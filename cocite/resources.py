"""Where the packaged defaults live (data, templates), and which template a document uses.

A wheel carries them inside the package (``cocite/data``, ``cocite/templates``,
``cocite/schema``); an editable install or a source checkout has them at the repository's
top level instead. Both are looked up here and nowhere else.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from cocite.errors import UsageError

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


DEFAULT_TEMPLATES = {"bundle": {"docx": "bundle.docx", "md": "bundle.md.j2"},
                     "schedule": {"docx": "schedule.docx", "md": "schedule.md.j2"}}


def find_template(template: Path | None, document: str, fmt: str) -> tuple[Path, bool]:
    """The template of a ``document`` ("bundle" or "schedule") in ``fmt`` ("docx" or "md"),
    and whether it is the user's own (``template``: rendered in the sandbox)."""
    if template is None:
        return template_path(DEFAULT_TEMPLATES[document][fmt]), False
    path = Path(template).expanduser()
    if not path.is_file():
        what = "is a directory" if path.is_dir() else "no such file"
        raise UsageError(f"--template {template}: {what}")
    if fmt == "docx" and path.suffix.lower() != ".docx":
        raise UsageError(f"--template {template}: a Word template must be a .docx file")
    if fmt == "md" and path.suffix.lower() == ".docx":
        raise UsageError(f"--template {template}: a Markdown template is a text file (.md.j2)")
    return path, True
