"""One excerpt's text (cocite.importers.asylos_excerpts): lead-in, quote, translation, paraphrases.

Fixtures are in tests/data/import/.
"""

from __future__ import annotations

from asylos_support import fixture, messages, only_record

from cocite.importers.asylos import summary_lines


def test_translation_note_and_original_source() -> None:
    rec = only_record(fixture("translation-original-source.txt"))
    assert rec["quote"] == (
        "Human trafficking, including children, continues to be a concern in Albania. [...]"
    )
    assert rec["translation"] == {
        "language": "sq",
        "original": "Trafikimi i qenieve njerëzore, përfshirë fëmijët, vazhdon të jetë shqetësim "
        "në Shqipëri. [...]",
        "note": "In-house translation. The author is an Albanian native speaker.",
    }
    # A title with a nested quotation keeps it.
    assert rec["source"]["title"] == (
        "UNICEF ngre alarmin: Shqetësim për trafikimin e qenieve njerëzore në Shqipëri, "
        "“viktima” edhe fëmijët!"
    )
    assert rec["source"]["kind"] == "news"


def test_missing_closing_quote_keeps_the_text_and_warns() -> None:
    result = fixture("missing-closing-quote.txt")
    rec = only_record(result)
    assert rec["quote"] == (
        "Children placed in institutions […] are particularly vulnerable to trafficking."
    )
    assert messages(result) == ["the quote has no closing quotation mark"]


def test_paraphrase_is_listed_not_imported_and_a_standalone_note_is_not_a_lead_in() -> None:
    result = fixture("paraphrase.txt")
    rec = only_record(result)
    assert result.paraphrases == [(10, (
        "Different and Equal, Tjeter Vizion and Vatra Psycho-Social Center indicated in written "
        "communication and an interview respectively, that 27% of assisted cases in 2022 were "
        "boys or men."
    ))]
    assert rec["lead_in"] == "In written communication with Asylos, Tjeter Vizion commented that:"
    assert rec["quote"] == "Boys are trafficked for forced begging."
    assert any("not imported as a record" in m for m in messages(result))
    assert "paraphrases not imported (the report's own summary, no quotation): 1" in summary_lines(result)
