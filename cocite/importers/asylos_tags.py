"""Tag an excerpt with topics (from its section) and profiles (from heading and quote).

The rule, also written down in CONTRIBUTING.md ("Tagging rules"):

* **topics** come only from the section: the vocabulary lists, for each topic, the report
  sections it covers; an excerpt takes the topics of its deepest numbered section, or of the
  nearest enclosing section that the vocabulary maps;
* **profiles** come from the section heading and its parents ("Boys and men – statistics"
  gives ``male`` and ``child``) and from the quote's own subject: a profile's words must occur in
  the quote itself (never the compiler's lead-in, which describes the *source*), once in a short
  quote and at least twice in a long one (over 800 characters), where a passing mention is not
  the subject.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from cocite.models import Vocabulary

# The words that name each profile. "boys" is male + child, "girls" female + child.
PROFILE_WORDS: dict[str, tuple[str, ...]] = {
    "male": (r"men", r"boys?", r"males?", r"young men", r"male (?:victims?|VoTs?|children|minors)"),
    "female": (r"women", r"woman", r"girls?", r"females?", r"mothers?", r"female (?:victims?|VoTs?)"),
    "child": (
        r"child(?:ren)?", r"minors?", r"boys?", r"girls?", r"juveniles?", r"adolescents?",
        r"babies", r"under(?: the age of)? 18", r"unaccompanied",
    ),
    "adult": (r"adults?",),
    "lgbtqi": (r"LGBT\w*\+?", r"gay", r"homosexual\w*", r"transgender", r"sexual orientation"),
    "roma-egyptian": (r"Roma", r"Romani", r"Egyptians?", r"Balkan-Egyptian"),
    "disability": (r"disabilit(?:y|ies)", r"disabled"),
    # Not "migrants": in Albanian COI it mostly means Albanians who emigrate.
    "foreign-national": (
        r"foreign (?:victims?|nationals?|citizens?|VoTs?|PVoTs?)", r"foreigners?",
        r"third[- ]country nationals?",
    ),
    "sexual-exploitation": (
        r"sexual(?:ly)? exploit\w*", r"sex trafficking", r"prostitution", r"sexual purposes?",
        r"sex work\w*", r"commercial sexual",
    ),
    "forced-labour": (
        r"forced labou?r", r"labou?r exploitation", r"labou?r trafficking", r"bonded labou?r",
        r"debt bondage", r"exploited for (?:work|labou?r)",
    ),
    "forced-criminality": (
        r"forced criminality", r"criminal exploitation", r"criminal activit(?:y|ies)",
        r"cannabis", r"drug (?:dealing|distribution|trafficking)", r"sell(?:ing)? drugs",
    ),
    "forced-begging": (r"begging", r"beg"),
    "forced-marriage": (r"forced marriages?", r"early marriages?", r"sham marriages?", r"child marriages?", r"false marriages?"),
    "domestic-servitude": (r"domestic servitude",),
}
_PATTERNS = {
    pid: re.compile(r"\b(?:" + "|".join(words) + r")\b", re.IGNORECASE if pid != "roma-egyptian" else 0)
    for pid, words in PROFILE_WORDS.items()
}
LONG_QUOTE = 800


def topics_for(section: str, vocabulary: Vocabulary | None) -> list[str]:
    """Topics of the deepest section the vocabulary maps (the section itself, else a parent)."""
    if vocabulary is None:
        return []
    parts = section.split(".")
    for k in range(len(parts), 0, -1):
        key = ".".join(parts[:k])
        hits = [t.id for t in vocabulary.topics if key in t.sections]
        if hits:
            return hits
    return []


def profiles_for(headings: Sequence[str], quote: str, vocabulary: Vocabulary | None) -> list[str]:
    """Profiles named by the headings, or that are the quote's subject (vocabulary order)."""
    found: set[str] = set()
    heading_text = " / ".join(headings)
    need = 2 if len(quote) > LONG_QUOTE else 1
    for pid, pattern in _PATTERNS.items():
        if pattern.search(heading_text) or len(pattern.findall(quote)) >= need:
            found.add(pid)
    order = vocabulary.profile_ids() if vocabulary is not None else tuple(PROFILE_WORDS)
    known = [p for p in order if p in found]
    return known
