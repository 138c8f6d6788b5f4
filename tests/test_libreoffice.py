"""LibreOffice (`libreoffice.py`): the conversion's failure modes, and reading PDFs."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from cocite import libreoffice
from cocite.errors import RenderError


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
