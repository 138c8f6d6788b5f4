"""``cocite schedule``: the country information evidence schedule of one appeal.

The one library call the command line makes is :func:`make_schedule`: read and check the case
file, select and number each issue's extracts, measure the pages (LibreOffice when installed,
else the estimator), fit the budget when asked, check balance and currency, then write the
schedule (.docx, .pdf or .md) and its manifest atomically. Nothing is written when anything
fails, or when ``--strict`` finds a warning.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cocite import pages as P
from cocite.atomic import Target, check_outputs, place, write_outputs
from cocite.atomic import target as output_target
from cocite.casefile import CaseFile, load_case
from cocite.errors import DataError, UsageError
from cocite.problems import Problem
from cocite.render import pagination
from cocite.render.context import build_time
from cocite.resources import template_path
from cocite.schedule import balance as B
from cocite.schedule import budget as G
from cocite.schedule import manifest as M
from cocite.schedule.model import Extract, Schedule, build_schedule, with_pages
from cocite.schedule.render import DOCX_TEMPLATE, MD_TEMPLATE, render_docx, render_markdown
from cocite.schedule.select import number_issues

if TYPE_CHECKING:
    from cocite.library import Library

SUFFIXES = {".docx": "docx", ".pdf": "pdf", ".md": "md", ".markdown": "md"}
STDOUT = "-"
DEFAULT_STALE_YEARS = 3


@dataclass
class ScheduleResult:
    case: CaseFile
    schedule: Schedule
    fmt: str
    output: Path | None
    text: str | None  # Markdown for standard output
    measure: G.Measure
    dropped: tuple[G.Candidate, ...]
    balance: list[B.IssueBalance]
    warnings: list[Problem]
    conversions: int
    manifest: Path | None = None
    notes: list[str] = field(default_factory=list)

    def summary(self) -> list[str]:
        """The lines printed on stderr after a build."""
        s, m = self.schedule, self.measure
        how = "by LibreOffice" if m.method == "libreoffice" else "estimated, LibreOffice not found"
        where = str(self.output) if self.output else "standard output"
        n = len(s.extracts)
        issues = f"{len(s.issues)} issue{'s' if len(s.issues) != 1 else ''}"
        lines = [f"{issues}, {n} extract{'s' if n != 1 else ''}: {where}",
                 f"{m.pages} page{'s' if m.pages != 1 else ''} of {s.max_pages} ({how})"]
        for issue, b, (first, last) in zip(s.issues, self.balance, m.issue_pages, strict=True):
            pages = f"page {first}" if first == last else f"pages {first}-{last}"
            lines.append(f"  {issue.number}. {issue.title}: {pages}; {B.describe(b)}")
            lines += [f"     note: {note}" for note in b.notes]
        for c in self.dropped:
            lines.append(f"left out {c.extract.number} ({c.extract.id}): {c.reason}")
        lines += self.notes
        lines += [f"warning: {w}" for w in self.warnings]
        if self.manifest:
            lines.append(f"manifest: {self.manifest}")
        return lines


def choose_format(output: str | None) -> str:
    if output is None or output == STDOUT:
        return "docx" if output is None else "md"
    suffix = Path(output).suffix.lower()
    if suffix in SUFFIXES:
        return SUFFIXES[suffix]
    if Path(output).is_dir() or output.endswith("/") or _is_stream(output):
        return "docx"
    raise UsageError(f"-o {output}: cannot tell the format from {suffix or 'a name without a suffix'!r}; "
                     "name the file .docx, .pdf or .md")


def output_path(output: str | None, case_path: Path, fmt: str) -> Path | None:
    if output == STDOUT:
        if fmt != "md":
            raise UsageError("only Markdown can go to standard output; use -o FILE.docx or FILE.pdf")
        return None
    default = f"{case_path.stem}-schedule.{fmt}"
    if output is None:
        return Path(default)
    return place(output, default)


def _is_stream(output: str) -> bool:
    """``/dev/null``, ``/dev/stdout``, a named pipe: named without a suffix, written through."""
    import stat

    try:
        return not stat.S_ISREG(Path(output).stat().st_mode)
    except OSError:
        return False


def _targets(target: Path | None, report: Path | None, inputs: list[Path],
             library: Library) -> tuple[Target | None, Target | None, Target | None]:
    """The schedule, its manifest and the report, checked against every input and each
    other before any work. A schedule written through (a device, a pipe) gets no manifest:
    there is no "beside" to put it."""
    out = output_target(target) if target is not None else None
    man = (output_target(M.manifest_path(target))
           if target is not None and out is not None and not out.through else None)
    rep = output_target(report) if report is not None else None
    named = [(o, t) for o, t in (("-o", out), ("manifest", man), ("--report", rep)) if t]
    check_outputs(named, [*inputs, *library.files.inputs()], library.files.folder())
    return out, man, rep


class _Renderer:
    """Renders and measures the schedule with the first k ranked extracts dropped (cached).

    The index prints each issue's first page: LibreOffice's, once a conversion has measured
    it, else the estimator's. A Word file rendered with estimated pages is rendered again when
    LibreOffice finds other ones (LibreOffice's PDF computes the PAGEREF fields itself).
    Where LibreOffice prints a citation apart from the end of its quote, the Word file is
    respaced and converted again (cocite/render/pagination.py), its adjustments kept for k.
    """

    def __init__(self, case: CaseFile, library: Library, numbered: list[list[Extract]],
                 order: list[G.Candidate], built: datetime, renumber: bool = False,
                 template: tuple[Path, bool] | None = None) -> None:
        self.case, self.library, self.numbered, self.order = case, library, numbered, order
        self.built, self.renumber = built, renumber
        self.template, self.user = template or (template_path(DOCX_TEMPLATE), False)
        self.docx: dict[int, bytes] = {}
        self.pdf: dict[int, bytes] = {}
        self.base: dict[int, Schedule] = {}
        self.starts: dict[int, tuple[int, ...]] = {}  # first pages measured by LibreOffice
        self.measured: dict[int, G.Measure] = {}
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
            docx = render_docx(self.schedule(k), self.template, built=self.built,
                               user_template=self.user)
            self.docx[k] = pagination.apply(docx, self.spacing[k]) if k in self.spacing else docx
        return self.docx[k]

    def estimate(self, k: int) -> G.Measure:
        return G.estimate_schedule(self._base(k))

    def estimate_with_margin(self, k: int) -> G.Measure:
        """For --fit without LibreOffice: the estimate on pages kept short by the margin."""
        return G.estimate_schedule(self._base(k), G.ESTIMATE_MARGIN)

    def exact(self, k: int) -> G.Measure:
        if k not in self.pdf:
            shown = tuple(i.page or 0 for i in self.schedule(k).issues)
            self.docx[k], self.pdf[k], self.spacing[k] = pagination.settle(
                self.word(k), lambda docx: P.docx_to_pdf(docx, what="count the pages"))
            measure = G.measure_pdf(P.read_pdf(self.pdf[k], text=True), self._base(k))
            self.measured[k] = measure
            self.starts[k] = tuple(first for first, _ in measure.issue_pages)
            if self.starts[k] != shown:
                del self.docx[k]  # render the Word file again with LibreOffice's pages
        return self.measured[k]


def make_schedule(
    library: Library,
    case_path: Path,
    *,
    output: str | None = None,
    fit: bool = False,
    strict: bool = False,
    stale_years: int = DEFAULT_STALE_YEARS,
    report: Path | None = None,
    exact: bool | None = None,
    style: str | None = None,
    renumber: bool = False,
    template: Path | None = None,
) -> ScheduleResult:
    """Build the schedule of a case file. ``exact``: count with LibreOffice (default: when
    installed). Raises a CociteError subclass before writing anything on any problem."""
    if stale_years < 0:
        raise UsageError(f"--stale-years {stale_years}: expected 0 or more")
    from cocite.citation.format import use_index

    use_index(library.index_path)  # formatted citations are kept in the library's index
    fmt = choose_format(output)
    target = output_path(output, case_path, fmt)
    use_lo = P.have_soffice() if exact is None else exact
    if fmt == "pdf" and not use_lo:
        raise P.missing("write a PDF")
    from cocite.library import display

    case = load_case(case_path, library, display(case_path))
    if style is not None:  # --style overrides the case file's
        from dataclasses import replace

        from cocite.citation.styles import resolve

        resolve(style)
        case = replace(case, style=style)
    tpl = choose_template(template, case, case_path, fmt)
    # Before any work: no output may replace the case file, a template, a .csl style or data.
    from cocite.citation.styles import style_inputs

    inputs = [case_path, *([tpl[0]] if tpl and tpl[1] else []), *style_inputs(case.style)]
    out, man, rep = _targets(target, report, inputs, library)
    numbered = number_issues(case, library)
    built = build_time()
    order = G.rank(numbered, built.date(), stale_years) if fit else []
    r = _Renderer(case, library, numbered, order, built, renumber,
                  tpl if fmt != "md" else None)
    notes: list[str] = []
    if fit:
        if use_lo:
            result = G.fit(order, case.max_pages, r.estimate, r.exact)
            k, measure, dropped = len(result.dropped), result.measure, result.dropped
        else:
            result = G.fit(order, case.max_pages, r.estimate_with_margin, None)
            k, dropped = len(result.dropped), result.dropped
            measure = r.estimate(k)
            notes.append(f"note: {G.ESTIMATE_MARGIN_NOTE}")
    else:
        k, dropped = 0, ()
        measure = r.exact(0) if use_lo else r.estimate(0)
    schedule = r.schedule(k)
    notes += [f"note: {n}" for n in schedule.notes]
    report_ = B.balance(schedule, built.date(), stale_years)
    warnings = list(case.warnings) + B.warning_problems(case, report_)
    if measure.pages > case.max_pages:
        warnings.insert(0, _over_budget(case, r, measure, fit, stale_years))
    if not use_lo:
        notes.append("note: LibreOffice was not found, so page counts are estimates; "
                     "install LibreOffice for exact counts")
    if strict and warnings:
        raise DataError(warnings, f"--strict: {len(warnings)} warning(s) count as errors; "
                        "nothing was written")
    text = None
    if fmt == "docx":
        payload: bytes = r.word(k)
    elif fmt == "pdf":
        r.exact(k)
        payload = r.pdf[k]
    else:
        md_tpl, user = tpl or (template_path(MD_TEMPLATE), False)
        text = render_markdown(schedule, md_tpl, user_template=user)
        payload = text.encode("utf-8")
    # All the outputs together or none: the schedule, its manifest, the --report.
    writes: list[tuple[Target, bytes | str]] = []
    if out is not None:
        writes.append((out, payload))
        text = None
    if man is not None and target is not None:
        writes.append((man, M.dumps(M.manifest(
            case, schedule, measure, dropped, output=target, fmt=fmt, payload=payload, fit=fit,
            stale_years=stale_years, data_source=library.source, notes=schedule.notes,
            renumber=renumber))))
    if rep is not None:
        writes.append((rep, json.dumps(_report(schedule, measure, report_, warnings, dropped),
                                       indent=2, ensure_ascii=False) + "\n"))
    write_outputs(writes)
    where = man.given if man is not None else None
    return ScheduleResult(case, schedule, fmt, target, text, measure, tuple(dropped), report_,
                          warnings, len(r.pdf), where, notes)


def choose_template(given: Path | None, case: CaseFile, case_path: Path,
                    fmt: str) -> tuple[Path, bool] | None:
    """The user's template (``--template``, else the case file's ``template:``, relative to
    the case file), checked against the format; None for cocite's own."""
    from cocite.build import find_template

    if given is None and case.template is None:
        return None
    path = given if given is not None else (case_path.parent / str(case.template)).resolve()
    try:
        return find_template(path, "docx" if fmt == "pdf" else fmt)
    except UsageError as exc:
        if given is None:  # name the case file's field, not an option the user did not give
            raise DataError([Problem(case.name, None, None, "template",
                                     str(exc).removeprefix(f"--template {path}: "))]) from exc
        raise


