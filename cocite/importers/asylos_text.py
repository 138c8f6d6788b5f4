"""Turn wrapped PDF lines back into running text without changing a single word.

Line wraps become spaces; a line break is kept where the report itself breaks the line (a short
line, or the next line opens a question, an answer, a list item or an omission mark). A blank
line that is page furniture (:data:`.asylos_pages.PAGE_BREAK`: before a link block, a footer or
a new page) is a line wrap, not a paragraph break, unless a sentence ends before it and a new
one starts after it (a paragraph that ends with its page). The extraction also puts a blank
line after the first line of a bulleted item: when the item's sentence goes on after it (the
next line starts in lower case, or the bullet line fills the width), that blank is a wrap too. A word
broken by a line-end hyphen is re-joined only when the report spells the joined word elsewhere
and never spells the hyphenated form; a real compound such as ``anti-trafficking`` keeps its
hyphen. When the report gives no evidence either way the hyphen is kept: characters are never
dropped on a guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from cocite.importers.asylos_pages import PAGE_BREAK

# The end of a sentence (closing marks, omission marks and footnote digits may follow) and
# the start of one: a page break between the two is also a paragraph break.
_ENDS_SENTENCE = re.compile(r"(?:[.!?:;]|\[(?:\.\.\.|…)\])[”’\"')\]]*\d{0,3}$")
_STARTS_SENTENCE = re.compile(r"^(?:[“‘\"(\[]*[A-Z0-9•]|[QA][.:]|\[(?:\.\.\.|…)\]|[a-z][.)]\s)")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
# A line that opens a new unit in the report's layout, so the break before it is real.
_OPENS_UNIT = re.compile(
    r"^(?:[QA]\s*[.:]\s|[QA]\.$|\[(?:\.\.\.|…)\]\s*$|[•\-–]\s|\d+\s*[.)]\s|Phase\s+#|[a-z]\)\s"
    r"|[A-Z][^.:!?]{0,60}, \d{1,2} [A-Z][a-z]+ \d{4})"
)
# Below this length a line ends where the author ended it (a PDF wrap fills the line).
SHORT_LINE = 75
# A line at least this long that ends mid-sentence is a prose line the PDF wrapped early.
PROSE_LINE = 50


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
    pending_page = False  # only page-furniture blank lines were seen since the last text line
    pending_bullet = False  # one blank line after a bullet item's first line
    prev = ""
    for raw in lines:
        if raw == PAGE_BREAK:
            pending_page = bool(out) and not pending_break
            continue
        # Runs of spaces and tabs inside a line are layout, not text.
        line = re.sub(r"[ \t]+", " ", raw.strip())
        if not line:
            if out and not pending_break and prev.startswith("• ") and out.endswith(prev):
                pending_bullet = True
            else:
                pending_break = bool(out)
                pending_bullet = False
            pending_page = False
            continue
        if not out:
            out = line
        elif pending_bullet:
            out += _bullet_gap_separator(prev, line, lexicon) + line
        elif pending_break:
            # A footnote (taken out) and a page break can leave a blank line mid-sentence.
            out += " " if _goes_on(prev, line, long_line=True) else "\n"
            out += line
        elif pending_page:
            out += _page_separator(prev, line, lexicon) + line
        else:
            out += _separator(prev, line, lexicon) + line
        prev = line
        pending_break = pending_page = pending_bullet = False
    return _apply_joins(out)


def _bullet_gap_separator(prev: str, line: str, lexicon: Lexicon) -> str:
    """Across the blank line after a bullet item's first line: its sentence may go on."""
    if _ENDS_SENTENCE.search(prev) or _OPENS_UNIT.match(line):
        return "\n"
    if line[:1].islower() or len(prev) >= SHORT_LINE:
        sep = _separator(prev, line, lexicon)
        return " " if sep == "\n" else sep
    return "\n"


def _page_separator(prev: str, line: str, lexicon: Lexicon) -> str:
    """Between the last line of a page and the first of the next (blank furniture between)."""
    if _ENDS_SENTENCE.search(prev) and _STARTS_SENTENCE.match(line):
        return "\n"
    sep = _separator(prev, line, lexicon)
    if sep == "\n" and not _OPENS_UNIT.match(line):
        return " "
    return sep


def _separator(prev: str, line: str, lexicon: Lexicon) -> str:
    left = _last_word(prev)
    if left and line[:1].islower():
        right = _first_word(line)
        # "\x01" marks "drop the hyphen before me": applied in _apply_joins.
        return "\x01" if lexicon.rejoin(left, right) else ""
    if re.search(r"[^\W\d_][-–/]$", prev):  # "anti–" / "victims/" + next line: no space
        return ""
    if re.search(r"\d[-–]$", prev) and line[:1].isdigit():  # a range "2021-⏎2023": no space
        return ""
    if _OPENS_UNIT.match(line):
        return "\n"
    if len(prev) < SHORT_LINE and not _goes_on(prev, line, long_line=True):
        return "\n"
    return " "


def _goes_on(prev: str, line: str, long_line: bool) -> bool:
    """The sentence runs on: the line ends in a lower-case word, no punctuation, and the next
    starts with a lower-case word (not a list item "b. " or "d) "). A short line is the end of
    a table cell or heading, so with ``long_line`` the line must be a prose line's length."""
    if long_line and len(prev) < PROSE_LINE:
        return False
    return bool(re.search(r"[a-z]{2,}$", prev)) and bool(re.match(r"[a-z]{2,}\b(?![.)])", line))


def _apply_joins(text: str) -> str:
    text = text.replace("-\x01", "")
    # A bullet glyph inside a line: a list whose line breaks the extraction lost.
    return re.sub(r"(?<=\S) +• (?=\S)", "\n• ", text)
