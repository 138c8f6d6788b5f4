"""The load cache: same content hits, any change misses, a bad cache file is never trusted."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cocite import cache, library
from cocite.errors import DataError
from cocite.library import load_library

V = Path(__file__).parent / "data" / "validate"


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    folder = tmp_path / "lib"
    folder.mkdir()
    for name in ("vocabulary.yaml", "reports.yaml"):
        shutil.copy(V / name, folder / name)
    shutil.copy(V / "valid.yaml", folder / "excerpts.yaml")
    return folder / "excerpts.yaml"


def _count_parses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = library._load_checked

    def counting(files: library.DataFiles, *args: object) -> library.Library:
        calls.append(1)
        return real(files, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(library, "_load_checked", counting)
    return calls


def _cache_files() -> list[Path]:
    return sorted(cache.cache_dir().glob("library-*.cache"))


def test_second_load_comes_from_the_cache_and_is_identical(
    lib: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parses = _count_parses(monkeypatch)
    first = load_library(lib)
    second = load_library(lib)
    assert len(parses) == 1
    assert second.records == first.records
    assert [(r.file, r.line) for r in second.records] == [(r.file, r.line) for r in first.records]
    assert second.vocabulary == first.vocabulary
    assert second.reports == first.reports
    assert second.warnings == first.warnings
    assert len(_cache_files()) == 1


def test_any_content_change_misses(lib: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parses = _count_parses(monkeypatch)
    load_library(lib)
    text = lib.read_text(encoding="utf-8")
    # Same size, same mtime granularity: only the content differs.
    lib.write_text(text.replace("But we have", "But we hav3"), encoding="utf-8")
    changed = load_library(lib)
    assert len(parses) == 2
    assert changed.by_id["vatra-2023-06-05-stigma"].quote == "But we hav3 identified something"
    (lib.parent / "vocabulary.yaml").write_text(
        (V / "vocabulary.yaml").read_text(encoding="utf-8").replace("Stigma", "Stigma!"),
        encoding="utf-8",
    )
    load_library(lib)
    assert len(parses) == 3


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda raw: raw[: len(raw) // 2], id="truncated"),
        pytest.param(lambda raw: b"", id="empty"),
        pytest.param(lambda raw: b"\x80\x04\x95junk pickle-like bytes", id="binary"),
        pytest.param(lambda raw: raw.replace(b"But we have", b"But we HAVE"), id="edited-body"),
        pytest.param(
            lambda raw: json.dumps({"format": "other"}).encode() + b"\n{}", id="foreign-header"
        ),
    ],
)
def test_damaged_cache_is_ignored_and_rebuilt(
    lib: Path, monkeypatch: pytest.MonkeyPatch, damage: object
) -> None:
    parses = _count_parses(monkeypatch)
    original = load_library(lib)
    (path,) = _cache_files()
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    again = load_library(lib)
    assert len(parses) == 2
    assert again.records == original.records
    assert again.by_id["vatra-2023-06-05-stigma"].quote == "But we have identified something"


def test_cache_can_be_turned_off(lib: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parses = _count_parses(monkeypatch)
    load_library(lib, use_cache=False)
    load_library(lib, use_cache=False)
    monkeypatch.setenv("COCITE_NO_CACHE", "1")
    load_library(lib)
    assert len(parses) == 3
    assert _cache_files() == []


def test_invalid_data_is_never_cached(lib: Path) -> None:
    shutil.copy(V / "invalid-many.yaml", lib)
    with pytest.raises(DataError):
        load_library(lib)
    assert _cache_files() == []


def test_unwritable_cache_is_not_an_error(lib: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert len(load_library(lib).records) == 2
