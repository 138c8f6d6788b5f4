"""Progress of long operations (loading a large library, link checks, page counting).

The library reports progress to a :class:`Progress`; the default one ignores it. The
command line passes a :class:`TerminalProgress`, which shows a rich progress bar on stderr
only when stderr is a terminal and only once an operation has run for more than two seconds,
so quick commands and redirected output stay quiet.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Self

SHOW_AFTER_SECONDS = 2.0


class Progress:
    """Receives progress; this base class does nothing."""

    def task(self, description: str, total: int | None = None) -> None:
        """A new stage starts: ``total`` steps, or None when unknown."""

    def advance(self, amount: int = 1) -> None:
        """``amount`` more steps of the current stage are done."""

    def close(self) -> None:
        """The operation is over: remove any display."""


NO_PROGRESS = Progress()


class TerminalProgress(Progress):
    """A transient rich progress bar on stderr, shown after :data:`SHOW_AFTER_SECONDS`."""

    def __init__(self, delay: float = SHOW_AFTER_SECONDS, force: bool = False) -> None:
        self._enabled = force or sys.stderr.isatty()
        self._delay = delay
        self._lock = threading.Lock()
        self._bar: Any = None
        self._task: Any = None
        self._stage: tuple[str, int | None] = ("", None)
        self._done = 0
        self._timer: threading.Timer | None = None

    def task(self, description: str, total: int | None = None) -> None:
        if not self._enabled:
            return
        with self._lock:
            self._stage, self._done = (description, total), 0
            if self._bar is not None:
                self._task = self._bar.add_task(description, total=total)
            elif self._timer is None:
                self._timer = threading.Timer(self._delay, self._show)
                self._timer.daemon = True
                self._timer.start()

    def advance(self, amount: int = 1) -> None:
        if not self._enabled:
            return
        with self._lock:
            self._done += amount
            if self._bar is not None and self._task is not None:
                self._bar.update(self._task, advance=amount)

    def _show(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )
        from rich.progress import Progress as Bar

        with self._lock:
            if self._bar is not None or not self._enabled:
                return
            bar = Bar(
                SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                MofNCompleteColumn(), TimeElapsedColumn(),
                console=Console(stderr=True, emoji=False), transient=True,
            )
            description, total = self._stage
            self._task = bar.add_task(description, total=total, completed=self._done)
            bar.start()
            self._bar = bar  # published last: readers see a bar with its task

    def close(self) -> None:
        with self._lock:
            self._enabled = False
            if self._timer is not None:
                self._timer.cancel()
            if self._bar is not None:
                self._bar.stop()
                self._bar = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@contextmanager
def bar_from_the_start(description: str, total: int) -> Iterator[Callable[[object], None] | None]:
    """A rich progress bar on stderr from the first step, for work slow at every step (link
    checks): yields what to call as each step is done, or None when stderr is not a terminal
    or there is nothing to do."""
    if not total or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress as Bar

    from cocite.console import stderr

    with Bar(console=stderr(), transient=True) as bar:
        task = bar.add_task(description, total=total)
        yield lambda _: bar.advance(task)
