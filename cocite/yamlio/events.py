"""The document's value, built from the parser's events one at a time.

No node tree is ever held (libyaml's composer kept the whole document as nodes, some 15x the
file's size, and recursed in C: ~25,000 levels of nesting overflowed the C stack and killed
the process). A document whose top level is a list can be given a list item at a time
(:func:`items`), so that a file of 100,000 records is never held whole either.

Refused (see :mod:`cocite.yamlio.wording`): anchors, aliases, tags, duplicate keys, keys that
are not text, nesting deeper than :data:`MAX_NESTING`, a second document; ``check`` (see
:mod:`cocite.yamlio.conformance`) refuses what libyaml reads differently from the spec.
"""

from __future__ import annotations

from collections.abc import Generator
from sys import intern
from typing import Any

from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode

from cocite.yamlio.conformance import Conformance
from cocite.yamlio.lines import LineDict, LineList
from cocite.yamlio.scalars import MAP_TAG, SEQ_TAG, STR_TAG, scalar, short
from cocite.yamlio.wording import ANCHOR_MESSAGE, SECOND_DOCUMENT_MESSAGE, Refused

MAX_NESTING = 100
_EXPECT_KEY = object()  # a mapping frame waiting for its next key
_INTERN_BELOW = 120

Item = tuple[int, Any]  # a top-level list item and the line it starts on


def items(
    loader: Any, spans: list[tuple[int, int]], check: Conformance, whole: bool = False,
) -> Generator[Item, None, Any]:
    """Each item of a top-level list with its line, as soon as it is complete; then returns
    the document: an empty LineList for a list (its items were given), else its value.

    With ``whole``, nothing is given and the list returned holds its items. ``spans``
    receives the source span of every scalar holding a '#' (for the comment checks).
    """
    get = loader.get_event
    get()  # StreamStartEvent
    if isinstance(get(), StreamEndEvent):  # else DocumentStartEvent
        return None
    root = yield from _walk(get, loader.resolve, spans, check, whole)
    get()  # DocumentEndEvent
    event = get()
    if isinstance(event, DocumentStartEvent):
        raise Refused(event.start_mark.line + 1 if event.start_mark else None,
                      SECOND_DOCUMENT_MESSAGE)
    return root


# Longer than most: one loop over every event of the document (~10 million at 100,000
# records) with its state in local variables, which every step reads and changes; helpers
# would have to pass the state back and forth on each event.
def _walk(
    get: Any, resolve: Any, spans: list[tuple[int, int]], check: Conformance, whole: bool,
) -> Generator[Item, None, Any]:
    """Each frame of ``stack`` is ``[container, pending]``: for a sequence ``pending`` is
    None; for a mapping it is _EXPECT_KEY or the key just read. ``shape`` runs beside
    ``stack``: per open collection, whether it is a flow one, the column of the nearest block
    collection, where it started and its first line. ``item`` is the top-level list item
    being built when the list is given an item at a time (``streamed``)."""
    shape: list[tuple[bool, int, int, int, int]] = []
    stack: list[list[Any]] = []
    root: Any = None
    streamed = False
    item: Item | None = None
    key_tags: dict[str, str] = {}  # a plain key's resolved tag: the same few keys repeat
    while True:
        event = get()
        cls = type(event)
        if cls is SequenceEndEvent or cls is MappingEndEvent:
            stack.pop()
            flow, _, start, first, outer = shape.pop()
            if flow and outer >= 0 and event.start_mark.line + 1 > first:
                check.continuation(start, event.start_mark.index, outer, first)
            if not stack:
                return root
            if streamed and len(stack) == 1 and item is not None:
                yield item
                item = None
            continue
        line = event.start_mark.line + 1
        if cls is AliasEvent or event.anchor is not None:
            raise Refused(line, ANCHOR_MESSAGE)
        if len(stack) > MAX_NESTING:
            raise Refused(line, f"nesting is deeper than {MAX_NESTING} levels")
        if cls is ScalarEvent:
            built = _scalar(event, line, resolve, spans, check, stack, shape, key_tags)
            opened = False
        else:
            built = _opened(event, line, cls is MappingStartEvent)
            opened = True
        if not stack:
            root = built
            streamed = opened and not whole and cls is not MappingStartEvent
        else:
            frame = stack[-1]
            container, pending = frame
            if pending is None:
                if streamed and len(stack) == 1:
                    if not opened:
                        yield line, built
                    else:
                        item = (line, built)
                else:
                    container.item_lines.append(line)
                    container.append(built)
            elif pending is _EXPECT_KEY:
                if opened:
                    raise Refused(line, "a key must be plain text, not a list or mapping")
                key = built if isinstance(built, str) else event.value
                if key in container:
                    raise Refused(line, (
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
            return root


def _scalar(
    event: Any, line: int, resolve: Any, spans: list[tuple[int, int]], check: Conformance,
    stack: list[list[Any]], shape: list[tuple[bool, int, int, int, int]],
    key_tags: dict[str, str],
) -> Any:
    value = event.value
    tag = event.tag
    in_flow = bool(shape) and shape[-1][0]
    is_key = bool(stack) and stack[-1][1] is _EXPECT_KEY
    if event.style or in_flow:  # a plain scalar in block context needs no check
        check.scalar(event, in_flow, in_flow and is_key and isinstance(stack[-1][0], dict),
                     shape[-1][1] if shape else -1)
    if tag == "!":  # the non-specific tag: a string, whatever it looks like
        tag = STR_TAG
    elif tag is None and not event.implicit[0]:  # quoted: a string (as resolve() would say)
        tag = STR_TAG
    elif tag is None and is_key:
        tag = key_tags.get(value)
        if tag is None:
            tag = key_tags[value] = resolve(ScalarNode, value, event.implicit)
    elif tag is None:
        tag = resolve(ScalarNode, value, event.implicit)
    if "#" in value:
        spans.append((event.start_mark.index, event.end_mark.index))
    if tag == STR_TAG:
        # Keys, ids, tags, kinds and names repeat in every record: one shared copy of each
        # short string saves ~20% of a large library's memory.
        return intern(value) if len(value) < _INTERN_BELOW else value
    return scalar(tag, value, line)


def _opened(event: Any, line: int, is_map: bool) -> LineDict | LineList:
    tag = event.tag
    if tag is not None and tag != "!" and tag != (MAP_TAG if is_map else SEQ_TAG):
        raise Refused(line, f"the tag {short(tag)} is not allowed")
    return LineDict(line) if is_map else LineList(line)
