"""The containers the loader builds: a mapping and a list that know their lines."""

from __future__ import annotations

from array import array
from typing import Any


class LineDict(dict[str, Any]):
    """A mapping that knows the line it starts on and the line of each key (1-based).

    The lines are kept compactly (an array beside a list of the keys, not a second dict):
    at 100,000 records the difference is ~100 MB.
    """

    __slots__ = ("line", "_keys", "_lines")

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self._keys: list[str] = []
        self._lines = array("L")

    def note_line(self, key: str, line: int) -> None:
        """Record the line of ``key`` (the loader calls this once per key, in order)."""
        self._keys.append(key)
        self._lines.append(line)

    def line_of(self, key: str) -> int:
        try:
            return self._lines[self._keys.index(key)]
        except ValueError:
            return self.line


class LineList(list[Any]):
    """A sequence that knows the line it starts on and the line of each item (1-based)."""

    __slots__ = ("line", "item_lines")

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.item_lines = array("L")

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if 0 <= index < len(self.item_lines) else self.line
