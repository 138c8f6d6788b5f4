"""The index database: same content hits, any change misses, a bad index file is never trusted."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from library_support import valid_library

from cocite import cache, checking, library, loading
from cocite.cli import cli
from cocite.datafiles import DataFiles
from cocite.errors import CociteError, DataError
from cocite.loading import load_library
from cocite.query import Selection, select

V = Path(__file__).parent / "data" / "validate"


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    return valid_library(tmp_path / "lib")


def _count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records which record files are read: one entry per file parsed (per shard)."""
    calls: list[str] = []
    whole, shard = library.read_library, checking.ShardCheck

    def reading_all(files: DataFiles, *args: object) -> library.Library:
        calls.extend(p.name for p in files.excerpts)
        return whole(files, *args)  # type: ignore[arg-type]

    def reading_one(path: Path, *args: object) -> object:
        calls.append(path.name)
        return shard(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(loading, "read_library", reading_all)
    monkeypatch.setattr(checking, "ShardCheck", reading_one)
    return calls


def _index_files() -> list[Path]:
    return sorted(cache.cache_dir().glob("index-*.sqlite3"))


def test_second_load_comes_from_the_index_and_is_identical(
    lib: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parses = _count_parses(monkeypatch)
    first = load_library(lib)
    second = load_library(lib)
    assert len(parses) == 1
    assert second.loaded is None and second.stored is not None
    assert second.records == first.records
    assert [(r.file, r.line) for r in second.records] == [(r.file, r.line) for r in first.records]
    assert second.vocabulary == first.vocabulary
    assert second.reports == first.reports
    assert second.warnings == first.warnings
    assert len(_index_files()) == 1


def test_a_warm_filter_reads_only_the_matching_records(lib: Path) -> None:
    load_library(lib)
    warm = load_library(lib)
    chosen = select(warm, Selection(profiles=("male",)))
    assert [r.id for r in chosen] == ["ukho-ffm-2022-12-shkej-stigma"]
    assert "records" not in warm.__dict__  # the whole library was never materialised


def test_any_content_change_misses(lib: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parses = _count_parses(monkeypatch)
    load_library(lib)
    text = lib.read_text(encoding="utf-8")
    # Same size, and within the racy window: only the content differs.
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


def test_same_stat_but_old_file_is_trusted_without_rehashing(
    lib: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = lib.stat().st_mtime - 3600
    os.utime(lib, (old, old))
    load_library(lib)
    hashed: list[Path] = []
    real = cache.sha256_file
    monkeypatch.setattr(cache, "sha256_file", lambda p: hashed.append(p) or real(p))
    load_library(lib)
    assert lib not in hashed


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda raw: raw[: len(raw) // 3], id="truncated"),
        pytest.param(lambda raw: b"", id="empty"),
        pytest.param(lambda raw: b"\x80\x04\x95junk pickle-like bytes" * 100, id="binary"),
        pytest.param(lambda raw: raw[:100] + b"\xff" * 4000 + raw[4100:], id="scribbled"),
    ],
)
def test_damaged_index_is_ignored_and_rebuilt(
    lib: Path, monkeypatch: pytest.MonkeyPatch, damage: object
) -> None:
    parses = _count_parses(monkeypatch)
    original = load_library(lib).records
    (path,) = _index_files()
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    again = load_library(lib)
    assert len(parses) == 2
    assert again.records == original
    assert again.by_id["vatra-2023-06-05-stigma"].quote == "But we have identified something"
    assert load_library(lib).stored is not None  # rebuilt: the next load is warm again
    assert len(parses) == 2


def test_foreign_database_is_ignored(lib: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parses = _count_parses(monkeypatch)
    load_library(lib)
    (path,) = _index_files()
    path.unlink()
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE meta(k, v)")
    other.execute("INSERT INTO meta VALUES ('schema', '999')")
    other.commit()
    other.close()
    assert len(load_library(lib).records) == 2
    assert len(parses) == 2


def test_symlink_in_place_of_the_index_is_never_followed(lib: Path, tmp_path: Path) -> None:
    load_library(lib)
    (path,) = _index_files()
    real = tmp_path / "elsewhere.sqlite3"
    shutil.move(path, real)
    before = real.read_bytes()
    path.symlink_to(real)
    assert len(load_library(lib).records) == 2
    assert real.read_bytes() == before  # the link's target was neither read as ours nor written
    assert not path.is_symlink()  # replaced by a new index of our own


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_fifo_in_place_of_the_index_is_ignored(lib: Path) -> None:
    load_library(lib)
    (path,) = _index_files()
    path.unlink()
    os.mkfifo(path)  # opening it for reading would wait for a writer forever
    assert len(load_library(lib).records) == 2


def test_oversized_index_is_ignored(lib: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parses = _count_parses(monkeypatch)
    load_library(lib)
    monkeypatch.setattr(cache, "size_limit", lambda data_bytes: 100)
    load_library(lib)
    assert len(parses) == 2


def test_index_can_be_turned_off(lib: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parses = _count_parses(monkeypatch)
    load_library(lib, use_cache=False)
    load_library(lib, use_cache=False)
    monkeypatch.setenv("COCITE_NO_CACHE", "1")
    load_library(lib)
    assert len(parses) == 3
    assert _index_files() == []


def test_invalid_data_is_never_indexed(lib: Path) -> None:
    shutil.copy(V / "invalid-many.yaml", lib)
    with pytest.raises(DataError):
        load_library(lib)
    assert _index_files() == []


def test_unwritable_cache_is_not_an_error(lib: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert len(load_library(lib).records) == 2


def test_show_names_the_file_relative_to_where_it_is_run(
    lib: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    monkeypatch.chdir(lib.parent)
    first = runner.invoke(cli, ["--data", str(lib), "show", "vatra-2023-06-05-stigma"])
    assert "file:      excerpts.yaml:" in first.output
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    second = runner.invoke(cli, ["--data", str(lib), "show", "vatra-2023-06-05-stigma"])
    assert second.exit_code == 0
    line = next(x for x in second.output.splitlines() if x.startswith("file:"))
    assert line.split()[1].rsplit(":", 1)[0] == str(lib)


def test_damaged_mid_command_is_a_message_not_a_traceback(lib: Path, tmp_path: Path) -> None:
    load_library(lib)
    warm = load_library(lib)
    assert warm.stored is not None
    warm.stored.conn.execute("DROP TABLE record")  # as if its pages were lost
    with pytest.raises(CociteError) as info:
        select(warm, Selection(profiles=("male",)))
    assert "is damaged" in str(info.value)
    assert _index_files() == []  # removed: the next command rebuilds it


# --- incremental: a directory of shards ------------------------------------------------------


@pytest.fixture
def shards(tmp_path: Path) -> Path:
    """Three shards; the text of each record names its shard."""
    import yaml as _yaml

    folder = tmp_path / "shards"
    folder.mkdir()
    for name in ("vocabulary.yaml", "reports.yaml"):
        shutil.copy(V / name, folder / name)
    records = _yaml.safe_load((V / "valid.yaml").read_text(encoding="utf-8"))
    template = records[1]
    for k in range(3):
        rec = dict(template, id=f"shard-{k}-record", quote=f"Words from shard number {k}.")
        (folder / f"part-{k}.yaml").write_text(_yaml.safe_dump([rec], sort_keys=False),
                                              encoding="utf-8")
    return folder


def _search_ids(lib: library.Library, text: str) -> list[str]:
    from cocite.search import search

    return [h.record.id for h in search(lib, text)]


def test_editing_one_shard_rereads_only_that_shard(
    shards: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parses = _count_parses(monkeypatch)
    first = load_library(shards)
    assert sorted(parses) == ["part-0.yaml", "part-1.yaml", "part-2.yaml"]
    assert _search_ids(first, "shard") == ["shard-0-record", "shard-1-record", "shard-2-record"]
    parses.clear()
    part = shards / "part-1.yaml"
    part.write_text(part.read_text(encoding="utf-8").replace("number 1", "numero uno"),
                    encoding="utf-8")
    second = load_library(shards)
    assert parses == ["part-1.yaml"]
    assert second.by_id["shard-1-record"].quote == "Words from shard numero uno."
    assert [r.id for r in second.records] == ["shard-0-record", "shard-1-record", "shard-2-record"]
    assert _search_ids(second, "uno") == ["shard-1-record"]  # the text index follows
    assert _search_ids(second, '"number 1"') == []
    parses.clear()
    (shards / "part-0.yaml").unlink()
    third = load_library(shards)
    assert parses == []
    assert [r.id for r in third.records] == ["shard-1-record", "shard-2-record"]
    assert _search_ids(third, "shard") == ["shard-1-record", "shard-2-record"]


def test_a_duplicate_id_across_shards_is_reported_in_full(
    shards: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_library(shards)
    part = shards / "part-2.yaml"
    part.write_text(part.read_text(encoding="utf-8").replace("shard-2-record", "shard-0-record"),
                    encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_library(shards)
    assert "duplicate id, first used at" in str(info.value.problems[0])
    (shards / "part-2.yaml").write_text(
        part.read_text(encoding="utf-8").replace("shard-0-record", "shard-2-record"),
        encoding="utf-8")
    assert len(load_library(shards).records) == 3


def test_a_vocabulary_change_rereads_every_shard(
    shards: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parses = _count_parses(monkeypatch)
    load_library(shards)
    parses.clear()
    vocabulary = shards / "vocabulary.yaml"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8").replace("Stigma", "Stigma!"),
                          encoding="utf-8")
    load_library(shards)
    assert sorted(parses) == ["part-0.yaml", "part-1.yaml", "part-2.yaml"]


def test_the_size_shortcut_never_exceeds_the_loaders_limit() -> None:
    from cocite import stored, yamlio

    assert stored._SURELY_ALLOWED <= yamlio.DEFAULT_MAX_FILE_MB * 2**20


def test_an_index_of_another_record_layout_is_ignored(
    lib: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As after an upgrade or a merge that changes the record model: never misread.
    from cocite import index

    parses = _count_parses(monkeypatch)
    load_library(lib)
    monkeypatch.setattr(index, "layout", lambda: "3;other,fields")
    again = load_library(lib)
    assert len(parses) == 2 and len(again.records) == 2


def test_rows_this_version_cannot_read_are_a_message(lib: Path) -> None:
    load_library(lib)
    warm = load_library(lib)
    assert warm.stored is not None
    warm.stored.conn.execute("UPDATE record SET data = '[1, 2]'")
    with pytest.raises(CociteError, match="is damaged"):
        select(warm, Selection(profiles=("male",)))
