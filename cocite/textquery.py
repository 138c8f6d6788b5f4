"""The full-text query language of ``cocite search`` and ``--query``, compiled to FTS5.

* words: every one must occur (``blood feud``), in any order; case and accents are ignored
  (``Shkoder`` finds "Shkodër") and English endings too (``trafficked`` finds "trafficking");
* ``"debt bondage"``: the words together, in this order, exactly as written (no stemming);
* ``traffick*``: any word starting so;
* ``A OR B``, ``A NOT B``, ``AND`` (optional), parentheses; operators in capitals, as in
  most search engines (a lower-case "or" is a word).

Every word is passed to SQLite as a quoted string, so no input can reach FTS5's own syntax;
what cannot be parsed raises :class:`QueryError` with one line saying why.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from cocite.errors import UsageError

_TOKEN = re.compile(r'\s*(?:(\()|(\))|"([^"]*)("?)(\*?)|([^\s()"]+))')
_WORD = re.compile(r"\w+")
# What a quoted phrase is matched against: the words, and each omission marker ("[...]", or
# "[…]", which folding makes "[...]") as a word of its own, so that a phrase never matches
# across one: where the marker stands, the source had other words.
_SEEN = re.compile(r"\[\.\.\.\]|\w+")
OPERATORS = ("AND", "OR", "NOT")


class QueryError(UsageError):
    """A search query that cannot be parsed (exit 2, one line)."""


# Named tuples, not dataclasses: every warm `cocite search` creates these types, and a frozen
# dataclass compiles its methods at every start (about three times the work).
class Term(NamedTuple):
    text: str
    prefix: bool = False
    exact: bool = False  # quoted: no stemming, words in this order


class Op(NamedTuple):
    name: str  # AND, OR, NOT (binary: left NOT right)
    parts: tuple[Node, ...]


Node = Term | Op


Expand = Callable[[str], list[str]]


def _no_expand(prefix: str) -> list[str]:
    return []


class Query(NamedTuple):
    """A parsed query, and what a match must contain exactly (quoted phrases, prefixes).

    FTS5 matches stems: a phrase's stems, and a prefix of stems ("rehabilitat*" would miss
    "rehabilitation", stemmed "rehabilit"). So quoted phrases and prefixes are widened for
    the index (``expand`` names the indexed stems a prefix may have become) and checked
    exactly on the record's words afterwards, wherever a match must have them.
    """

    text: str
    node: Node
    exact: tuple[Term, ...]
    # Ranked search only: when not every word occurs together, records with some of them
    # (``a OR b OR c``, keeping any NOT) still rank, after those with all.
    relaxed_node: Node | None = None

    def match(self, expand: Expand = _no_expand) -> str:
        return _fts(self.node, expand)

    def relaxed(self, expand: Expand = _no_expand) -> str | None:
        return _fts(self.relaxed_node, expand) if self.relaxed_node is not None else None


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:  # pragma: no cover - the pattern matches any non-blank text
            raise QueryError(f"cannot read the query at {text[pos:]!r}")
        pos = m.end()
        if m.group(1):
            out.append(("(", "("))
        elif m.group(2):
            out.append((")", ")"))
        elif m.group(6) is not None:
            word = m.group(6)
            out.append(("op", word) if word in OPERATORS else ("word", word))
        else:
            if not m.group(4):
                raise QueryError(
                    f"unclosed quote in {text!r}: put a closing \" after the phrase")
            out.append(("phrase*" if m.group(5) else "phrase", m.group(3)))
    return out


MAX_TERMS = 64  # more words than any real question; SQLite's expression depth is bounded
MAX_DEPTH = 16  # parentheses within parentheses


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokens(text)
        self.i = 0
        self.depth = 0
        words = sum(1 for kind, _ in self.tokens if kind not in ("(", ")"))
        if words > MAX_TERMS:
            raise QueryError(f"the query has {words} words and operators; at most {MAX_TERMS}")

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def parse(self) -> Node | None:
        node = self.or_()
        if self.peek() is not None:
            kind, value = self.peek()  # type: ignore[misc]
            raise QueryError(f"unexpected {value!r} in {self.text!r}"
                             + (" (no '(' before it)" if kind == ")" else ""))
        return node

    def or_(self) -> Node | None:
        parts = [self.and_()]
        while self.peek() == ("op", "OR"):
            self.i += 1
            parts.append(self.and_())
            if parts[-1] is None:
                raise QueryError(f"OR needs a word after it in {self.text!r}")
        if parts[0] is None and len(parts) > 1:
            raise QueryError(f"OR needs a word before it in {self.text!r}")
        found = [p for p in parts if p is not None]
        return found[0] if len(found) == 1 else (Op("OR", tuple(found)) if found else None)

    def and_(self) -> Node | None:
        keep: list[Node] = []
        drop: list[Node] = []
        while True:
            token = self.peek()
            if token is None or token == (")", ")") or token == ("op", "OR"):
                break
            if token == ("op", "AND"):
                self.i += 1
                continue
            negate = token == ("op", "NOT")
            if negate:
                self.i += 1
                if self.peek() in (None, (")", ")"), ("op", "OR"), ("op", "NOT"), ("op", "AND")):
                    raise QueryError(f"NOT needs a word after it in {self.text!r}")
            part = self.atom()
            if part is None:
                if negate:
                    raise QueryError(f"NOT needs a word after it in {self.text!r}")
                continue
            (drop if negate else keep).append(part)
        if drop and not keep:
            raise QueryError(
                f"NOT only narrows a search: say what to find first, e.g. 'trafficking NOT "
                f"sexual' (in {self.text!r})")
        node: Node | None = keep[0] if len(keep) == 1 else (Op("AND", tuple(keep)) if keep else None)
        for part in drop:
            node = Op("NOT", (node, part))  # type: ignore[arg-type]
        return node

    def atom(self) -> Node | None:
        token = self.peek()
        if token is None:  # pragma: no cover - callers look ahead first
            raise QueryError(f"the query ends too soon: {self.text!r}")
        kind, value = token
        self.i += 1
        if kind == "(":
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise QueryError(f"parentheses nested more than {MAX_DEPTH} deep")
            node = self.or_()
            self.depth -= 1
            if self.peek() != (")", ")"):
                raise QueryError(f"missing ')' in {self.text!r}")
            self.i += 1
            return node
        if kind == ")":  # pragma: no cover - and_ stops before ')'
            raise QueryError(f"unexpected ')' in {self.text!r}")
        if kind == "op":
            raise QueryError(f"{value} needs words on both sides in {self.text!r}")
        if kind == "word":
            prefix = value.endswith("*")
            stem = value.rstrip("*")
            if "*" in stem:
                raise QueryError(f"'*' goes at the end of a word ({value!r} in {self.text!r})")
            return Term(stem, prefix=prefix) if _WORD.search(stem) else None
        return Term(value, prefix=kind == "phrase*", exact=True) if _WORD.search(value) else None


def _string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _fts(node: Node, expand: Expand) -> str:
    if isinstance(node, Term):
        if not node.prefix:
            return _string(node.text)
        found = [_string(node.text) + " *"]
        if not node.exact or len(words(node.text)) == 1:
            found += [_string(stem) for stem in expand(words(node.text)[-1])]
        return found[0] if len(found) == 1 else "(" + " OR ".join(found) + ")"
    inner = [_fts(p, expand) for p in node.parts]
    return "(" + f" {node.name} ".join(inner) + ")"


def _required_exact(node: Node) -> list[Term]:
    """Phrases and prefixes every match must contain (checked exactly, without stemming)."""
    if isinstance(node, Term):
        return [node] if node.exact or node.prefix else []
    if node.name == "AND":
        return [t for p in node.parts for t in _required_exact(p)]
    if node.name == "NOT":
        return _required_exact(node.parts[0])
    return []


def _relax(node: Node) -> Node | None:
    if isinstance(node, Op) and node.name == "AND":
        return Op("OR", node.parts)
    if isinstance(node, Op) and node.name == "NOT":
        left = _relax(node.parts[0])
        return Op("NOT", (left, node.parts[1])) if left is not None else None
    return None


def parse(text: str) -> Query:
    node = _Parser(text).parse()
    if node is None:
        raise QueryError(f"nothing to search for in {text!r}: give a word or a \"phrase\"")
    return Query(text=text, node=node, exact=tuple(_required_exact(node)),
                 relaxed_node=_relax(node))


def words(text: str) -> list[str]:
    """Words as the index sees them before stemming, accents and case folded; an omission
    marker is the word ``[...]``."""
    from cocite.terms import fold

    return _SEEN.findall(fold(text))


def contains_exact(haystack_words: list[str], term: Term) -> bool:
    """True when the phrase's words occur together, in order, in ``haystack_words``."""
    needle = words(term.text)
    if not needle:
        return True
    n = len(needle)
    for i in range(len(haystack_words) - n + 1):
        window = haystack_words[i:i + n]
        if window[:-1] == needle[:-1] and (
            window[-1].startswith(needle[-1]) if term.prefix else window[-1] == needle[-1]
        ):
            return True
    return False
