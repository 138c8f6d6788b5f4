"""Joining a quote's wrapped lines (cocite.importers.asylos_text): hyphens, page breaks, Q/A.

Fixtures are in tests/data/import/; the seed tests read the report beside the repository
(see asylos_support.py) and are skipped without it.
"""

from __future__ import annotations

from asylos_support import fixture, needs_seed, only_record, seed_import


def test_hyphen_rejoin_only_with_evidence_from_the_report() -> None:
    rec = only_record(fixture("hyphen-rejoin.txt"))
    # "anti-trafficking" is spelt with its hyphen elsewhere: kept. "Punishment" is spelt whole
    # elsewhere: re-joined. "mis-take" has no evidence either way: the hyphen is kept.
    assert rec["quote"] == (
        "The national coalition supports anti-trafficking shelters, and the Punishment of "
        "traffickers is rare; the mis-take is common."
    )


def test_qa_transcript_keeps_question_and_answer_lines() -> None:
    rec = only_record(fixture("qa-transcript.txt"))
    assert rec["quote"] == (
        "SHKEJ, 10 October 2022 [...]\n"
        "Q. Why are boys trafficked?\n"
        "A. [...] men and boys are trafficked for forced labour and drugs, and the families of "
        "the boys do not report it to the police, because of the shame.\n"
        "[...]\n"
        "Q. Is there stigma?\n"
        "A. Yes."
    )
    assert rec["id"] == "ukho-ffm-2022-12-shkej"
    assert rec["profiles"] == ["male", "child", "adult", "forced-labour"]
    assert rec["source"]["pages"] == "19-20"


def test_page_break_mid_sentence_is_a_line_wrap() -> None:
    rec = only_record(fixture("page-break-mid-sentence.txt"))
    assert rec["quote"] == (
        "Nisma ARSIS, 6 October 2022 [...]\n"
        "A. Or when they are easily identified as someone that could be exploited. We have had "
        "the same cases 3 or 4 times.\n"
        "Q. Are they being re-trafficked by the same people?\n"
        # A sentence ends at the page break and a new one starts: a paragraph break stays.
        "A. I don’t have that information. The programme is over.\n"
        "They come back to us."
    )


@needs_seed
def test_seed_extraction_artefacts_are_repaired() -> None:
    by_id = {r["id"]: r for r in seed_import().records}
    # "2021-⏎2023": a range broken at the line end keeps no space.
    assert "the 2021-2023 NAP" in by_id["usdos-tip-2023-06-15-government-prevention-2"]["quote"]
    # A footnote and a page break inside a sentence are no paragraph break.
    assert "you need to go to the state offices." in by_id["tdh-2023-06-06-mentioned-stigma-2"]["quote"]
    # A bulleted list flattened into running lines gets its line breaks back.
    assert "following reasons:\n• Victims’ fear of being judged:" in by_id["de-2023-03-survey-juvenile-justice"]["quote"]
