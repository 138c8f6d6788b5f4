"""The schedule's model (`schedule/model.py`): `--renumber` after `--fit`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import DATA, REPO
from schedule_support import EPOCH, LIBRARY, no_lo, _pinned, schedule  # noqa: F401 - _pinned: autouse

from cocite.casefile import load_case
from cocite.loading import load_library
from cocite.schedule.select import number_issues


def test_renumber_closes_the_gaps_and_maps_new_numbers_to_old(tmp_path: Path, no_lo: None) -> None:
    result = schedule(tmp_path / "s.md", "--fit", "--renumber", case=DATA / "case-tight.yaml")
    assert result.exit_code == 0, result.stderr
    manifest = json.loads((tmp_path / "s.md.manifest.json").read_text(encoding="utf-8"))
    assert manifest["renumber"] is True and manifest["dropped"]
    library = load_library(LIBRARY, use_cache=False)
    numbered = number_issues(load_case(DATA / "case-tight.yaml", library), library)
    ids = {e.number: e.id for issue in numbered for e in issue}
    dropped = {d["number"] for d in manifest["dropped"]}
    for issue in manifest["issues"]:
        numbers = [e["number"] for e in issue["extracts"]]
        assert numbers == [f"{issue['number']}.{k}" for k in range(1, len(numbers) + 1)]
        olds = [e.get("was", e["number"]) for e in issue["extracts"]]
        assert all(ids[old] == e["id"] for old, e in zip(olds, issue["extracts"], strict=True))
        assert not set(olds) & dropped
    text = (tmp_path / "s.md").read_text(encoding="utf-8")
    headings = [line[4:] for line in text.splitlines() if line.startswith("### ")]
    assert headings == [e["number"] for i in manifest["issues"] for e in i["extracts"]]
