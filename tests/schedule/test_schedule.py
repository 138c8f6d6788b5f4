"""`cocite schedule` end to end (`make_schedule`): the outputs, the summary and `--report`,
`--strict`, the budget warning and `--fit`, templates and styles, the examples as PDF.

Tests that need LibreOffice share its conversions through module-scoped fixtures; they are
skipped with a reason where it is not installed (CI installs it).
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import DATA, REPO
from docx import Document
from schedule_support import (  # noqa: F401 - _pinned: autouse
    build_fixture_case,
    CASE,
    EPOCH,
    LIBRARY,
    needs_lo,
    no_lo,
    NUMBERS,
    _pinned,
    RECORDED,
    schedule,
)

from cocite import libreoffice
from cocite.casefile import load_case
from cocite.cli import cli
from cocite.loading import load_library
from cocite.resources import template_path
from cocite.schedule.measure import ESTIMATE_MARGIN, ESTIMATE_MARGIN_NOTE
from cocite.schedule.select import number_issues


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return build_fixture_case(tmp_path_factory.mktemp("schedule"))


# --- outputs, summary, report ------------------------------------------------------------------


def test_markdown_to_standard_output(no_lo: None) -> None:
    result = schedule("-")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(
        "**IN THE FIRST-TIER TRIBUNAL (IMMIGRATION AND ASYLUM CHAMBER)**\n\n"
        "Appeal number: PA/12345/2025\n\n"
        "BETWEEN\\\nA.B., Appellant\\\nand\\\n"
        "Secretary of State for the Home Department, Respondent\n\n"
        "# Country information evidence schedule\n")
    assert "(estimated, LibreOffice not found)" in result.stderr


def test_summary_and_balance_report(built: dict[str, Any]) -> None:
    lines = built["docx"].stderr.splitlines()
    assert lines[0] == "3 issues, 6 extracts: " + str(built["folder"] / "s.docx")
    assert lines[1] == "4 pages of 12 (estimated, LibreOffice not found)"
    assert lines[2] == ("  1. Risk of re-trafficking on return: pages 1-2; 3 extracts from 3 sources "
                        "(report), 2023-02 to 2023-06")
    assert ("warning: tests/data/case-adult-man.yaml:14: issues[2]: issue 3 'Internal relocation' rests "
            "on a single source (UK Home Office, Country Policy and Information Note: Albania: Human...): "
            "add extracts from independent sources") in lines
    report = json.loads((built["folder"] / "report.json").read_text(encoding="utf-8"))
    second = report["issues"][1]
    assert {k: second[k] for k in ("issue", "extracts", "sources", "kinds", "oldest", "newest", "stale")} == {
        "issue": 2, "extracts": 2, "sources": 2, "kinds": ["report"], "oldest": "2018-05",
        "newest": "2023-06", "stale": ["2.2"]}
    assert second["warnings"] == [
        "extract 2.2 is more than 3 years old or undated: check for more recent information"]


def test_strict_fails_on_warnings_and_writes_nothing(tmp_path: Path, no_lo: None) -> None:
    result = schedule(tmp_path / "s.docx", "--strict", "--report", str(tmp_path / "r.json"))
    assert result.exit_code == 1
    assert result.stderr.endswith("Error: --strict: 2 warning(s) count as errors; nothing was written\n")
    # Nothing means nothing: not the --report either (it used to be written first).
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "xdg-cache") == []


@pytest.mark.parametrize(("out", "message"), [
    ("s.txt", "Error: -o s.txt: cannot tell the format from '.txt'; name the file .docx, .pdf or .md\n"),
])
def test_output_name_must_say_the_format(tmp_path: Path, out: str, message: str) -> None:
    result = schedule(out)
    assert result.exit_code == 2
    assert result.stderr == message


def test_pdf_without_libreoffice_is_a_clear_error(tmp_path: Path, no_lo: None) -> None:
    out = tmp_path / "out"
    out.mkdir()
    result = schedule(out / "s.pdf")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: LibreOffice is needed to write a PDF but was not found: install it (Debian/Ubuntu: "
        "apt install libreoffice-writer; macOS/Windows: libreoffice.org), or set COCITE_SOFFICE to "
        "the soffice program\n")
    assert list(out.iterdir()) == []


# --- the budget --------------------------------------------------------------------------------


def test_over_budget_warns_naming_what_to_cut(tmp_path: Path, no_lo: None) -> None:
    result = schedule(tmp_path / "s.docx", case=DATA / "case-tight.yaml")
    assert result.exit_code == 0
    warning = next(line for line in result.stderr.splitlines() if "max_pages" in line)
    assert warning.startswith("warning: tests/data/case-tight.yaml: max_pages: the schedule is 4 pages "
                              "(estimated), over the budget of 2: cut, for example, 3.2 (out of date), "
                              "2.4 (out of date), 2.3 (repeats a source), 1.2 (long)")
    assert warning.endswith("or run with --fit to leave the lowest-ranked extracts out")


@pytest.mark.slow
@needs_lo
def test_fit_keeps_numbers_and_is_within_budget_by_libreoffice(tmp_path: Path) -> None:
    result = schedule(tmp_path / "s.pdf", "--fit", case=DATA / "case-tight.yaml")
    assert result.exit_code == 0, result.stderr
    manifest = json.loads((tmp_path / "s.pdf.manifest.json").read_text(encoding="utf-8"))
    assert manifest["pages"]["method"] == "libreoffice"
    assert manifest["pages"]["count"] <= 2
    info = libreoffice.read_pdf((tmp_path / "s.pdf").read_bytes(), text=True)
    assert info.pages == manifest["pages"]["count"]
    dropped = [d["number"] for d in manifest["dropped"]]
    assert dropped[:3] == ["3.2", "2.4", "2.3"]
    assert all(d["reason"] for d in manifest["dropped"])
    for d in manifest["dropped"]:
        assert f"left out {d['number']} ({d['id']}): {d['reason']}" in result.stderr
    kept = [e["number"] for i in manifest["issues"] for e in i["extracts"]]
    assert not set(kept) & set(dropped)
    full = load_case(DATA / "case-tight.yaml", load_library(LIBRARY, use_cache=False))
    numbered = number_issues(full, load_library(LIBRARY, use_cache=False))
    ids = {e.number: e.id for issue in numbered for e in issue}
    # The extracts kept have the numbers they have in the full schedule: nothing renumbered.
    assert all(ids[e["number"]] == e["id"] for i in manifest["issues"] for e in i["extracts"])
    # The filed document never says what was left out (the terminal and manifest do).
    text = " ".join(" ".join(info.text).split())
    assert "left out" not in text and "for length" not in text
    for d in manifest["dropped"]:
        assert d["id"] not in text


def test_fit_without_libreoffice_keeps_a_margin_and_says_it_is_an_estimate(
        tmp_path: Path, no_lo: None) -> None:
    result = schedule(tmp_path / "s.docx", "--fit", case=DATA / "case-tight.yaml")
    assert result.exit_code == 0, result.stderr
    assert "(estimated, LibreOffice not found)" in result.stderr
    assert f"note: {ESTIMATE_MARGIN_NOTE}" in result.stderr.splitlines()
    manifest = json.loads((tmp_path / "s.docx.manifest.json").read_text(encoding="utf-8"))
    assert manifest["pages"]["estimated"] is True
    assert manifest["pages"]["fit_margin"] == ESTIMATE_MARGIN == 0.05
    calibration = json.loads((DATA / "fit-margin.json").read_text(encoding="utf-8"))
    assert calibration["over"][str(ESTIMATE_MARGIN)] == 0


# --- PDF ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def examples_pdf(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Any, bytes]]:
    if not libreoffice.have_soffice():
        pytest.skip("LibreOffice (soffice) is not installed; CI installs it")
    folder = tmp_path_factory.mktemp("examples")
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", str(RECORDED["source_date_epoch"]))
    mp.chdir(REPO)
    out = {}
    try:
        for name in RECORDED["pages"]:
            pdf = folder / (Path(name).stem + ".pdf")
            result = schedule(pdf, case=REPO / name, data=None)
            assert result.exit_code == 0, result.stderr
            out[name] = (result, pdf.read_bytes())
    finally:
        mp.undo()
    return out


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(RECORDED["pages"]))
def test_examples_build_within_12_pages_as_recorded(examples_pdf: dict[str, Any], name: str) -> None:
    result, pdf = examples_pdf[name]
    info = libreoffice.read_pdf(pdf, text=True)
    assert info.pages <= 12
    assert info.pages == RECORDED["pages"][name], "re-record tests/data/case-page-counts.json"
    assert f"{info.pages} pages of 12 (by LibreOffice)" in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(RECORDED["pages"]))
def test_pdf_is_a4_searchable_linked_and_bookmarked(examples_pdf: dict[str, Any], name: str) -> None:
    from pypdf import PdfReader

    _, pdf = examples_pdf[name]
    info = libreoffice.read_pdf(pdf, text=True)
    width, height = info.size_pt
    assert (round(width), round(height)) == (595, 842)  # A4
    case = load_case(REPO / name, load_library(None))
    assert [b.title for b in info.bookmarks] == [f"{i.number}. {i.title}" for i in case.issues]
    assert [b.title for b in info.bookmarks[0].children][:2] == ["1.1", "1.2"]
    assert "Country information evidence schedule" in info.text[0]
    reader = PdfReader(io.BytesIO(pdf))
    annots = [a.get_object() for p in reader.pages for a in p.get("/Annots") or []]
    uris = [a["/A"].get("/URI") for a in annots if "/A" in a]
    assert any(u and u.startswith("https://") for u in uris)
    # The index: each issue's page as printed equals the page its bookmark points to, and
    # the entry links to that page.
    starts = [b.page for b in info.bookmarks]
    index = [" ".join(line.split()) for line in info.text[0].splitlines() if "....." in line]
    printed = [int(line.rstrip().rsplit(".", 1)[1]) for line in index]
    assert printed == starts
    first = [a.get_object() for a in reader.pages[0].get("/Annots") or []]
    first = sorted((a for a in first if "/Dest" in a), key=lambda a: -float(a["/Rect"][1]))
    links = [reader.get_page_number(a["/Dest"][0].get_object()) + 1 for a in first]
    assert links == starts
    # The running header: appeal number and title on every page.
    appeal = f"{case.appeal} – {case.title}"
    assert all(" ".join(appeal.split()) in " ".join(t.split()) for t in info.text), appeal


# --- tribunal form -----------------------------------------------------------------------------


def test_case_file_date_and_full_name_warning(tmp_path: Path, no_lo: None) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(CASE.read_text(encoding="utf-8").replace(
        "appellant: A.B.", "appellant: Arben Hoxha\ndate: 2025-03-07"), encoding="utf-8")
    result = schedule("-", case=case)
    assert result.exit_code == 0, result.stderr
    assert "**Date:** 7 March 2025\\\n" in result.stdout
    assert "Arben Hoxha, Appellant" in result.stdout
    assert (f"warning: {case}:3: appellant: 'Arben Hoxha' looks like a full name: the schedule is "
            "filed and may be published, so give the appellant's initials (e.g. A.B.) to protect "
            "the client") in result.stderr.splitlines()
    assert schedule("-", "--strict", case=case).exit_code == 1
    case.write_text(CASE.read_text(encoding="utf-8") + "date: 2025-02-30\n", encoding="utf-8")
    result = schedule("-", case=case)
    assert result.exit_code == 1
    assert "date: expected a real day as YYYY-MM-DD, got '2025-02-30'" in result.stderr


# --- your own template and style ---------------------------------------------------------------


def test_schedule_template_option_and_case_file_field(tmp_path: Path, no_lo: None) -> None:
    firm = tmp_path / "firm.md.j2"
    firm.write_text("# {{ title }} ({{ appeal }})\n{% for e in extracts %}- {{ e.number }}\n"
                    "{% endfor %}", encoding="utf-8")
    expected = ("# Country information evidence schedule (PA/12345/2025)\n"
                + "".join(f"- {n}\n" for n in NUMBERS))
    result = schedule("-", "--template", str(firm))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == expected
    case = tmp_path / "case.yaml"  # template: is relative to the case file
    case.write_text(CASE.read_text(encoding="utf-8") + "template: firm.md.j2\n", encoding="utf-8")
    result = schedule("-", case=case)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == expected
    # A Markdown template cannot make a Word file: the case file's field is named.
    result = schedule(tmp_path / "s.docx", case=case)
    assert result.exit_code == 1
    assert f"{case}: template: a Word template must be a .docx file" in result.stderr
    assert not (tmp_path / "s.docx").exists()


def test_schedule_word_template_of_your_own(tmp_path: Path, no_lo: None) -> None:
    firm = tmp_path / "firm.docx"
    firm.write_bytes(template_path("schedule.docx").read_bytes())
    result = schedule(tmp_path / "s.docx", "--template", str(firm))
    assert result.exit_code == 0, result.stderr
    doc = Document(str(tmp_path / "s.docx"))
    assert doc.paragraphs[0].text == "IN THE FIRST-TIER TRIBUNAL (IMMIGRATION AND ASYLUM CHAMBER)"
    result = schedule(tmp_path / "t.docx", "--template", str(tmp_path / "missing.docx"))
    assert result.exit_code == 2
    assert "no such file" in result.stderr


def test_schedule_style_option_overrides_the_case_file(runner: CliRunner, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COCITE_SOFFICE", "/nonexistent/soffice")  # estimate pages: quick
    case = REPO / "examples" / "female-sexual-exploitation.yaml"
    out = tmp_path / "schedule.md"
    result = runner.invoke(cli, ["schedule", str(case), "--style", "apa", "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    text_ = out.read_text(encoding="utf-8")
    assert "(UK Home Office, 2022, p. " in text_  # APA's in-text citation with the page
    manifest = json.loads((tmp_path / "schedule.md.manifest.json").read_text(encoding="utf-8"))
    assert manifest["style"] == "apa"
    bad = runner.invoke(cli, ["schedule", str(case), "--style", "oscolla", "-o", str(out)])
    assert bad.exit_code == 2
    assert "did you mean oscola" in bad.stderr


def test_an_extracts_citation_without_its_url_keeps_none_of_the_brackets_around_it(
        no_lo: None) -> None:
    # OSCOLA writes "... (2023) 20 <URL>."; in an extract the URL is left out (it is printed
    # in the issue's sources), and so are its angle brackets: "... (2023) 20."
    result = schedule("-", "--style", "oscola")
    assert result.exit_code == 0, result.stderr
    cited = [line for line in result.stdout.splitlines() if line.startswith("Source: ")]
    assert cited and not [line for line in cited if "<." in line or "\\<" in line]
    assert any(line.endswith("’ (2023) 20.\\") for line in cited), cited
