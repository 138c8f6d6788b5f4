"""Secondary topics: what a quote is plainly about besides its section's topic.

Topics come from the section first (:func:`.asylos_tags.topics_for`). A quote filed under
"Legal framework" that says victims are prosecuted for the offences they were forced to commit
is also about non-punishment; a passage on health services filed under "Shelters" is also about
healthcare. Each topic below has a reviewed rule: phrases that, when the quote uses them, make
the quote about that topic (never words that merely touch it: "health" alone, "police",
"children"). A phrase counts once in a short quote (:data:`SHORT_QUOTE` characters at most);
a longer quote must use the topic's phrases twice (and :data:`COMMON` topics once more). Only the quote is read, never the lead-in
(the compiler's words). Topics with no rule here (victim profiles, statistics, risk factors,
legal framework, justice system, child protection, reintegration, bureaucracy...) are too broad
for wording to decide; they come from the section only.
"""

from __future__ import annotations

import re

from cocite.models import Vocabulary

SHORT_QUOTE = 600
# Topics whose word is in passing in many quotes ("referred to a shelter", "donors"): one more
# use is needed before the quote is about them.
COMMON = frozenset({"shelters", "funding"})

TOPIC_RULES: dict[str, tuple[str, ...]] = {
    "non-punishment": (
        r"non-punishment",
        r"(?:victims?|VoTs?)\b[^.]{0,60}\b(?:not|never) (?:be )?(?:punished|prosecuted|held (?:criminally )?liable)",
        r"(?:victims?|VoTs?)\b[^.]{0,80}\b(?:prosecuted|punished|convicted|criminali[sz]ed|charged)"
        r"\b[^.]{0,60}\b(?:for|with) (?:\w+ ){0,3}(?:crimes?|offen[cs]es?|acts?|activities|prostitution)",
    ),
    "healthcare": (
        r"health ?care", r"medical (?:care|services?|treatment|assistance|examinations?|check-?ups?)",
        r"health (?:services?|insurance|centres?|centers?)", r"hospitals?", r"primary health",
    ),
    # The topic is mental healthcare: a mental health problem alone is a risk factor, not care.
    "mental-health": (
        r"mental health ?(?:care|services?|support|treatment|professionals?|facilit\w+|centres?|"
        r"centers?|system|institutions?)", r"psychiatri\w+",
        r"psycholog\w+ (?:support|assistance|counsell?ing|services?|treatment|care)",
    ),
    "housing": (
        r"social housing", r"housing", r"homeless\w*", r"rent(?:al)? (?:subsid\w+|bonus|support)",
        r"(?:pay|paying) (?:the )?rent",
    ),
    "employment": (
        r"vocational training", r"employment (?:services?|support|opportunit\w+|programmes?|offices?)",
        r"job (?:opportunit\w+|placements?|offers?)", r"find (?:a )?(?:job|work|employment)",
    ),
    "financial-support": (
        r"financial (?:assistance|support|aid|help)", r"economic (?:aid|assistance)",
        r"monthly (?:allowance|payment|assistance)", r"cash (?:assistance|benefits?)",
    ),
    "compensation": (r"compensation",),
    # Not the names of the bodies that fight it ("Special Prosecution Office against Corruption
    # and Organized Crime", "Anti-Corruption").
    "corruption": (r"(?<!against )(?<!Anti-)corrupt\w*(?! and Organi[sz]ed Crime)", r"brib\w+"),
    "stigma": (r"stigma\w*", r"ostraci[sz]\w+"),
    "re-trafficking": (r"re-?traffick\w*", r"retraffick\w*", r"reprisals?"),
    "witness-protection": (r"witness(?:es)? protection", r"protection of witnesses"),
    "shelters": (r"(?<!Coalition of Anti-Trafficking )shelters?",),
    "juvenile-justice": (r"juvenile justice", r"Criminal Justice Code for (?:Children|Minors)"),
    "internal-relocation": (r"internal(?:ly)? relocat\w+", r"relocat\w+ (?:to|within) (?:another|a different)"),
    "alternative-care": (r"alternative care", r"foster (?:care|families|family)", r"residential care"),
    "funding": (r"funding", r"funded by", r"donors?"),
}
_PATTERNS = {
    topic: re.compile(r"\b(?:" + "|".join(words) + r")\b", re.IGNORECASE)
    for topic, words in TOPIC_RULES.items()
}


def secondary_topics(section_topics: list[str], quote: str, vocabulary: Vocabulary | None) -> list[str]:
    """The section's topics, then (in vocabulary order) each topic whose rule the quote meets."""
    if vocabulary is None:
        return section_topics
    text = re.sub(r"\s+", " ", quote)
    need = 1 if len(text) <= SHORT_QUOTE else 2
    extra = [
        t for t in vocabulary.topic_ids()
        if t not in section_topics and t in _PATTERNS
        and len(_PATTERNS[t].findall(text)) >= need + (t in COMMON)
    ]
    return [*section_topics, *extra]
