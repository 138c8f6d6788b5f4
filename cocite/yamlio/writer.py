"""The canonical writer: records in the format's key order, long text as literal blocks,
dates quoted; what it writes reads back as the same data (see :func:`dumps`)."""

from __future__ import annotations

import re
from typing import Any

import yaml

from cocite.yamlio.lines import LineDict, LineList
from cocite.yamlio.scalars import TAG, Resolver


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
    return dumper.represent_scalar(TAG + "str", str(data), style="|")


def _repr_quoted(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    return dumper.represent_scalar(TAG + "str", str(data), style='"')


def _repr_flow(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.SequenceNode:
    return dumper.represent_sequence(TAG + "seq", list(data), flow_style=True)


def _repr_dict(dumper: yaml.SafeDumper, data: dict[str, Any]) -> yaml.MappingNode:
    # Keep insertion order: callers put keys in the record format's order.
    return dumper.represent_mapping(TAG + "map", data.items())


_CanonicalDumper.add_representer(_Literal, _repr_literal)
_CanonicalDumper.add_representer(_Quoted, _repr_quoted)
_CanonicalDumper.add_representer(_Flow, _repr_flow)
_CanonicalDumper.add_representer(dict, _repr_dict)
_CanonicalDumper.add_representer(LineDict, _repr_dict)
_CanonicalDumper.add_representer(LineList, yaml.SafeDumper.represent_list)

# The writer decides whether a string needs quotes by asking its resolver; PyYAML's is
# YAML 1.1, which reads "0o17" or "1e5" as text while the loader (YAML 1.2) reads them
# as numbers. Teaching the writer the loader's patterns too makes it quote such strings, so
# what is written reads back as the same text.
for _first, _resolvers in Resolver.yaml_implicit_resolvers.items():
    for _tag, _regexp in _resolvers:
        _CanonicalDumper.add_implicit_resolver(_tag, _regexp, [_first])

MODELINE = "# yaml-language-server: $schema=../schema/excerpts.schema.json"

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
