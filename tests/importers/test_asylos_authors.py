"""Authors as the source names them (cocite.importers.asylos_authors).

The seed tests read the report beside the repository (see asylos_support.py) and are
skipped without it.
"""

from __future__ import annotations

from asylos_support import needs_seed, seed_import


@needs_seed
def test_seed_authors_as_the_source_names_them() -> None:
    by_id = {r["id"]: r for r in seed_import().records}
    source = by_id["schwandner-sievers-2023-05-25-things-corruption"]["source"]
    assert (source["author"], source["author_as_cited"]) == (
        "Dr Stephanie Schwandner-Sievers", "Dr Stephanie-Schwander-Sievers")
    assert by_id["arise-albania-2023-05-24-shelters-funding"]["source"]["author"] == "Arise Albania Coordinator"
    # Another work with one more author is not a misspelling.
    assert "author_as_cited" not in by_id["davy-2022-09-survey-risk-factors"]["source"]
    assert [(rid, right) for rid, _, right in seed_import().authors] == [
        ("schwandner-sievers-2023-05-25-known-stigma", "Dr Stephanie Schwandner-Sievers"),
        ("schwandner-sievers-2023-05-25-things-corruption", "Dr Stephanie Schwandner-Sievers"),
        ("arise-albania-2023-05-24-shelters-funding", "Arise Albania Coordinator"),
    ]
