"""Finding, loading and checking the excerpt library: records, vocabulary and reports.

Where the data comes from (first match wins): ``--data PATH``, then ``$COCITE_DATA``, then
``./data/excerpts.yaml`` in the current directory, then the library bundled with cocite.
``PATH`` is an excerpts file or a directory of YAML files (shards); ``vocabulary.yaml`` and
``reports.yaml`` are read from the same directory, or from the bundled library if absent.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cocite.errors import DataError, UsageError
from cocite.models import (
    CitedIn, Record, Report, Source, Term, Translation, Vocabulary,
)
from cocite.progress import NO_PROGRESS, Progress
from cocite.problems import Problem, errors_in, sorted_problems, warnings_in

if TYPE_CHECKING:  # the warm path never parses YAML: these load only when it must
    from cocite.index import Index
    from cocite.yamlio import LineDict

EXCERPTS = "excerpts.yaml"
VOCABULARY = "vocabulary.yaml"
REPORTS = "reports.yaml"
OVERRIDES = "overrides"
_SPECIAL = {VOCABULARY, REPORTS}
_YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class DataFiles:
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
        for name in list(dirnames):
            if os.path.islink(os.path.join(dirpath, name)):
                # os.walk would skip it without a word, and validate would say "valid".
                dirnames.remove(name)
                links.append(Problem(display(Path(dirpath) / name), message=(
                    "is a link to a folder; folders are not followed (move or copy its "
                    "files into the data folder)")))
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


@dataclass(frozen=True, eq=False)
class Library:
    """A loaded, validated library.

    Its records come either from the YAML just read (``loaded``) or from the index database
    (``stored``), which materialises only what is asked for: a warm ``cocite search`` or a
    filtered build reads a few rows, not 100,000 records.
    """

    vocabulary: Vocabulary
    reports: dict[str, Report]
    files: DataFiles
    warnings: tuple[Problem, ...] = ()
    loaded: tuple[Record, ...] | None = None
    stored: Index | None = None

    @cached_property
    def records(self) -> tuple[Record, ...]:
        if self.loaded is not None:
            return self.loaded
        assert self.stored is not None
        return self.stored.all()

    @property
    def index_path(self) -> Path | None:
        """The index database file the library was read through (None: read from YAML)."""
        return self.stored.path if self.stored is not None else None

    @cached_property
    def by_id(self) -> Mapping[str, Record]:
        if self.loaded is None and self.stored is not None:
            from cocite.index import StoredById

            return StoredById(self.stored)
        return {r.id: r for r in self.records}

    @cached_property
    def index(self) -> Index:
        """The SQL view of the records: the database, or one built in memory (``--no-cache``)."""
        if self.stored is not None:
            return self.stored
        from cocite.index import memory_index

        return memory_index(self.records, display)

    @property
    def source(self) -> str:
        """What was loaded, for messages."""
        return display(self.files.root)

    @cached_property
    def version(self) -> str:
        """The data version: ``git <commit>`` in a checkout (``+modified`` if edited), else sha256."""
        return data_version(list(self.files.excerpts) + [self.files.vocabulary, self.files.reports])


def data_version(paths: Sequence[Path]) -> str:
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


# ---------------------------------------------------------------------------------------
# Loading


def _load(path: Path, problems: list[Problem]) -> Any:
    from cocite import validate as V
    from cocite.yamlio import load_file

    comments: list[int] = []
    try:
        data = load_file(path, display(path), comments)
    except DataError as exc:
        problems.extend(exc.problems)
        return None
    if data is not None:  # a file of nothing but comments is reported as empty
        problems.extend(V.comment_problems(display(path), comments))
    return data


def _checked(
    path: Path, problems: list[Problem], kind: str, semantics: Callable[[Any, str], list[Problem]]
) -> Any:
    """A vocabulary or reports file's data once it passes its checks; else None.

    Every problem found is appended to ``problems``.
    """
    from cocite import validate as V

    name = display(path)
    data = _load(path, problems)
    if data is None and problems and problems[-1].file == name:
        return None
    found = V.check_structure(kind, data, name)
    if not found:
        found = semantics(data, name)
    problems.extend(found)
    return None if errors_in(found) else data


def load_vocabulary(path: Path, problems: list[Problem]) -> Vocabulary | None:
    from cocite import validate as V

    data = _checked(path, problems, "vocabulary", V.check_vocabulary)
    return None if data is None else to_vocabulary(data)


def to_vocabulary(data: Mapping[str, Any]) -> Vocabulary:
    def term(d: Mapping[str, Any]) -> Term:
        return Term(
            id=d["id"], label=d["label"], description=d.get("description") or "",
            aliases=tuple(d.get("aliases") or ()), sections=tuple(d.get("sections") or ()),
        )

    return Vocabulary(
        topics=tuple(term(t) for t in data["topics"]),
        profiles=tuple(term(p) for p in data.get("profiles") or ()),
        shorthands={k: tuple(v) for k, v in (data.get("shorthands") or {}).items()},
    )


def load_reports(path: Path, problems: list[Problem]) -> dict[str, Report] | None:
    from cocite import validate as V

    data = _checked(path, problems, "reports", V.check_reports)
    if data is None:
        return None
    return {
        r["id"]: Report(
            id=r["id"], title=r["title"], publisher=r["publisher"], date=r.get("date"),
            url=r.get("url"), annex_url=r.get("annex_url"), country=r.get("country"),
        )
        for r in data
    }


def to_record(d: Mapping[str, Any], file: str = "", line: int = 0) -> Record:
    s = d["source"]
    joint = tuple(to_source(j) for j in d.get("joint_sources") or ())
    cited = d.get("cited_in")
    tr = d.get("translation")
    return Record(
        id=d["id"],
        topics=tuple(d["topics"]),
        profiles=tuple(d.get("profiles") or ()),
        material=d["material"],
        lead_in=d.get("lead_in"),
        quote=d["quote"],
        source=Source(
            author=s["author"], title=s.get("title"), kind=s["kind"], date=s.get("date"),
            pages=s.get("pages"), paragraphs=s.get("paragraphs"), url=s.get("url"),
            accessed=s.get("accessed"), publisher=s.get("publisher"),
            version=s.get("version"), archive_url=s.get("archive_url"),
            author_as_cited=s.get("author_as_cited"),
        ),
        cited_in=tuple(CitedIn(report=c["report"], section=c.get("section")) for c in cited or ()),
        translation=Translation(
            original=tr.get("original"), language=tr.get("language"), note=tr.get("note"),
        ) if tr else None,
        footnotes=tuple(d.get("footnotes") or ()),
        country=d.get("country"),
        joint_sources=joint,
        file=file,
        line=line,
    )


def check_files(
    files: DataFiles,
    progress: Progress = NO_PROGRESS,
    duplicates: bool = True,
) -> tuple[list[Problem], list[tuple[str, list[LineDict]]], Vocabulary | None, dict[str, Report] | None, int]:
    """Load and check every file of a library.

    Returns all problems, the structurally valid records per file, the vocabulary and
    reports (None when invalid) and how many records the files hold in all.
    """
    from cocite import validate as V

    problems: list[Problem] = list(files.problems)
    vocabulary = load_vocabulary(files.vocabulary, problems)
    reports = load_reports(files.reports, problems)
    good: list[tuple[str, list[LineDict]]] = []
    everything: list[tuple[str, list[Any]]] = []
    progress.task(f"Reading {len(files.excerpts)} data file(s)", len(files.excerpts))
    for path in files.excerpts:
        name = display(path)
        data = _load(path, problems)
        progress.advance()
        if data is None and problems and problems[-1].file == name:
            continue
        found, records = V.valid_records(data, name)
        problems.extend(found)
        good.append((name, records))
        if isinstance(data, list):
            everything.append((name, data))
    # Semantic checks run on every record, even one with structural errors, so that one
    # run reports every problem; only structurally valid records are loaded.
    progress.task("Checking records", sum(len(recs) for _, recs in everything))
    problems.extend(V.check_records(
        everything, vocabulary, set(reports) if reports is not None else None, progress.advance,
        duplicates,
    ))
    return problems, good, vocabulary, reports, sum(len(recs) for _, recs in everything)


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
    return _load_checked(files, progress)


def with_country(record: Record, reports: Mapping[str, Report]) -> Record:
    """The record with its country: its own, else that of the report it is first cited in."""
    if record.country is not None:
        return record
    for place in record.cited_in:
        report = reports.get(place.report)
        if report is not None and report.country:
            return dataclasses.replace(record, country=report.country)
    return record


def to_source(s: Mapping[str, Any]) -> Source:
    return Source(
        author=s["author"], title=s.get("title"), kind=s["kind"], date=s.get("date"),
        pages=s.get("pages"), paragraphs=s.get("paragraphs"), url=s.get("url"),
        accessed=s.get("accessed"), publisher=s.get("publisher"),
        version=s.get("version"), archive_url=s.get("archive_url"),
        author_as_cited=s.get("author_as_cited"),
    )


def _drain(good: list[tuple[str, list[LineDict]]]) -> Iterator[Record]:
    """Records from the checked data, letting go of each file's parsed data once converted."""
    while good:
        name, recs = good.pop(0)
        for i, r in enumerate(recs):
            recs[i] = None  # type: ignore[call-overload]
            yield to_record(r, name, r.line)
        recs.clear()


