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

import functools
import re
from collections.abc import Sequence

from cocite.models import Vocabulary

# The words that name each profile. "boys" is male + child, "girls" female + child.
PROFILE_WORDS: dict[str, tuple[str, ...]] = {
    "male": (
        r"men", r"boys?", r"males?", r"young men", r"guys?",
        r"male (?:victims?|VoTs?|child(?:ren)?|minors?)",
        # The victim as a pronoun: "where he forced him to beg".
        r"(?:forced|forcing|exploited|exploiting|trafficked|sold|bought|recruited|abused) him",
    ),
    "female": (
        r"women", r"woman", r"girls?", r"females?", r"mothers?",
        r"female (?:victims?|VoTs?|child(?:ren)?|minors?)",
        r"(?:forced|forcing|exploited|exploiting|trafficked|sold|bought|recruited|abused) her",
    ),
    "child": (
        r"child(?:ren)?", r"minors?", r"boys?", r"girls?", r"juveniles?", r"adolescents?",
        r"under(?: the age of)? 18", r"unaccompanied", r"underaged?", r"teenagers?", r"teenage",
    ),
    # The people: women and men are adults (as girls and boys are children).
    "adult": (r"adults?", r"women", r"men", r"adult (?:victims?|VoTs?)"),
    "lgbtqi": (r"LGBT\w*\+?", r"gay", r"homosexual\w*", r"transgender", r"sexual orientation"),
    "roma-egyptian": (r"Roma", r"Romani", r"Egyptians?", r"Balkan-Egyptian"),
    "disability": (r"disabilit(?:y|ies)", r"disabled"),
    # Not "migrants" alone: in Albanian COI it mostly means Albanians who emigrate. Refugees,
    # asylum seekers, immigrants and migrants entering Albania are foreigners in Albania.
    "foreign-national": (
        r"foreign (?:victims?|nationals?|citizens?|VoTs?|PVoTs?)", r"foreigners?",
        r"third[- ]country nationals?", r"foreign or domestic", r"domestic or foreign",
        r"refugees?", r"asylum[- ]seekers?", r"immigrants?", r"Syrians?", r"Afghans?",
        r"migrants (?:entering|arriving|accommodated|in the territory)",
        r"(?:migrants|foreigners) (?:who|that) (?:come|came|arrive) (?:to|in) Albania",
    ),
    "sexual-exploitation": (
        r"sexual(?:ly)? exploit\w*", r"sex trafficking", r"prostitut\w*", r"sexual purposes?",
        r"sex work\w*", r"commercial sex\w*", r"sexual services?", r"sex trade",
        r"pimp(?:s|ing)?", r"brothels?", r"sexual and labou?r exploitation",
    ),
    "forced-labour": (
        r"forced labou?r", r"forced or compulsory labou?r", r"labou?r exploitation",
        r"labou?r trafficking", r"bonded labou?r", r"debt bondage", r"forced into labou?r",
        r"exploited (?:for|in) (?:work|labou?r)",
        r"worst forms of child labou?r",
        # Debt bondage described: made to work (or trafficked) to pay a debt off.
        r"(?:work(?:ed|ing)?|trafficked) (?:\w+ ){0,4}to pay (?:back |off )?(?:the |their |his |her |a )?debts?",
    ),
    "forced-criminality": (
        r"forced criminality", r"criminal exploitation", r"criminal activit(?:y|ies)",
        r"cannabis", r"drug (?:dealing|distribution)", r"sell(?:ing)? drugs", r"petty crimes?",
        r"criminal gangs? (?:\w+ ){0,2}(?:used?|using|exploit\w*|recruit\w*)",
        r"(?:commit(?:s|ted|ting)?|used (?:also )?for) criminal acts", r"for criminality",
    ),
    "forced-begging": (r"begging", r"beg", r"begged"),
    "forced-marriage": (r"forced marriages?", r"early marriages?", r"sham marriages?", r"child marriages?", r"false marriages?"),
    "domestic-servitude": (r"domestic servitude",),
}
_PATTERNS = {
    pid: re.compile(r"\b(?:" + "|".join(words) + r")\b", re.IGNORECASE if pid != "roma-egyptian" else 0)
    for pid, words in PROFILE_WORDS.items()
}
# Words that name people in a quote without making them its subject; blanked before matching.
_PERSON = re.compile(r"\b(?:Women|Woman|Children|Child|Minors?|Adults?|Men|Boys|Girls|Juveniles?)\b")
# A run of capitalised words, joined by small words or commas: a name when it has three or
# more capitalised words, a person word and two others ("Albanian Women Empowerment Network", "...,
# Especially Women and Children", "Law on the Protection of Children Rights").
_CAP = r"[A-Z][\w’'-]*"
_NAME_RUN = re.compile(rf"\b{_CAP}(?:(?:\s+(?:and|of|for|the|in|on|to|against|&)\s+|,?\s+){_CAP})+\b")
NOT_THE_SUBJECT: tuple[re.Pattern[str], ...] = (
    # Offences named by the Criminal Code: "Trafficking in adults", “Trafficking of minors”.
    re.compile(r"\bTrafficking (?:in|of) (?:adults|minors|children|persons)\b"),
    # Victims' own children: "women who come back with children", "single mothers ... their
    # children", "the victims that have children", "accompanying their mothers".
    re.compile(
        r"\b(?:(?:with|without) (?:their |her |his )?(?:own )?"
        r"|(?:their|her|his|your|my|our) (?:own )?(?:\w+ )?"
        r"|(?:have|has|had) (?:a |one |two |three |four |\d+ )?)(?:child|children|kids|babies|baby)\b"
        r"|\b(?:child|children) (?:that are |who are )?accompanying\b"
        r"|\b(?:child or children|child|children) in custody\b"
        r"|\b(?:beds?|cots?) for babies\b",
        re.IGNORECASE,
    ),
    # Traffickers described, not victims: "male traffickers", "identified their trafficker(s)
    # as male", "Traffickers, especially young males", "most of the members are men".
    re.compile(
        r"\b(?:male|female) traffickers?\b|\bMale trafficker\b|\bFemale trafficker\b"
        r"|\btraffickers?(?:\(s\))? (?:as|are|were|is|was) (?:\w+ ){0,2}(?:male|female|men|women)\b"
        r"|\btraffickers?, (?:especially|mainly|mostly|often) (?:young )?(?:males|men|females|women)\b"
        r"|\bmembers (?:are|were) (?:\w+ ){0,2}(?:men|women)\b",
        re.IGNORECASE,
    ),
    # Accused traffickers, not victims: "two young boys, they had been accused of trafficking",
    # "the guys denied".
    re.compile(
        r"\b(?:young )?(?:boys|males|men|guys)\b(?=[^.]{0,80}\baccused of)"
        r"|\bthe guys denied\b",
        re.IGNORECASE,
    ),
    # Economic hardship, not disability.
    re.compile(r"\beconomically disabled\b", re.IGNORECASE),
    # Anyone, not foreign victims: "any Albanian or foreign citizen can deposit ...".
    re.compile(r"\bAlbanian or foreign (?:citizens?|nationals?)\b", re.IGNORECASE),
)
LONG_QUOTE = 800
# The patterns of NOT_THE_SUBJECT that name other people (the victims' own children,
# traffickers, accused traffickers), as opposed to names and offences.
SOMEONE_ELSE = NOT_THE_SUBJECT[1:4]
# A sentence that says what happens to people (exploited, forced, trafficked, at risk): one
# profile word in it decides a long quote. Not "victims" or "trafficking" alone: nearly every
# sentence of a report on trafficking has them.
_DECISIVE = re.compile(
    r"\b(?:exploited|forced|forcing|trafficked|at (?:higher |greater )?risk|more vulnerable|"
    r"most vulnerable|recruited|sold|bought|abused|to beg|exploit(?:s|ing)? them)\b",
    re.IGNORECASE,
)
# Profiles that name people; a heading's people are not the quote's when the quote names
# them only as someone else (the victims' own children, accused traffickers).
PEOPLE = ("male", "female", "child", "adult")


