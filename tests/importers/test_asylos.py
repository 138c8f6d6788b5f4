"""The importer's pipeline (cocite.importers.asylos): the whole import, its result and summary.

Fixtures are in tests/data/import/; the seed tests read the report beside the repository
(see asylos_support.py) and are skipped without it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from asylos_support import (
    ANNEX,
    FIXTURES,
    REPO,
    REPORT_ID,
    SEED,
    citation_lines,
    fixture,
    needs_seed,
    seed_import,
)

from cocite import yamlio
from cocite.importers.asylos import import_asylos, summary_lines


def test_same_input_same_output() -> None:
    text = (FIXTURES / "qa-transcript.txt").read_text(encoding="utf-8")
    first = import_asylos(text, report_id="r", name="a", annex_url=ANNEX)
    second = import_asylos(text, report_id="r", name="a", annex_url=ANNEX)
    assert yamlio.dumps_records(first.records) == yamlio.dumps_records(second.records)


def test_summary_lines() -> None:
    lines = summary_lines(fixture("missing-url-block.txt"))
    assert lines[:5] == [
        "2 records",
        "by material: desk-review 2",
        "by section:",
        "  1.1       2",
        "translations: 0, footnotes: 0",
    ]
    assert "desk-review sources without url: 1" in lines


# Citations of the compiler's own summaries (no quotation): not records (see ImportResult.paraphrases).
PARAPHRASE_LINES = [1456, 1524, 1567, 1602, 1704, 1770, 1817, 3874]


@needs_seed
def test_seed_every_citation_line_maps_to_exactly_one_record() -> None:
    result = seed_import()
    mapped = list(result.citation_lines) + [n for more in result.merged_lines.values() for n in more]
    paraphrases = [n for n, _ in result.paraphrases]
    # Each line maps to one record, except the citations of paraphrases: 792 citations, 8 of
    # them paraphrases; 8 citations cover two passages joined by the compiler's linking
    # sentence (one three), which become records of their own; 14 passages repeat one already
    # cited (same quote, same source) and are merged into that record.
    assert paraphrases == PARAPHRASE_LINES
    assert sorted(set(mapped) | set(paraphrases)) == citation_lines(SEED.read_text(encoding="utf-8"))
    twice = sorted(n for n in set(mapped) if mapped.count(n) > 1)
    assert [(n, mapped.count(n)) for n in twice] == [
        (2056, 2), (3087, 2), (4868, 2), (5758, 2), (9922, 3), (10145, 2), (11204, 2), (11788, 2)]
    assert len(mapped) + len(paraphrases) == 792 + 9
    assert len(result.records) == 779
    assert len({r["id"] for r in result.records}) == 779


@needs_seed
def test_seed_paraphrases_are_listed_not_imported() -> None:
    result = seed_import()
    texts = dict(result.paraphrases)
    assert texts[1524].startswith("Different and Equal, Tjeter Vizion and Vatra Psycho-Social Center")
    assert "27% of assisted cases in 2022 were boys or men" in texts[1524]
    quotes = " ".join(r["quote"] for r in result.records)
    assert "27% of assisted cases in 2022 were boys or men" not in quotes
    assert "paraphrases not imported (the report's own summary, no quotation): 8" in summary_lines(result)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@lru_cache(maxsize=1)
def _seed_haystack() -> tuple[str, list[int]]:
    """The seed text without white space and without page furniture (link blocks, printed
    footers: a quote that runs across a page break is joined over them); and for each kept
    char, the index in the text."""
    from cocite.importers.asylos_pages import is_footer_line, is_url_line

    raw = "\n".join(
        "" if is_url_line(line) or is_footer_line(line) else line
        for line in SEED.read_text(encoding="utf-8").split("\n")
    )
    chars: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(raw):
        if not ch.isspace():
            chars.append(ch)
            where.append(i)
    return "".join(chars), where


def found_verbatim(piece: str) -> bool:
    """``piece`` occurs in the seed (see :func:`found_once`), or in two parts with something
    taken out between them (a footnote and a page break inside a sentence)."""
    if found_once(piece):
        return True
    words = piece.split(" ")
    return any(
        found_once(" ".join(words[:k])) and found_once(" ".join(words[k:])) for k in range(1, len(words))
    )


def found_once(piece: str) -> bool:
    """``piece`` occurs in the seed, ignoring white space (line wraps, page-initial spaces,
    link blocks in between are also skipped) and line-break hyphenation."""
    hay, _ = _seed_haystack()
    needle = _squash(piece)
    if needle in hay:
        return True
    # Allow a hyphen of the report at a line end to be dropped (re-joined word), and a "•" to
    # be the bullet glyph the PDF extraction turned into "x" (restored: artefact repair).
    pattern = "".join(("[•x]" if ch == "•" else re.escape(ch)) + "-?" for ch in needle)
    return re.search(pattern, hay) is not None


def quote_segments(quote: str) -> list[str]:
    """The lines of a quote or lead-in: a link block, page footer or footnote may sit between
    two of them in the text, so each is checked on its own (wraps inside a line are joined)."""
    return [seg for seg in quote.split("\n") if seg.strip()]


@needs_seed
def test_seed_every_quote_and_lead_in_is_verbatim() -> None:
    missing: list[str] = []
    for rec in seed_import().records:
        for seg in quote_segments(rec["quote"]):
            if not found_verbatim(seg):
                missing.append(f"{rec['id']}: quote: {seg[:80]}")
        for seg in quote_segments(rec.get("lead_in", "")):
            if not found_verbatim(seg):
                missing.append(f"{rec['id']}: lead_in: {seg[:80]}")
    assert missing == []


@needs_seed
def test_seed_committed_excerpts_equal_a_fresh_import() -> None:
    """The report's records in the committed data are a fresh import (records that editors
    add, of other reports or none, are theirs: not compared)."""
    from cocite.importers.merge import cites_report

    committed = yamlio.loads((REPO / "data" / "excerpts.yaml").read_text(encoding="utf-8"), "excerpts")
    mine = [r for r in committed if cites_report(r, REPORT_ID)]
    assert yamlio.dumps_records(fmt_plain(mine)) == yamlio.dumps_records(seed_import().records)


def fmt_plain(records: list[Any]) -> list[dict[str, Any]]:
    from cocite.fmt import _plain

    return [_plain(r) for r in records]
