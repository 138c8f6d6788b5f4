"""Finding, loading and checking the excerpt library: records, vocabulary and reports.

Where the data comes from (first match wins): ``--data PATH``, then ``$COCITE_DATA``, then
``./data/excerpts.yaml`` in the current directory, then the library bundled with cocite.
``PATH`` is an excerpts file or a directory of YAML files (shards); ``vocabulary.yaml`` and
``reports.yaml`` are read from the same directory, or from the bundled library if absent.
"""

from __future__ import annotations

import dataclasses
import os
import stat
import subprocess
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from cocite import cache
from cocite import validate as V
from cocite.errors import DataError, UsageError
from cocite.models import (
    CitedIn, Record, Report, Source, Term, Translation, Vocabulary,
)
from cocite.progress import NO_PROGRESS, Progress
from cocite.problems import Problem, errors_in, sorted_problems, warnings_in
from cocite.resources import data_dir
from cocite.yamlio import LineDict, load_file, max_file_bytes

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
    return _files_at(data_dir() / EXCERPTS, "bundled")


def _files_at(path: Path, origin: str) -> DataFiles:
    if not path.exists() and not path.is_symlink():
        raise UsageError(f"{display(path)}: no such file or directory (given by {origin})")
    if path.is_dir():
        shards = tuple(_yaml_files(path))
        if not shards:
            raise UsageError(f"{display(path)}: no .yaml record files in this directory")
        folder = path
    else:
        shards, folder = (path,), path.parent
    return DataFiles(
        excerpts=shards,
        vocabulary=_beside(folder, VOCABULARY),
        reports=_beside(folder, REPORTS),
        origin=origin,
        root=path,
    )


def _yaml_files(folder: Path) -> list[Path]:
    """Record shards below ``folder`` (see :func:`yaml_files`), without vocabulary/reports."""
    return [p for p in yaml_files(folder) if p.name not in _SPECIAL]


def yaml_files(folder: Path) -> list[Path]:
    """The data files below ``folder``: *.yaml/*.yml, sorted, not following directory links.

    Hidden files and directories and ``overrides/`` (importer corrections, not records) are
    skipped.
    """
    found: list[Path] = []
    unreadable: list[Problem] = []

    def skipped(exc: OSError) -> None:
        # os.walk skips a folder it cannot list without a word: its records would be lost.
        where = display(Path(exc.filename)) if exc.filename else display(folder)
        unreadable.append(Problem(
            where, message=f"cannot read this folder ({exc.strerror or exc}); "
            "the records in it would be missed",
        ))

    for dirpath, dirnames, filenames in os.walk(folder, onerror=skipped, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != OVERRIDES)
        for name in sorted(filenames):
            # Any case: a shard saved as NOTES.YAML holds records; skipping it would lose them.
            if name.lower().endswith(_YAML_SUFFIXES) and not name.startswith("."):
                found.append(Path(dirpath) / name)
    if unreadable:
        raise DataError(unreadable)
    return found


def _beside(folder: Path, name: str) -> Path:
    own = folder / name
    # A broken or looping link is the user's file too: report it, don't use the bundled one.
    return own if own.exists() or own.is_symlink() else data_dir() / name


@dataclass(frozen=True)
class Library:
    """A loaded, validated library."""

    records: tuple[Record, ...]
    vocabulary: Vocabulary
    reports: dict[str, Report]
    files: DataFiles
    warnings: tuple[Problem, ...] = ()
    by_id: dict[str, Record] = field(default_factory=dict, repr=False)

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
    data = _checked(path, problems, "reports", V.check_reports)
    if data is None:
        return None
    return {
        r["id"]: Report(
            id=r["id"], title=r["title"], publisher=r["publisher"], date=r.get("date"),
            url=r.get("url"), annex_url=r.get("annex_url"),
        )
        for r in data
    }


def to_record(d: Mapping[str, Any], file: str = "", line: int = 0) -> Record:
    s = d["source"]
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
        ),
        cited_in=CitedIn(report=cited["report"], section=cited.get("section")) if cited else None,
        translation=Translation(
            original=tr.get("original"), language=tr.get("language"), note=tr.get("note"),
        ) if tr else None,
        footnotes=tuple(d.get("footnotes") or ()),
        file=file,
        line=line,
    )


def check_files(
    files: DataFiles,
    progress: Progress = NO_PROGRESS,
) -> tuple[list[Problem], list[tuple[str, list[LineDict]]], Vocabulary | None, dict[str, Report] | None, int]:
    """Load and check every file of a library.

    Returns all problems, the structurally valid records per file, the vocabulary and
    reports (None when invalid) and how many records the files hold in all.
    """
    problems: list[Problem] = []
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
    ))
    return problems, good, vocabulary, reports, sum(len(recs) for _, recs in everything)


