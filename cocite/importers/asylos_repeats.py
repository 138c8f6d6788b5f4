"""One record per passage: the records of a report's excerpts, an excerpt cited again merged.

The report repeats some excerpts under another section. A repeat (same quote, same source:
:func:`_identity`) is no record of its own: the record first made of it is tagged with the
topics and profiles of every place it is cited, and lists every place in ``cited_in``. The
compiler's own summaries (paraphrases) are set aside here too: they are never records.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from cocite.importers.asylos_excerpts import Excerpt
from cocite.importers.asylos_records import Draft, material_of, record_of, record_warnings, set_tags
from cocite.models import Vocabulary
from cocite.problems import Problem


@dataclass(slots=True)
class Collected:
    """The records of an import, in report order, and what was noticed on the way."""

    records: list[dict[str, Any]] = field(default_factory=list)
    # Each record's citation lines, its own first (then those of the repeats merged into it).
    lines: list[list[int]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # each record's citation, as read
    without_url: list[str] = field(default_factory=list)  # desk-review records without a link
    paraphrases: list[tuple[int, str]] = field(default_factory=list)  # (citation line, text)
    warnings: list[Problem] = field(default_factory=list)


def collect_records(
    ids: Sequence[str], drafts: Sequence[Draft], *, name: str, report_id: str,
    vocabulary: Vocabulary | None, annex: str | None,
) -> Collected:
    """The records of the drafts (``ids`` gives each draft's id), repeats merged."""
    out = Collected()
    first_of: dict[tuple[str, str], int] = {}  # same quote and source -> index of its record
    for rid, draft in zip(ids, drafts):
        ex = draft.excerpt
        if ex.paraphrase:
            out.paraphrases.append((ex.citation_line, ex.quote))
            out.warnings.extend(
                Problem(name, ex.citation_line, None, "quote", w, "warning") for w in ex.warnings
            )
            continue
        record = record_of(rid, draft, report_id, annex)
        same = _identity(record)
        if same in first_of:
            _merge_repeat(out, first_of[same], record, ex, vocabulary, name)
            continue
        first_of[same] = len(out.records)
        out.records.append(record)
        out.lines.append([ex.citation_line])
        out.texts.append(ex.citation_text)
        out.warnings.extend(record_warnings(name, rid, draft, vocabulary))
        if material_of(draft.source) == "desk-review" and draft.source.url is None:
            out.without_url.append(rid)
    return out


def _merge_repeat(
    out: Collected, index: int, record: dict[str, Any], ex: Excerpt, vocabulary: Vocabulary | None,
    name: str,
) -> None:
    # The report repeats an excerpt under another section: one record, tagged with the
    # topics and profiles of every place it is cited.
    kept = out.records[index]
    _merge_tags(kept, record, vocabulary)
    if record["cited_in"][0] not in kept["cited_in"]:
        kept["cited_in"].append(record["cited_in"][0])  # every place it is cited
    if kept["source"].get("url") is None and record["source"].get("url") is not None:
        kept["source"]["url"] = record["source"]["url"]  # the link of the other place
        if kept["id"] in out.without_url:
            out.without_url.remove(kept["id"])
    out.lines[index].append(ex.citation_line)
    out.warnings.append(Problem(
        name, ex.citation_line, kept["id"], "quote",
        f"the same excerpt is cited again (section {ex.section.number}): merged into "
        f"the record of line {out.lines[index][0]}",
        "warning",
    ))


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
        if union:
            ranked = sorted(union, key=lambda x: (order.index(x) if x in order else len(order), x))
            set_tags(kept, key, ranked)