def _over_budget(case: CaseFile, r: _Renderer, measure: G.Measure, fit: bool,
                 stale_years: int) -> Problem:
    if fit:
        what = ("even after leaving out every extract --fit may drop (extracts picked by id "
                "and the last extract of each issue are kept); remove issues or ids, or ask "
                "the tribunal's permission for more pages")
    else:
        order = G.rank(r.numbered, r.built.date(), stale_years)
        plan = G.fit(order, case.max_pages, r.estimate, None)
        names = ", ".join(f"{c.extract.number} ({c.kind})" for c in plan.dropped[:8])
        more = f" and {len(plan.dropped) - 8} more" if len(plan.dropped) > 8 else ""
        what = (f"cut, for example, {names}{more}; or run with --fit to leave the lowest-ranked "
                "extracts out" if names else "remove issues or ids")
    how = "by LibreOffice" if measure.method == "libreoffice" else "estimated"
    return Problem(case.name, None, None, "max_pages",
                   f"the schedule is {measure.pages} pages ({how}), over the budget of "
                   f"{case.max_pages}: {what}", "warning")


def _report(schedule: Schedule, measure: G.Measure, report: list[B.IssueBalance],
            warnings: list[Problem], dropped: tuple[G.Candidate, ...] | list[G.Candidate]) -> dict[str, object]:
    return {
        "pages": {"count": measure.pages, "method": measure.method,
                  "max_pages": schedule.max_pages},
        "issues": [
            {**b.as_dict(), "pages": {"first": first, "last": last}}
            for b, (first, last) in zip(report, measure.issue_pages, strict=True)
        ],
        "dropped": [{"number": c.extract.number, "id": c.extract.id, "reason": c.reason}
                    for c in dropped],
        "warnings": [p.as_dict() for p in warnings],
    }
