"""Convert the text of an Asylos compiled COI report into excerpt records.

Public API: :func:`import_asylos` and :func:`summary_lines`. A pure library: no Click, no
printing, no files; the command line (``cocite import asylos``) reads the text and writes the
records with :func:`cocite.yamlio.dumps_records`.

The pipeline: :mod:`.asylos_pages` removes the PDF artefacts (link blocks, page furniture,
page-initial spaces) and keeps each page's links; :mod:`.asylos_parse` finds sections,
material parts and excerpts; :mod:`.asylos_sources` parses citations; :mod:`.asylos_links`
gives desk-review citations the link of their title; :mod:`.asylos_tags` and
:mod:`.asylos_ids` tag and name the records; :mod:`.asylos_ownership` checks the links source
by source; :mod:`.asylos_footnotes` gives each footnote to the quote with its marker;
:mod:`.asylos_passages` cuts the compiler's linking sentences out of quotes;
:mod:`.asylos_topics` adds secondary topics; :mod:`.asylos_authors` restores misspelt names;
:mod:`.asylos_overrides` applies reviewed per-record corrections last. Same input, same output.

Artefact repair (never a change of the report's words): line wraps joined, page-break blank
lines and link blocks removed, line-end hyphens re-joined where the report spells the word
whole, and the PDF's bullet glyph, extracted as the letter ``x`` after a tab, restored as
``•``. The compiler's own summaries (no quotation) are not records: they are listed in
:attr:`ImportResult.paraphrases`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from cocite.errors import ImportParseError
from cocite.importers.asylos_authors import correct_authors
from cocite.importers.asylos_excerpts import Excerpt
from cocite.importers.asylos_footnotes import attach_footnotes
from cocite.importers.asylos_ids import record_stem, unique_ids
from cocite.importers.asylos_links import LinkCandidate, align, drop_written_out, words_of
from cocite.importers.asylos_overrides import Override, apply_overrides
from cocite.importers.asylos_ownership import reconcile_links as _reconcile_links
from cocite.importers.asylos_ownership import source_key as _source_key
from cocite.importers.asylos_pages import PagedText, split_pages
from cocite.importers.asylos_parse import parse_report
from cocite.importers.asylos_passages import split_linked_passages
from cocite.importers.asylos_sources import (
    ParsedCitation,
    SourceParseError,
    parse_citation,
    refine_kind,
    split_citations,
)
from cocite.importers.asylos_tags import profiles_for, topics_for
from cocite.importers.asylos_topics import secondary_topics
from cocite.models import SOURCE_KEYS, UNTITLED_KINDS, Source, Vocabulary
from cocite.problems import Problem

# The annex link is recognised as the report's most frequent link on asylos.eu, if it is
# frequent enough to be the target of the report's "interview record" citations.
ANNEX_MIN_LINKS = 10


@dataclass(frozen=True, slots=True)
class ImportResult:
    """The records of one report and what the import noticed on the way."""

    records: list[dict[str, Any]]  # canonical key order, ready for yamlio.dumps_records
    warnings: list[Problem]
    per_section: dict[str, int] = field(default_factory=dict)  # section -> records, report order
    per_material: dict[str, int] = field(default_factory=dict)
    without_url: list[str] = field(default_factory=list)  # ids of desk-review records
    # Record id (of without_url) -> why the record has no link: what the report gives there.
    no_link_reasons: dict[str, str] = field(default_factory=dict)
    annex_url: str | None = None
    citation_lines: list[int] = field(default_factory=list)  # input line of each record's citation
    citation_texts: list[str] = field(default_factory=list)  # each citation as read, no prefix
    # Record id -> further citation lines of the same excerpt (the report repeats some).
    merged_lines: dict[str, list[int]] = field(default_factory=dict)
    # The compiler's own summaries of sources (no quotation): (citation line, text). They are
    # not records: a record's quote is the source's words, never the compiler's.
    paraphrases: list[tuple[int, str]] = field(default_factory=list)
    # Overrides applied: (record id, what changed).
    overridden: list[tuple[str, str]] = field(default_factory=list)
    # Authors the report misspells: (record id, the report's spelling, the source's).
    authors: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def translations(self) -> int:
        return sum(1 for r in self.records if "translation" in r)

    @property
    def footnotes(self) -> int:
        return sum(len(r.get("footnotes", ())) for r in self.records)


def import_asylos(
    text: str,
    *,
    report_id: str,
    name: str,
    vocabulary: Vocabulary | None = None,
    annex_url: str | None = None,
    overrides: Sequence[Override] = (),
    overrides_name: str = "overrides",
) -> ImportResult:
    """Records for every citation of an Asylos report's text.

    ``name`` labels problems (the input path). ``vocabulary`` maps sections to topics and
    orders profiles; without it records get no topics. ``annex_url`` is the link of the
    report's annex of interview transcripts; when None it is recognised in the text (the
    report's most frequent asylos.eu link), or left unknown.

    ``overrides`` (see :mod:`.asylos_overrides`, read from ``overrides_name``) are reviewed
    per-record corrections applied after the rules.

    Raises ImportParseError (every problem at once, each naming its line) for citations it
    cannot read, and DataError for overrides that name unknown records or tags.
    """
    paged = split_pages(text)
    parsed = parse_report(paged.lines, name)
    parsed.excerpts[:] = split_linked_passages(parsed.excerpts)
    footnote_warnings = attach_footnotes(parsed.excerpts)
    annex = annex_url if annex_url is not None else find_annex_url(paged)
    citations = _parse_citations(parsed.excerpts, name)
    urls = _reconcile_links(
        _assign_links(parsed.excerpts, citations, paged, annex),
        [_source_key(c[0].source) for c in citations],
        [c[0].source.kind in UNTITLED_KINDS for c in citations],
        [words_of(c[0].source.title, c[0].source.author, c[0].source.publisher) for c in citations],
        [(ex.citation_page, _excerpt_links(paged, ex, annex)) for ex in parsed.excerpts],
    )
    warnings: list[Problem] = [
        Problem(name, line, None, "footnotes", message, "warning") for line, message in footnote_warnings
    ]
    drafts: list[tuple[Excerpt, Source, list[str], list[str]]] = []
    for k, (ex, cited) in enumerate(zip(parsed.excerpts, citations)):
        first = cited[0]
        source = _with_url(first.source, urls.get(k), annex)
        kind = refine_kind(source.kind, source.url, ex.lead_in)
        if kind != source.kind:
            source = Source(**{**{key: getattr(source, key) for key in SOURCE_KEYS}, "kind": kind})
        topics = topics_for(ex.section.number, vocabulary)
        headings = (*ex.section.parents, ex.section.title)
        profiles = profiles_for(headings, ex.quote, vocabulary)
        drafts.append((ex, source, topics, profiles))
    # Paraphrases keep their place in the id sequence (ids are never reused, and the ids of
    # the records after them stay what they were).
    # Citations the importer learnt to read later (no "Source:" prefix, "See Sources:") and
    # the excerpts right after a citation without prefix (whose quote it used to swallow)
    # are numbered after all others, so that reading them changes no existing id.
    stems = [record_stem(s, ex.quote, t[0] if t else None) for ex, s, t, _ in drafts]
    # Topics the quote is plainly about besides its section's (after the ids: they name the
    # section's topic, and stay what they were).
    drafts = [(ex, s, secondary_topics(t, ex.quote, vocabulary), p) for ex, s, t, p in drafts]
    late = [
        ex.bare or ex.see or ex.split or (k > 0 and drafts[k - 1][0].bare)
        for k, (ex, *_rest) in enumerate(drafts)
    ]
    order = sorted(range(len(stems)), key=lambda k: (late[k], k))
    ordered_ids = unique_ids([stems[k] for k in order])
    ids = [""] * len(stems)
    for k, rid in zip(order, ordered_ids):
        ids[k] = rid
    paraphrases: list[tuple[int, str]] = []
    records: list[dict[str, Any]] = []
    record_lines: list[list[int]] = []
    record_texts: list[str] = []  # the citation of each record, as read
    first_of: dict[tuple[str, str], int] = {}  # same quote and source -> index of the record that holds it
    without_url: list[str] = []
    for rid, (ex, source, topics, profiles), cited in zip(ids, drafts, citations):
        if ex.paraphrase:
            paraphrases.append((ex.citation_line, ex.quote))
            warnings.extend(Problem(name, ex.citation_line, None, "quote", w, "warning") for w in ex.warnings)
            continue
        record = _record(rid, ex, source, topics, profiles, report_id)
        if len(cited) > 1:
            # A joint statement: the citation names several sources for the one quote.
            record = _with_joint_sources(record, [_with_url(c.source, None, annex) for c in cited[1:]])
        same = _identity(record)
        if same in first_of:
            # The report repeats an excerpt under another section: one record, tagged with the
            # topics and profiles of every place it is cited.
            kept = records[first_of[same]]
            _merge_tags(kept, record, vocabulary)
            if record["cited_in"][0] not in kept["cited_in"]:
                kept["cited_in"].append(record["cited_in"][0])  # every place it is cited
            if kept["source"].get("url") is None and record["source"].get("url") is not None:
                kept["source"]["url"] = record["source"]["url"]  # the link of the other place
                if kept["id"] in without_url:
                    without_url.remove(kept["id"])
            record_lines[first_of[same]].append(ex.citation_line)
            warnings.append(Problem(
                name, ex.citation_line, kept["id"], "quote",
                f"the same excerpt is cited again (section {ex.section.number}): merged into "
                f"the record of line {record_lines[first_of[same]][0]}",
                "warning",
            ))
            continue
        first_of[same] = len(records)
        records.append(record)
        record_lines.append([ex.citation_line])
        record_texts.append(ex.citation_text)
        warnings.extend(_warnings(name, rid, ex, cited, source, vocabulary, topics))
        if material_of(ex, source) == "desk-review" and source.url is None:
            without_url.append(rid)
    authors = correct_authors(records)
    overridden: list[tuple[str, str]] = []
    if overrides:
        page_of = {ex.citation_line: ex.citation_page for ex in parsed.excerpts}
        page_links = {
            r["id"]: frozenset(
                link for n in lines for link in paged.pages[page_of[n]].links
            )
            for r, lines in zip(records, record_lines)
        }
        overridden = apply_overrides(records, overrides, vocabulary, overrides_name, page_links)
        without_url = [
            r["id"] for r in records if r["material"] == "desk-review" and r["source"].get("url") is None
        ]
    by_line = {ex.citation_line: ex for ex in parsed.excerpts}
    no_link_reasons = {
        r["id"]: _why_no_link([by_line[n] for n in lines], paged, annex)
        for r, lines in zip(records, record_lines) if r["id"] in without_url
    }
    per_section = Counter(r["cited_in"][0]["section"] for r in records)
    per_material = Counter(r["material"] for r in records)
    return ImportResult(
        records=records,
        warnings=warnings,
        per_section={s.number: per_section[s.number] for s in parsed.sections if per_section[s.number]},
        per_material=dict(sorted(per_material.items())),
        without_url=without_url,
        no_link_reasons=no_link_reasons,
        annex_url=annex,
        citation_lines=[lines[0] for lines in record_lines],
        citation_texts=record_texts,
        merged_lines={
            r["id"]: lines[1:] for r, lines in zip(records, record_lines) if len(lines) > 1
        },
        paraphrases=paraphrases,
        overridden=overridden,
        authors=authors,
    )


def _why_no_link(excerpts: list[Excerpt], paged: PagedText, annex: str | None) -> str:
    """What the report gives where a desk-review record has no link (for the summary)."""
    pages = sorted({ex.citation_page for ex in excerpts})
    links = {link for ex in excerpts for link in _excerpt_links(paged, ex, annex)}
    where = ", ".join(str(ex.citation_line) for ex in excerpts)
    if not links:
        lost = any(not paged.pages[p].has_link_block for p in pages if p < len(paged.pages))
        block = "the link block of its page is lost in the text" if lost else "its page links nothing but the annex"
        return f"{block} (citation at line {where}), and the report links this source nowhere else"
    return (
        f"the links of its page (citation at line {where}) are other sources', and the report links this "
        "source nowhere else"
    )


def find_annex_url(paged: PagedText) -> str | None:
    counts = Counter(link for page in paged.pages for link in page.links if "asylos.eu" in link)
    if not counts:
        return None
    link, count = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return link if count >= ANNEX_MIN_LINKS else None


def _parse_citations(excerpts: list[Excerpt], name: str) -> list[list[ParsedCitation]]:
    """Every citation parsed; titles quoted elsewhere help read the unquoted ones."""
    problems: list[Problem] = []
    first_pass: list[list[ParsedCitation] | None] = []
    for ex in excerpts:
        try:
            first_pass.append([parse_citation(p) for p in split_citations(ex.citation_text)])
        except SourceParseError:
            first_pass.append(None)
    known = tuple(
        c.source.title for cs in first_pass if cs for c in cs
        if c.source.title and c.source.kind not in UNTITLED_KINDS
    )
    out: list[list[ParsedCitation]] = []
    for ex, cs in zip(excerpts, first_pass):
        if cs is None:
            try:
                cs = [parse_citation(p, known) for p in split_citations(ex.citation_text)]
            except SourceParseError as exc:
                problems.append(Problem(name, ex.citation_line, field="source", message=str(exc)))
                continue
        if not cs:
            problems.append(Problem(name, ex.citation_line, field="source", message="empty citation"))
            continue
        out.append(cs)
    if problems:
        raise ImportParseError(problems)
    return out


def _assign_links(
    excerpts: list[Excerpt], citations: list[list[ParsedCitation]], paged: PagedText, annex: str | None
) -> dict[int, str]:
    """Citation index -> link of its title (see :mod:`.asylos_links`).

    Two passes: the first keeps only links that share words with their citation, and so learns
    which link each source (author + title) has; the second also accepts links without shared
    words where the position and run length fit, unless the source is known to have another
    link or the link is known to be another source's.
    """
    keys = [_source_key(c[0].source) for c in citations]
    first = _align_pages(excerpts, citations, paged, annex, keys, {}, {}, strict=True)
    known: dict[tuple[str, str], set[str]] = {}
    owners: dict[str, set[tuple[str, str]]] = {}
    for k, link in first.items():
        known.setdefault(keys[k], set()).add(link)
        owners.setdefault(link, set()).add(keys[k])
    second = _align_pages(excerpts, citations, paged, annex, keys, known, owners, strict=False)
    # A link given to several sources without evidence stays with the source that has it most.
    votes: dict[str, Counter[tuple[str, str]]] = {}
    for k, link in second.items():
        votes.setdefault(link, Counter())[keys[k]] += 1
    out: dict[int, str] = {}
    for k, link in second.items():
        top = min(votes[link].items(), key=lambda kv: (-kv[1], kv[0]))[0]
        if keys[k] == top or k in first or link == annex:
            out[k] = link
    return out


def _excerpt_links(paged: PagedText, ex: Excerpt, annex: str | None) -> tuple[str, ...]:
    """The links of the link blocks of the pages an excerpt spans (its lead-in may name the
    source, with a link, on the page before its citation), without the annex link; in order."""
    first = next((ln.page for ln in paged.lines if ln.number >= ex.first_line), ex.citation_page)
    links = [
        link for page in range(min(first, ex.citation_page), ex.citation_page + 1)
        if page < len(paged.pages) for link in paged.pages[page].links
    ]
    return tuple(dict.fromkeys(link for link in links if link != annex))


def _align_pages(
    excerpts: list[Excerpt],
    citations: list[list[ParsedCitation]],
    paged: PagedText,
    annex: str | None,
    keys: list[tuple[str, str]],
    known: dict[tuple[str, str], set[str]],
    owners: dict[str, set[tuple[str, str]]],
    strict: bool,
) -> dict[int, str]:
    by_page: dict[int, list[int]] = {}
    for k, ex in enumerate(excerpts):
        by_page.setdefault(ex.citation_page, []).append(k)
    page_text: dict[int, list[str]] = {}
    for line in paged.lines:
        page_text.setdefault(line.page, []).append(line.text)
    out: dict[int, str] = {}
    for page, members in sorted(by_page.items()):
        links = paged.pages[page].links if page < len(paged.pages) else ()
        if not links:
            continue
        cands = []
        for k in members:
            src = citations[k][0].source
            mine = known.get(keys[k])
            foreign = frozenset(link for link, who in owners.items() if keys[k] not in who)
            cands.append(LinkCandidate(
                index=k,
                interview=src.kind in UNTITLED_KINDS,
                words=words_of(src.title, src.author, src.publisher),
                title_lines=_title_lines(excerpts[k].citation_lines),
                known=frozenset(mine) if mine else None,
                foreign=foreign,
            ))
        usable = drop_written_out(links, "\n".join(page_text.get(page, [])))
        out.update(align(cands, usable, annex, strict=strict))
    return out


def _title_lines(lines: list[str]) -> int:
    """Lines the first title spans (a wrapped title is listed once per line in the link block)."""
    start = next((i for i, ln in enumerate(lines) if re.search(r"[“”\"]", ln)), None)
    if start is None:
        return 1
    text_from = "\n".join(lines[start:])
    first = re.search(r"[“”\"]", text_from)
    assert first is not None
    close = re.search(r"[”\"](?=\s*[,:]|\s+\d|\s*$)", text_from[first.end():])
    if close is None:
        return 1
    return text_from[: first.end() + close.start()].count("\n") + 1


def _with_url(source: Source, link: str | None, annex: str | None) -> Source:
    if source.kind in UNTITLED_KINDS:
        # Interview records and written communications are published in the report's annex.
        link = annex
    if link is None or not re.match(r"https?://", link):
        return source
    return Source(**{**{k: getattr(source, k) for k in SOURCE_KEYS}, "url": link})


def _record(
    rid: str, ex: Excerpt, source: Source, topics: list[str], profiles: list[str], report_id: str
) -> dict[str, Any]:
    out: dict[str, Any] = {"id": rid, "topics": topics}
    if profiles:
        out["profiles"] = profiles
    out["material"] = material_of(ex, source)
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


def _identity(record: dict[str, Any]) -> tuple[str, str]:
    """Same quote and same source.

    Differences that are not the source's words don't count: the report's dash and case
    variants in a name; in the quote, the style of quotation marks (‘…’ or “…”, a stray
    closing mark, a comma inside or outside the marks), the report's footnote markers glued to a word ("a month,12 which" and
    "a month,15 which"), and line breaks.
    """
    source = {
        k: re.sub(r"\s*[-–]\s*", "-", str(v)).lower()
        for k, v in record["source"].items() if k != "url"  # the link is found, not cited
    }
    return quote_identity(record["quote"]), repr(sorted(source.items()))


def quote_identity(quote: str) -> str:
    """The quote as compared for repeats (see :func:`_identity`)."""
    # Quotation marks, with a comma or full stop set inside or outside them (‘… us’ she said
    # and “… us,” she said are one passage).
    text = re.sub(r"[,.]?[“”„‘’‚\"'`]+[,.]?", " ", quote)
    # Footnote markers glued to a word or its punctuation ("bondage8", "a month,12").
    text = re.sub(r"(?<=[^\W\d_]|[.,;:)])\d{1,2}(?=\s|$)", "", text)
    return re.sub(r"\s+", " ", text).strip(" .,")


def _merge_tags(kept: dict[str, Any], other: dict[str, Any], vocabulary: Vocabulary | None) -> None:
    """Union of topics and profiles, in vocabulary order."""
    for key, order in (
        ("topics", vocabulary.topic_ids() if vocabulary else ()),
        ("profiles", vocabulary.profile_ids() if vocabulary else ()),
    ):
        union = set(kept.get(key, [])) | set(other.get(key, []))
        if not union:
            continue
        ranked = sorted(union, key=lambda x: (order.index(x) if x in order else len(order), x))
        if key == "profiles" and "profiles" not in kept:
            # Keep canonical key order: profiles come right after topics.
            items = list(kept.items())
            kept.clear()
            for k, v in items:
                kept[k] = v
                if k == "topics":
                    kept["profiles"] = ranked
        else:
            kept[key] = ranked


def material_of(ex: Excerpt, source: Source) -> str:
    """Interview material is Asylos's own (interview records, written communications); the
    report's sub-heading is the fallback, as one part lacks its 'Interview material' heading."""
    if source.kind in UNTITLED_KINDS:
        return "interview"
    return "desk-review"