def load_library(
    data: Path | None = None, *, use_cache: bool = True, progress: Progress = NO_PROGRESS,
) -> Library:
    """The library at ``data`` (or found by the lookup order), validated.

    Raises DataError listing every error; warnings are kept on the Library. A library that
    was loaded before with exactly the same file contents comes from the cache.
    """
    files = resolve_data(data)
    key = None
    if use_cache and cache.enabled():
        all_files = [*files.excerpts, files.vocabulary, files.reports]
        try:
            # Hash only what the loader would read: not a named pipe (hashing would wait
            # forever), a device or a file over the size limit.
            key = cache.content_key(all_files) if _cacheable(all_files) else None
        except (OSError, RuntimeError):  # RuntimeError: a symbolic link loop (Path.resolve)
            key = None  # unreadable: the normal path below reports it properly
        payload = cache.read(key) if key else None
        if payload is not None:
            cached = _from_payload(payload, files)
            if cached is not None:
                return cached
    library = _load_checked(files, progress)
    if key is not None:
        cache.write(key, _to_payload(library))
    return library


def _cacheable(paths: Sequence[Path]) -> bool:
    limit = max_file_bytes()
    for path in paths:
        try:
            info = path.stat()
        except OSError:
            return False
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return False
    return True


_SOURCE_FIELDS = tuple(f.name for f in dataclasses.fields(Source))


def _record_row(r: Record) -> tuple[Any, ...]:
    """A record as a flat tuple of plain values (the cache's form: compact, quick to read)."""
    return (
        r.id, r.topics, r.profiles, r.material, r.lead_in, r.quote,
        tuple(getattr(r.source, name) for name in _SOURCE_FIELDS),
        (r.cited_in.report, r.cited_in.section) if r.cited_in else None,
        (r.translation.original, r.translation.language, r.translation.note)
        if r.translation else None,
        r.footnotes, r.file, r.line,
    )


def _record_from_row(row: tuple[Any, ...]) -> Record:
    rid, topics, profiles, material, lead_in, quote, src, cited, tr, notes, file, line = row
    return Record(
        id=rid, topics=topics, material=material, quote=quote, source=Source(*src),
        profiles=profiles, lead_in=lead_in,
        cited_in=CitedIn(*cited) if cited else None,
        translation=Translation(*tr) if tr else None,
        footnotes=notes, file=file, line=line,
    )


def _to_payload(library: Library) -> dict[str, Any]:
    def term(t: Term) -> dict[str, Any]:
        return {"id": t.id, "label": t.label, "description": t.description,
                "aliases": list(t.aliases), "sections": list(t.sections)}

    return {
        "records": [_record_row(r) for r in library.records],
        "vocabulary": {
            "topics": [term(t) for t in library.vocabulary.topics],
            "profiles": [term(p) for p in library.vocabulary.profiles],
            "shorthands": {k: list(v) for k, v in library.vocabulary.shorthands.items()},
        },
        "reports": [dataclasses.asdict(r) for r in library.reports.values()],
        "warnings": [p.as_dict() for p in library.warnings],
    }


def _from_payload(payload: Any, files: DataFiles) -> Library | None:
    """A Library from cached data, or None if the payload is not what this version writes."""
    try:
        records = tuple(_record_from_row(row) for row in payload["records"])
        vocabulary = to_vocabulary(payload["vocabulary"])
        reports = {r["id"]: Report(**r) for r in payload["reports"]}
        warnings = tuple(
            Problem(w["file"], w["line"], w["record"], w["field"], w["message"], w["severity"])
            for w in payload["warnings"]
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    return Library(records=records, vocabulary=vocabulary, reports=reports, files=files,
                   warnings=warnings, by_id={r.id: r for r in records})


def _drain(good: list[tuple[str, list[LineDict]]]) -> Iterator[Record]:
    """Records from the checked data, letting go of each file's parsed data once converted."""
    while good:
        name, recs = good.pop(0)
        for i, r in enumerate(recs):
            recs[i] = None  # type: ignore[call-overload]
            yield to_record(r, name, r.line)
        recs.clear()


def _load_checked(files: DataFiles, progress: Progress = NO_PROGRESS) -> Library:
    problems, good, vocabulary, reports, _ = check_files(files, progress)
    errors = errors_in(problems)
    if errors or vocabulary is None or reports is None:
        raise DataError(sorted_problems(errors), f"{len(errors)} error(s) in the data; run `cocite validate`")
    records = tuple(_drain(good))
    return Library(
        records=records,
        vocabulary=vocabulary,
        reports=reports,
        files=files,
        warnings=tuple(warnings_in(problems)),
        by_id={r.id: r for r in records},
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
    targets = [resolve_data(data)] if not paths else [_target(Path(p)) for p in paths]
    problems: list[Problem] = []
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
        return (path.name, path)
    if path.is_dir():
        return _files_at(path, "argument")
    folder = path.parent
    return DataFiles(
        excerpts=(path,), vocabulary=_beside(folder, VOCABULARY),
        reports=_beside(folder, REPORTS), origin="argument", root=path,
    )