def check_shard(
    path: Path, vocabulary: Vocabulary, report_ids: set[str],
) -> tuple[list[Problem], Iterator[Record]]:
    """One record file checked on its own (ids unique within it; see :func:`check_files`).

    Returns its problems and its records, converted as they are taken (so the parsed data
    is let go of as the records are stored).
    """
    from cocite import validate as V

    problems: list[Problem] = []
    name = display(path)
    data = _load(path, problems)
    if data is None and problems and problems[-1].file == name:
        return problems, iter(())
    found, records = V.valid_records(data, name)
    problems.extend(found)
    if isinstance(data, list):
        problems.extend(V.check_records([(name, data)], vocabulary, report_ids, duplicates=False))
    del data
    return problems, _drain([(name, records)])


def _load_checked(files: DataFiles, progress: Progress = NO_PROGRESS) -> Library:
    """The library read afresh. Its warnings are those of each record; repeated quotes
    across records are for ``validate`` to report (loading does not need them)."""
    problems, good, vocabulary, reports, _ = check_files(files, progress, duplicates=False)
    errors = errors_in(problems)
    if errors or vocabulary is None or reports is None:
        raise DataError(sorted_problems(errors), f"{len(errors)} error(s) in the data; run `cocite validate`")
    records = tuple(with_country(r, reports) for r in _drain(good))
    return Library(
        vocabulary=vocabulary,
        reports=reports,
        files=files,
        warnings=tuple(warnings_in(problems)),
        loaded=records,
    )


