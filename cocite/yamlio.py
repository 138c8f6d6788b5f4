"""The only module that uses PyYAML: a strict, line-aware loader and the canonical writer.

Loading rules (why each exists):

* libyaml's C parser when available (speed at 100k records), the pure-Python one otherwise;
* YAML 1.2-style scalars: only ``true``/``false`` are booleans (``no`` stays the text "no"),
  no sexagesimal numbers, and **no implicit timestamps**: dates stay the strings they were
  written as, so "2022-12" keeps its precision;
* duplicate keys are an error (PyYAML silently keeps the last one: that is data loss);
* anchors and aliases are an error (alias bombs; and a quote must be written out, not linked);
* only the core tags (str, int, float, bool, null, seq, map); ``!!python/...`` and any other
  tag is an error, never executed;
* every mapping and sequence remembers the line of each of its entries, so problems name lines.
"""

from __future__ import annotations

import bisect
import codecs
from array import array
import errno
import math
import os
import re
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from sys import intern
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode, SequenceNode

from cocite.errors import DataError
from cocite.problems import Problem
from cocite.yamlcheck import Conformance, Divergence, check_breaks

try:  # libyaml present: parse in C, build the values in Python below
    from yaml.cyaml import CParser as _Parser  # type: ignore[attr-defined]

    HAVE_LIBYAML = True
except ImportError:  # pragma: no cover - exercised only on machines without libyaml
    HAVE_LIBYAML = False

DEFAULT_MAX_FILE_MB = 200
MAX_DEPTH = 100
MODELINE = "# yaml-language-server: $schema=../schema/excerpts.schema.json"

_TAG = "tag:yaml.org,2002:"


def max_file_bytes() -> int:
    """The size above which a data file is refused (``COCITE_MAX_FILE_MB``, default 200).

    A value that is not a number of megabytes above 0 (``abc``, ``nan``, ``-1``) is a usage
    error, not silently the default: the user asked for a limit and would not get it.
    """
    raw = os.environ.get("COCITE_MAX_FILE_MB", "").strip()
    if not raw:
        return int(DEFAULT_MAX_FILE_MB * 1024 * 1024)
    try:
        mb = float(raw)
    except ValueError:
        mb = math.nan
    if not (0 < mb < 1e9):  # also false for nan and inf
        from cocite.errors import UsageError

        raise UsageError(f"COCITE_MAX_FILE_MB={raw!r}: expected a number of megabytes above 0 "
                         f"(the default is {DEFAULT_MAX_FILE_MB})")
    return int(mb * 1024 * 1024)


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

    @property
    def key_lines(self) -> dict[str, int]:
        return dict(zip(self._keys, self._lines, strict=True))


class LineList(list[Any]):
    """A sequence that knows the line it starts on and the line of each item (1-based)."""

    __slots__ = ("line", "item_lines")

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.item_lines = array("L")

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if 0 <= index < len(self.item_lines) else self.line


class _Resolver(yaml.resolver.BaseResolver):
    """Implicit types of the YAML 1.2 core schema, minus timestamps."""


_Resolver.add_implicit_resolver(
    _TAG + "bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Resolver.add_implicit_resolver(
    _TAG + "int",
    re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)
