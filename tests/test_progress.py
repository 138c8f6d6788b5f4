"""Progress display: silent off a terminal, shown only for long operations."""

from __future__ import annotations

import io
import time

import pytest

from cocite.progress import NO_PROGRESS, TerminalProgress


def test_not_a_terminal_means_no_display(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = io.StringIO()
    monkeypatch.setattr("sys.stderr", fake)
    with TerminalProgress(delay=0.0) as progress:
        progress.task("Checking records", 10)
        progress.advance(10)
        time.sleep(0.05)
        assert progress._bar is None
    assert fake.getvalue() == ""


def test_short_operation_on_a_terminal_shows_nothing() -> None:
    with TerminalProgress(delay=60.0, force=True) as progress:
        progress.task("Checking records", 3)
        progress.advance(3)
        assert progress._bar is None


def test_long_operation_on_a_terminal_shows_a_bar_with_the_count_so_far() -> None:
    progress = TerminalProgress(delay=0.01, force=True)
    progress.task("Checking records", 5000)
    progress.advance(2000)
    deadline = time.monotonic() + 5
    while progress._bar is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert progress._bar is not None
    (task,) = progress._bar.tasks
    assert (task.description, task.total, task.completed) == ("Checking records", 5000, 2000)
    progress.advance(1000)
    assert progress._bar.tasks[0].completed == 3000
    progress.close()
    assert progress._bar is None


def test_the_default_progress_ignores_everything(capsys: pytest.CaptureFixture[str]) -> None:
    NO_PROGRESS.task("x", 1)
    NO_PROGRESS.advance()
    NO_PROGRESS.close()
    assert capsys.readouterr() == ("", "")


def test_a_bar_from_the_start_only_on_a_terminal_and_with_work_to_do(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from cocite.progress import bar_from_the_start

    fake = io.StringIO()
    monkeypatch.setattr("sys.stderr", fake)
    with bar_from_the_start("Checking links", 5) as on_done:
        assert on_done is None
    monkeypatch.setattr(fake, "isatty", lambda: True)
    with bar_from_the_start("Checking links", 0) as on_done:
        assert on_done is None
    with bar_from_the_start("Checking links", 3) as on_done:
        assert on_done is not None
        on_done(object())  # one step done: no error
