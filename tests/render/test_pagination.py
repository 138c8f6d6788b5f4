"""Citations kept on the page where their quote ends (cocite/render/pagination.py).

The quick tests run the respacing on a PDF's text given by hand; the slow ones lay the
example schedules out with LibreOffice and read every page, as a reader would.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.shared import Pt

from cocite import libreoffice
from cocite.cli import cli
from cocite.render import pagination
from cocite.resources import template_path

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((REPO / "examples").glob("*.yaml"))
# What never starts a page apart from the quote above it.
AFTER_QUOTE = ("Source:", "Cited in:", "Footnotes in the extract:")


def word(*paragraphs: tuple[str, str]) -> bytes:
    """A Word file in the schedule template's styles: (style name, text) per paragraph."""
    doc = Document(str(template_path("schedule.docx")))
    body = doc.element.body
    for p in list(body.iterchildren(tag=body[0].tag)):
        body.remove(p)
    for style, text in paragraphs:
        doc.add_paragraph(text, style=style)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


EXTRACT = [
    ("Heading 2", "1.1"), ("Lead-in", "The first source stated:"),
    ("Block Quote", "A short quote."), ("Citation", "Source: First, 2023"),
    ("Cited In", "Cited in: the report, section 1"),
    ("Heading 2", "1.2"), ("Lead-in", "The second source stated:"),
    ("Block Quote", "The first paragraph of a longer quote."),
    ("Block Quote", "Its last paragraph, long enough to fill the page to its foot."),
    ("Citation", "Source: Second, 2023"), ("Cited In", "Cited in: the report, section 2"),
]


class FakePdf(pagination._Pdf):
    """Pages given as text, with the room left at each page's foot."""

    def __init__(self, pages_: list[str], room: list[float]) -> None:
        texts = [pagination._squeeze(t) for t in pages_]
        self.starts = [0]
        for text in texts:
            self.starts.append(self.starts[-1] + len(text))
        self.text = "".join(texts)
        self.bottom = 72.0
        size = 12.0
        self.lowest = [(72.0 + r + pagination.DESCENT_EM * size, size) for r in room]


def test_no_adjustments_leave_the_file_as_it_is() -> None:
    data = word(*EXTRACT)
    assert pagination.apply(data, pagination.Adjustments()) is data


def test_the_gaps_above_a_stranded_citation_grow_by_the_room_at_the_page_foot() -> None:
    paragraphs, _ = pagination._paragraphs(word(*EXTRACT))
    # Page 1 ends with the long quote's last paragraph, 30 points above the margin; its
    # citation starts page 2.
    first = "\n".join(text for _, text in EXTRACT[:9])
    second = "\n".join(text for _, text in EXTRACT[9:])
    adjust = pagination.Adjustments()
    assert pagination._adjust(paragraphs, FakePdf([first, second], [30.0, 500.0]), adjust)
    # Every block start on page 1 below its top, none between the quote's two paragraphs,
    # none inside a citation ("Cited in"): lead-in, quote and citation of 1.1, then 1.2's
    # heading, lead-in and quote; together the room plus two points.
    grown = [1, 2, 3, 5, 6, 7]
    assert sorted(adjust.space) == grown
    assert set(adjust.space.values()) == {5.5}  # (30 + 2) / 6, rounded up to half a point
    assert not adjust.keep
    data = pagination.apply(word(*EXTRACT), adjust)
    doc = Document(io.BytesIO(data))
    assert [p.text for p in doc.paragraphs] == [text for _, text in EXTRACT]
    before = [p.paragraph_format.space_before for p in doc.paragraphs]
    assert before[5] == Pt(6 + 5.5)  # Heading 2: 6 points in the template, and the share
    assert before[8] is None  # the quote's second paragraph: as the template has it


