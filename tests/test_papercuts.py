"""Small things a careful user trips over: each now a clear refusal (or warning)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cocite.cli import cli

LIB = Path(__file__).resolve().parent / "data" / "bundle-library"


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    shutil.copytree(LIB, tmp_path / "lib")
    return tmp_path / "lib"


def edit(lib: Path, old: str, new: str) -> None:
    path = lib / "excerpts.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def validate(lib: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["validate", "--strict", str(lib / "excerpts.yaml")])
    return result.exit_code, result.stdout


def test_long_id_refused(lib: Path) -> None:
    long_id = "stigma-" + "x" * 120
    edit(lib, "- id: stigma-male-2022", f"- id: {long_id}")
    code, out = validate(lib)
    assert code == 1
    assert (f"record {long_id}: id: is 127 characters long; an id has at most 100 (it is "
            "typed, and names files)") in out


def test_bidi_override_in_a_source_field_is_an_error(lib: Path) -> None:
    edit(lib, "    author: UK Home Office", '    author: "UK \\u202eeciffO emoH"')
    code, out = validate(lib)
    assert code == 1
    assert ("source.author: contains the bidirectional override U+202E, which makes text "
            "display in another order than it is stored; remove it") in out


def test_bidi_override_in_a_quote_is_a_warning(lib: Path) -> None:
    edit(lib, "    Male victims face", "    Male \u2067victims\u2069 face")
    code, out = validate(lib)
    assert code == 1  # --strict
    assert ("warning: contains the bidirectional override U+2067, which makes text display in "
            "another order than it is stored; keep it only if the source has it") in out


@pytest.mark.parametrize("value", ["0000", "2023-13", "2023-02-30", "0000-01-01"])
@pytest.mark.parametrize("option", ["--since", "--until"])
def test_impossible_dates_refused_in_filters(option: str, value: str) -> None:
    result = CliRunner().invoke(cli, ["--data", str(LIB), "list", option, value])
    assert result.exit_code == 2
    assert result.stderr == (f"Error: {option} {value!r}: expected a date as YYYY, YYYY-MM or "
                             "YYYY-MM-DD, e.g. 2022-06\n")
