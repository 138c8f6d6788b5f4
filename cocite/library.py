"""The excerpt library: its records, vocabulary and reports, loaded and validated.

Which files make up a library is for :mod:`cocite.datafiles`; reading and checking them for
:mod:`cocite.checking`; the index a library is read through when its files have not changed
for :mod:`cocite.stored`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from cocite.datafiles import DataFiles, data_version, display
from cocite.errors import DataError
from cocite.models import Record, Report, Vocabulary
from cocite.problems import Problem, errors_in, sorted_problems, warnings_in
from cocite.progress import NO_PROGRESS, Progress

if TYPE_CHECKING:  # the warm path never parses YAML: these load only when it must
    from cocite.index import Index



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


def read_library(files: DataFiles, progress: Progress = NO_PROGRESS) -> Library:
    """The library read afresh from its YAML. Its warnings are those of each record; repeated
    quotes across records are for ``validate`` to report (loading does not need them)."""
    from cocite.checking import check_files  # not needed by a library read from its index

    checked = check_files(files, progress, duplicates=False, keep=True)
    problems = list(checked.problems)
    errors = errors_in(problems)
    if errors or checked.vocabulary is None or checked.reports is None:
        raise DataError(sorted_problems(errors), f"{len(errors)} error(s) in the data; run `cocite validate`")
    return Library(
        vocabulary=checked.vocabulary,
        reports=checked.reports,
        files=files,
        warnings=tuple(warnings_in(problems)),
        loaded=checked.records,
    )
