"""The schedule as a document: rendered (Markdown, Word) and measured, for any number of
extracts left out.

``--fit`` tries several cuts; :class:`Drafts` renders and measures each cut once. Escaping,
citations and the template sandbox are those of :mod:`cocite.render`: every value is escaped
for its format, a quote is never template code, and the Word file is read back to check every
quote paragraph came out verbatim before anything is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cocite.casefile import CaseFile
from cocite.render import pagination
from cocite.resources import find_template
from cocite.schedule.budget import Candidate
from cocite.schedule.measure import (
    ESTIMATE_MARGIN,
    Measure,
    estimate_schedule,
    measure_pdf,
)
from cocite.schedule.model import Schedule, ScheduleExtract, build_schedule, with_pages

if TYPE_CHECKING:
    from cocite.library import Library


def schedule_markdown(schedule: Schedule, template: Path, *, user_template: bool) -> str:
    from cocite.render.markdown import render_markdown

    return render_markdown(template, schedule.as_dict(), user_template=user_template)


def schedule_docx(schedule: Schedule, template: Path, *, built: datetime | None,
                  user_template: bool) -> bytes:
    """The schedule as the bytes of a .docx file, checked to hold every quote verbatim."""
    from cocite.render.docx import render_word  # heavy: python-docx, docxtpl, lxml

    return render_word(
        template, schedule.as_dict(), schedule.extracts, user_template=user_template,
        title=schedule.title,
        comments=f"{schedule.practice_direction} | {schedule.prepared_with}",
        generator=schedule.generator, built=built,
        label=lambda e: f"extract {e.number} (record {e.id})",
    )


class Drafts:
    """Renders and measures the schedule with the first k ranked extracts dropped (cached).

    The index prints each issue's first page: LibreOffice's, once a conversion has measured
    it, else the estimator's. A Word file rendered with estimated pages is rendered again when
    LibreOffice finds other ones (LibreOffice's PDF computes the PAGEREF fields itself).
    Where LibreOffice prints a citation apart from the end of its quote, the Word file is
    respaced and converted again (cocite/render/pagination.py), its adjustments kept for k.
    """

    def __init__(self, case: CaseFile, library: Library,
                 numbered: Sequence[Sequence[ScheduleExtract]], order: Sequence[Candidate],
                 built: datetime, renumber: bool = False,
                 template: tuple[Path, bool] | None = None) -> None:
        self.case, self.library, self.numbered, self.order = case, library, numbered, order
        self.built, self.renumber = built, renumber
        self.template, self.user = template or find_template(None, "schedule", "docx")
        self.docx: dict[int, bytes] = {}
        self.pdf: dict[int, bytes] = {}
        self.base: dict[int, Schedule] = {}
        self.starts: dict[int, tuple[int, ...]] = {}  # first pages measured by LibreOffice
        self.measured: dict[int, Measure] = {}
        self.spacing: dict[int, pagination.Adjustments] = {}  # citations kept with quotes

    def _base(self, k: int) -> Schedule:
        if k not in self.base:
            dropped = frozenset(c.extract.number for c in self.order[:k])
            self.base[k] = build_schedule(self.case, self.library, self.numbered, dropped,
                                          self.built, self.renumber)
        return self.base[k]

    def schedule(self, k: int) -> Schedule:
        starts = self.starts.get(k) or tuple(first for first, _ in self.estimate(k).issue_pages)
        return with_pages(self._base(k), starts)

    def word(self, k: int) -> bytes:
        if k not in self.docx:
            docx = schedule_docx(self.schedule(k), self.template, built=self.built,
                                 user_template=self.user)
            self.docx[k] = pagination.apply(docx, self.spacing[k]) if k in self.spacing else docx
        return self.docx[k]

    def estimate(self, k: int) -> Measure:
        return estimate_schedule(self._base(k))

    def estimate_with_margin(self, k: int) -> Measure:
        """For --fit without LibreOffice: the estimate on pages kept short by the margin."""
        return estimate_schedule(self._base(k), ESTIMATE_MARGIN)

    def exact(self, k: int) -> Measure:
        from cocite.libreoffice import docx_to_pdf, read_pdf

        if k not in self.pdf:
            shown = tuple(i.page or 0 for i in self.schedule(k).issues)
            self.docx[k], self.pdf[k], self.spacing[k] = pagination.settle(
                self.word(k), lambda docx: docx_to_pdf(docx, what="count the pages"))
            measure = measure_pdf(read_pdf(self.pdf[k], text=True), self._base(k))
            self.measured[k] = measure
            self.starts[k] = tuple(first for first, _ in measure.issue_pages)
            if self.starts[k] != shown:
                del self.docx[k]  # render the Word file again with LibreOffice's pages
        return self.measured[k]
