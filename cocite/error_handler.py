"""The one place that turns errors into messages and exit codes.

| exit | meaning |
|------|---------|
| 0    | success |
| 1    | invalid data, or the work could not be done (a clear message says why) |
| 2    | usage error: an unknown option, topic, file, ... |
| 3    | unexpected error: a bug; the message says where the details were written |
| 130  | interrupted (Ctrl-C) |
"""

from __future__ import annotations

import datetime as _dt
import os
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cocite.console import say
from cocite.errors import CociteError, DataError, UsageError

OK, DATA, USAGE, UNEXPECTED, INTERRUPTED = 0, 1, 2, 3, 130
MAX_SHOWN = 200  # problems printed before "... and N more"


def exit_code(exc: BaseException) -> int:
    if isinstance(exc, KeyboardInterrupt):
        return INTERRUPTED
    if isinstance(exc, UsageError):
        return USAGE
    if isinstance(exc, (CociteError, MemoryError)):
        return DATA
    return UNEXPECTED


def report(exc: BaseException) -> int:
    """Print what went wrong and return the exit code for it."""
    code = exit_code(exc)
    if isinstance(exc, DataError) and exc.problems:
        from cocite.problem_format import one_line

        for problem in exc.problems[:MAX_SHOWN]:
            say(one_line(str(problem)))
        if len(exc.problems) > MAX_SHOWN:
            say(f"... and {len(exc.problems) - MAX_SHOWN} more")
        if str(exc) != str(exc.problems[0]):
            say(f"Error: {exc}", style="bold red")
    elif isinstance(exc, CociteError):
        say(f"Error: {exc}", style="bold red")
    elif code == INTERRUPTED:
        say("Interrupted.")
    elif isinstance(exc, MemoryError):
        # Not a bug: an input or a user's template asked for more memory than there is.
        say("Error: out of memory: the input (or a template) needs more memory than this "
            "machine has", style="bold red")
    else:
        log = _write_log(exc)
        say(f"Error: unexpected {type(exc).__name__}: {exc}", style="bold red")
        where = f"The details are in {log}. " if log else ""
        say(f"This is a bug in cocite. {where}Please report it to the cocite maintainers "
            "(see 'Reporting problems' in the README), with the command you ran.")
    return code


def _write_log(exc: BaseException) -> Path | None:
    try:
        from platformdirs import user_log_dir

        folder = Path(user_log_dir("cocite"))
        folder.mkdir(parents=True, exist_ok=True)
        stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        log = folder / f"crash-{stamp}-{os.getpid()}.log"
        log.write_text(
            f"cocite crash\nargv: {sys.argv!r}\n\n"
            + "".join(traceback.format_exception(exc)),
            encoding="utf-8",
        )
        return log
    except Exception:  # noqa: BLE001 - never let the crash report itself crash
        return None


@contextmanager
def handled() -> Iterator[None]:
    """Run a block; on any error print the message and exit with the mapped code."""
    try:
        yield
    except SystemExit:
        raise
    except BrokenPipeError:
        # `cocite list | head`: the reader left; that is not an error of ours.
        _silence_stdout()
        raise SystemExit(OK) from None
    except BaseException as exc:  # this is the one place errors are mapped
        if type(exc).__module__.startswith("click"):
            raise
        raise SystemExit(report(exc)) from None


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
