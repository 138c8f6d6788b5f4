"""Footnote markers in a quote that have no footnote (a check of ``cocite validate``).

A compiled report prints a footnote marker as a number glued to the word or punctuation before
it ("debt bondage8 is", "a month,9 which", "identified.8 [...]"). A record whose quote keeps
such a marker must carry the footnote's text in ``footnotes`` ("8 The International Labour
Organization ..."), or the reader meets a number that means nothing (or misreads "1210").
Codes such as "LAW1", "SW3" or "WB6" (capital letters before the digits) are not markers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_MARKER = re.compile(
    r"(?<=[a-zß-ÿ])(\d{1,3})(?=[\s,.;:)”’\"\[]|$)"  # glued to a lower-case letter
    r"|(?<=[^\W\d_][.,;:”’)])(\d{1,3})(?=[\s\[]|$)"  # after a word's closing punctuation
)


# A digit with a letter, or a letter and a punctuation mark, before it: what every marker
# starts with. Most quotes have none, and this pattern finds that ~6x quicker than _MARKER
# (it starts with the digit, so the scan skips to digits instead of testing every position).
_MAYBE = re.compile(r"\d(?<=[^\W\d_]\d)|\d(?<=[^\W\d_][.,;:”’)]\d)")


def markers(quote: str) -> list[str]:
    """The marker-like numbers of a quote, in order, each once."""
    if not _MAYBE.search(quote):
        return []
    found = (m.group(1) or m.group(2) for m in _MARKER.finditer(quote))
    return list(dict.fromkeys(found))


def unmatched_markers(quote: str, footnotes: Iterable[str]) -> list[str]:
    """Markers of the quote whose number starts none of the footnotes."""
    numbers = {f.split(maxsplit=1)[0] for f in footnotes if f.strip()}
    return [n for n in markers(quote) if n not in numbers]
