"""Footnotes of quotes (cocite.importers.asylos_footnotes): each goes to the quote with its marker.

Fixtures are in tests/data/import/; the seed tests read the report beside the repository
(see asylos_support.py) and are skipped without it.
"""

from __future__ import annotations

from asylos_support import ANNEX, fixture, messages, needs_seed, only_record, seed_import


def test_footnote_in_quote_goes_to_footnotes_and_leaves_the_marker() -> None:
    result = fixture("footnote-in-quote.txt")
    rec = only_record(result)
    assert rec["quote"] == (
        "The situation on child trafficking in Albania remains problematic. Referring to the "
        "GRETA Report for Albania 2020:\n"
        "‘The proportion of child victims of trafficking remains high (around 48%).’1"
    )
    assert rec["footnotes"] == [
        ("1 GRETA, “Evaluation Report Albania, Third evaluation round, Access to justice and "
        "effective remedies for victims of trafficking in human beings”, 15 December 2020, p.8")
    ]
    assert rec["material"] == "interview"
    assert rec["source"] == {
        "author": "Different and Equal", "kind": "written-communication", "date": "2023-06-29",
        "url": ANNEX,
    }
    assert messages(result) == []


def test_source_inside_a_footnote_does_not_end_an_excerpt() -> None:
    result = fixture("source-in-footnote.txt")
    first, second = result.records
    assert first["quote"] == "young boys for forced labour or debt bondage8 is usually this glamorous lifestyle."
    # The footnote's wrapped "Source: ..., “Business and Forced Labour”" stays in the footnote.
    assert second["lead_in"].startswith("In April 2023 the Albanian Daily News outlet reported")
    assert second["quote"] == (
        "Then he illegally transported the 8-year-old to Athens, where he forced him to beg."
    )
    # The glued footnote marker does not hide "debt bondage" from the tagging rule.
    assert "forced-labour" in first["profiles"]
    # Footnote 8, printed after the citation, is the footnote of the quote with "bondage8".
    assert [f[:50] for f in first["footnotes"]] == ["8 The International Labour Organization provides t"]
    assert "footnotes" not in second


@needs_seed
def test_seed_every_footnote_marker_has_its_footnote() -> None:
    from cocite.footnote_markers import unmatched_markers

    records = seed_import().records
    assert [(r["id"], unmatched_markers(r["quote"], r.get("footnotes", []))) for r in records
            if unmatched_markers(r["quote"], r.get("footnotes", []))] == []
    by_id = {r["id"]: r for r in records}
    # "1210" in the prosecutors' table: 12 convicted, footnote 10 (printed after the next citation).
    assert [f[:40] for f in by_id["ogp-2023-03-criminal-prosecutions"]["footnotes"]] == [
        "10 Note: It is unclear how 12 defendants"]
    # Footnote 15 is the repeated excerpt's (merged into the record with footnote 12), not this one's.
    assert "footnotes" not in by_id["tdh-2023-06-06-youth-employment"]
    assert [f[:3] for f in by_id["tdh-2023-06-06-mentioned-identification"]["footnotes"]] == ["12 "]
    # A footnote run into the one before it in the extraction ("... Crime. 42 Zhilla, F.").
    assert "42 Zhilla, F. Lamallari" in " ".join(by_id["wbocr-2022-11-04-official-trafficker-profiles"]["footnotes"])
    assert seed_import().footnotes == 71
