"""The schedule as a document (`schedule/document.py`): the Word file's structure and
template, and the Markdown."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from markdown_it import MarkdownIt
from schedule_support import ISSUES, LIBRARY, NUMBERS, build_fixture_case

from cocite.loading import load_library
from cocite.resources import template_path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return build_fixture_case(tmp_path_factory.mktemp("schedule"))


# --- the Word file -----------------------------------------------------------------------------


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