# Languages a translation note may name ("In-house translation by Dutch speaker").
NOTE_LANGUAGES = {"albanian": "sq", "dutch": "nl", "french": "fr", "italian": "it", "greek": "el", "german": "de"}


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


def _warnings(
    name: str, rid: str, ex: Excerpt, cited: list[ParsedCitation], source: Source,
    vocabulary: Vocabulary | None, topics: list[str],
) -> list[Problem]:
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
    if material_of(ex, source) != (ex.material or material_of(ex, source)):
        heading = "Desk review material" if ex.material == "desk-review" else "Interview material"
        out.append(Problem(
            name, ex.citation_line, rid, "material",
            f"{source.kind} source under the '{heading}' heading: material follows the source",
            "warning",
        ))
    if material_of(ex, source) == "desk-review" and source.url is None:
        out.append(Problem(name, ex.citation_line, rid, "source.url", "no link for this citation on its page", "warning"))
    if vocabulary is not None and not topics:
        out.append(Problem(name, ex.citation_line, rid, "topics", f"section {ex.section.number} maps to no topic", "warning"))
    if ex.original is not None and _language(ex.note, ex.original) is None:
        out.append(Problem(name, ex.citation_line, rid, "translation", "the original's language is not recognised: language left unset", "warning"))
    return out


