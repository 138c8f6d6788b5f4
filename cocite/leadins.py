"""Lead-ins that refer back: supply the referent, or leave the lead-in out and say so.

A compiled report introduces consecutive excerpts from one source as "The same interlocutor
stated:" or "In relation to the issue of reprisals, the same interlocutor noted that:". Taken
out of the report, such a lead-in refers to whatever extract happens to come before it in a
bundle or schedule. The rule, used by both (:func:`resolve`):

* a lead-in that does not refer back is printed as it is;
* one that refers back and follows an extract from the same source (in the same issue or
  group) is printed as it is: it reads as it did in the report;
* otherwise the referring phrase is replaced by the referent in square brackets, the legal
  convention for an editor's insertion: "In relation to the issue of reprisals, [Vatra] noted
  that:" ("the same report" becomes "[the report by UNICEF]");
* where the referent cannot be supplied (the phrase is not one a name can replace, or the
  source's author is named elsewhere in the lead-in, so the phrase points at someone else),
  the lead-in is left out and a note says so.

The record's ``lead_in`` is never changed: only what a document prints.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from cocite.models import Record, Source
from cocite.terms import fold

# Nouns for a person: "the same interlocutor" is the source's author only when the source is
# that person's own interview or written communication; in a report (a fact-finding
# mission's, say) the interlocutor is someone the report quotes, whom the record does not name.
PERSON_NOUNS = ("interlocutor", "interlocutors", "interviewee", "interviewees", "representative",
                "representatives", "official", "officials", "respondent", "expert", "speaker",
                "she", "he")
OWN_WORDS = ("interview", "written-communication")
# Nouns for a document: "the same report" names a work, compared by author and title.
DOCUMENT_NOUNS = ("report", "text", "article", "study", "paper", "publication", "document",
                  "submission", "briefing", "guide", "evaluation", "statement")
# "The same interlocutor stated", "... the same organisation published": replaceable by a name.
_SAME = re.compile(r"\b(?P<the>the) same (?P<noun>[a-z]+)\b", re.IGNORECASE)
# A pronoun or bare role opening the lead-in: "She added:", "The interlocutor also noted:".
_OPENING = re.compile(
    r"^(?P<phrase>(?:she|he|they)|the (?:interlocutor|interviewee|representative|"
    r"organisation|organization|latter)s?)\b(?=[^:]*\b(?:also|further|added|adds|continued|"
    r"went on|stated|noted|said|explained|commented|observed|reported)\b)",
    re.IGNORECASE,
)
# Phrases that refer back but cannot be replaced by a name.
_UNRESOLVABLE = re.compile(r"\bthe above (?:passage|extract|quote)\b|\bfollowing the interview\b",
                           re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class LeadIn:
    """What a document prints for one extract's lead-in, and why (None: nothing printed)."""

    text: str | None
    supplied: str | None = None  # the bracketed referent, when one was supplied
    left_out: str | None = None  # why the lead-in was left out


def refers_back(lead_in: str | None) -> bool:
    """Whether the lead-in refers to an excerpt before it (the rule's patterns)."""
    if not lead_in:
        return False
    return bool(_SAME.search(lead_in) or _OPENING.match(lead_in)
                or _UNRESOLVABLE.search(lead_in))


def _person(source: Source) -> str:
    return fold(source.author).strip()


def _work(source: Source) -> tuple[str, str]:
    return _person(source), fold(source.title or "").strip()


def _same_referent(record: Record, previous: Record | None, document: bool) -> bool:
    if previous is None:
        return False
    if document:
        return _work(record.source) == _work(previous.source)
    return _person(record.source) == _person(previous.source)


def _bracket(noun: str, author: str, capital: bool) -> str:
    if noun.lower() in DOCUMENT_NOUNS:
        text = f"the {noun.lower()} by {author}"
        return f"[{text[0].upper() + text[1:] if capital else text}]"
    return f"[{author}]"


def resolve(record: Record, previous: Record | None) -> LeadIn:
    """The lead-in of ``record`` as printed after ``previous`` (None: first of its issue)."""
    text = record.lead_in
    if not text or not refers_back(text):
        return LeadIn(text)
    same = _SAME.search(text)
    opening = _OPENING.match(text)
    document = bool(same and same.group("noun").lower() in DOCUMENT_NOUNS)
    if _same_referent(record, previous, document):
        return LeadIn(text)
    author = record.source.author.strip()
    if _UNRESOLVABLE.search(text):
        return LeadIn(None, left_out="it refers to an earlier passage, which is not the "
                      "extract before it here")
    if not author or _named_in(author, text):
        return LeadIn(None, left_out="it refers back to a source the record does not name "
                      "(its author is named elsewhere in the lead-in)")
    if same is not None and (opening is None or same.start() <= opening.start()):
        span, noun = same.span(), same.group("noun")
        capital = same.group("the")[0].isupper()
    else:
        assert opening is not None  # refers_back matched one of the patterns
        span, noun, capital = opening.span(), opening.group("phrase").split()[-1], True
    if noun.lower().rstrip("s") in {n.rstrip("s") for n in PERSON_NOUNS} \
            and record.source.kind not in OWN_WORDS:
        return LeadIn(None, left_out=f"it refers back to a person the {record.source.kind} "
                      "quotes, whom the record does not name")
    supplied = _bracket(noun, author, capital)
    return LeadIn(text[:span[0]] + supplied + text[span[1]:], supplied=supplied)


def _named_in(author: str, text: str) -> bool:
    """Whether the lead-in names the author, or a part of its name ("URAT" of "United
    Response Against Trafficking in Persons in Albania - URAT")."""
    parts = [author, *re.split(r"\s+[-–]\s+|[(),;]", author)]
    folded = fold(text)
    return any(re.search(rf"\b{re.escape(fold(p.strip()))}\b", folded)
               for p in parts if len(p.strip()) >= 3)


def resolve_all(records: Sequence[Record]) -> list[LeadIn]:
    """The lead-ins of consecutive extracts (one issue or group), each after the one before."""
    out = []
    previous: Record | None = None
    for record in records:
        out.append(resolve(record, previous))
        previous = record
    return out
