"""Exporting the selected records' sources (cocite/exporting.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cocite.errors import UsageError
from cocite.exporting import Exported, export_selected
from cocite.loading import load_library
from cocite.query import Selection

LIB = Path(__file__).resolve().parent / "data" / "bundle-library"
PICK = Selection(ids=("stats-male-2022", "stats-children-2023"))


def test_summary_counts_sources_and_records_and_names_the_output() -> None:
    assert Exported("x", 1, 1, "-").summary() == "1 source from 1 record: standard output"
    assert Exported(None, 2, 3, "refs.ris").summary() == "2 sources from 3 records: refs.ris"


def test_to_standard_output_the_text_is_returned() -> None:
    library = load_library(LIB, use_cache=False)
    done = export_selected(library, PICK, "ris", "-", format_option="--format",
                           output_option="-o")
    assert done.text is not None and done.text.startswith("TY  - ")
    assert (done.sources, done.records) == (2, 2)


def test_to_a_file_the_format_comes_from_its_name(tmp_path: Path) -> None:
    library = load_library(LIB, use_cache=False)
    out = tmp_path / "refs.bib"
    done = export_selected(library, PICK, None, str(out), format_option="--format",
                           output_option="-o")
    assert done.text is None
    assert out.read_text(encoding="utf-8").lstrip().startswith("@")


def test_messages_name_the_options_the_caller_gave(tmp_path: Path) -> None:
    library = load_library(LIB, use_cache=False)
    with pytest.raises(UsageError) as caught:
        export_selected(library, PICK, None, str(tmp_path / "refs.txt"), format_option="FORMAT",
                        output_option="OUT")
    assert str(caught.value) == (f"OUT {tmp_path / 'refs.txt'}: cannot tell the format from the "
                                 "name; add FORMAT (csl-json, ris, bibtex) or name the file "
                                 ".json, .ris or .bib")
    with pytest.raises(UsageError) as caught:
        export_selected(library, PICK, "ris", str(tmp_path), format_option="FORMAT",
                        output_option="OUT")
    assert str(caught.value) == f"OUT {str(tmp_path)!r}: not a file name; name the file to write"
