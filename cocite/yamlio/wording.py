"""cocite's own words for what the YAML parser refuses: one wording whichever parser and
release read the file (libyaml's and PyYAML's differ, and change between releases)."""

from __future__ import annotations

import re


class Refused(Exception):
    """The loader refuses the document: ``message`` on ``line`` (1-based, None if unknown)."""

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

# Chosen by what the parser found (its problem, then its context).
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


def opened(context: str) -> str:
    """What the parser was inside, in an editor's words: "the list", "the quoted text"..."""
    for words, name in (("quoted", "the quoted text"), ("key", "the key"),
                        ("mapping", "the mapping"), ("sequence", "the list"),
                        ("collection", "the list")):
        if words in context:
            return name
    return "it"
