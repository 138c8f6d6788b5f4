"""Where cocite talks to the person at the terminal: the stderr console and ``say``.

Results go to standard output (or ``-o FILE``); everything said *about* them (summaries,
warnings, errors) goes through here to standard error.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


def stderr() -> Console:
    """A console on the current stderr; honours NO_COLOR and plain (non-tty) output."""
    from rich.console import Console  # lazily: rich costs ~18 ms at start-up

    return Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)


def utf8_streams() -> None:
    """Write UTF-8 whatever the locale says: a Latin-1 or ASCII stdout would otherwise crash
    on the first quote it cannot encode, or (with a replacing codec) alter it."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
        if encoding not in ("utf-8", "utf8") and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(encoding="utf-8")
            except (ValueError, OSError):  # already written to: keep it, replace what fails
                stream.reconfigure(errors="backslashreplace")


def say(message: str, *, style: str | None = None) -> None:
    stderr().print(message, style=style, markup=False)
