"""What `cocite add` starts from: a record written in YAML (a file, or standard input), a
reference manager's item, and text given on standard input.

Bytes are decoded by cocite, as UTF-8 whatever the terminal's locale says: text that is not
UTF-8 is an error naming where it came from, never a guess.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

from cocite.errors import UsageError

STDIN = "<stdin>"


def stdin_text(what: str) -> str:
    """Standard input as UTF-8 text (a byte-order mark dropped); ``what`` names it in errors."""
    stream = getattr(sys.stdin, "buffer", None)
    data = stream.read() if stream is not None else sys.stdin.read().encode("utf-8")
    try:
        return str(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise UsageError(
            f"{what}: standard input is not valid UTF-8 (byte 0x{data[exc.start]:02x} at "
            f"offset {exc.start}); save the text as UTF-8"
        ) from None


def snippet(stream: IO[bytes] | None) -> dict[str, Any]:
    """The record written in YAML in ``stream`` (a file, or ``-`` for standard input); {} for
    none. A file that is not UTF-8 is an error naming its line."""
    if stream is None:
        return {}
    from cocite.add import parse_snippet
    from cocite.yamlio import decode

    name = getattr(stream, "name", STDIN)
    name = STDIN if name in ("-", STDIN) else name
    return parse_snippet(decode(stream.read(), name), name)


def with_source(base: Mapping[str, Any], path: Path, key: str | None, option: str,
                key_option: str) -> dict[str, Any]:
    """``base`` with the source fields of the item ``key`` of the CSL JSON file ``path`` on top
    of its own (what is given on the command line goes on top of both, later)."""
    from cocite.citation.csl_import import source_from

    found = dict(base)
    found["source"] = {**dict(base.get("source") or {}),
                       **source_from(path, key, option, key_option)}
    return found
