"""YAML that libyaml reads differently from the YAML spec: refused, never read wrongly.

Found by running the official YAML test suite (tests/yamlio/test_yaml_suite.py). libyaml (and
PyYAML's pure-Python parser, which shares its design) accepts some invalid documents and reads
a few valid ones differently from the spec. A quote must never be altered, so each such
construct is refused with its line and a way to write the text that every parser reads alike.
Nothing here costs anything on ordinary data: each check runs only when a rare shape is seen
(a flow mapping, a multi-line flow node, a block scalar ending in blank space, a '#' glued to
a token), and only then is the decoded text consulted.

Also here: the line breaks YAML folds silently (raw CR, NEL, LS, PS), refused before parsing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from cocite.yamlio.hashes import Hash, glued
from cocite.yamlio.wording import Refused

# A lone CR (not part of CRLF), NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR: YAML reads each as a
# line break and folds it to a space inside quotes ("So<NEL>me" -> "So me"): invisible and
# lossy. CRLF line ends (Windows editors) are fine.
_BREAKS_TEXT = re.compile("\r(?!\n)|[\x85\u2028\u2029]")
_BREAKS_BYTES = re.compile(b"\r(?!\n)|\xc2\x85|\xe2\x80[\xa8\xa9]")
_BREAK_NAMES = {"\r": "CR (carriage return)", "\x85": "NEL (U+0085)",
                "\u2028": "LINE SEPARATOR (U+2028)", "\u2029": "PARAGRAPH SEPARATOR (U+2029)"}


def check_breaks(data: str | bytes) -> None:
    """Refuse the invisible line breaks (see above), naming the first one's line."""
    if isinstance(data, bytes):
        # Substring tests run at memory speed; the regex only runs when one of them hits.
        if (b"\xc2\x85" not in data and b"\xe2\x80" not in data
                and data.count(b"\r") == data.count(b"\r\n")):
            return
        mb = _BREAKS_BYTES.search(data)
        if mb is None:
            return
        line = data.count(b"\n", 0, mb.start()) + 1
        char = mb.group().decode("utf-8")
    else:
        mt = _BREAKS_TEXT.search(data)
        if mt is None:
            return
        line = data.count("\n", 0, mt.start()) + 1
        char = mt.group()
    raise Refused(line, f"contains a raw {_BREAK_NAMES[char]}, which YAML reads as a line "
                     "break (and folds to a space inside quotes); remove it, or write it as an "
                     "escape in double quotes (\\r, \\N, \\L, \\P)")


class Conformance:
    """The per-event checks; ``text_of`` gives the decoded text (computed once, when needed)."""

    def __init__(self, text_of: Callable[[], str]) -> None:
        self._text_of = text_of
        self._text: str | None = None

    def text(self) -> str:
        if self._text is None:
            self._text = self._text_of()
        return self._text

    def scalar(self, event: Any, in_flow: bool, flow_key: bool, block_col: int) -> None:
        value, style, line = event.value, event.style, event.start_mark.line + 1
        if style is None or style == "":
            if in_flow and value in ("-", "?", ":"):
                raise Refused(line, f"a plain {value!r} inside [ ] or {{ }} is not valid "
                                 "YAML; quote it")
            if flow_key:
                start = event.start_mark.index
                if start > 0 and self.text()[start - 1] == "?":
                    raise Refused(line, "'?' glued to a key inside { } or [ ] is read "
                                     "differently by YAML parsers; put a space after '?' or "
                                     "quote the text")
        elif style in ('"', "'"):
            if event.end_mark.line > event.start_mark.line:
                self.continuation(event.start_mark.index, event.end_mark.index, block_col, line)
        elif style in ("|", ">") and (value == "" or value[-1] in " \t\n"):
            self.block(event, line)

    def continuation(self, start: int, end: int, block_col: int, line: int) -> None:
        """Lines after the first of a multi-line quoted or flow node must be indented past
        the block they are in, with spaces (a tab is not indentation)."""
        need = block_col + 1
        for i, text in enumerate(self.text()[start:end].split("\n")[1:], start=1):
            if text.strip() and len(text) - len(text.lstrip(" ")) < need:
                raise Refused(line + i, f"a continuation line of a multi-line value must be "
                                 f"indented by at least {need} space(s) (not tabs); indent it "
                                 "or write the value on one line")

    def block(self, event: Any, line: int) -> None:
        """Keep chomping (|+ >+) and trailing lines of blank space: libyaml drops a newline."""
        text = self.text()
        start, end = event.start_mark.index, event.end_mark.index
        header = text[start:].split("\n", 1)[0]
        indicators = re.match(r"[|>]([0-9+-]*)", header)
        if indicators and "+" in indicators.group(1):
            raise Refused(line, "a block scalar with '+' (keep trailing lines) is read "
                             "differently by YAML parsers; write the text in double quotes "
                             "with \\n escapes")
        body = text[start:end].split("\n")[1:]
        while body and body[-1].strip(" \t") == "" and body[-1] == "":
            body.pop()
        tail: list[str] = []
        for part in reversed(body):
            if part.strip():
                break
            tail.append(part)
        if any(part for part in tail):
            raise Refused(line, "a block scalar ends with lines holding only spaces, which "
                             "YAML parsers read differently; remove the spaces")


def refuse_glued(found: list[Hash], spans: list[tuple[int, int]]) -> None:
    """A '#' right after a token (``"a"#x``, ``[a]#x``) is not a comment in YAML, but libyaml
    reads it as one: refused unless it is inside a scalar (``found``: every '#', see
    :mod:`cocite.yamlio.hashes`)."""
    first = glued(found, spans)
    if first is not None:
        raise Refused(first.line, "a '#' starts a comment only after a space; put a space "
                      "before it, or quote the text")
