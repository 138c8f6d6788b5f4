"""Where cocite talks to the person at the terminal: the stderr console and ``say``.

Results go to standard output (or ``-o FILE``); everything said *about* them (summaries,
warnings, errors) goes through here to standard error.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text


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


def stdout_width() -> int:
    """The width to lay tables out for: a terminal's; into a pipe or file, lines are not cut
    short."""
    if sys.stdout.isatty():
        import shutil

        return shutil.get_terminal_size().columns
    return 160


def print_styled(text: Text) -> None:
    """Styled text (rich ``Text``: never parsed as markup) on standard output."""
    from rich.console import Console

    Console(highlight=False, emoji=False).print(text, end="")


def print_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """A table on standard output; cells are shown as they are (a cell holding "[/bold]" is
    not markup)."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(*header)
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    Console(highlight=False, soft_wrap=True, emoji=False).print(table)
