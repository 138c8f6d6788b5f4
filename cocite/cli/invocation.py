"""What every command needs from the invocation: the library it names, and standard output."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from cocite.library import Library


def echo(text: str, nl: bool = True) -> None:
    """Print to standard output; a full disk or a failing device is a clear error."""
    try:
        click.echo(text, nl=nl)
    except BrokenPipeError:
        raise
    except OSError as exc:
        from cocite.errors import OutputError

        raise OutputError(f"standard output: cannot write: {exc.strerror or exc}") from None


def data_of(ctx: click.Context) -> Path | None:
    """The ``--data`` given to the group (None: the default lookup)."""
    root = ctx.find_root()
    return root.obj.get("data") if root.obj else None


def library_of(ctx: click.Context) -> Library:
    """The library for this invocation (``--data``, ``--no-cache`` on the group)."""
    from cocite.loading import load_library
    from cocite.progress import TerminalProgress

    obj = ctx.find_root().obj or {}
    with TerminalProgress() as progress:
        return load_library(
            obj.get("data"), use_cache=not obj.get("no_cache", False), progress=progress,
        )


def paths_of(values: tuple[str, ...], option: str = "PATHS") -> tuple[Path, ...]:
    """Paths as given; an empty one is refused (it would mean every file below here)."""
    from cocite.errors import UsageError

    if any(not v for v in values):
        raise UsageError(f"{option}: an empty path ('') was given; name a file or folder")
    return tuple(Path(v) for v in values)