def summary_lines(result: ImportResult) -> list[str]:
    """Plain-text lines for the command line's summary after an import."""
    lines = [f"{len(result.records)} records"]
    lines.append("by material: " + ", ".join(f"{k} {v}" for k, v in result.per_material.items()))
    lines.append("by section:")
    lines.extend(f"  {section:<9} {count}" for section, count in result.per_section.items())
    lines.append(f"translations: {result.translations}, footnotes: {result.footnotes}")
    lines.append(f"annex link: {result.annex_url or 'unknown (interview records have no url)'}")
    lines.append(f"paraphrases not imported (the report's own summary, no quotation): {len(result.paraphrases)}")
    lines.extend(f"  line {n}: {text[:90]}" for n, text in result.paraphrases)
    if result.authors:
        lines.append(f"authors as the source names them (the report's spelling kept in author_as_cited): {len(result.authors)}")
        lines.extend(f"  {rid}: {wrong!r} -> {right!r}" for rid, wrong, right in result.authors)
    if result.overridden:
        lines.append(f"overrides applied: {len(result.overridden)}")
        lines.extend(f"  {rid}: {what}" for rid, what in result.overridden)
    lines.append(f"desk-review sources without url: {len(result.without_url)}")
    lines.extend(
        f"  {rid}: {result.no_link_reasons[rid]}" if rid in result.no_link_reasons else f"  {rid}"
        for rid in result.without_url
    )
    lines.append(f"warnings: {len(result.warnings)}")
    lines.extend(f"  {w}" for w in result.warnings)
    return lines
