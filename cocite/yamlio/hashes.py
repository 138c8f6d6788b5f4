"""Every '#' of a document: where one starts a comment, and where one glued to a token would be
misread. Found in the raw bytes without decoding them whole: a 100 MB file is not copied to
find the few '#' it holds (the schema modeline on line 1 is one in every data file).
"""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple

_CONTINUATION = bytes(range(0x80, 0xC0))  # the bytes of UTF-8 that do not start a character
_WINDOW = 1 << 20
_SPACE = re.compile(r"\s")


class Hash(NamedTuple):
    """One '#': where it is in the text (a character index), its line (1-based), the character
    before it ("" at the very start)."""

    at: int
    line: int
    before: str


def hashes(stream: str | bytes) -> list[Hash]:
    """Every '#' of ``stream`` (text, or valid UTF-8 bytes), in order."""
    return _in_text(stream) if isinstance(stream, str) else _in_bytes(stream)


def _in_text(text: str) -> list[Hash]:
    found: list[Hash] = []
    line, last = 1, 0
    pos = text.find("#")
    while pos != -1:
        line += text.count("\n", last, pos)
        found.append(Hash(pos, line, text[pos - 1] if pos else ""))
        last = pos
        pos = text.find("#", pos + 1)
    return found


def _in_bytes(raw: bytes) -> list[Hash]:
    found: list[Hash] = []
    line, last, chars = 1, 0, 0
    pos = raw.find(b"#")
    while pos != -1:
        line += raw.count(b"\n", last, pos)
        chars += (pos - last) - _continuations(raw, last, pos)
        before = raw[max(0, pos - 4):pos].decode("utf-8", "ignore")[-1:]
        found.append(Hash(chars, line, before))
        last = pos
        pos = raw.find(b"#", pos + 1)
    return found


def _continuations(raw: bytes, start: int, end: int) -> int:
    """How many bytes of ``raw[start:end]`` continue a character (a window at a time)."""
    count = 0
    for at in range(start, end, _WINDOW):
        window = raw[at:min(end, at + _WINDOW)]
        count += len(window) - len(window.translate(None, _CONTINUATION))
    return count


def _inside(index: int, begins: list[int], spans: list[tuple[int, int]]) -> bool:
    i = bisect.bisect_right(begins, index) - 1
    return i >= 0 and index < spans[i][1]


def comment_lines(found: list[Hash], spans: list[tuple[int, int]], modeline: bool) -> list[int]:
    """Lines (1-based) holding a YAML comment, not counting a modeline on line 1.

    A comment starts with '#' at the start of a line or after a space or tab; anywhere else
    a '#' is text. ``spans`` are the source spans of the scalars that hold a '#' (see
    :mod:`cocite.yamlio.events`): a '#' inside a quoted, plain or block scalar is text, not a
    comment. ``modeline``: the text starts with one (see :func:`cocite.yamlio.is_modeline`).
    """
    starts = [h for h in found if h.before in ("", " ", "\t", "\n")]
    if starts and starts[0].at == 0 and modeline:
        starts.pop(0)
    if not starts:
        return []
    spans = sorted(spans)
    begins = [b for b, _ in spans]
    lines: list[int] = []
    for h in starts:
        if _inside(h.at, begins, spans):
            continue  # inside a scalar: text
        if not lines or lines[-1] != h.line:
            lines.append(h.line)
    return lines


def glued(found: list[Hash], spans: list[tuple[int, int]]) -> Hash | None:
    """The first '#' right after a token (``"a"#x``, ``[a]#x``) outside every scalar: not a
    comment in YAML, but libyaml reads it as one. Matches as a scan for ``[^\\s]#`` would
    (a '#' whose character before was itself matched is not tried)."""
    candidates = [h for h in found if h.before and not _SPACE.match(h.before)]
    if not candidates:
        return None
    spans = sorted(spans)
    begins = [b for b, _ in spans]
    taken_to = 0
    for h in candidates:
        if h.at - 1 < taken_to:
            continue
        taken_to = h.at + 1
        if not _inside(h.at, begins, spans):
            return h
    return None
