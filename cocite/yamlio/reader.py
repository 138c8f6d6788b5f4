"""Reading YAML strictly: a whole document (:func:`loads`, :func:`load_file`), or a data file a
list item at a time (:class:`ListStream`). Every problem is one DataError naming file and line.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

import yaml

from cocite.errors import DataError
from cocite.problems import Problem
from cocite.yamlio import events
from cocite.yamlio.conformance import Conformance, check_breaks, refuse_glued
from cocite.yamlio.files import check_text, decode, read_bytes
from cocite.yamlio.hashes import Hash, comment_lines, hashes
from cocite.yamlio.scalars import Loader, PyLoader
from cocite.yamlio.wording import Refused, opened, syntax_message

_MODELINE_START = "# yaml-language-server:"

Item = events.Item


def is_modeline(line: str) -> bool:
    """True for the ``# yaml-language-server: ...`` line editors put on line 1."""
    return line.startswith(_MODELINE_START)


def loads(text: str, name: str, comments: list[int] | None = None) -> Any:
    """Parse YAML text into plain data (LineDict / LineList / scalars), strictly.

    An empty document gives None. Raises DataError with one problem naming file and line.
    When ``comments`` is a list, the line of every comment is appended to it; the modeline
    on line 1 is not a comment in this sense.
    """
    return _Document(text, name, lambda: text).whole(comments)


def load_file(path: Path, name: str | None = None, comments: list[int] | None = None) -> Any:
    """Read, decode and parse one YAML file (see :func:`loads`)."""
    label = name or str(path)
    # Check the encoding (the error names the line), then let libyaml read the bytes: holding
    # the decoded text as well would cost another copy of the file for the whole parse.
    data = check_text(read_bytes(path, label), label)
    return _Document(data, label, lambda: decode(data, label)).whole(comments)


class ListStream:
    """A data file read an item of its top-level list at a time: iterating gives each item
    with its line, and a file of records is never held whole.

    A DataError may come after items were given (a syntax error near the end): what was made
    of them must then be thrown away. Once gone through, ``document`` is the file's value when
    it is not a list (None for an empty file), an empty LineList when it is; ``comments`` the
    lines of its comments (see :func:`loads`).
    """

    def __init__(self, path: Path, name: str) -> None:
        self.path = path
        self.name = name
        self.document: Any = None
        self.comments: list[int] = []

    def __iter__(self) -> Iterator[Item]:
        data = check_text(read_bytes(self.path, self.name), self.name)
        name = self.name
        document = _Document(data, name, lambda: decode(data, name))
        self.document = yield from document.items(self.comments)


class _Document:
    """One document: ``stream`` is text, or UTF-8 bytes checked by :func:`check_text`;
    ``text_of`` gives the text when it is needed (a rare construct, an error's line)."""

    def __init__(self, stream: str | bytes, name: str, text_of: Callable[[], str]) -> None:
        self.stream = stream
        self.name = name
        self.text_of = text_of
        self._hashes: list[Hash] = []  # every '#', once the document is read

    def whole(self, comments: list[int] | None) -> Any:
        try:
            next(self._parse(comments, whole=True))
        except StopIteration as done:
            return done.value
        raise AssertionError("a whole document gives no items")  # pragma: no cover

    def items(self, comments: list[int] | None) -> Generator[Item, None, Any]:
        return self._parse(comments, whole=False)

    def _parse(self, comments: list[int] | None, whole: bool) -> Generator[Item, None, Any]:
        spans: list[tuple[int, int]] = []
        given = 0
        try:
            check_breaks(self.stream)
            try:
                walk = self._run(Loader, spans, whole)
                while True:  # each item, counted
                    try:
                        item = next(walk)
                    except StopIteration as done:
                        value = done.value
                        break
                    given += 1
                    yield item
            except yaml.MarkedYAMLError as exc:
                if "nesting depth" not in str(exc.problem):
                    raise
                # Newer libyaml (PyYAML >= 6.0.4) refuses deep nesting itself, with its own
                # wording and line, before cocite's MAX_DEPTH check sees the levels. Re-read
                # with the pure-Python parser (no such limit), so the user gets cocite's one
                # message at the same line whichever libyaml is installed; the items given
                # already are not given again.
                spans = []
                value = yield from _skipping(self._run(PyLoader, spans, whole), given)
        except Refused as exc:
            raise DataError([Problem(self.name, exc.line, message=exc.message)]) from None
        except yaml.MarkedYAMLError as exc:
            raise DataError([self._syntax_problem(exc)]) from None
        except yaml.reader.ReaderError as exc:
            line = self.text_of().count("\n", 0, max(0, exc.position)) + 1
            char = exc.character if isinstance(exc.character, int) else ord(exc.character)
            raise DataError([Problem(
                self.name, line, message=f"control character U+{char:04X} is not allowed in YAML text",
            )]) from None
        except yaml.YAMLError as exc:
            raise DataError([Problem(self.name, None, message=f"YAML error: {exc}")]) from None
        if comments is not None and self._hashes:
            comments.extend(comment_lines(self._hashes, spans, self._modeline()))
        return value

    def _run(
        self, make: Callable[[str | bytes], Any], spans: list[tuple[int, int]], whole: bool,
    ) -> Generator[Item, None, Any]:
        loader = make(self.stream)
        try:
            value = yield from events.items(loader, spans, Conformance(self.text_of), whole)
        finally:
            loader.dispose()
        self._hashes = hashes(self.stream)
        refuse_glued(self._hashes, spans)
        return value

    def _modeline(self) -> bool:
        start = self.stream[:len(_MODELINE_START)]
        return is_modeline(start if isinstance(start, str) else start.decode("utf-8", "ignore"))

    def _syntax_problem(self, exc: yaml.MarkedYAMLError) -> Problem:
        mark = exc.problem_mark or exc.context_mark
        line = int(mark.line) + 1 if mark is not None else None
        what = syntax_message(str(exc.problem or ""), str(exc.context or ""))
        if exc.context_mark is not None and int(exc.context_mark.line) + 1 != line:
            what += f" ({opened(str(exc.context))} starts on line {int(exc.context_mark.line) + 1})"
        return Problem(self.name, line, message=f"YAML syntax error: {what}")


def _skipping(walk: Generator[Item, None, Any], count: int) -> Generator[Item, None, Any]:
    """The items of ``walk`` after the first ``count``; then what it returns."""
    seen = 0
    while True:
        try:
            item = next(walk)
        except StopIteration as done:
            return done.value
        seen += 1
        if seen > count:
            yield item
