"""Finding the files of an excerpt library, naming them for the user, and their data version.

Where the data comes from (first match wins): ``--data PATH``, then ``$COCITE_DATA``, then
``./data/excerpts.yaml`` in the current directory, then the library bundled with cocite.
``PATH`` is an excerpts file or a directory of YAML files (shards); ``vocabulary.yaml`` and
``reports.yaml`` are read from the same directory, or from the bundled library if absent.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from cocite.errors import DataError, UsageError
from cocite.problems import Problem

EXCERPTS = "excerpts.yaml"
VOCABULARY = "vocabulary.yaml"
REPORTS = "reports.yaml"
OVERRIDES = "overrides"
_SPECIAL = {VOCABULARY, REPORTS}
_YAML_SUFFIXES = (".yaml", ".yml")


class DataFiles(NamedTuple):  # not a frozen dataclass: a quicker start (see models)
    """The files that make up one library, and how they were found."""

    excerpts: tuple[Path, ...]
    vocabulary: Path
    reports: Path
    origin: str  # "--data", "COCITE_DATA", "./data" or "bundled"
    root: Path
    problems: tuple[Problem, ...] = ()  # found while discovering (links not followed)

    def inputs(self) -> list[Path]:
        """Every file read for this library: outputs must never be one of them."""
        return [*self.excerpts, self.vocabulary, self.reports, self.root]

    def folder(self) -> Path | None:
        """The data folder of a folder library (where a new .yaml would be read as records)."""
        return self.root if self.root.is_dir() else None


def display(path: Path) -> str:
    """A path as the user would type it: relative to the current directory when inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def resolve_data(
    data: Path | None = None,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> DataFiles:
    """Which files to load, following the documented lookup order."""
    env = os.environ if env is None else env
    cwd = Path.cwd() if cwd is None else cwd
    if data is not None:
        return _files_at(Path(data), "--data")
    if env.get("COCITE_DATA"):
        return _files_at(Path(env["COCITE_DATA"]), "COCITE_DATA")
    local = cwd / "data" / EXCERPTS
    if local.is_file():
        return _files_at(local, "./data")
    return _files_at(_data_dir() / EXCERPTS, "bundled")


def _files_at(path: Path, origin: str) -> DataFiles:
    if not path.exists() and not path.is_symlink():
        raise UsageError(f"{display(path)}: no such file or directory (given by {origin})")
    found: list[Problem] = []
    if path.is_dir():
        everything, found = discover(path)
        shards = tuple(p for p in everything if p.name not in _SPECIAL)
        if not shards and found:
            raise DataError(found)
        if not shards:
            raise UsageError(f"{display(path)}: no .yaml record files in this directory")
        folder = path
    else:
        shards, folder = (path,), path.parent
        link = outside_link(path, folder)
        if link:  # ./data/excerpts.yaml -> ~/.git-credentials in a pull request
            raise DataError([link])
    files = DataFiles(
        excerpts=shards,
        vocabulary=_beside(folder, VOCABULARY),
        reports=_beside(folder, REPORTS),
        origin=origin,
        root=path,
        problems=tuple(found),
    )
    _refuse_outside(folder, (files.vocabulary, files.reports))
    return files


def files_to_check(path: Path) -> DataFiles | tuple[str, Path]:
    """What ``cocite validate PATH`` checks: a library (a folder, or a records file with the
    vocabulary and reports beside it), or ``(name, path)`` for a vocabulary or reports file."""
    if path.name in _SPECIAL and not path.is_dir():
        link = outside_link(path, path.parent)
        if link:
            raise DataError([link])
        return (path.name, path)
    if path.is_dir():
        return _files_at(path, "argument")
    folder = path.parent
    link = outside_link(path, folder)
    if link:
        raise DataError([link])
    files = DataFiles(
        excerpts=(path,), vocabulary=_beside(folder, VOCABULARY),
        reports=_beside(folder, REPORTS), origin="argument", root=path,
    )
    _refuse_outside(folder, (files.vocabulary, files.reports))
    return files


def _refuse_outside(folder: Path, paths: Sequence[Path]) -> None:
    problems = [p for p in (outside_link(path, folder) for path in paths) if p]
    if problems:
        raise DataError(problems)


def yaml_files(folder: Path) -> list[Path]:
    """The data files below ``folder`` (see :func:`discover`); DataError for any link."""
    found, links = discover(folder)
    if links:
        raise DataError(links)
    return found


def discover(folder: Path) -> tuple[list[Path], list[Problem]]:
    """The data files below ``folder``: *.yaml/*.yml, sorted; and the links not followed.

    Hidden files and directories and ``overrides/`` (importer corrections, not records) are
    skipped. A link to a folder, or to a file outside ``folder``, is never followed and never
    skipped silently: it is returned as a problem (the files found are still checked).
    """
    found: list[Path] = []
    unreadable: list[Problem] = []
    links: list[Problem] = []

    def skipped(exc: OSError) -> None:
        # os.walk skips a folder it cannot list without a word: its records would be lost.
        where = display(Path(exc.filename)) if exc.filename else display(folder)
        unreadable.append(Problem(
            where, message=f"cannot read this folder ({exc.strerror or exc}); "
            "the records in it would be missed",
        ))

    for dirpath, dirnames, filenames in os.walk(folder, onerror=skipped, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != OVERRIDES)
        links.extend(_folder_links(dirpath, dirnames))
        for name in sorted(filenames):
            # Any case: a shard saved as NOTES.YAML holds records; skipping it would lose them.
            if name.lower().endswith(_YAML_SUFFIXES) and not name.startswith("."):
                path = Path(dirpath) / name
                outside = outside_link(path, folder)
                if outside:
                    links.append(outside)
                else:
                    found.append(path)
    if unreadable:
        raise DataError(unreadable)
    return found, links


def _folder_links(dirpath: str, dirnames: list[str]) -> list[Problem]:
    """Links to folders among ``dirnames``, taken out of it (os.walk must not enter them)."""
    links: list[Problem] = []
    for name in list(dirnames):
        if os.path.islink(os.path.join(dirpath, name)):
            # os.walk would skip it without a word, and validate would say "valid".
            dirnames.remove(name)
            links.append(Problem(display(Path(dirpath) / name), message=(
                "is a link to a folder; folders are not followed (move or copy its "
                "files into the data folder)")))
    return links


def outside_link(path: Path, folder: Path) -> Problem | None:
    """A symbolic link that leads out of ``folder``: a problem (it is never read), else None.

    A data folder's files are shown in messages and annotations; a link to
    ``~/.git-credentials`` must not put its contents in a pull request.
    """
    if not path.is_symlink():
        return None
    real = os.path.realpath(path)
    base = os.path.realpath(folder)
    if real == base or real.startswith(base.rstrip(os.sep) + os.sep):
        return None
    return Problem(display(path), message="is a symbolic link to a file outside the data "
                   "folder; not read (copy the file into the data folder instead)")


def _beside(folder: Path, name: str) -> Path:
    own = folder / name
    # A broken or looping link is the user's file too: report it, don't use the bundled one.
    return own if own.exists() or own.is_symlink() else _data_dir() / name


def _data_dir() -> Path:
    # Lazily: importlib.resources (and zipfile, tempfile) cost a warm search ~15 ms.
    from cocite.resources import data_dir

    return data_dir()


# ---------------------------------------------------------------------------------------
# Data version


def data_version(paths: Sequence[Path]) -> str:
    """``git <commit>`` in a checkout (``+modified`` if edited), else the files' sha256."""
    commit = _git_version(paths)
    if commit:
        return commit
    from cocite.provenance import content_digest

    return f"sha256 {content_digest(paths, 16)}"


def _git_version(paths: Sequence[Path]) -> str | None:
    import subprocess

    folder = paths[0].resolve().parent
    try:
        head = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--short=12", "HEAD"],
            capture_output=True, text=True, timeout=10, check=False,
        )
        if head.returncode != 0:
            return None
        args = ["git", "-C", str(folder), "status", "--porcelain", "--"]
        status = subprocess.run(
            args + [str(p.resolve()) for p in paths],
            capture_output=True, text=True, timeout=10, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if status.returncode != 0:
        return None
    # A file outside this checkout (the bundled vocabulary, say) makes status fail: handled.
    dirty = "+modified" if status.stdout.strip() else ""
    return f"git {head.stdout.strip()}{dirty}"
