"""An excerpt the report cites twice is one record (cocite.importers.asylos_repeats).

The seed tests read the report beside the repository (see asylos_support.py) and are
skipped without it.
"""

from __future__ import annotations

from asylos_support import REPORT_ID, needs_seed, seed_import


def test_same_excerpt_with_other_quote_marks_is_one_record() -> None:
    from cocite.importers.asylos_repeats import quote_identity

    assert quote_identity("‘free to harm all of us’ she said") == quote_identity("“free to harm all of us,” she said")
    assert quote_identity("a month,12 which") == quote_identity("a month,15 which")


@needs_seed
def test_seed_an_excerpt_cited_twice_keeps_both_places() -> None:
    by_id = {r["id"]: r for r in seed_import().records}
    assert by_id["arsis-2023-06-19-child-justice-system"]["cited_in"] == [
        {"report": REPORT_ID, "section": "2.4.3"}, {"report": REPORT_ID, "section": "2.4.7.2"}]
    places = sum(len(r["cited_in"]) for r in seed_import().records)
    assert places == 779 + 14  # every passage cited is one place of one record
