"""Turn wrapped PDF lines back into running text without changing a single word.

Line wraps become spaces; a line break is kept where the report itself breaks the line (a short
line, or the next line opens a question, an answer, a list item or an omission mark). A word
broken by a line-end hyphen is re-joined only when the report spells the joined word elsewhere
and never spells the hyphenated form; a real compound such as ``anti-trafficking`` keeps its
hyphen. When the report gives no evidence either way the hyphen is kept: characters are never
dropped on a guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
# A line that opens a new unit in the report's layout, so the break before it is real.
_OPENS_UNIT = re.compile(
    r"^(?:[QA]\s*[.:]\s|[QA]\.$|\[(?:\.\.\.|…)\]\s*$|[•\-–]\s|\d+\s*[.)]\s|Phase\s+#|[a-z]\)\s"
    r"|[A-Z][^.:!?]{0,60}, \d{1,2} [A-Z][a-z]+ \d{4})"
)
# Below this length a line ends where the author ended it (a PDF wrap fills the line).
SHORT_LINE = 75


@dataclass(slots=True)
class Lexicon:
    """The words of the whole report, as evidence for re-joining hyphenated line ends."""

    words: set[str] = field(default_factory=set)
    compounds: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, lines: Iterable[str]) -> Lexicon:
        lex = cls()
        for line in lines:
            # The last token of a line ending in "-" is a broken word, not evidence.
            body = line.rstrip()
            if body.endswith("-"):
                body = body[: body.rfind(" ") + 1] if " " in body else ""
            for token in _WORD.findall(body):
                low = token.lower()
                if "-" in low:
                    lex.compounds.add(low)
                    lex.words.update(low.split("-"))
                else:
                    lex.words.add(low)
        return lex

    def rejoin(self, left: str, right: str) -> bool:
        """True if ``left-`` + ``right`` is one word broken at the line end."""
        left, right = left.lower(), right.lower()
        if f"{left}-{right}" in self.compounds:
            return False
        return f"{left}{right}" in self.words


def _last_word(line: str) -> str:
    m = re.search(r"([^\W\d_]+)-$", line)
    return m.group(1) if m else ""


def _first_word(line: str) -> str:
    m = re.match(r"([^\W\d_]+)", line)
    return m.group(1) if m else ""


def join_lines(lines: Sequence[str], lexicon: Lexicon) -> str:
    """The lines as text: wraps joined, real breaks and paragraph breaks kept as one newline."""
    out = ""
    pending_break = False  # a blank line was seen since the last text line
    prev = ""
    for raw in lines:
        # Runs of spaces and tabs inside a line are layout, not text.
        line = re.sub(r"[ \t]+", " ", raw.strip())
        if not line:
            pending_break = bool(out)
            continue
        if not out:
            out = line
        elif pending_break:
            out += "\n" + line
        else:
            out += _separator(prev, line, lexicon) + line
        prev = line
        pending_break = False
    return _apply_joins(out)


def _separator(prev: str, line: str, lexicon: Lexicon) -> str:
    left = _last_word(prev)
    if left and line[:1].islower():
        right = _first_word(line)
        # "\x01" marks "drop the hyphen before me": applied in _apply_joins.
        return "\x01" if lexicon.rejoin(left, right) else ""
    if re.search(r"[^\W\d_][-–/]$", prev):  # "anti–" / "victims/" + next line: no space
        return ""
    if _OPENS_UNIT.match(line) or len(prev) < SHORT_LINE:
        return "\n"
    return " "


def _apply_joins(text: str) -> str:
    return text.replace("-\x01", "")
