"""Reading and checking the files of a library: every problem, with file, line and field.

A records file is read a few records at a time (:class:`cocite.yamlio.ListStream`), and they
are checked (structure, then semantics) and converted as they are read, then let go of:
checking 100,000 records holds what the checks across records need, never the records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cocite.convert import to_record, to_reports, to_vocabulary, with_country
from cocite.datafiles import VOCABULARY, DataFiles, display, files_to_check, resolve_data
from cocite.errors import DataError
from cocite.models import Record, Report, Vocabulary
from cocite.problems import Findings, Problem, errors_in, sorted_problems
from cocite.progress import NO_PROGRESS, Progress

if TYPE_CHECKING:  # the warm path never parses YAML: these load only when it must
    from cocite.record_checks import RecordChecks
    from cocite.yamlio import LineList


def _load(path: Path, problems: list[Problem]) -> Any:
    """A whole file's data, or None with its problem appended (see :func:`_checked`)."""
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
    from cocite.validate import check_vocabulary

    data = _checked(path, problems, "vocabulary", check_vocabulary)
    return None if data is None else to_vocabulary(data)


def load_reports(path: Path, problems: list[Problem]) -> dict[str, Report] | None:
    from cocite.validate import check_reports

    data = _checked(path, problems, "reports", check_reports)
    return None if data is None else to_reports(data)


# Records are read a hundred at a time, then checked together: switching between reading and
# checking at every record made a cold build ~12% slower (measured at 10,000 records).
_BATCH = 100


class RecordsFile:
    """One records file, read and checked a few records at a time (see :meth:`valid`)."""

    def __init__(self, path: Path, checks: RecordChecks) -> None:
        self.path = path
        self.name = display(path)
        self.checks = checks
        self.problems: list[Problem] = []  # reading it, its comments, its records' structure
        self.semantic: list[Problem] = []  # its records' semantics (see RecordChecks)
        self.count = 0  # how many records it holds (0 if it cannot be read to its end)
        self.failed = False  # it could not be read: what :meth:`valid` gave counts for nothing

    def valid(self) -> Iterator[Any]:
        """The structurally valid records, as they are read; every record is checked.

        Once this is exhausted, :attr:`problems` and :attr:`semantic` are complete.
        """
        from cocite import validate as V
        from cocite.yamlio import ListStream

        stream = ListStream(self.path, self.name)
        items = iter(stream)
        shard = self.checks.file(self.name)
        structural: list[Problem] = []
        try:
            while batch := _batch(items):
                self.count += len(batch)
                found, bad = V.records_problems(batch, self.name)
                structural.extend(found)
                for item in batch:
                    shard.record(item)
                yield from (item for i, item in enumerate(batch) if i not in bad)
        except DataError as exc:
            shard.undo()
            self.problems.extend(exc.problems)
            self.count = 0
            self.failed = True
            return
        if stream.document is not None:  # a file of nothing but comments is reported as empty
            self.problems.extend(V.comment_problems(self.name, stream.comments))
        if not isinstance(stream.document, list):
            self.problems.extend(V.check_structure("excerpts", stream.document, self.name))
        self.problems.extend(sorted_problems(structural))
        self.semantic = shard.problems


def _batch(items: Iterator[tuple[int, Any]]) -> LineList:
    """The next records read (at most :data:`_BATCH`), each with its line."""
    from cocite.yamlio import LineList

    batch = LineList(0)
    for line, item in islice(items, _BATCH):
        batch.append(item)
        batch.item_lines.append(line)
    return batch


@dataclass(frozen=True)
class CheckedFiles:
    """What checking every file of a library found."""

    problems: tuple[Problem, ...]
    vocabulary: Vocabulary | None  # None when invalid
    reports: dict[str, Report] | None  # None when invalid
    count: int  # how many records the files hold in all
    records: tuple[Record, ...] = ()  # the structurally valid ones, when asked for (``keep``)


def check_files(
    files: DataFiles, progress: Progress = NO_PROGRESS, duplicates: bool = True,
    keep: bool = False,
) -> CheckedFiles:
    """Read and check every file of a library (records with ``keep``).

    ``duplicates=False`` leaves out the repeated-quote warnings (see :class:`RecordChecks`).
    Semantic checks run on every record, even one with structural errors, so that one run
    reports every problem; only structurally valid records are kept.
    """
    from cocite.record_checks import RecordChecks

    problems: list[Problem] = list(files.problems)
    vocabulary = load_vocabulary(files.vocabulary, problems)
    reports = load_reports(files.reports, problems)
    checks = RecordChecks(vocabulary, set(reports) if reports is not None else None, duplicates)
    semantic: list[Problem] = []
    records: list[Record] = []
    count = 0
    progress.task(f"Reading {len(files.excerpts)} data file(s)", len(files.excerpts))
    for path in files.excerpts:
        file = RecordsFile(path, checks)
        mine: list[Record] = []
        for r in file.valid():
            if keep:
                record = to_record(r, file.name, r.line)
                # A record's country is its own, else its report's (reports None: errors).
                mine.append(record if reports is None else with_country(record, reports))
        progress.advance()
        problems.extend(file.problems)
        semantic.extend(file.semantic)
        count += file.count
        if not file.failed:
            records.extend(mine)
    if duplicates:
        progress.task("Comparing quotes", len(checks.quotes))
        semantic.extend(checks.near_duplicate_warnings(progress.advance))
    return CheckedFiles(tuple(problems + semantic), vocabulary, reports, count, tuple(records))


class ShardCheck:
    """One record file checked on its own (ids unique within it; see :func:`check_files`)."""

    def __init__(self, path: Path, vocabulary: Vocabulary, report_ids: set[str]) -> None:
        from cocite.record_checks import RecordChecks

        self.file = RecordsFile(path, RecordChecks(vocabulary, report_ids, duplicates=False))

    @property
    def problems(self) -> list[Problem]:
        """Every problem, once :meth:`records` has been gone through."""
        return self.file.problems + self.file.semantic

    def records(self) -> Iterator[Record]:
        """Its structurally valid records, converted as they are read (and then let go of).

        Should the file prove unreadable part-way, some were given already: its problems
        say so (an error), and what was made of them must be thrown away.
        """
        for r in self.file.valid():
            yield to_record(r, self.file.name, r.line)


@dataclass(frozen=True)
class ValidationReport(Findings):
    problems: tuple[Problem, ...]
    files: tuple[str, ...]
    records: int


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
            targets.append(resolve_data(data) if given is None else files_to_check(Path(given)))
        except DataError as exc:
            problems.extend(exc.problems)
    names: list[str] = []
    count = 0
    for target in targets:
        if isinstance(target, DataFiles):
            checked = check_files(target, progress)
            problems.extend(checked.problems)
            names.extend(display(p) for p in target.excerpts)
            count += checked.count
        else:
            kind, path = target
            names.append(display(path))
            loader = load_vocabulary if kind == VOCABULARY else load_reports
            loader(path, problems)
    unique = sorted_problems(problems)
    return ValidationReport(tuple(unique), tuple(dict.fromkeys(names)), count)