def test_footnotes_kept_with_the_citation_count_as_the_citation() -> None:
    # "Footnotes in the extract:" keeps with the footnotes and they with the citation: the
    # note starting a page apart from the quote strands them all.
    paras = [*EXTRACT[:9], ("Extract Note", "Footnotes in the extract:"),
             ("Extract Footnote", "1 A note."), *EXTRACT[9:]]
    paragraphs, _ = pagination._paragraphs(word(*paras))
    first = "\n".join(text for _, text in paras[:9])
    second = "\n".join(text for _, text in paras[9:])
    adjust = pagination.Adjustments()
    assert pagination._adjust(paragraphs, FakePdf([first, second], [30.0, 500.0]), adjust)
    assert sorted(adjust.space) == [1, 2, 3, 5, 6, 7]


def test_nothing_is_done_when_every_citation_is_with_its_quote() -> None:
    paragraphs, _ = pagination._paragraphs(word(*EXTRACT))
    whole = "\n".join(text for _, text in EXTRACT)
    adjust = pagination.Adjustments()
    assert not pagination._adjust(paragraphs, FakePdf([whole], [100.0]), adjust)
    assert not adjust


def test_without_a_gap_above_the_paragraph_keeps_with_its_citation() -> None:
    # The quote fills page 2 from its top; above it only the heading, alone on page 1.
    paras = [("Heading 2", "1.1"), ("Block Quote", "A very long paragraph."),
             ("Citation", "Source: One, 2023")]
    paragraphs, _ = pagination._paragraphs(word(*paras))
    adjust = pagination.Adjustments()
    pages_ = ["1.1", "A very long paragraph.", "Source: One, 2023"]
    assert pagination._adjust(paragraphs, FakePdf(pages_, [600.0, 10.0, 500.0]), adjust)
    assert adjust.keep == {1} and not adjust.space
    doc = Document(io.BytesIO(pagination.apply(word(*paras), adjust)))
    assert [p.paragraph_format.keep_with_next for p in doc.paragraphs] == [None, True, None]


# --- LibreOffice -------------------------------------------------------------------------


def _first_body_lines(pdf: bytes, header: str) -> list[str]:
    """The first line of each page after the first, below the running header."""
    info = libreoffice.read_pdf(pdf, text=True)
    out = []
    for text in info.text[1:]:
        lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
        if lines and lines[0] == header:
            lines = lines[1:]
        out.append(lines[0] if lines else "")
    return out


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[bytes, bytes]]:
    """Each example schedule as LibreOffice lays it out: (Word file, PDF)."""
    if not libreoffice.have_soffice():
        pytest.skip("LibreOffice (soffice) is not installed; CI installs it")
    folder = tmp_path_factory.mktemp("examples")
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", "1725148800")
    mp.chdir(REPO)
    out = {}
    try:
        for case in EXAMPLES:
            docx, pdf = folder / f"{case.stem}.docx", folder / f"{case.stem}.pdf"
            for target in (docx, pdf):
                result = CliRunner().invoke(cli, ["schedule", str(case), "-o", str(target)])
                assert result.exit_code == 0, result.stderr
            out[case.stem] = (docx.read_bytes(), pdf.read_bytes())
    finally:
        mp.undo()
    return out


@pytest.mark.slow
@pytest.mark.parametrize("case", [c.stem for c in EXAMPLES])
def test_no_page_of_an_example_starts_with_a_citation(
        examples: dict[str, tuple[bytes, bytes]], case: str) -> None:
    docx, pdf = examples[case]
    appeal = re.search(r"^appeal: (\S+)", (REPO / "examples" / f"{case}.yaml").read_text(
        encoding="utf-8"), re.MULTILINE)
    assert appeal
    header = f"{appeal.group(1)} – Country information evidence schedule"
    firsts = _first_body_lines(pdf, header)
    assert not [line for line in firsts if line.startswith(AFTER_QUOTE)]
    # The Word file as written, laid out by LibreOffice as a user would: the same.
    again = libreoffice.docx_to_pdf(docx)
    assert not [line for line in _first_body_lines(again, header)
                if line.startswith(AFTER_QUOTE)]
    assert pagination.stranded(docx, again) == []
    assert libreoffice.read_pdf(again).pages == libreoffice.read_pdf(pdf).pages
