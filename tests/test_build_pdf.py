"""`cocite build -o x.pdf`: the Word bundle converted by LibreOffice (skipped without it)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cocite.cli import cli

pytestmark = pytest.mark.slow  # LibreOffice

needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None and shutil.which("libreoffice") is None,
    reason="LibreOffice (soffice) is not installed; .ci/run installs it",
)


@needs_soffice
def test_pdf_bundle_is_a4_searchable_and_linked(runner: CliRunner, tmp_path: Path) -> None:
    import pypdf

    out = tmp_path / "stigma.pdf"
    result = runner.invoke(cli, ["build", "--topic", "stigma", "--profile", "male", "-o", str(out)])
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(out)
    first = reader.pages[0]
    assert (round(float(first.mediabox.width)), round(float(first.mediabox.height))) == (595, 842)
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Country of origin information" in text or "Stigma" in text
    links = [
        annot.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annot in page.get("/Annots") or []
        if annot.get_object().get("/A", {}).get("/URI")
    ]
    assert any(str(u).startswith("https://") for u in links)
    # Contents: each entry's printed page is the page its heading is on, and links to it.
    from cocite.libreoffice import read_pdf

    info = read_pdf(out.read_bytes(), text=True)
    headings = {b.title: b.page for b in info.bookmarks}
    contents = [" ".join(x.split()) for x in info.text[0].splitlines() if "....." in x]
    printed = {x.split(".....")[0].split(" (")[0].strip(): int(x.rsplit(".", 1)[1])
               for x in contents}
    assert printed == {"Stigma": headings["Stigma"], "Sources": headings["Sources"],
                       "About this bundle": headings["About this bundle"]}
    dests = [a.get_object() for a in first.get("/Annots") or []]
    targets = {reader.get_page_number(a["/Dest"][0].get_object()) + 1
               for a in dests if "/Dest" in a}
    assert targets == set(headings.values())


def test_pdf_cannot_go_to_standard_output(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["build", "--topic", "stigma", "--format", "pdf", "-o", "-"])
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: a PDF file cannot be written to standard output; use -o FILE.pdf, "
        "or --format md for Markdown\n"
    )
