"""Where a document goes and in which format (cocite/output.py), for bundles and schedules."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cocite.errors import UsageError
from cocite.output import build_time, choose_format, is_stream, output_path


@pytest.mark.parametrize(("output", "fmt"), [
    (None, "docx"), ("-", "md"), ("b.docx", "docx"), ("b.PDF", "pdf"), ("b.md", "md"),
    ("b.markdown", "md"), ("mine.md.j2", "md"), ("/dev/null", "docx"),
])
def test_the_format_follows_the_name(output: str | None, fmt: str) -> None:
    assert choose_format(output) == fmt


def test_a_folder_or_a_name_ending_in_a_slash_gets_the_default(tmp_path: Path) -> None:
    assert choose_format(str(tmp_path)) == "docx"
    assert choose_format("new-folder/") == "docx"
    assert choose_format(str(tmp_path), template=Path("firm.md.j2")) == "md"


@pytest.mark.parametrize(("output", "option", "message"), [
    ("bundle", False, "-o bundle: cannot tell the format from 'a name without a suffix'; "
                      "name the file .docx, .pdf or .md"),
    ("bundle.txt", True, "-o bundle.txt: cannot tell the format from '.txt'; name the file "
                         ".docx, .pdf or .md, or add --format docx|pdf|md"),
])
def test_a_name_whose_format_cannot_be_told_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, output: str, option: bool,
        message: str) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError) as info:
        choose_format(output, format_option=option)
    assert str(info.value) == message


def test_format_option_wins_and_is_checked() -> None:
    assert choose_format("b.docx", fmt="md") == "md"
    with pytest.raises(UsageError) as info:
        choose_format(None, fmt="odt")
    assert str(info.value) == "--format 'odt': expected one of docx, md, pdf"


def test_output_path(tmp_path: Path) -> None:
    assert output_path("-", "x.md", "md") is None
    assert output_path(None, "cocite-all.docx", "docx") == Path("cocite-all.docx")
    assert output_path(str(tmp_path), "cocite-all.docx", "docx") == tmp_path / "cocite-all.docx"
    with pytest.raises(UsageError) as info:
        output_path("-", "x.docx", "docx")
    assert str(info.value) == ("a Word file cannot be written to standard output; "
                               "use -o FILE.docx, or --format md for Markdown")
    with pytest.raises(UsageError) as info:
        output_path("b.md", "x.docx", "docx")
    assert str(info.value) == "-o b.md: the name says md but --format is docx"


def test_a_device_or_a_pipe_is_a_stream(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    (tmp_path / "file.docx").write_bytes(b"")
    assert is_stream("/dev/null") and is_stream(str(fifo))
    assert not is_stream(str(tmp_path / "file.docx")) and not is_stream(str(tmp_path / "none"))


def test_build_time_follows_source_date_epoch() -> None:
    assert build_time({"SOURCE_DATE_EPOCH": "1764460800"}) == datetime(2025, 11, 30, tzinfo=UTC)
    with pytest.raises(UsageError) as info:
        build_time({"SOURCE_DATE_EPOCH": "soon"})
    assert str(info.value) == ("SOURCE_DATE_EPOCH='soon': expected a whole number of seconds "
                               "since 1970")
