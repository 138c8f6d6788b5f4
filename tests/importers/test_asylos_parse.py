"""Sections and citations of a report (cocite.importers.asylos_parse).

Fixtures are in tests/data/import/; the seed tests read the report beside the repository
(see asylos_support.py) and are skipped without it.
"""

from __future__ import annotations

import re

import pytest
from asylos_support import (
    SEED,
    citation_lines,
    fixture,
    messages,
    needs_seed,
    only_record,
    seed_import,
)

from cocite.errors import ImportParseError
from cocite.importers.asylos import import_asylos


def test_wrapped_source_line_is_read_over_four_lines() -> None:
    rec = only_record(fixture("wrapped-source-line.txt"))
    assert rec["source"] == {
        "author": "United Nations Convention against Torture and Other Cruel, Inhuman or Degrading "
        "Treatment or Punishment, Committee against Torture",
        "title": "Third periodic report submitted by Albania under article 19 of the Convention, "
        "due in 2016 [Date received: 19 July 2021]",
        "kind": "report",
        "date": "2022-04-05",
        "pages": "23-24",
        "url": "https://www.ecoi.net/en/file/local/2071097/G2230117.pdf",
    }
    assert rec["quote"] == (
        "Both the potential victims/victims of trafficking have access to social care services."
    )


def test_source_inside_quote_is_part_of_the_quote_not_a_citation() -> None:
    rec = only_record(fixture("source-inside-quote.txt"))
    assert rec["quote"] == (
        "Identified victims 2021 2022\nAdults 20 25\nSource: INSTAT, Labour Force Survey\n"
        "Children 10 12"
    )
    assert rec["source"]["author"] == "Office of the General Prosecutor"
    assert rec["source"]["pages"] == "Table 36, p.264"


def test_text_without_chapter_heading_raises() -> None:
    with pytest.raises(ImportParseError) as info:
        import_asylos("just some text\n", report_id="r", name="empty.txt")
    assert str(info.value) == "empty.txt:1: no numbered chapter heading ('1. ...') found"


def test_citation_without_prefix_ends_the_excerpt() -> None:
    result = fixture("citation-without-prefix.txt")
    first, second = result.records
    assert first["quote"].endswith("family visits etc on a case by case basis.")
    assert first["source"]["pages"] == "84, 85, 86"
    assert second["lead_in"] == (
        "The same interlocutor provided the UK Home Office with the following information:"
    )
    assert second["source"]["pages"] == "87-89"
    assert result.citation_lines == [12, 19]
    assert "a citation without the 'Source:' prefix" in messages(result)


def test_see_sources_line_is_a_citation_of_a_paraphrase() -> None:
    result = fixture("see-sources.txt")
    rec = only_record(result)
    # The summary and its "See Sources:" line are not swallowed into the next lead-in.
    assert rec["lead_in"] == "Ana Majko, Executive Director of ARSIS, noted that:"
    assert [n for n, _ in result.paraphrases] == [10]


@needs_seed
def test_seed_every_numbered_section_with_excerpts_has_records() -> None:
    result = seed_import()
    text = SEED.read_text(encoding="utf-8").splitlines()
    headings = [
        (n, m.group(1)) for n, line in enumerate(text, start=1)
        if (m := re.match(r"^\s*(\d\.\d{1,2}(?:\.\d{1,2}){0,2})\s+[A-Z]", line))
        and not re.search(r"on page \d+", line)
    ]
    starts = citation_lines("\n".join(text))
    with_excerpts = set()
    for (line, number), nxt in zip(headings, [*headings[1:], (len(text) + 1, "")]):
        if any(line < s < nxt[0] for s in starts):
            with_excerpts.add(number)
    assert with_excerpts - set(result.per_section) == set()
    assert len(result.per_section) == 62
