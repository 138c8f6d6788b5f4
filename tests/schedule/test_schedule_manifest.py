"""The schedule's manifest (`schedule/manifest.py`): how to rebuild it."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
from schedule_support import CASE, NUMBERS, build_fixture_case


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return build_fixture_case(tmp_path_factory.mktemp("schedule"))


def test_manifest_records_how_to_rebuild(built: dict[str, Any]) -> None:
    folder = built["folder"]
    manifest = json.loads((folder / "s.docx.manifest.json").read_text(encoding="utf-8"))
    assert manifest["case_file"] == {"path": "tests/data/case-adult-man.yaml",
                                     "sha256": hashlib.sha256(CASE.read_bytes()).hexdigest()}
    assert manifest["output"]["sha256"] == hashlib.sha256((folder / "s.docx").read_bytes()).hexdigest()
    assert manifest["data"]["source"] == "tests/data/case-library"
    assert manifest["style"] == "asylos" and manifest["dropped"] == [] and manifest["fit"] is False
    assert manifest["generator"].startswith("cocite ")
    assert [[e["number"] for e in i["extracts"]] for i in manifest["issues"]] == [
        NUMBERS[:3], NUMBERS[3:5], NUMBERS[5:]]
    assert manifest["issues"][2]["extracts"] == [{"number": "3.1", "id": "ho-cpin-2023-internal-relocation"}]
    assert manifest["pages"]["method"] == "estimate"
    assert manifest["pages"]["count"] == 4  # the estimator's (LibreOffice lays it out in 3)
    assert [(i["first"], i["last"]) for i in manifest["pages"]["issues"]] == [(1, 2), (2, 3), (3, 3)]