_Resolver.add_implicit_resolver(
    _TAG + "float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)
_Resolver.add_implicit_resolver(
    _TAG + "null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)

_STR_TAG, _SEQ_TAG, _MAP_TAG, _NULL_TAG = (
    _TAG + "str", _TAG + "seq", _TAG + "map", _TAG + "null",
)
_IMPLICIT = _Resolver.yaml_implicit_resolvers


def _fast_resolve(self: Any, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
    """BaseResolver.resolve without path resolvers: libyaml calls this once per node.

    Profiling a 100k-record file showed the generic version costing ~20% of loading.
    """
    if kind is ScalarNode:
        if implicit[0]:
            if not value:
                return _NULL_TAG
            for tag, regexp in _IMPLICIT.get(value[0], ()):
                if regexp.match(value):
                    return str(tag)
        return _STR_TAG
    return _SEQ_TAG if kind is SequenceNode else _MAP_TAG


_Resolver.resolve = _fast_resolve  # type: ignore[method-assign]

if HAVE_LIBYAML:

    class _Loader(_Parser, _Resolver):
        def __init__(self, stream: str | bytes) -> None:
            _Parser.__init__(self, stream)
            _Resolver.__init__(self)



class _PyLoader(
    yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser,
    yaml.composer.Composer, _Resolver,
):
    """PyYAML's pure-Python parser: used without libyaml, and to re-read a document libyaml
    refused for its own nesting limit (see :func:`_parse`)."""

    def __init__(self, stream: str | bytes) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        _Resolver.__init__(self)


if not HAVE_LIBYAML:  # pragma: no cover
    _Loader = _PyLoader  # type: ignore[misc,assignment]


class _Fail(Exception):
    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


ANCHOR_MESSAGE = (
    "YAML anchors (&name) and aliases (*name) are not allowed: write the text out in full"
)
SECOND_DOCUMENT_MESSAGE = (
    "YAML syntax error: a second YAML document starts here; a data file holds one document "
    "(remove the '---' line, or move what follows to another file)"
)


def _scalar(tag: str, value: str, line: int) -> Any:
    """The value of a scalar with a resolved tag; only the core types are allowed."""
    if tag == _STR_TAG:
        return value
    if tag == _NULL_TAG:
        if value not in ("", "~", "null", "Null", "NULL"):
            raise _Fail(line, f"!!null cannot hold {value!r}")
        return None
    if tag == _TAG + "bool":
        if value not in ("true", "True", "TRUE", "false", "False", "FALSE"):
            raise _Fail(line, f"!!bool takes true or false, got {value!r}")
        return value.lower() == "true"
    if tag == _TAG + "int":
        try:
            text = value.replace("_", "")
            if text.startswith(("0o", "0x")):
                return int(text[2:], 8 if text[1] == "o" else 16)
            return int(text)
        except ValueError:
            raise _Fail(line, f"!!int cannot hold {value!r}") from None
    if tag == _TAG + "float":
        low = value.lower()
        if low.endswith(".inf"):
            return float("-inf") if low.startswith("-") else float("inf")
        if low == ".nan":
            return float("nan")
        try:
            return float(value)
        except ValueError:
            raise _Fail(line, f"!!float cannot hold {value!r}") from None
    raise _Fail(line, f"the tag {_short(tag)} is not allowed (only plain YAML data)")


def _short(tag: str) -> str:
    return "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag


_EXPECT_KEY = object()  # a mapping frame waiting for its next key
_INTERN_BELOW = 120


def _build(loader: Any, spans: list[tuple[int, int]] | None,
           check: Conformance | None = None) -> Any:
    """The document's value, built from the parser's events one at a time.

    No node tree is ever held (libyaml's composer kept the whole document as nodes, some
    15x the file's size, and recursed in C: ~25,000 levels of nesting overflowed the C stack
    and killed the process). Each frame of ``stack`` is ``[container, pending]``: for a
    sequence ``pending`` is None; for a mapping it is _EXPECT_KEY or the key just read.
    ``spans`` (when a list) receives the source span of every scalar holding a '#', for the
    comment check. Raises _Fail for anchors, aliases, tags, duplicate keys and depth;
    ``check`` (see :mod:`cocite.yamlcheck`) raises Divergence where libyaml departs from the
    spec. ``shape`` runs beside ``stack``: per open collection, whether it is a flow one, the
    column of the nearest block collection, and where it started.
    """
    check = check or Conformance(lambda: "")
    shape: list[tuple[bool, int, int, int, int]] = []
    get = loader.get_event
    get()  # StreamStartEvent
    if isinstance(get(), StreamEndEvent):  # else DocumentStartEvent
        return None
    resolve = loader.resolve
    stack: list[list[Any]] = []
    root: Any = None
    while True:
        event = get()
        cls = type(event)
        if cls is SequenceEndEvent or cls is MappingEndEvent:
            stack.pop()
            flow, _, start, first, outer = shape.pop()
            if flow and outer >= 0 and event.start_mark.line + 1 > first:
                check.continuation(start, event.start_mark.index, outer, first)
            if not stack:
                break
            continue
        line = event.start_mark.line + 1
        if cls is AliasEvent or event.anchor is not None:
            raise _Fail(line, ANCHOR_MESSAGE)
        if len(stack) > MAX_DEPTH:
            raise _Fail(line, f"nesting is deeper than {MAX_DEPTH} levels")
        if cls is ScalarEvent:
            value = event.value
            tag = event.tag
            in_flow = bool(shape) and shape[-1][0]
            if event.style or in_flow:  # a plain scalar in block context needs no check
                check.scalar(event, in_flow, in_flow and stack[-1][1] is _EXPECT_KEY
                             and isinstance(stack[-1][0], dict), shape[-1][1] if shape else -1)
            if tag == "!":  # the non-specific tag: a string, whatever it looks like
                tag = _STR_TAG
            elif tag is None:
                tag = resolve(ScalarNode, value, event.implicit)
            if spans is not None and "#" in value:
                spans.append((event.start_mark.index, event.end_mark.index))
            if tag == _STR_TAG:
                # Keys, ids, tags, kinds and names repeat in every record: one shared copy
                # of each short string saves ~20% of a large library's memory.
                built: Any = intern(value) if len(value) < _INTERN_BELOW else value
            else:
                built = _scalar(tag, value, line)
            opened = False
        else:
            is_map = cls is MappingStartEvent
            want = _MAP_TAG if is_map else _SEQ_TAG
            tag = event.tag
            if tag is not None and tag != "!" and tag != want:
                raise _Fail(line, f"the tag {_short(tag)} is not allowed")
            built = LineDict(line) if is_map else LineList(line)
            opened = True
        if not stack:
            root = built
        else:
            frame = stack[-1]
            container, pending = frame
            if pending is None:
                container.item_lines.append(line)
                container.append(built)
            elif pending is _EXPECT_KEY:
                if opened:
                    raise _Fail(line, "a key must be plain text, not a list or mapping")
                key = built if isinstance(built, str) else event.value
                if key in container:
                    raise _Fail(line, (
                        f"duplicate key {key!r} (first on line {container.line_of(key)}): "
                        "YAML would silently keep only the last one"
                    ))
                container.note_line(key, line)
                frame[1] = key
            else:
                container[pending] = built
                frame[1] = _EXPECT_KEY
        if opened:
            stack.append([built, _EXPECT_KEY if cls is MappingStartEvent else None])
            flow = bool(event.flow_style) or (bool(shape) and shape[-1][0])
            outer = shape[-1][1] if shape else -1
            block_col = outer if flow else event.start_mark.column
            shape.append((flow, block_col, event.start_mark.index, line,
                          outer if flow and not (shape and shape[-1][0]) else -1))
        elif not stack:
            break
    get()  # DocumentEndEvent
    event = get()
    if isinstance(event, DocumentStartEvent):
        raise _Fail(event.start_mark.line + 1 if event.start_mark else None, SECOND_DOCUMENT_MESSAGE)
    return root


def decode(data: bytes, name: str) -> str:
    """Bytes of a data file as text, or a DataError naming file and line."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise DataError([Problem(name, None, message="file is UTF-32 encoded; save it as UTF-8")])
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise DataError([Problem(name, None, message="file is UTF-16 encoded; save it as UTF-8")])
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    nul = data.find(b"\x00")
    if nul != -1 and _looks_utf16(data):
        raise DataError([Problem(
            name, None, message="file looks UTF-16 encoded (without a byte-order mark); "
            "save it as UTF-8",
        )])
    if nul != -1:
        line = data.count(b"\n", 0, nul) + 1
        raise DataError([Problem(
            name, line, message="contains a NUL byte: this is a binary file, not UTF-8 YAML text"
        )])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise DataError([Problem(
            name, line,
            message=f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at column {col}); "
            "save the file as UTF-8",
        )]) from None


def _looks_utf16(data: bytes) -> bool:
    """Text saved as UTF-16 without a BOM: ASCII with a NUL before or after every byte."""
    head = data[: min(len(data), 200) // 2 * 2]
    if len(head) < 4:
        return False
    odd, even = head[1::2], head[0::2]
    return (not odd.strip(b"\x00") and even.strip(b"\x00") != b"") or (
        not even.strip(b"\x00") and odd.strip(b"\x00") != b"")


def read_bytes(path: Path, name: str | None = None) -> bytes:
    """A file's bytes, refusing missing files, directories and files over the size limit."""
    label = name or str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise DataError([Problem(label, message=_missing(path))]) from None
    except OSError as exc:
        what = (
            "is a loop of symbolic links, not a file" if exc.errno == errno.ELOOP
            else f"cannot read: {exc.strerror or exc}"
        )
        raise DataError([Problem(label, message=what)]) from None
    if stat.S_ISDIR(info.st_mode):
        raise DataError([Problem(label, message="is a directory, expected a YAML file")])
    if not stat.S_ISREG(info.st_mode):
        # Reading a named pipe would wait forever for a writer; /dev/zero would never end.
        kind = "a named pipe" if stat.S_ISFIFO(info.st_mode) else (
            "a socket" if stat.S_ISSOCK(info.st_mode) else "a device")
        raise DataError([Problem(
            label, message=f"is {kind}, not a regular file; expected a YAML file",
        )])
    size = info.st_size
    limit = max_file_bytes()
    if size > limit:
        raise DataError([Problem(
            label,
            message=f"file is {_human(size)}, over the {_human(limit)} limit "
            "(split it into several files, or raise COCITE_MAX_FILE_MB)",
        )])
    try:
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise DataError([Problem(label, message=f"cannot read: {exc.strerror or exc}")]) from None
    if len(data) > limit:  # grew while we looked, or a special file
        raise DataError([Problem(label, message=f"file is over the {_human(limit)} limit")])
    return data


def _missing(path: Path) -> str:
    if path.is_symlink():
        try:
            return f"is a broken symbolic link (to {os.readlink(path)}, which does not exist)"
        except OSError:
            pass
    return "no such file"


def _human(size: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024  # type: ignore[assignment]
    return f"{size} bytes"  # pragma: no cover


def _offset_line(text: str, index: int) -> int:
    return text.count("\n", 0, max(0, index)) + 1


def loads(text: str, name: str, comments: list[int] | None = None) -> Any:
    """Parse YAML text into plain data (LineDict / LineList / scalars), strictly.

    An empty document gives None. Raises DataError with one problem naming file and line.
    When ``comments`` is a list, the line of every comment is appended to it (see
    :func:`comment_lines`); the modeline on line 1 is not a comment in this sense.
    """
    return _parse(text, name, lambda: text, comments)


def _parse(
    stream: str | bytes, name: str, text_of: Callable[[], str], comments: list[int] | None
) -> Any:
    """Parse ``stream`` (text, or UTF-8 bytes already checked by :func:`decode`).

    ``text_of`` gives the text when it is needed: for a comment check or an error's line.
    """
    spans: list[tuple[int, int]] = []
    try:
        check_breaks(stream)
        try:
            value = _run(_Loader, stream, spans, text_of)
        except yaml.MarkedYAMLError as exc:
            if "nesting depth" not in str(exc.problem):
                raise
            # Newer libyaml (PyYAML >= 6.0.4) refuses deep nesting itself, with its own
            # wording and line, before cocite's MAX_DEPTH check sees the levels. Re-read with
            # the pure-Python parser (no such limit), so the user gets cocite's one message
            # at the same line whichever libyaml is installed.
            spans = []
            value = _run(_PyLoader, stream, spans, text_of)
    except (_Fail, Divergence) as exc:
        raise DataError([Problem(name, exc.line, message=exc.message)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = int(mark.line) + 1 if mark is not None else None
        what = syntax_message(str(exc.problem or ""), str(exc.context or ""))
        if exc.context_mark is not None and int(exc.context_mark.line) + 1 != line:
            what += f" ({_opened(str(exc.context))} starts on line {int(exc.context_mark.line) + 1})"
        raise DataError([Problem(name, line, message=f"YAML syntax error: {what}")]) from None
    except yaml.reader.ReaderError as exc:
        line = _offset_line(text_of(), exc.position)
        char = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise DataError([Problem(
            name, line, message=f"control character U+{char:04X} is not allowed in YAML text",
        )]) from None
    except yaml.YAMLError as exc:
        raise DataError([Problem(name, None, message=f"YAML error: {exc}")]) from None
    has_hash = "#" in stream if isinstance(stream, str) else b"#" in stream
    if comments is not None and has_hash:
        comments.extend(comment_lines(text_of(), spans or []))
    return value


def _run(make: Callable[[str | bytes], Any], stream: str | bytes,
         spans: list[tuple[int, int]], text_of: Callable[[], str]) -> Any:
    loader = make(stream)
    check = Conformance(text_of)
    try:
        value = _build(loader, spans, check)
    finally:
        loader.dispose()
    check.glued_hashes(stream, spans)
    return value


# libyaml's and PyYAML's own wording differs between them and between releases; users get
# cocite's, chosen by what the parser found (its problem, then its context).
_SYNTAX = [
    (r"expected ',' or '\]'", "a list in [brackets] is not closed: expected ',' or ']'"),
    (r"expected ',' or '\}'", "a mapping in {braces} is not closed: expected ',' or '}'"),
    (r"mapping values are not allowed",
     "a ': ' where YAML does not expect one: put text holding ': ' in quotes or in a |- "
     "block, or check the indentation"),
    (r"expected '-' indicator|expected <block end>|did not find expected key",
     "this line does not line up with the lines above: check its indentation"),
    (r"could not find expected ':'",
     "this line is neither 'key: value' nor part of the text above: check for a missing ':' "
     "or the indentation"),
    (r"unknown escape character",
     "an unknown escape (a backslash) in double-quoted text: write \\\\ for a backslash, or use "
     "a |- block"),
    (r"cannot start any token",
     "a character that cannot start a YAML value here (a tab, '@' or '`'): indent with spaces, "
     "or put the text in quotes"),
    (r"end of stream.*|quoted scalar", "a quotation mark is opened and never closed"),
    (r"node content", "a value is missing here"),
    (r"document start", "more text after the data has ended: check for a stray bracket or the "
     "indentation"),
    (r"alphabetic or numeric character|alias|anchor",
     "'*' and '&' start YAML aliases and anchors, which are not allowed: put the text in quotes"),
    (r"\btag\b|expected '>'", "'!' starts a YAML tag, which is not allowed: put the text in quotes"),
    (r"directive", "a line starting with '%' is a YAML directive, which is not allowed"),
]


def syntax_message(problem: str, context: str) -> str:
    """cocite's wording for a syntax error the YAML parser reports as problem + context."""
    for pattern, message in _SYNTAX:
        if re.search(pattern, problem):
            return message
    for pattern, message in _SYNTAX:
        if re.search(pattern, context):
            return message
    return "this cannot be read as YAML: check the quotation marks and the indentation"


def _opened(context: str) -> str:
    """What the parser was inside, in an editor's words: "the list", "the quoted text"..."""
    for words, name in (("quoted", "the quoted text"), ("key", "the key"),
                        ("mapping", "the mapping"), ("sequence", "the list"),
                        ("collection", "the list")):
        if words in context:
            return name
    return "it"


def load_file(path: Path, name: str | None = None, comments: list[int] | None = None) -> Any:
    """Read, decode and parse one YAML file (see :func:`loads`)."""
    label = name or str(path)
    raw = read_bytes(path, label)
    # Check the encoding (the error names the line), then let libyaml read the bytes: holding
    # the decoded text as well would cost another copy of the file for the whole parse.
    decode(raw, label)
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    return _parse(raw, label, lambda: decode(raw, label), comments)


class ListStream:
    """A data file read one item of its top-level list at a time: iterate for each item with
    its line. Parse errors (DataError) may come after items were given. Once it is gone
    through, ``document`` is the file's value when it is not a list (None for an empty file),
    an empty LineList when it is; ``comments`` the lines of its comments (see :func:`loads`).
    """

    def __init__(self, path: Path, name: str) -> None:
        self.path = path
        self.name = name
        self.document: Any = None
        self.comments: list[int] = []

    def __iter__(self) -> Iterator[tuple[int, Any]]:
        data = load_file(self.path, self.name, self.comments)
        if isinstance(data, LineList):
            self.document = LineList(data.line)
            for i, item in enumerate(data):
                yield data.line_of(i), item
        else:
            self.document = data


# A comment starts with '#' at the start of a line or after a space or tab; anywhere else a
# '#' is text. A candidate can still sit inside a quoted or block scalar (`"a # b"`, or a
# quote line starting with '#'), so candidates are checked against the scalars' spans.
_HASH = re.compile("#")


def is_modeline(line: str) -> bool:
    """True for the ``# yaml-language-server: ...`` line editors put on line 1."""
    return line.startswith("# yaml-language-server:")


def comment_lines(text: str, spans: list[tuple[int, int]]) -> list[int]:
    """Lines (1-based) holding a YAML comment, not counting a modeline on line 1.

    ``spans`` are the source spans of the scalars of ``text`` that hold a ``#`` (see
    :func:`_build`): a ``#`` inside a quoted, plain or block scalar is text, not a comment.
    Cheap when there is no candidate ``#`` at all.
    """
    # Find each '#' with a plain search (fast even on a 100 MB line), then keep those a
    # comment can start at; the regex alone, anchored at every line start, took seconds.
    starts = [
        i for i in (m.start() for m in _HASH.finditer(text))
        if i == 0 or text[i - 1] in " \t\n"
    ]
    if starts and starts[0] == 0 and is_modeline(text):
        starts.pop(0)
    if not starts:
        return []
    spans = sorted(spans)
    begins = [b for b, _ in spans]
    lines: list[int] = []
    for pos in starts:
        i = bisect.bisect_right(begins, pos) - 1
        if i >= 0 and pos < spans[i][1]:
            continue  # inside a scalar: text
        line = _offset_line(text, pos)
        if not lines or lines[-1] != line:
            lines.append(line)
    return lines


# ---------------------------------------------------------------------------------------
# Writing


class _Literal(str):
    """Text written as a literal block scalar (``|-``): exact, diff-friendly."""


class _Quoted(str):
    """Text written double-quoted, e.g. dates, so no YAML reader mistakes their type."""


class _Flow(list[Any]):
    """A short list of ids written on one line: ``[stigma, re-trafficking]``."""


_Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _CanonicalDumper(_Dumper):  # type: ignore[valid-type,misc]
    pass


def _repr_literal(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    return dumper.represent_scalar(_TAG + "str", str(data), style="|")


def _repr_quoted(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    return dumper.represent_scalar(_TAG + "str", str(data), style='"')


def _repr_flow(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.SequenceNode:
    return dumper.represent_sequence(_TAG + "seq", list(data), flow_style=True)


def _repr_dict(dumper: yaml.SafeDumper, data: dict[str, Any]) -> yaml.MappingNode:
    # Keep insertion order: callers put keys in the record format's order.
    return dumper.represent_mapping(_TAG + "map", data.items())


_CanonicalDumper.add_representer(_Literal, _repr_literal)
_CanonicalDumper.add_representer(_Quoted, _repr_quoted)
_CanonicalDumper.add_representer(_Flow, _repr_flow)
_CanonicalDumper.add_representer(dict, _repr_dict)
_CanonicalDumper.add_representer(LineDict, _repr_dict)
_CanonicalDumper.add_representer(LineList, yaml.SafeDumper.represent_list)

# The writer decides whether a string needs quotes by asking its resolver; PyYAML's is
# YAML 1.1, which reads "0o17" or "1e5" as text while the loader above (YAML 1.2) reads them
# as numbers. Teaching the writer the loader's patterns too makes it quote such strings, so
# what is written reads back as the same text.
for _first, _resolvers in _Resolver.yaml_implicit_resolvers.items():
    for _tag, _regexp in _resolvers:
        _CanonicalDumper.add_implicit_resolver(_tag, _regexp, [_first])

# Fields written as block scalars when long or multi-line, and fields always double-quoted.
BLOCK_FIELDS = frozenset({"quote", "lead_in", "original", "note"})
QUOTED_FIELDS = frozenset({"date", "accessed", "pages", "paragraphs", "section"})
FLOW_FIELDS = frozenset({"topics", "profiles", "ids", "exclude", "aliases", "sections"})
BLOCK_MIN_CHARS = 80


def _style(key: str | None, value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _style(k, v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_style(None, v) for v in value]
        if key in FLOW_FIELDS and all(isinstance(v, str) for v in value):
            return _Flow(items)
        if key == "footnotes":
            return [_style("quote", v) for v in value]
        return items
    if isinstance(value, str):
        if _RAW_UNSAFE.search(value):
            # Written raw, a CR, NEL, LS or PS would be read back as a line break (and the
            # loader refuses them); double quotes write them as escapes.
            return _Quoted(value)
        if key in BLOCK_FIELDS:
            return _block(value)
        if key in QUOTED_FIELDS:
            return _Quoted(value)
    return value


_RAW_UNSAFE = re.compile("[\r\x85\u2028\u2029]")


def _block(text: str) -> str:
    """A literal block (``|-``) for long or multi-line text, when it reads back exactly
    wherever the record sits in a file. Not for text ending in a line break: that needs
    ``|`` or ``|+``, which libyaml reads differently from the spec (and ``|+`` makes the
    writer end the document with ``...``, which breaks the file once another record follows),
    nor for text ending in blank space; those are double-quoted."""
    if "\n" not in text and len(text) <= BLOCK_MIN_CHARS:
        return text
    if text.endswith(("\n", " ", "\t")) or text.startswith("\n"):
        return _Quoted(text)
    return _Literal(text)


def dumps(data: Any, header: str | None = None) -> str:
    """Write data as canonical YAML: given key order, UTF-8 text, long text as blocks.

    Lossless: ``loads(dumps(x)) == x`` for any data ``loads`` can return (PyYAML falls back
    from block to quoted style by itself where a block cannot hold the text exactly).
    """
    body = yaml.dump(
        _style(None, data),
        Dumper=_CanonicalDumper,
        allow_unicode=True,
        sort_keys=False,
        width=2**31 - 1,
        indent=2,
        default_flow_style=False,
    )
    text = body if header is None else f"{header}\n{body}"
    return text


def dumps_records(records: list[dict[str, Any]]) -> str:
    """The records file: the schema modeline, then the records, a blank line between them."""
    if not records:
        return f"{MODELINE}\n[]\n"
    chunks = [dumps([record]) for record in records]
    return MODELINE + "\n" + "\n".join(chunks)
