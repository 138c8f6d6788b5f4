"""The record of one excerpt: its source, tags, material, translation, and what to warn about.

:func:`draft_of` gathers what the rules decide for an excerpt (the source with its link and
kind, the section's topics, the profiles); :func:`record_of` writes the record in canonical key
order; :func:`record_warnings` lists what the import noticed about it. Ids are given elsewhere
(:mod:`.asylos_ids`), and so is the merging of an excerpt the report cites twice
(:mod:`.asylos_repeats`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from cocite.importers.asylos_excerpts import Excerpt
from cocite.importers.asylos_sources import ParsedCitation, refine_kind
from cocite.importers.asylos_tags import profiles_for, topics_for
from cocite.models import SOURCE_KEYS, UNTITLED_KINDS, Source, Vocabulary
from cocite.problems import Problem

# Languages a translation note may name ("In-house translation by Dutch speaker").
NOTE_LANGUAGES = {"albanian": "sq", "dutch": "nl", "french": "fr", "italian": "it", "greek": "el", "german": "de"}


@dataclass(slots=True)
class Draft:
    """What the rules decided for one excerpt, before it has an id."""

    excerpt: Excerpt
    cited: list[ParsedCitation]  # every source its citation names: the first is the record's
    source: Source  # the first, with its link and its kind refined by link and lead-in
    topics: list[str]
    profiles: list[str]


def draft_of(
    ex: Excerpt, cited: list[ParsedCitation], link: str | None, annex: str | None,
    vocabulary: Vocabulary | None,
) -> Draft:
    """The excerpt's source (given ``link``, or the annex for interview material), the topics of
    its section and the profiles of its headings and quote."""
    source = with_url(cited[0].source, link, annex)
    kind = refine_kind(source.kind, source.url, ex.lead_in)
    if kind != source.kind:
        source = Source(**{**{key: getattr(source, key) for key in SOURCE_KEYS}, "kind": kind})
    topics = topics_for(ex.section.number, vocabulary)
    headings = (*ex.section.parents, ex.section.title)
    profiles = profiles_for(headings, ex.quote, vocabulary)
    return Draft(ex, cited, source, topics, profiles)


def with_url(source: Source, link: str | None, annex: str | None) -> Source:
    if source.kind in UNTITLED_KINDS:
        # Interview records and written communications are published in the report's annex.
        link = annex
    if link is None or not re.match(r"https?://", link):
        return source
    return Source(**{**{k: getattr(source, k) for k in SOURCE_KEYS}, "url": link})


def material_of(source: Source) -> str:
    """Material follows the source: Asylos's own (interview records, written communications)
    is interview material, all else desk review. The report's sub-heading is not relied on (one
    part lacks its 'Interview material' heading); where it disagrees, :func:`record_warnings`
    says so."""
    if source.kind in UNTITLED_KINDS:
        return "interview"
    return "desk-review"


def record_of(rid: str, draft: Draft, report_id: str, annex: str | None) -> dict[str, Any]:
    """The record (canonical key order), with ``joint_sources`` when the citation names several."""
    record = _record(rid, draft.excerpt, draft.source, draft.topics, draft.profiles, report_id)
    if len(draft.cited) > 1:
        # A joint statement: the citation names several sources for the one quote.
        others = [with_url(c.source, None, annex) for c in draft.cited[1:]]
        record = _with_joint_sources(record, others)
    return record


def _record(
    rid: str, ex: Excerpt, source: Source, topics: list[str], profiles: list[str], report_id: str
) -> dict[str, Any]:
    out: dict[str, Any] = {"id": rid, "topics": topics}
    if profiles:
        out["profiles"] = profiles
    out["material"] = material_of(source)
    if ex.lead_in:
        out["lead_in"] = ex.lead_in
    out["quote"] = ex.quote
    # ``url: null`` on desk-review material says "the report gives no link that could be
    # attributed to this source" (validate warns only when the key is missing: nobody looked).
    keep_null = {"date", "url"} if out["material"] == "desk-review" else {"date"}
    out["source"] = {
        k: getattr(source, k) for k in SOURCE_KEYS if getattr(source, k) is not None or k in keep_null
    }
    out["cited_in"] = [{"report": report_id, "section": ex.section.number}]
    if ex.original is not None or ex.note is not None:
        language = _language(ex.note, ex.original)
        translation: dict[str, str] = {"language": language} if language else {}
        if ex.original is not None:
            translation["original"] = ex.original
        if ex.note is not None:
            translation["note"] = ex.note
        out["translation"] = translation
    if ex.footnotes:
        out["footnotes"] = list(ex.footnotes)
    return out


def _with_joint_sources(record: dict[str, Any], others: list[Source]) -> dict[str, Any]:
    """The record with ``joint_sources`` right after ``source`` (canonical key order)."""
    out: dict[str, Any] = {}
    for key, value in record.items():
        out[key] = value
        if key == "source":
            out["joint_sources"] = [
                {k: getattr(s, k) for k in SOURCE_KEYS if getattr(s, k) is not None or k == "date"}
                for s in others
            ]
    return out


def _language(note: str | None, original: str | None) -> str | None:
    """The original's language: named by the note's "... by Dutch speaker", else Albanian if
    the text is recognisably Albanian (the note "The author is an Albanian native speaker" is
    about the translator, but these originals are Albanian), else unknown."""
    if note:
        m = re.search(r"by (\w+) speaker", note)
        if m and m.group(1).lower() in NOTE_LANGUAGES:
            return NOTE_LANGUAGES[m.group(1).lower()]
    return "sq" if _is_albanian(original) else None


def _is_albanian(text: str | None) -> bool:
    """Albanian text: ë/ç and frequent Albanian function words (one report quotes Dutch)."""
    if not text:
        return False
    words = re.findall(r"\w+", text.lower())
    hits = sum(1 for w in words if w in {"të", "në", "dhe", "për", "një", "që", "nga", "janë", "është", "së"})
    return hits >= 3 or (hits >= 1 and text.count("ë") >= 3)


def record_warnings(name: str, rid: str, draft: Draft, vocabulary: Vocabulary | None) -> list[Problem]:
    """What the import noticed about one record (``name`` is the input, for the messages)."""
    ex, cited, source = draft.excerpt, draft.cited, draft.source
    out = [Problem(name, ex.citation_line, rid, "quote", w, "warning") for w in ex.warnings]
    for c in cited:
        out.extend(Problem(name, ex.citation_line, rid, "source", n, "warning") for n in c.notes)
    if len(cited) > 1:
        others = "; ".join(f"{c.source.author} ({c.source.date or 'undated'})" for c in cited[1:])
        out.append(Problem(
            name, ex.citation_line, rid, "source",
            f"the citation names {len(cited)} sources (a joint statement): source is the first, "
            f"joint_sources the others: {others}",
            "warning",
        ))
    if material_of(source) != (ex.material or material_of(source)):
        heading = "Desk review material" if ex.material == "desk-review" else "Interview material"
        out.append(Problem(
            name, ex.citation_line, rid, "material",
            f"{source.kind} source under the '{heading}' heading: material follows the source",
            "warning",
        ))
    if material_of(source) == "desk-review" and source.url is None:
        out.append(Problem(name, ex.citation_line, rid, "source.url", "no link for this citation on its page", "warning"))
    if vocabulary is not None and not draft.topics:
        out.append(Problem(name, ex.citation_line, rid, "topics", f"section {ex.section.number} maps to no topic", "warning"))
    if ex.original is not None and _language(ex.note, ex.original) is None:
        out.append(Problem(name, ex.citation_line, rid, "translation", "the original's language is not recognised: language left unset", "warning"))
    return out


def set_tags(record: dict[str, Any], key: str, tags: list[str]) -> None:
    """Set topics/profiles keeping the canonical key order (profiles right after topics)."""
    if key == "topics" or "profiles" in record:
        if key == "profiles" and not tags:
            del record["profiles"]  # no profile: the excerpt is general
        else:
            record[key] = tags
        return
    if not tags:
        return
    items = list(record.items())
    record.clear()
    for k, v in items:
        record[k] = v
        if k == "topics":
            record["profiles"] = tags
