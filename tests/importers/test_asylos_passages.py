"""The compiler's linking sentences cut out of quotes (cocite.importers.asylos_passages).

The seed tests read the report beside the repository (see asylos_support.py) and are
skipped without it.
"""

from __future__ import annotations

import re

from asylos_support import needs_seed, seed_import


@needs_seed
def test_seed_compilers_linking_sentence_is_a_lead_in_not_part_of_a_quote() -> None:
    records = seed_import().records
    by_id = {r["id"]: r for r in records}
    first, second = by_id["de-2023-06-29-based-statistics-2"], by_id["de-2023-06-29-males-statistics"]
    assert first["quote"].endswith("were exploited for forced labour.")
    assert second["lead_in"] == "The same interlocutor stated:"
    assert second["quote"].startswith("Males were exploited mostly for forced criminal activities")
    assert second["source"] == first["source"]
    linking = re.compile(r"^The same interlocutor\b.*:$", re.MULTILINE)
    assert [r["id"] for r in records if linking.search(r["quote"])] == []
