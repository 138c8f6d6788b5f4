"""One excerpt's record (cocite.importers.asylos_records).

The seed tests read the report beside the repository (see asylos_support.py) and are
skipped without it.
"""

from __future__ import annotations

from asylos_support import SEED_ANNEX, needs_seed, seed_import


@needs_seed
def test_seed_a_joint_statement_lists_every_author() -> None:
    joint = {r["id"]: r["joint_sources"] for r in seed_import().records if "joint_sources" in r}
    assert joint["de-2023-06-29-mental-statistics"] == [{
        "author": "Tjeter Vizion", "kind": "written-communication", "date": "2023-06-21",
        "url": SEED_ANNEX}]
    assert sorted(joint) == [
        "de-2023-06-29-legislation-compensation", "de-2023-06-29-mental-statistics",
        "de-2023-06-29-related-legal-framework", "tv-2023-06-20-reintegration-shelters"]
