"""Finding a library's files: the lookup order, the vocabulary and reports beside the records,
what a data folder holds (see also test_data_discovery.py: links, and through the command line)."""

from __future__ import annotations

from pathlib import Path

import pytest
from library_support import valid_library

from cocite.datafiles import resolve_data
from cocite.errors import UsageError
from cocite.resources import data_dir


def test_lookup_order(tmp_path: Path) -> None:
    flag = valid_library(tmp_path / "flag")
    env = valid_library(tmp_path / "env")
    cwd = tmp_path / "cwd"
    valid_library(cwd / "data")
    nothing = tmp_path / "empty"
    nothing.mkdir()
    assert resolve_data(flag, {"COCITE_DATA": str(env)}, cwd).excerpts == (flag,)
    assert resolve_data(None, {"COCITE_DATA": str(env)}, cwd).excerpts == (env,)
    assert resolve_data(None, {}, cwd).excerpts == (cwd / "data" / "excerpts.yaml",)
    bundled = resolve_data(None, {}, nothing)
    assert bundled.origin == "bundled"
    assert bundled.excerpts == (data_dir() / "excerpts.yaml",)


def test_vocabulary_beside_the_data_wins_over_the_bundled_one(tmp_path: Path) -> None:
    excerpts = valid_library(tmp_path / "lib")
    files = resolve_data(excerpts, {}, tmp_path)
    assert files.vocabulary == tmp_path / "lib" / "vocabulary.yaml"
    (tmp_path / "lib" / "vocabulary.yaml").unlink()
    assert resolve_data(excerpts, {}, tmp_path).vocabulary == data_dir() / "vocabulary.yaml"


def test_missing_data_path_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as info:
        resolve_data(tmp_path / "nope.yaml", {}, tmp_path)
    assert str(info.value).endswith("nope.yaml: no such file or directory (given by --data)")


def test_overrides_folder_is_not_read_as_records(tmp_path: Path) -> None:
    excerpts = valid_library(tmp_path / "lib")
    overrides = tmp_path / "lib" / "overrides"
    overrides.mkdir()
    (overrides / "some-report.yaml").write_text("- id: x\n  add_profiles: [male]\n", encoding="utf-8")
    files = resolve_data(tmp_path / "lib", {}, tmp_path)
    assert files.excerpts == (excerpts,)
