"""Where a document goes and in which format: one set of rules for bundles and schedules.

* the format is ``--format`` (bundles), else the ``-o`` suffix, else the ``--template``
  suffix, else DOCX; a name whose format cannot be told is refused, not guessed;
* ``-o -`` is Markdown on standard output (the caller prints it); a Word file or a PDF never
  goes to standard output (it is binary and would corrupt a terminal or pipe);
* no ``-o`` (or ``-o FOLDER``) writes a file named by the document (``cocite-stigma-male.docx``,
  ``CASE-schedule.docx``); a device or pipe (``/dev/null``, a FIFO) is written through;
* :func:`build_time` is now, or ``SOURCE_DATE_EPOCH`` so a build can be reproduced.

The writing itself (temp file, rename, all or nothing) is :mod:`cocite.atomic`.
"""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime
from pathlib import Path

from cocite.atomic import place
from cocite.errors import UsageError

FORMATS = ("docx", "md", "pdf")
SUFFIXES = {".docx": "docx", ".md": "md", ".markdown": "md", ".pdf": "pdf"}
STDOUT = "-"


def choose_format(output: str | None, *, fmt: str | None = None,
                  template: Path | None = None, format_option: bool = False) -> str:
    """The format of a document. ``format_option``: the command has ``--format`` (then its
    message about an unknown suffix mentions it)."""
    if fmt is not None:
        if fmt not in FORMATS:
            raise UsageError(f"--format {fmt!r}: expected one of {', '.join(FORMATS)}")
        return fmt
    if output == STDOUT:
        return "md"
    if output:
        found = _format_of(output)
        if found:
            return found
        if not (Path(output).is_dir() or output.endswith(("/", os.sep)) or is_stream(output)):
            suffix = Path(output).suffix.lower()
            raise UsageError(
                f"-o {output}: cannot tell the format from "
                f"{suffix or 'a name without a suffix'!r}; name the file .docx, .pdf or .md"
                + (", or add --format docx|pdf|md" if format_option else ""))
    if template is not None:
        return _format_of(str(template)) or "docx"
    return "docx"


def _format_of(name: str) -> str | None:
    if name.lower().endswith(".md.j2"):
        return "md"
    return SUFFIXES.get(Path(name).suffix.lower())


def output_path(output: str | None, default: str, fmt: str) -> Path | None:
    """The file to write (``default`` in a folder, or when no ``-o``); None for standard
    output."""
    if output == STDOUT:
        if fmt in ("docx", "pdf"):
            raise UsageError(
                f"a {'Word' if fmt == 'docx' else 'PDF'} file cannot be written to standard "
                f"output; use -o FILE.{fmt}, or --format md for Markdown"
            )
        return None
    if output is None:
        return Path(default)
    path = place(output, default)
    suffix = path.suffix.lower()
    if suffix in SUFFIXES and SUFFIXES[suffix] != fmt:
        raise UsageError(f"-o {output}: the name says {SUFFIXES[suffix]} but --format is {fmt}")
    return path


def is_stream(output: str) -> bool:
    """``/dev/null``, ``/dev/stdout``, a named pipe: named without a suffix, written through."""
    try:
        return not stat.S_ISREG(Path(output).stat().st_mode)
    except OSError:
        return False


def build_time(env: dict[str, str] | None = None) -> datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` when set, so builds can be reproduced."""
    env = dict(os.environ) if env is None else env
    raw = env.get("SOURCE_DATE_EPOCH")
    if raw is None or raw == "":
        return datetime.now(UTC).replace(microsecond=0)
    try:
        return datetime.fromtimestamp(int(raw), UTC)
    except (ValueError, OverflowError, OSError) as exc:
        raise UsageError(
            f"SOURCE_DATE_EPOCH={raw!r}: expected a whole number of seconds since 1970"
        ) from exc
