"""Reviewed per-record corrections (cocite.importers.asylos_overrides).

Fixtures are in tests/data/import/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from asylos_support import ANNEX, FIXTURES, REPO, load_vocabulary

from cocite.importers.asylos import import_asylos


def _overrides_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "overrides.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_overrides_apply_after_the_rules(tmp_path: Path) -> None:
    from cocite.importers.asylos_overrides import load_overrides

    vocabulary = load_vocabulary(REPO / "data" / "vocabulary.yaml")
    text = (FIXTURES / "missing-url-block.txt").read_text(encoding="utf-8")
    plain = import_asylos(text, report_id="r", name="t", vocabulary=vocabulary, annex_url=ANNEX)
    first, second = (r["id"] for r in plain.records)
    assert plain.records[0]["profiles"] == ["child", "forced-begging"]
    assert "profiles" not in plain.records[1]
    path = _overrides_file(tmp_path, (
        f"- id: {first}\n  remove_profiles: [child, forced-begging]\n  reason: checked\n"
        f"- id: {second}\n  add_profiles: [forced-begging, child]\n"
        "  source: {kind: news}\n  reason: checked\n"
    ))
    result = import_asylos(text, report_id="r", name="t", vocabulary=vocabulary, annex_url=ANNEX,
                           overrides=load_overrides(path), overrides_name=str(path))
    one, two = result.records
    assert "profiles" not in one  # no profile left: the excerpt is general
    assert list(two)[:3] == ["id", "topics", "profiles"]  # canonical key order kept
    assert two["profiles"] == ["child", "forced-begging"]  # vocabulary order
    assert two["source"]["kind"] == "news"
    assert result.overridden == [
        (first, "-child -forced-begging"), (second, "+forced-begging +child source.kind"),
    ]


def test_overrides_unknown_id_tag_or_foreign_link_is_an_error(tmp_path: Path) -> None:
    from cocite.errors import DataError
    from cocite.importers.asylos_overrides import load_overrides

    vocabulary = load_vocabulary(REPO / "data" / "vocabulary.yaml")
    text = (FIXTURES / "missing-url-block.txt").read_text(encoding="utf-8")
    plain = import_asylos(text, report_id="r", name="t", vocabulary=vocabulary, annex_url=ANNEX)
    first = plain.records[0]["id"]
    path = _overrides_file(tmp_path, (
        f"- id: {first}x\n  reason: typo\n"
        f"- id: {first}\n  add_profiles: [boyz]\n  reason: typo\n"
        f"- id: {plain.records[1]['id']}\n"
        "  source: {url: 'https://invented.example/'}\n  reason: not on the page\n"
    ))
    with pytest.raises(DataError) as info:
        import_asylos(text, report_id="r", name="t", vocabulary=vocabulary, annex_url=ANNEX,
                      overrides=load_overrides(path), overrides_name=str(path))
    shown = [str(p) for p in info.value.problems]
    assert shown[0] == f"{path}:1: record {first}x: id: no record with this id in the import; did you mean {first!r}?"
    assert shown[1].startswith(f"{path}:4: record {first}: add_profiles: unknown id 'boyz'")
    assert shown[2].startswith(f"{path}:7: record {plain.records[1]['id']}: source.url: this link is not in")


def test_overrides_file_shape_is_checked(tmp_path: Path) -> None:
    from cocite.errors import DataError
    from cocite.importers.asylos_overrides import load_overrides

    path = _overrides_file(tmp_path, "- id: x\n  add_profile: [male]\n  source: {title: T}\n")
    with pytest.raises(DataError) as info:
        load_overrides(path)
    fields = [p.field for p in info.value.problems]
    assert fields == ["add_profile", "reason", "source.title"]
