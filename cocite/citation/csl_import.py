"""Source fields from a reference manager's CSL-JSON export (``cocite add --source-from``).

Zotero: select the items, File -> "Export Collection..." (or right-click -> "Export
Items...") -> format "CSL JSON". The file is a JSON list of items; ``--key`` picks one by its
``id`` (or Better BibTeX's ``citation-key``). The mapping is :func:`.csl_json.from_csl`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cocite.citation.csl_json import from_csl
from cocite.citation.styles import read_regular_file
from cocite.errors import UsageError
from cocite.terms import nearest

MAX_BYTES = 64 * 1024 * 1024


def read_items(path: Path, option: str) -> list[Any]:
    """The items of a CSL-JSON file: a list of objects (or one object); ``option`` names the
    file in messages (the command line's option)."""
    raw = read_regular_file(path, MAX_BYTES, option)
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise UsageError(f"{option} {path}: not UTF-8 text (byte {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise UsageError(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg}); "
                         "export the items again as CSL JSON") from exc
    except RecursionError as exc:
        raise UsageError(f"{option} {path}: nested too deeply to be CSL JSON") from exc
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise UsageError(f"{option} {path}: expected a list of CSL JSON items, got "
                         f"{type(data).__name__}")
    return data


def _keys(item: Any) -> list[str]:
    if not isinstance(item, dict):
        return []
    return [str(item[k]) for k in ("id", "citation-key") if item.get(k) not in (None, "")]


def source_from(path: Path, key: str | None, option: str, key_option: str) -> dict[str, Any]:
    """The source fields of the item ``key`` in the CSL-JSON file ``path``; ``option`` and
    ``key_option`` name the two in messages (the command line's options)."""
    items = read_items(path, option)
    if not items:
        raise UsageError(f"{option} {path}: the file holds no items")
    known = [k for item in items for k in _keys(item)]
    if key is None:
        if len(items) == 1:
            return from_csl(items[0], f"{path}: item 1")
        shown = ", ".join(known[:10]) + (", ..." if len(known) > 10 else "")
        raise UsageError(f"{option} {path}: {len(items)} items; say which with {key_option} "
                         f"(ids: {shown})")
    for n, item in enumerate(items, start=1):
        if key in _keys(item):
            return from_csl(item, f"{path}: item {n} ({key})")
    close = nearest(key, known, 3)
    hint = f"; did you mean {', '.join(close)}?" if close else (
        f" (ids there: {', '.join(known[:5])}{', ...' if len(known) > 5 else ''})")
    raise UsageError(f"{key_option} {key}: no such item in {path}{hint}")
