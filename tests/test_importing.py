"""Importing a report into standard output or a records file (cocite/importing.py)."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from cocite import yamlio
from cocite.errors import UsageError
from cocite.importing import import_asylos_report, overrides_for, summary_of
from cocite.loading import load_library

REPO = Path(__file__).resolve().parents[1]
TEXT = Path(__file__).resolve().parent / "data" / "import" / "missing-url-block.txt"
REPORT_ID = "asylos-albania-trafficking-2024"


def _library_at(root: Path) -> Any:
    return SimpleNamespace(files=SimpleNamespace(root=root))


def test_overrides_given_else_beside_the_library_else_none(tmp_path: Path) -> None:
    assert overrides_for(_library_at(tmp_path / "excerpts.yaml"), REPORT_ID, None) is None
    default = tmp_path / "overrides" / f"{REPORT_ID}.yaml"
    default.parent.mkdir()
    default.write_text("[]\n", encoding="utf-8")
    assert overrides_for(_library_at(tmp_path / "excerpts.yaml"), REPORT_ID, None) == default
    assert overrides_for(_library_at(tmp_path), REPORT_ID, None) == default  # a data folder
    given = tmp_path / "mine.yaml"
    given.write_text("[]\n", encoding="utf-8")
    assert overrides_for(_library_at(tmp_path), REPORT_ID, given) == given
    with pytest.raises(UsageError) as caught:
        overrides_for(_library_at(tmp_path), REPORT_ID, tmp_path / "gone.yaml")
    assert str(caught.value) == f"{tmp_path / 'gone.yaml'}: no such overrides file"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    for name in ("vocabulary.yaml", "reports.yaml"):
        shutil.copy(REPO / "data" / name, tmp_path / name)
    (tmp_path / "excerpts.yaml").write_text("[]\n", encoding="utf-8")
    return tmp_path


def test_without_an_output_the_records_are_returned_as_text(data: Path) -> None:
    library = load_library(data / "excerpts.yaml", use_cache=False)
    done = import_asylos_report(TEXT, REPORT_ID, library, None, None, option="-o")
    assert done.text == yamlio.dumps_records(done.result.records)
    assert len(done.result.records) == 2 and done.others == 0
    assert summary_of(done, REPORT_ID, None)[0] == "2 records"
    assert not any(line.startswith("written to") for line in summary_of(done, REPORT_ID, None))


def test_into_a_records_file_other_records_are_kept_and_counted(data: Path) -> None:
    out = data / "mine.yaml"
    out.write_text("- id: editor-added-2024\n  topics: [stigma]\n  material: desk-review\n"
                   "  quote: Added by an editor.\n  source: {author: An NGO, title: A report, "
                   "kind: report, date: \"2024\"}\n", encoding="utf-8")
    library = load_library(data / "excerpts.yaml", use_cache=False)
    done = import_asylos_report(TEXT, REPORT_ID, library, None, out, option="-o")
    assert (done.text, done.others) == (None, 1)
    ids = [r["id"] for r in yamlio.loads(out.read_text(encoding="utf-8"), "out")]
    assert len(ids) == 3 and ids[-1] == "editor-added-2024"
    assert summary_of(done, REPORT_ID, out)[-1] == (
        f"written to {out} (2 records of {REPORT_ID}; 1 other record kept)")


def test_an_output_that_is_an_input_is_refused_by_the_options_name(data: Path) -> None:
    library = load_library(data / "excerpts.yaml", use_cache=False)
    with pytest.raises(UsageError) as caught:
        import_asylos_report(TEXT, REPORT_ID, library, None, TEXT, option="--into")
    assert str(caught.value).startswith("--into ")