def matching_text(quote: str) -> str:
    """The quote as profile words are matched in it: line breaks joined ("Sexual⏎exploitation"),
    footnote markers glued to a word dropped ("bondage8"), and the words that name people who
    are not the quote's subject blanked (see :data:`NOT_THE_SUBJECT`)."""
    text = re.sub(r"\s+", " ", quote)
    text = re.sub(r"(?<=[^\W\d_])\d{1,2}\b", "", text)
    text = _NAME_RUN.sub(_blank_name, text)
    for pattern in NOT_THE_SUBJECT:
        text = pattern.sub(functools.partial(_blank_unless_parents, text=text), text)
    return text


def _blank_unless_parents(m: re.Match[str], text: str) -> str:
    """Blank the words, unless parents or families are the ones whose children these are
    ("educate [families] on ... trafficking for their children": the children are at risk)."""
    if re.search(r"\b(?:parents?|famil(?:y|ies))\b", text[max(0, m.start() - 200):m.start()], re.IGNORECASE) \
            and re.search(r"\b(?:their|your|our) ", m.group(0)):
        return m.group(0)
    return " "


def _blank_name(m: re.Match[str]) -> str:
    run = m.group(0)
    capitals = re.findall(r"\b[A-Z][\w’'-]*", run)
    others = [c for c in capitals if not _PERSON.fullmatch(c)]
    # Two other capitalised words at least: a table's header row ("Total Men Women") is not a name.
    return " " if len(others) >= 2 and len(others) < len(capitals) else run


def _subject_of(pattern: re.Pattern[str], text: str, long: bool) -> bool:
    """The profile's words name the quote's subject: once in a short quote; in a long one
    twice, or once in a decisive sentence (people as victims, exploited, at risk)."""
    hits = list(pattern.finditer(text))
    if not long:
        return bool(hits)
    if len(hits) >= 2:
        return True
    for m in hits:
        start = max(text.rfind(". ", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
        end = min((i for i in (text.find(". ", m.end()), len(text)) if i >= 0))
        if _DECISIVE.search(text[start:end]):
            return True
    return False


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
    raw = re.sub(r"\s+", " ", quote)
    text = matching_text(quote)
    others_blanked = raw
    for other in SOMEONE_ELSE:
        others_blanked = other.sub(functools.partial(_blank_unless_parents, text=raw), others_blanked)
    for pid, pattern in _PATTERNS.items():
        in_quote = _subject_of(pattern, text, long=len(quote) > LONG_QUOTE)
        if in_quote:
            found.add(pid)
        elif pattern.search(heading_text):
            # The heading's profile, unless the quote names those people only as someone else.
            if not (pid in PEOPLE and pattern.search(raw) and not pattern.search(others_blanked)):
                found.add(pid)
    order = vocabulary.profile_ids() if vocabulary is not None else tuple(PROFILE_WORDS)
    known = [p for p in order if p in found]
    return known
