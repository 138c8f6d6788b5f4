"""`cocite schedule`: numbering, rendering (DOCX, PDF, Markdown), budget, balance, manifest.

Tests that need LibreOffice share its conversions through module-scoped fixtures; they are
skipped with a reason where it is not installed (CI installs it).
"""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn
from markdown_it import MarkdownIt

from cocite import pages
from cocite.casefile import load_case
from cocite.cli import cli
from cocite.library import load_library
from cocite.resources import template_path
from cocite.schedule import budget as G
from cocite.schedule.select import number_issues

DATA = Path(__file__).resolve().parent / "data"
REPO = DATA.parents[1]
LIBRARY = DATA / "case-library"
CASE = DATA / "case-adult-man.yaml"
EPOCH = "1725148800"  # 2024-09-01: the dates of the fixtures are then recent
RECORDED = json.loads((DATA / "case-page-counts.json").read_text(encoding="utf-8"))
needs_lo = pytest.mark.skipif(not pages.have_soffice(),
                              reason="LibreOffice (soffice) is not installed; CI installs it")


@pytest.fixture(autouse=True)
def _pinned(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.chdir(REPO)


@pytest.fixture
def no_lo(monkeypatch: pytest.MonkeyPatch) -> None:
    """Count pages with the estimator: as on a machine without LibreOffice."""
    monkeypatch.setenv("COCITE_SOFFICE", "/nonexistent/soffice")


def schedule(out: Path | str, *args: str, case: Path = CASE, data: Path | None = LIBRARY) -> Any:
    pre = ["--data", str(data)] if data else []
    return CliRunner().invoke(cli, [*pre, "schedule", str(case), "-o", str(out), *args])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The fixture case as DOCX and Markdown, pages by the estimator (the quick tier has no
    LibreOffice run; the slow tests below count with LibreOffice)."""
    folder = tmp_path_factory.mktemp("schedule")
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
    mp.setenv("COCITE_SOFFICE", "/nonexistent/soffice")
    mp.chdir(REPO)
    try:
        docx = schedule(folder / "s.docx", "--report", str(folder / "report.json"))
        md = schedule(folder / "s.md")
    finally:
        mp.undo()
    assert docx.exit_code == 0, docx.stderr
    assert md.exit_code == 0, md.stderr
    return {"folder": folder, "docx": docx, "md": md}


# --- numbering and the Word file ---------------------------------------------------------------

ISSUES = ["1. Risk of re-trafficking on return", "2. Sufficiency of protection", "3. Internal relocation"]
NUMBERS = ["1.1", "1.2", "1.3", "2.1", "2.2", "3.1"]


def test_docx_has_one_heading_per_issue_and_numbered_extracts(built: dict[str, Any]) -> None:
    doc = Document(str(built["folder"] / "s.docx"))
    by_style: dict[str, list[str]] = {}
    for p in doc.paragraphs:
        by_style.setdefault(p.style.name, []).append(p.text)
    assert by_style["Title"] == ["Country information evidence schedule"]
    assert by_style["Tribunal"] == ["IN THE FIRST-TIER TRIBUNAL (IMMIGRATION AND ASYLUM CHAMBER)"]
    assert by_style["Parties"] == [
        "Appeal number: PA/12345/2025", "BETWEEN", "A.B., Appellant", "and",
        "Secretary of State for the Home Department, Respondent"]
    assert by_style["Schedule Details"][0] == "Date: 1 September 2024"
    # The running header: appeal number and title on every page.
    header = doc.sections[0].header.paragraphs[0].text
    assert header == "PA/12345/2025 – Country information evidence schedule"
    # No build details in the filed text: no path, flag, git hash or build time.
    text = "\n".join(p.text for p in doc.paragraphs)
    for leak in ("case-library", "tests/", "git ", "00:00", "UTC", "sha256", "--"):
        assert leak not in text
    assert by_style["Provenance"] == [by_style["Provenance"][0]]
    assert by_style["Provenance"][0].startswith("Prepared with cocite 0.1 from data version ")
    assert by_style["Heading 1"] == ISSUES
    assert by_style["Heading 2"] == NUMBERS
    # Each entry: the linked text, a tab and the issue's first page (a PAGEREF field).
    assert by_style["Index Entry"] == [
        "1.\tRisk of re-trafficking on return: extracts 1.1–1.3\t1",
        "2.\tSufficiency of protection: extracts 2.1–2.2\t2",
        "3.\tInternal relocation: extract 3.1\t3",
    ]
    xml = doc.element.body.xml
    for n in (1, 2, 3):
        assert f'w:name="_Issue{n}"' in xml and f" PAGEREF _Issue{n} \\h " in xml
        assert f'w:anchor="_Issue{n}"' in xml
    assert by_style["Sources Heading"] == ["Sources for issue 1", "Sources for issue 2", "Sources for issue 3"]
    assert by_style["Schedule Heading"] == ["Index of issues", "About this schedule"]
    assert "not exhaustive" in by_style["Normal"][-1]
    assert "Many of them go back." not in "\n".join(by_style["Block Quote"])  # female-only record
    assert ("Men who return to Albania after being exploited in cannabis cultivation in the UK are at "
            "risk of being re-trafficked by the same networks, particularly where a debt remains unpaid."
            ) in by_style["Block Quote"]


def test_docx_links_each_citation_and_source_entry_to_its_url(built: dict[str, Any]) -> None:
    doc = Document(str(built["folder"] / "s.docx"))
    library = load_library(LIBRARY, use_cache=False)
    manifest = json.loads((built["folder"] / "s.docx.manifest.json").read_text(encoding="utf-8"))
    ids = [e["id"] for i in manifest["issues"] for e in i["extracts"]]
    citations = [p for p in doc.paragraphs if p.style.name == "Citation"]
    assert len(citations) == len(ids)
    for paragraph, rid in zip(citations, ids, strict=True):
        links = paragraph._p.findall(qn("w:hyperlink"))
        assert [doc.part.rels[a.get(qn("r:id"))].target_ref for a in links] == [library.by_id[rid].source.url]
    entries = [p for p in doc.paragraphs if p.style.name == "Source Entry"]
    assert all(len(p._p.findall(qn("w:hyperlink"))) == 1 for p in entries)


def test_house_style_of_the_schedule_template() -> None:
    doc = Document(str(template_path("schedule.docx")))
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    for name in ("Normal", "Block Quote", "Lead-in", "Citation", "Source Entry", "Heading 2"):
        style = doc.styles[name]
        assert (style.font.size or doc.styles["Normal"].font.size).pt >= 12, name
        assert style.paragraph_format.line_spacing == 1.5, name
    assert "NUMPAGES" in section.footer.paragraphs[0]._p.xml


def test_template_generator_is_in_step_with_the_shipped_template(tmp_path: Path) -> None:
    script = template_path("make_schedule_docx.py")
    if not script.exists():
        pytest.skip("installed package: the generator script is not shipped")
    out = tmp_path / "schedule.docx"
    subprocess.run([sys.executable, str(script), str(out)], check=True, capture_output=True)

    def body(path: Path) -> list[tuple[str, str]]:
        return [(p.style.name, p.text) for p in Document(str(path)).paragraphs]

    assert body(out) == body(template_path("schedule.docx"))


def test_estimator_styles_mirror_the_template() -> None:
    doc = Document(str(template_path("schedule.docx")))
    for key, style in G.STYLES.items():
        # "X Kept": style X with the template's direct keep-with-next on that paragraph.
        name = key.removesuffix(" Kept")
        fmt = doc.styles[name].paragraph_format
        assert (fmt.space_after.pt if fmt.space_after is not None else 0) == style.after, name
        assert (fmt.space_before.pt if fmt.space_before is not None else 0) == style.before, name
        if key != name:
            assert style.keep_next, key
        else:
            assert bool(fmt.keep_with_next) == style.keep_next, name
        size = doc.styles[name].font.size
        assert (size.pt if size else 12) == style.size, name


# --- Markdown ----------------------------------------------------------------------------------


def test_markdown_keeps_quotes_and_structure(built: dict[str, Any]) -> None:
    text = (built["folder"] / "s.md").read_text(encoding="utf-8")
    tokens = MarkdownIt("commonmark").parse(text)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings == ["Country information evidence schedule", "Index of issues", *ISSUES[:1],
                        *NUMBERS[:3], ISSUES[1], *NUMBERS[3:5], ISSUES[2], NUMBERS[5],
                        "About this schedule"]
    library = load_library(LIBRARY, use_cache=False)
    quote = library.by_id["usds-2023-justice-system"].quote
    assert any(t.type == "inline" and t.content == quote for t in tokens)


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


# --- manifest, report, summary -----------------------------------------------------------------


def test_manifest_records_how_to_rebuild(built: dict[str, Any]) -> None:
    folder = built["folder"]
    manifest = json.loads((folder / "s.docx.manifest.json").read_text(encoding="utf-8"))
    assert manifest["case_file"] == {"path": "tests/data/case-adult-man.yaml",
                                     "sha256": hashlib.sha256(CASE.read_bytes()).hexdigest()}
    assert manifest["output"]["sha256"] == hashlib.sha256((folder / "s.docx").read_bytes()).hexdigest()
    assert manifest["data"]["source"] == "tests/data/case-library"
    assert manifest["style"] == "asylos" and manifest["dropped"] == [] and manifest["fit"] is False
    assert manifest["generator"].startswith("cocite ")
    assert [[e["number"] for e in i["extracts"]] for i in manifest["issues"]] == [
        NUMBERS[:3], NUMBERS[3:5], NUMBERS[5:]]
    assert manifest["issues"][2]["extracts"] == [{"number": "3.1", "id": "ho-cpin-2023-internal-relocation"}]
    assert manifest["pages"]["method"] == "estimate"
    assert manifest["pages"]["count"] == 4  # the estimator's (LibreOffice lays it out in 3)
    assert [(i["first"], i["last"]) for i in manifest["pages"]["issues"]] == [(1, 2), (2, 3), (3, 3)]


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


def test_same_source_note_and_stale_years(tmp_path: Path, no_lo: None) -> None:
    case = tmp_path / "case.yaml"
    case.write_text("issues:\n  - title: Protection\n    topics: [justice-system]\n    profiles: [female]\n"
                    "    include_general: true\n", encoding="utf-8")
    result = schedule(tmp_path / "s.docx", "--stale-years", "10", case=case)
    assert result.exit_code == 0, result.stderr
    assert "warning:" not in result.stderr  # 2018 is within 10 years; three sources
    result = schedule(tmp_path / "s.docx", "--stale-years", "6", case=case)
    assert "issue 1 'Protection' extract 1.3 is more than 6 years old or undated" in result.stderr


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


# --- the budget ----------------------------------------------------------------------------------


def test_rank_drops_out_of_date_then_repeats_then_longest_never_explicit_or_last() -> None:
    library = load_library(LIBRARY, use_cache=False)
    path = DATA / "case-tight.yaml"
    case = load_case(path, library)
    numbered = number_issues(case, library)
    order = G.rank(numbered, date(2024, 9, 1), 3)
    assert [(c.extract.number, c.kind) for c in order] == [
        ("3.2", "out of date"), ("2.4", "out of date"),  # 2015, then 2018
        ("2.3", "repeats a source"),                     # GRETA again, after 2.2
        ("1.2", "long"), ("1.3", "long"), ("2.1", "long"),  # longest first
    ]  # 3.1 was picked by id; 1.1 and 2.2 are the last of their issues
    assert order[0].reason == "out of date: published 2015-07, more than 3 years ago"
    assert order[2].reason == "repeats a source: that of extract 2.2, already cited for this issue"


def test_fit_searches_between_the_estimators_bounds() -> None:
    order = [G.Candidate(None, f"c{i}") for i in range(10)]  # type: ignore[arg-type]
    calls: list[int] = []

    def measure(pages_: int) -> G.Measure:
        return G.Measure(pages_, "x", ())

    def exact(k: int) -> G.Measure:
        calls.append(k)
        return measure(16 - k)  # LibreOffice: one page more than the estimate

    result = G.fit(order, 10, lambda k: measure(15 - k), exact)
    assert len(result.dropped) == 6 and result.measure.pages == 10
    assert len(calls) <= 3
    assert len(G.fit(order, 10, lambda k: measure(15 - k), None).dropped) == 5
    assert len(G.fit(order, 2, lambda k: measure(15 - k), exact).dropped) == 10  # cannot fit


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
    info = pages.read_pdf((tmp_path / "s.pdf").read_bytes(), text=True)
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


def test_an_extracts_citation_without_its_url_keeps_none_of_the_brackets_around_it(
        no_lo: None) -> None:
    # OSCOLA writes "... (2023) 20 <URL>."; in an extract the URL is left out (it is printed
    # in the issue's sources), and so are its angle brackets: "... (2023) 20."
    result = schedule("-", "--style", "oscola")
    assert result.exit_code == 0, result.stderr
    cited = [line for line in result.stdout.splitlines() if line.startswith("Source: ")]
    assert cited and not [line for line in cited if "<." in line or "\\<" in line]
    assert any(line.endswith("’ (2023) 20.\\") for line in cited), cited


def test_renumber_closes_the_gaps_and_maps_new_numbers_to_old(tmp_path: Path, no_lo: None) -> None:
    result = schedule(tmp_path / "s.md", "--fit", "--renumber", case=DATA / "case-tight.yaml")
    assert result.exit_code == 0, result.stderr
    manifest = json.loads((tmp_path / "s.md.manifest.json").read_text(encoding="utf-8"))
    assert manifest["renumber"] is True and manifest["dropped"]
    library = load_library(LIBRARY, use_cache=False)
    numbered = number_issues(load_case(DATA / "case-tight.yaml", library), library)
    ids = {e.number: e.id for issue in numbered for e in issue}
    dropped = {d["number"] for d in manifest["dropped"]}
    for issue in manifest["issues"]:
        numbers = [e["number"] for e in issue["extracts"]]
        assert numbers == [f"{issue['number']}.{k}" for k in range(1, len(numbers) + 1)]
        olds = [e.get("was", e["number"]) for e in issue["extracts"]]
        assert all(ids[old] == e["id"] for old, e in zip(olds, issue["extracts"], strict=True))
        assert not set(olds) & dropped
    text = (tmp_path / "s.md").read_text(encoding="utf-8")
    headings = [line[4:] for line in text.splitlines() if line.startswith("### ")]
    assert headings == [e["number"] for i in manifest["issues"] for e in i["extracts"]]


# --- PDF -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def examples_pdf(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Any, bytes]]:
    if not pages.have_soffice():
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
    info = pages.read_pdf(pdf, text=True)
    assert info.pages <= 12
    assert info.pages == RECORDED["pages"][name], "re-record tests/data/case-page-counts.json"
    assert f"{info.pages} pages of 12 (by LibreOffice)" in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(RECORDED["pages"]))
def test_pdf_is_a4_searchable_linked_and_bookmarked(examples_pdf: dict[str, Any], name: str) -> None:
    from pypdf import PdfReader

    _, pdf = examples_pdf[name]
    info = pages.read_pdf(pdf, text=True)
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


# --- tribunal form -------------------------------------------------------------------------------


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


# --- your own template ---------------------------------------------------------------------------


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


def test_fit_without_libreoffice_keeps_a_margin_and_says_it_is_an_estimate(
        tmp_path: Path, no_lo: None) -> None:
    result = schedule(tmp_path / "s.docx", "--fit", case=DATA / "case-tight.yaml")
    assert result.exit_code == 0, result.stderr
    assert "(estimated, LibreOffice not found)" in result.stderr
    assert f"note: {G.ESTIMATE_MARGIN_NOTE}" in result.stderr.splitlines()
    manifest = json.loads((tmp_path / "s.docx.manifest.json").read_text(encoding="utf-8"))
    assert manifest["pages"]["estimated"] is True
    assert manifest["pages"]["fit_margin"] == G.ESTIMATE_MARGIN == 0.05
    calibration = json.loads((DATA / "fit-margin.json").read_text(encoding="utf-8"))
    assert calibration["over"][str(G.ESTIMATE_MARGIN)] == 0
