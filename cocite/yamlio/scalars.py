"""The parsers, and what a scalar means: YAML 1.2-style implicit types, no timestamps.

Only ``true``/``false`` are booleans (``no`` stays the text "no"), no sexagesimal numbers, and
**no implicit timestamps**: dates stay the strings they were written as, so "2022-12" keeps
its precision. Only the core tags (str, int, float, bool, null, seq, map) are allowed.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.nodes import ScalarNode, SequenceNode

from cocite.yamlio.wording import Refused

try:  # libyaml present: parse in C, build the values in Python (see cocite.yamlio.events)
    from yaml.cyaml import CParser as _Parser  # type: ignore[attr-defined]

    HAVE_LIBYAML = True
except ImportError:  # pragma: no cover - exercised only on machines without libyaml
    HAVE_LIBYAML = False

TAG = "tag:yaml.org,2002:"
STR_TAG, SEQ_TAG, MAP_TAG, NULL_TAG = TAG + "str", TAG + "seq", TAG + "map", TAG + "null"


class Resolver(yaml.resolver.BaseResolver):
    """Implicit types of the YAML 1.2 core schema, minus timestamps."""


Resolver.add_implicit_resolver(
    TAG + "bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
Resolver.add_implicit_resolver(
    TAG + "int",
    re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)
Resolver.add_implicit_resolver(
    TAG + "float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)
Resolver.add_implicit_resolver(
    TAG + "null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)

_IMPLICIT = Resolver.yaml_implicit_resolvers


def _fast_resolve(self: Any, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
    """BaseResolver.resolve without path resolvers: libyaml calls this once per node.

    Profiling a 100k-record file showed the generic version costing ~20% of loading.
    """
    if kind is ScalarNode:
        if implicit[0]:
            if not value:
                return NULL_TAG
            for tag, regexp in _IMPLICIT.get(value[0], ()):
                if regexp.match(value):
                    return str(tag)
        return STR_TAG
    return SEQ_TAG if kind is SequenceNode else MAP_TAG


Resolver.resolve = _fast_resolve  # type: ignore[method-assign]

if HAVE_LIBYAML:

    class Loader(_Parser, Resolver):
        def __init__(self, stream: str | bytes) -> None:
            _Parser.__init__(self, stream)
            Resolver.__init__(self)


class PyLoader(
    yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser,
    yaml.composer.Composer, Resolver,
):
    """PyYAML's pure-Python parser: used without libyaml, and to re-read a document libyaml
    refused for its own nesting limit (see :mod:`cocite.yamlio.reader`)."""

    def __init__(self, stream: str | bytes) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        Resolver.__init__(self)


if not HAVE_LIBYAML:  # pragma: no cover
    Loader = PyLoader  # type: ignore[misc,assignment]


def scalar(tag: str, value: str, line: int) -> Any:
    """The value of a scalar with a resolved tag other than str; only the core types."""
    if tag == NULL_TAG:
        if value not in ("", "~", "null", "Null", "NULL"):
            raise Refused(line, f"!!null cannot hold {value!r}")
        return None
    if tag == TAG + "bool":
        if value not in ("true", "True", "TRUE", "false", "False", "FALSE"):
            raise Refused(line, f"!!bool takes true or false, got {value!r}")
        return value.lower() == "true"
    if tag == TAG + "int":
        try:
            text = value.replace("_", "")
            if text.startswith(("0o", "0x")):
                return int(text[2:], 8 if text[1] == "o" else 16)
            return int(text)
        except ValueError:
            raise Refused(line, f"!!int cannot hold {value!r}") from None
    if tag == TAG + "float":
        low = value.lower()
        if low.endswith(".inf"):
            return float("-inf") if low.startswith("-") else float("inf")
        if low == ".nan":
            return float("nan")
        try:
            return float(value)
        except ValueError:
            raise Refused(line, f"!!float cannot hold {value!r}") from None
    raise Refused(line, f"the tag {short(tag)} is not allowed (only plain YAML data)")


def short(tag: str) -> str:
    return "!!" + tag[len(TAG):] if tag.startswith(TAG) else tag
