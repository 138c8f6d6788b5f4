"""Reading the report's citations (cocite.importers.asylos_sources).

Fixtures are in tests/data/import/; the seed tests read the report beside the repository
(see asylos_support.py) and are skipped without it.
"""

from __future__ import annotations

import re

import pytest
from asylos_support import FIXTURES, SEED, needs_seed, seed_import
from citation_support import normalise_citation

from cocite.citation.asylos import format_source
from cocite.errors import ImportParseError
from cocite.importers.asylos import import_asylos
from cocite.importers.asylos_sources import split_citations
from cocite.models import Source


def test_unreadable_citation_raises_naming_the_line() -> None:
    text = (FIXTURES / "missing-closing-quote.txt").read_text(encoding="utf-8").replace(
        "Source: European Commission, “Albania 2023 Report”, 8 November 2023, p. 52",
        "Source: European Commission and nothing else",
    )
    with pytest.raises(ImportParseError) as info:
        import_asylos(text, report_id="r", name="broken.txt")
    assert [(p.file, p.line, p.field) for p in info.value.problems] == [("broken.txt", 11, "source")]


# Citation lines that the normalisation cannot even out, and why (line -> reason).
IRREGULAR_CITATIONS = {
    2251: "the report gives no date; the record says undated",
    6001: "'June-July 2021' is kept as the year 2021",
    6330: "a document symbol between title and date is kept as publisher",
    10213: "the report gives no date; the record says undated",
    10388: "the report gives no date; the record says undated",
    10888: "the page reference comes before the date in the report",
    13222: "the report's page number has no 'p.'",
}


@needs_seed
def test_seed_format_source_reproduces_each_source_line() -> None:
    result = seed_import()
    printed_lines = SEED.read_text(encoding="utf-8").splitlines()
    mismatches: list[tuple[int, str, str]] = []
    for rec, line, cited in zip(result.records, result.citation_lines, result.citation_texts):
        # The citation as read starts with what is printed on its line (wraps add the rest).
        printed = re.sub(r"^ ?Sources?:\s*", "", printed_lines[line - 1])
        assert re.sub(r"\s+", " ", cited).startswith(re.sub(r"\s+", " ", printed).strip())
        if line in IRREGULAR_CITATIONS:
            continue
        first = split_citations(cited)[0]  # a record keeps the first of several sources
        # The report's own spelling of the author, where the record corrects it.
        as_cited = {**rec["source"], "author": rec["source"].get("author_as_cited") or rec["source"]["author"]}
        as_cited.pop("author_as_cited", None)
        mine = normalise_citation(format_source(Source(**as_cited)))
        if mine != normalise_citation(first):
            mismatches.append((line, mine, normalise_citation(first)))
    assert mismatches == []
