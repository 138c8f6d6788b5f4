"""Pages: the LibreOffice conversion's failure modes, reading PDFs, and the estimator."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import DATA, REPO

from cocite import layout, libreoffice
from cocite.casefile import load_case
from cocite.errors import RenderError
from cocite.library import load_library
from cocite.schedule.measure import estimate_schedule
from cocite.schedule.model import build_schedule
from cocite.schedule.select import number_issues

RECORDED = json.loads((DATA / "case-page-counts.json").read_text(encoding="utf-8"))


def fake_soffice(tmp_path: Path, script: str) -> str:
    path = tmp_path / "soffice"
    path.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def test_missing_libreoffice_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COCITE_SOFFICE", "/nonexistent/soffice")
    with pytest.raises(RenderError) as caught:
        libreoffice.docx_to_pdf(b"PK", what="count the pages")
    assert str(caught.value).startswith("LibreOffice is needed to count the pages but was not found: "
                                        "install it (Debian/Ubuntu: apt install libreoffice-writer")


def test_a_failing_conversion_is_a_render_error_with_its_message(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("COCITE_SOFFICE", fake_soffice(tmp_path, "echo 'source file could not be loaded' >&2\nexit 1\n"))
    with pytest.raises(RenderError) as caught:
        libreoffice.docx_to_pdf(b"PK")
    assert str(caught.value) == ("LibreOffice failed to convert the document (exit 1): "
                                 "source file could not be loaded")


def test_no_pdf_written_is_a_render_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("COCITE_SOFFICE", fake_soffice(tmp_path, "exit 0\n"))
    with pytest.raises(RenderError, match="LibreOffice did not produce a PDF"):
        libreoffice.docx_to_pdf(b"PK")


def test_a_hung_conversion_is_stopped(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("COCITE_SOFFICE", fake_soffice(tmp_path, "sleep 60\n"))
    with pytest.raises(RenderError) as caught:
        libreoffice.docx_to_pdf(b"PK", timeout=0.5)
    assert str(caught.value) == ("LibreOffice took longer than 0.5 seconds to convert the document and "
                                 "was stopped; try again, or write a .docx instead")


def test_the_private_profile_and_bookmarks_are_asked_for(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    log = tmp_path / "args"
    monkeypatch.setenv("COCITE_SOFFICE", fake_soffice(tmp_path, f'printf "%s\\n" "$@" > {log}\nexit 0\n'))
    with pytest.raises(RenderError):
        libreoffice.docx_to_pdf(b"PK")
    args = log.read_text(encoding="utf-8").splitlines()
    assert args[0].startswith("-env:UserInstallation=file:///") and "--headless" in args
    assert args[args.index("--convert-to") + 1] == libreoffice.PDF_FILTER
    assert '"ExportBookmarks"' in libreoffice.PDF_FILTER


def test_an_unreadable_pdf_is_a_render_error() -> None:
    with pytest.raises(RenderError, match="cannot read the PDF"):
        libreoffice.read_pdf(b"%PDF-1.6\nnot really")


# --- the estimator -----------------------------------------------------------------------------


def test_text_width_uses_arial_metrics() -> None:
    assert layout.text_width("W", 12) == pytest.approx(943 * 12 / 1000)
    assert layout.text_width("i", 12, bold=False) < layout.text_width("i", 12, bold=True)
    assert layout.text_width("\u4e2d", 12) == pytest.approx(556 * 12 / 1000)  # not listed: average


@pytest.mark.parametrize(("text", "width", "lines"), [
    ("", 100, 1),
    ("one line", 451, 1),
    ("word " * 100, 451, 7),  # 15 words of 12 pt Arial to a 15.9 cm line
    ("a\nb\nc", 451, 3),
    ("https://www.example.org/" + "x" * 200, 200, 7),  # breaks after "/", then anywhere
])
def test_count_lines(text: str, width: float, lines: int) -> None:
    assert layout.count_lines(text, width, 12) == lines


def test_layout_keeps_a_heading_with_what_follows() -> None:
    styles = {"H": layout.Style(keep_next=True, after=0), "B": layout.Style(after=0)}
    filler = [layout.Block("B", "x")] * 33  # 33 lines of 12 pt at 1.5 leave room for one more
    laid = layout.estimate([*filler, layout.Block("H", "Heading"), layout.Block("B", "body " * 200)], styles)
    assert laid.placed[-2][0] == 2  # the heading moved to the next page with its text


def test_estimator_agrees_with_recorded_libreoffice_counts() -> None:
    """The estimator against LibreOffice's counts of the examples (tests/data/case-page-counts.json;
    test_schedule.py checks those counts again wherever LibreOffice is installed)."""
    library = load_library(None)
    built = datetime.fromtimestamp(RECORDED["source_date_epoch"], UTC)
    for name, counted in RECORDED["pages"].items():
        case = load_case(REPO / name, library)
        schedule = build_schedule(case, library, number_issues(case, library), frozenset(), built)
        estimated = estimate_schedule(schedule).pages
        assert abs(estimated - counted) <= 1, (name, estimated, counted)
