"""Convert the text of an Asylos compiled COI report into excerpt records.

Public API: :func:`import_asylos` and :func:`summary_lines`. A pure library: no Click, no
printing, no files; the command line (``cocite import asylos``) reads the text and writes the
records with :func:`cocite.yamlio.dumps_records`.

The pipeline, in order: :mod:`.asylos_pages` removes the PDF artefacts (link blocks, page
furniture, page-initial spaces) and keeps each page's links; :mod:`.asylos_parse` finds
sections, material parts and citations, and :mod:`.asylos_excerpts` splits the text before each
citation into lead-in, quote, footnotes and translation (:mod:`.asylos_text` joins wrapped
lines); :mod:`.asylos_passages` cuts the compiler's linking sentences out of quotes;
:mod:`.asylos_footnotes` gives each footnote to the quote with its marker;
:mod:`.asylos_sources` parses citations; :mod:`.asylos_linking` gives desk-review citations the
link of their title (:mod:`.asylos_page_links` aligns a page's link block,
:mod:`.asylos_ownership` checks the links source by source); :mod:`.asylos_records` makes each
excerpt's record, tagged by :mod:`.asylos_tags` and named by :mod:`.asylos_ids`;
:mod:`.asylos_topics` adds secondary topics; :mod:`.asylos_repeats` makes one record of an
excerpt cited twice; :mod:`.asylos_authors` restores misspelt names; :mod:`.asylos_overrides`
applies reviewed per-record corrections last. Same input, same output.

Artefact repair (never a change of the report's words): line wraps joined, page-break blank
lines and link blocks removed, line-end hyphens re-joined where the report spells the word
whole, and the PDF's bullet glyph, extracted as the letter ``x`` after a tab, restored as
``•``. The compiler's own summaries (no quotation) are not records: they are listed in
:attr:`ImportResult.paraphrases`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from cocite.importers.asylos_authors import correct_authors
from cocite.importers.asylos_excerpts import Excerpt, Section
from cocite.importers.asylos_footnotes import attach_footnotes
from cocite.importers.asylos_ids import record_stem, unique_ids
from cocite.importers.asylos_linking import find_annex_url, link_citations, why_no_link
from cocite.importers.asylos_overrides import Override, apply_overrides
from cocite.importers.asylos_pages import PagedText, split_pages
from cocite.importers.asylos_parse import parse_report
from cocite.importers.asylos_passages import split_linked_passages
from cocite.importers.asylos_records import Draft, draft_of
from cocite.importers.asylos_repeats import Collected, collect_records
from cocite.importers.asylos_sources import parse_citations
from cocite.importers.asylos_topics import secondary_topics
from cocite.models import Vocabulary
from cocite.problems import Problem


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
    excerpts = split_linked_passages(parsed.excerpts)
    footnote_warnings = attach_footnotes(excerpts)
    annex = annex_url if annex_url is not None else find_annex_url(paged)
    citations = parse_citations([(ex.citation_line, ex.citation_text) for ex in excerpts], name)
    urls = link_citations(excerpts, citations, paged, annex)
    drafts = [
        draft_of(ex, cited, urls.get(k), annex, vocabulary)
        for k, (ex, cited) in enumerate(zip(excerpts, citations))
    ]
    ids = _record_ids(drafts)
    for draft in drafts:
        # Topics the quote is plainly about besides its section's (after the ids: they name the
        # section's topic, and stay what they were).
        draft.topics = secondary_topics(draft.topics, draft.excerpt.quote, vocabulary)
    found = collect_records(
        ids, drafts, name=name, report_id=report_id, vocabulary=vocabulary, annex=annex
    )
    found.warnings[:0] = [  # the footnotes' warnings are listed first
        Problem(name, line, None, "footnotes", message, "warning")
        for line, message in footnote_warnings
    ]
    authors = correct_authors(found.records)
    overridden: list[tuple[str, str]] = []
    if overrides:
        overridden = _apply_overrides(found, excerpts, paged, overrides, vocabulary, overrides_name)
    return _result(found, excerpts, paged, annex, parsed.sections, overridden, authors)


def _record_ids(drafts: list[Draft]) -> list[str]:
    """Each draft's record id, from its source, quote and section's topic.

    Paraphrases keep their place in the id sequence (ids are never reused, and the ids of
    the records after them stay what they were). Citations the importer learnt to read later
    (no "Source:" prefix, "See Sources:") and the excerpts right after a citation without
    prefix (whose quote it used to swallow) are numbered after all others, so that reading
    them changes no existing id.
    """
    stems = [
        record_stem(d.source, d.excerpt.quote, d.topics[0] if d.topics else None) for d in drafts
    ]
    late = [
        d.excerpt.bare or d.excerpt.see or d.excerpt.split or (k > 0 and drafts[k - 1].excerpt.bare)
        for k, d in enumerate(drafts)
    ]
    order = sorted(range(len(stems)), key=lambda k: (late[k], k))
    ids = [""] * len(stems)
    for k, rid in zip(order, unique_ids([stems[k] for k in order])):
        ids[k] = rid
    return ids


def _apply_overrides(
    found: Collected, excerpts: list[Excerpt], paged: PagedText, overrides: Sequence[Override],
    vocabulary: Vocabulary | None, overrides_name: str,
) -> list[tuple[str, str]]:
    """Apply the reviewed corrections to the records (a link only if it is on the page of one
    of the record's citations); ``found.without_url`` follows. What changed, per record."""
    page_of = {ex.citation_line: ex.citation_page for ex in excerpts}
    page_links = {
        r["id"]: frozenset(
            link for n in lines for link in paged.pages[page_of[n]].links
        )
        for r, lines in zip(found.records, found.lines)
    }
    overridden = apply_overrides(found.records, overrides, vocabulary, overrides_name, page_links)
    found.without_url = [
        r["id"] for r in found.records if r["material"] == "desk-review" and r["source"].get("url") is None
    ]
    return overridden


def _result(
    found: Collected, excerpts: list[Excerpt], paged: PagedText, annex: str | None,
    sections: Sequence[Section], overridden: list[tuple[str, str]], authors: list[tuple[str, str, str]],
) -> ImportResult:
    by_line = {ex.citation_line: ex for ex in excerpts}
    no_link_reasons = {
        r["id"]: why_no_link([by_line[n] for n in lines], paged, annex)
        for r, lines in zip(found.records, found.lines) if r["id"] in found.without_url
    }
    per_section = Counter(r["cited_in"][0]["section"] for r in found.records)
    per_material = Counter(r["material"] for r in found.records)
    return ImportResult(
        records=found.records,
        warnings=found.warnings,
        per_section={s.number: per_section[s.number] for s in sections if per_section[s.number]},
        per_material=dict(sorted(per_material.items())),
        without_url=found.without_url,
        no_link_reasons=no_link_reasons,
        annex_url=annex,
        citation_lines=[lines[0] for lines in found.lines],
        citation_texts=found.texts,
        merged_lines={
            r["id"]: lines[1:] for r, lines in zip(found.records, found.lines) if len(lines) > 1
        },
        paraphrases=found.paraphrases,
        overridden=overridden,
        authors=authors,
    )


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
