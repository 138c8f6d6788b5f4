"""`cocite build` end to end (`build_bundle`): exact output and exit codes; Word, Markdown, and
PDF converted by LibreOffice (skipped without it)."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from click.testing import CliRunner
from bundle_support import LIB, run, work  # noqa: F401 - fixtures
from conftest import DATA
from docx import Document

from cocite.bundle import BuildResult
from cocite.cli import cli


def test_build_default_docx_named_for_the_filters(run, work: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("build", "--topic", "stigma", "--profile", "male")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == ("3 extracts from 3 sources, about 2 pages: cocite-stigma-male.docx\n"
                             "manifest: cocite-stigma-male.docx.manifest.json\n")
    doc = Document(str(work / "cocite-stigma-male.docx"))
    quotes = [p.text for p in doc.paragraphs if p.style.name == "Block Quote"]
    assert quotes == [
        "Men made up 10% of identified victims.",
        "Boys are seen as having brought shame on the family.",
        "Male victims face strong stigma on return.",
        "Many do not disclose what happened to them.",
    ]
    # No temp debris; the build details are in the manifest, not the document.
    assert sorted(f.name for f in work.iterdir()) == [
        "cocite-stigma-male.docx", "cocite-stigma-male.docx.manifest.json"]
    manifest = json.loads((work / "cocite-stigma-male.docx.manifest.json").read_text("utf-8"))
    assert manifest["selection"] == "--topic stigma --profile male"
    assert [e["number"] for e in manifest["extracts"]] == [1, 2, 3]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "--topic" not in text and manifest["data"]["source"] not in text
    assert "Prepared with cocite 0.1 from data version " in text


def test_build_markdown_to_stdout(run) -> None:  # type: ignore[no-untyped-def]
    result = run("build", "--topic", "shame", "--profile", "boys", "--all-profiles", "-o", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "# Country information bundle: Stigma (Men and boys, Children)\n\n"
        "**Date:** 1 May 2024\n\n"
    )
    assert "--topic" not in result.stdout and "2024-05-01" not in result.stdout
    assert "> Boys are seen as having brought shame on the family.\n" in result.stdout
    assert result.stderr == "1 extract from 1 source, about 1 page: standard output\n"


def test_build_format_from_suffix_and_quiet(run, work: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("build", "--all", "-o", "out/bundle.md", "--quiet")
    assert result.exit_code == 1
    assert result.stderr == "Error: out/bundle.md: no such folder: out\n"
    (work / "out").mkdir()
    result = run("build", "--all", "-o", "out/bundle.md", "--quiet")
    assert result.exit_code == 0 and result.output == ""
    assert (work / "out" / "bundle.md").read_text(encoding="utf-8").startswith("# ")
    result = run("build", "--all", "-o", "out", "-q")
    assert (work / "out" / "cocite-all.docx").is_file()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--topic", "stigm"], "Error: unknown topic 'stigm' (did you mean 'stigma'?). Known "
         "topics: stigma, statistics, blood-feud. Run 'cocite topics' to see them all.\n"),
        (["--topic", "stigma", "--profile", "female"], "Error: no records match these filters. "
         "Hint: add --include-general (1 record); drop --profile (4 records)\n"),
        ([], "Error: say what to select: e.g. --topic stigma --profile male, --id ID, or --all "
         "(run 'cocite topics' and 'cocite profiles' for the choices)\n"),
        (["--all", "-o", "-", "--format", "docx"], "Error: a Word file cannot be written to "
         "standard output; use -o FILE.docx, or --format md for Markdown\n"),
        (["--all", "-o", "bundle.odt"], "Error: -o bundle.odt: cannot tell the format from "
         "'.odt'; name the file .docx, .pdf or .md, or add --format docx|pdf|md\n"),
        (["--all", "-o", "bundle"], "Error: -o bundle: cannot tell the format from 'a name "
         "without a suffix'; name the file .docx, .pdf or .md, or add --format docx|pdf|md\n"),
        (["--all", "-o", "x.md", "--format", "docx"],
         "Error: -o x.md: the name says md but --format is docx\n"),
        (["--all", "--since", "June"], "Error: --since 'June': expected a date as YYYY, YYYY-MM "
         "or YYYY-MM-DD, e.g. 2022-06\n"),
        (["--all", "--template", "missing.docx"], "Error: --template missing.docx: no such file\n"),
        (["--id", "stigma-male"], "Error: unknown record id 'stigma-male' (did you mean "
         "'stigma-male-2022'?). Run 'cocite list' to see record ids.\n"),
    ],
)
def test_build_usage_errors(run, work: Path, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    result = run("build", *args)
    assert (result.exit_code, result.stderr) == (2, message)
    assert list(work.iterdir()) == []


def test_build_user_markdown_template(run, work: Path) -> None:  # type: ignore[no-untyped-def]
    tpl = work / "firm.md.j2"
    tpl.write_text("{% for e in extracts %}{{ e.number }}: {{ e.quote }}\n{% endfor %}", "utf-8")
    result = run("build", "--id", "stats-male-2022", "--id", "stigma-general-2021",
                 "--template", str(tpl), "-o", "-", "-q")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "1: Men made up 10% of identified victims.\n"
        "2: Victims of trafficking in general face stigma.\n"
    )


def test_build_template_error_exit_1(run, work: Path) -> None:  # type: ignore[no-untyped-def]
    tpl = work / "firm.md.j2"
    tpl.write_text("{{ extract }}\n", "utf-8")
    result = run("build", "--all", "--template", str(tpl), "-o", "-")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {tpl}: the template uses an unknown field: 'extract' is undefined\n")


def test_docx_is_valid_zip_with_no_stdout(run, work: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("build", "--all", "-o", "all.docx", "-q")
    assert result.exit_code == 0 and result.output == ""
    data = (work / "all.docx").read_bytes()
    assert len(Document(io.BytesIO(data)).paragraphs) > 10


def test_bad_source_date_epoch(run, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    result = run("build", "--all", "-o", "-")
    assert (result.exit_code, result.stderr) == (
        2, "Error: SOURCE_DATE_EPOCH='yesterday': expected a whole number of seconds since 1970\n")


def test_markdown_build_is_reproducible(run) -> None:  # type: ignore[no-untyped-def]
    first = run("build", "--all", "-o", "-", "-q").stdout
    assert first == run("build", "--all", "-o", "-", "-q").stdout


def test_country_filter_in_list_and_build(run, work: Path) -> None:  # type: ignore[no-untyped-def]
    # Every record of the bundle library takes AL from its report.
    assert run("list", "--country", "al").stderr == "6 records\n"
    result = run("list", "--country", "XK")
    assert (result.exit_code, result.stderr) == (
        2, "Error: no records match these filters. Hint: drop --country (6 records)\n")
    result = run("build", "--topic", "stigma", "--country", "QQ", "-o", "-")
    assert (result.exit_code, result.stderr) == (
        2, "Error: --country: expected an ISO 3166-1 alpha-2 country code such as AL (Albania), "
        "got 'QQ' (no country has this code)\n")
    out = work / "al.md"
    result = run("build", "--topic", "stigma", "--profile", "male", "--country", "AL", "-o", str(out), "-q")
    assert result.exit_code == 0, result.output
    # The filters are build details: in the manifest, never in the filed document.
    manifest = json.loads((work / "al.md.manifest.json").read_text(encoding="utf-8"))
    assert manifest["selection"] == "--topic stigma --profile male --country AL"
    assert "--country" not in out.read_text(encoding="utf-8")


def test_build_with_a_csl_style_and_a_misspelt_one(runner: CliRunner) -> None:
    ok = runner.invoke(cli, ["build", "--id", "arise-2023-12-02-young-victim-profiles",
                             "--style", "harvard-cite-them-right", "-o", "-", "-q"])
    assert ok.exit_code == 0, ok.output
    assert ("Source: Arise (2023) *Youth Exploitation in Albania*. Available at: "
            "<https://www.arisefdn.org/post/2nd-dec-youth-exploitation-in-albania>.") in ok.stdout
    bad = runner.invoke(cli, ["build", "--all", "--style", "harvard-cite-them-rigth", "-o", "-"])
    assert bad.exit_code == 2
    assert "did you mean harvard-cite-them-right" in bad.stderr


# --- PDF (LibreOffice; slow) -------------------------------------------------------------------


needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None and shutil.which("libreoffice") is None,
    reason="LibreOffice (soffice) is not installed; .ci/run installs it",
)


@pytest.mark.slow
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


@pytest.mark.slow
def test_pdf_cannot_go_to_standard_output(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["build", "--topic", "stigma", "--format", "pdf", "-o", "-"])
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: a PDF file cannot be written to standard output; use -o FILE.pdf, "
        "or --format md for Markdown\n"
    )


def test_summary_names_the_size_the_place_the_notes_and_the_manifest() -> None:
    result: Any = SimpleNamespace(output=None, extracts=1, sources=2, pages=1,
                                  bundle=SimpleNamespace(notes=["one", "two"]), manifest=None)
    assert BuildResult.summary(result) == [
        "1 extract from 2 sources, about 1 page: standard output", "note: one", "note: two"]
    result.output, result.extracts, result.manifest = "b.docx", 3, "b.docx.manifest.json"
    result.bundle.notes = []
    assert BuildResult.summary(result) == ["3 extracts from 2 sources, about 1 page: b.docx",
                                    "manifest: b.docx.manifest.json"]
