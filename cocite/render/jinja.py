"""The Jinja environments of cocite's templates, and the one place Jinja errors are wrapped.

* ``StrictUndefined``: a misspelt field fails the build instead of leaving a blank in a
  document filed with a tribunal.
* A user's own template (``--template PATH``) runs in Jinja's sandbox, so a template from
  elsewhere cannot reach into Python; the packaged templates are trusted.
* ``finalize`` escapes every value for the output format (Markdown or WordprocessingML)
  unless it is already markup; data is therefore always data, never markup or template code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from cocite.errors import TemplateError

MAX_INT_BITS = 1 << 16  # ~20,000 digits: no number in a bundle needs more
MAX_TEXT = 10_000_000  # characters (or items) one operation may build
MAX_OUTPUT = 200_000_000  # characters a user's template may write (a 100k-record bundle fits)
DEFAULT_SECONDS = 120.0


class BoundedSandbox(SandboxedEnvironment):
    """The sandbox, plus bounds on what one expression may build: ``7**99999999`` or
    ``'x' * 10**10`` is refused before Python starts on it (a single C operation that no
    timer could interrupt). Loops are bounded in time by :func:`bounded`."""

    intercepted_binops = frozenset(["**", "*", "+", "<<"])

    @staticmethod
    def concat(parts: Any) -> str:
        """Join the output as Jinja does, stopping once it passes MAX_OUTPUT characters: a
        loop printing 100 KB 100,000 times would otherwise fill memory before the timer."""
        from jinja2.exceptions import SecurityError

        out, size = [], 0
        for part in parts:
            size += len(part)
            if size > MAX_OUTPUT:
                raise SecurityError(f"the output would be longer than {MAX_OUTPUT:,} "
                                    "characters")
            out.append(part)
        return "".join(out)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _check_size(operator, left, right)
        return super().call_binop(context, operator, left, right)


def _bits(value: Any) -> int:
    return abs(value).bit_length() if isinstance(value, int) and not isinstance(value, bool) else 0


def _check_size(operator: str, left: Any, right: Any) -> None:
    from jinja2.exceptions import SecurityError

    too_big = False
    if operator == "**" and _bits(left) > 1 and isinstance(right, int) and right > 0:
        too_big = right * _bits(left) > MAX_INT_BITS
    elif operator == "<<" and isinstance(right, int):
        too_big = _bits(left) + right > MAX_INT_BITS
    elif operator == "*":
        if isinstance(left, int) and isinstance(right, int):
            too_big = _bits(left) + _bits(right) > MAX_INT_BITS
        else:
            seq, n = (left, right) if isinstance(right, int) else (right, left)
            too_big = isinstance(n, int) and hasattr(seq, "__len__") and len(seq) * n > MAX_TEXT
    elif operator == "+" and hasattr(left, "__len__") and hasattr(right, "__len__"):
        too_big = len(left) + len(right) > MAX_TEXT
    if too_big:
        raise SecurityError(f"the result of {operator!r} would be too large")


def template_seconds() -> float:
    """The time a user's template may take (``COCITE_TEMPLATE_SECONDS``, default 120)."""
    import math
    import os

    raw = os.environ.get("COCITE_TEMPLATE_SECONDS", "").strip()
    if not raw:
        return DEFAULT_SECONDS
    try:
        seconds = float(raw)
    except ValueError:
        seconds = math.nan
    if not 0 < seconds < 1e7:
        from cocite.errors import UsageError

        raise UsageError(f"COCITE_TEMPLATE_SECONDS={raw!r}: expected a number of seconds "
                         f"above 0 (the default is {DEFAULT_SECONDS:g})")
    return seconds


class _OutOfTime(Exception):
    pass


@contextmanager
def bounded(name: str | Path, active: bool) -> Iterator[None]:
    """Stop a user's template after :func:`template_seconds` (two nested range(99999) loops
    would otherwise run for hours). A timer signal, so only in the main thread on POSIX;
    elsewhere the per-operation bounds of :class:`BoundedSandbox` still hold."""
    import signal
    import threading

    if not active or not hasattr(signal, "setitimer") or (
            threading.current_thread() is not threading.main_thread()):
        yield
        return
    seconds = template_seconds()

    def stop(_signum: int, _frame: Any) -> None:
        raise _OutOfTime

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _OutOfTime:
        raise TemplateError(f"{name}: the template ran for more than {seconds:g} seconds and "
                            "was stopped (a loop too large?); set COCITE_TEMPLATE_SECONDS to "
                            "allow more") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def make_env(
    *,
    sandboxed: bool,
    finalize: Callable[[Any], Any] | None = None,
    autoescape: bool = False,
    loader: jinja2.BaseLoader | None = None,
) -> jinja2.Environment:
    cls = BoundedSandbox if sandboxed else jinja2.Environment
    env = cls(
        undefined=jinja2.StrictUndefined,
        autoescape=autoescape,
        finalize=finalize,
        # No loader of files: {% include %}, {% import %} and {% extends %} find nothing.
        loader=loader or jinja2.FunctionLoader(lambda name: None),
        keep_trailing_newline=True,
        # Block tags on their own line leave no blank line behind in Markdown.
        trim_blocks=True,
        lstrip_blocks=True,
    )
    if sandboxed:
        # The sandbox guards Python's internals, not the CPU: lipsum(n=10**9) would run for
        # hours, and no template of ours needs placeholder text.
        env.globals.pop("lipsum", None)
    return env


@contextmanager
def template_errors(name: str | Path) -> Iterator[None]:
    """Turn any Jinja (or sandbox) error raised while rendering into a TemplateError."""
    try:
        yield
    except jinja2.TemplateSyntaxError as exc:
        where = f"{name}:{exc.lineno}" if exc.lineno else str(name)
        raise TemplateError(f"{where}: template syntax error: {exc.message}") from exc
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"{name}: the template uses an unknown field: {exc.message}") from exc
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(
            f"{name}: a template cannot include, import or extend another file ({exc.name})"
        ) from exc
    except (jinja2.exceptions.SecurityError, OverflowError) as exc:
        raise TemplateError(f"{name}: the template tried something unsafe: {exc}") from exc
    except RecursionError:
        raise TemplateError(f"{name}: the template calls itself too deeply (a macro that "
                            "calls itself?)") from None
    except MemoryError:
        raise TemplateError(f"{name}: the template needs more memory than this machine "
                            "has") from None
    except ValueError as exc:  # e.g. a number too long to print (over 4300 digits)
        what = ("a number in the template is too long to print" if "digits" in str(exc)
                else str(exc))
        raise TemplateError(f"{name}: template error: {what}") from None
    except jinja2.TemplateError as exc:
        raise TemplateError(f"{name}: template error: {exc.message or exc}") from exc


def read_template(path: Path) -> str:
    """A text template's source, with a clear error when it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise TemplateError(f"{path}: template not found") from exc
    except IsADirectoryError as exc:
        raise TemplateError(f"{path}: is a directory, expected a template file") from exc
    except UnicodeDecodeError as exc:
        raise TemplateError(f"{path}: template is not UTF-8 text") from exc
    except OSError as exc:
        raise TemplateError(f"{path}: cannot read template: {exc.strerror or exc}") from exc