@dataclass(frozen=True)
class ValidationReport:
    problems: tuple[Problem, ...]
    files: tuple[str, ...]
    records: int

    @property
    def errors(self) -> list[Problem]:
        return errors_in(list(self.problems))

    @property
    def warnings(self) -> list[Problem]:
        return warnings_in(list(self.problems))


def validate(
    paths: Sequence[Path] = (), data: Path | None = None, progress: Progress = NO_PROGRESS,
) -> ValidationReport:
    """Check the given files (or the whole library found by the lookup order).

    A path named ``vocabulary.yaml`` or ``reports.yaml`` is checked as such; a directory is
    checked as a library; any other file as records, against the vocabulary and reports
    beside it (or the bundled ones).
    """
    problems: list[Problem] = []
    targets: list[DataFiles | tuple[str, Path]] = []
    for given in paths or (None,):
        try:  # a link out of the folder or a link to a folder: reported like any problem
            targets.append(resolve_data(data) if given is None else _target(Path(given)))
        except DataError as exc:
            problems.extend(exc.problems)
    names: list[str] = []
    count = 0
    for target in targets:
        if isinstance(target, DataFiles):
            found, _, _, _, total = check_files(target, progress)
            problems.extend(found)
            names.extend(display(p) for p in target.excerpts)
            count += total
        else:
            kind, path = target
            names.append(display(path))
            loader = load_vocabulary if kind == VOCABULARY else load_reports
            loader(path, problems)
    unique = sorted_problems(problems)
    return ValidationReport(tuple(unique), tuple(dict.fromkeys(names)), count)


def _target(path: Path) -> DataFiles | tuple[str, Path]:
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
