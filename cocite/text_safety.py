"""Characters that must not reach a document unseen: control characters, bidi overrides.

One definition for the checks of ``--title``, case files and record ids, and for the document
properties of a Word file (which also have a length limit).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

# C0 controls except tab and newline, DEL, C1 controls (NEL among them), and the Unicode line
# and paragraph separators: none has a place in a title, a case file or an id.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
# Bidirectional overrides and isolates: they make text display in an order other than the
# order it is stored (CVE-2021-42574, "Trojan Source").
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Word's core properties (title, comments, ...) are capped at 255 characters by the format
# as python-docx implements it.
PROPERTY_LIMIT = 255


def bad_character(text: str, *, newlines: bool = True) -> str | None:
    """Why ``text`` cannot be used ("the control character U+0007"), or None if it can."""
    m = CONTROL.search(text) or BIDI.search(text) or (None if newlines else re.search("[\n\t]", text))
    if m is None:
        return None
    kind = "bidirectional override" if BIDI.match(m.group()) else "control"
    return f"contains the {kind} character U+{ord(m.group()):04X}"


def visible(text: str) -> str:
    """``text`` with every control character shown as its Unicode picture (U+2400...)."""
    def picture(m: re.Match[str]) -> str:
        code = ord(m.group())
        if code < 0x20:
            return chr(0x2400 + code)
        if code == 0x7F:
            return "\u2421"
        return f"<U+{code:04X}>"

    return BIDI.sub(picture, CONTROL.sub(picture, text))


def document_property(text: str) -> str:
    """``text`` as a Word document property: one line, visible controls, at most 255 chars."""
    one_line = visible(re.sub(r"[\t\n]+", " ", text))
    if len(one_line) <= PROPERTY_LIMIT:
        return one_line
    return one_line[: PROPERTY_LIMIT - 1].rstrip() + "\u2026"


def strings_in(data: Any, path: str = "") -> Iterator[tuple[str, Any, str | int, str]]:
    """Every string value below ``data``: (field path, its container, key or index, text)."""
    items: Any = data.items() if isinstance(data, dict) else (
        enumerate(data) if isinstance(data, list) else ())
    for key, value in items:
        where = f"{path}[{key}]" if isinstance(key, int) else (f"{path}.{key}" if path else str(key))
        if isinstance(value, str):
            yield where, data, key, value
        else:
            yield from strings_in(value, where)
