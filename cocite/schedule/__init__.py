"""``cocite schedule``: the country information evidence schedule of one appeal.

The one library call the command line makes is :func:`make_schedule`: read and check the case
file, select and number each issue's extracts, measure the pages (LibreOffice when installed,
else the estimator), fit the budget when asked, check balance and currency, then write the
schedule (.docx, .pdf or .md) and its manifest atomically. Nothing is written when anything
fails, or when ``--strict`` finds a warning.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from cocite.atomic import Target, check_outputs, target, write_outputs
from cocite.casefile import CaseFile, load_case
from cocite.errors import DataError, UsageError
from cocite.output import build_time, choose_format, output_path
from cocite.problems import Problem
from cocite.resources import find_template
from cocite.schedule import manifest
from cocite.schedule.balance import IssueBalance, balance, balance_text, warning_problems
from cocite.schedule import budget
from cocite.schedule.budget import Candidate
from cocite.schedule.document import Drafts, schedule_markdown
from cocite.schedule.measure import ESTIMATE_MARGIN_NOTE, Measure
from cocite.schedule.model import Schedule
from cocite.schedule.select import number_issues

if TYPE_CHECKING:
    from cocite.library import Library

DEFAULT_STALE_YEARS = 3


@dataclass
class ScheduleResult:
    case: CaseFile
    schedule: Schedule
    fmt: str
    output: Path | None
    text: str | None  # Markdown for standard output
    measure: Measure
    dropped: tuple[Candidate, ...]
    balance: list[IssueBalance]
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
            lines.append(f"  {issue.number}. {issue.title}: {pages}; {balance_text(b)}")
            lines += [f"     note: {note}" for note in b.notes]
        for c in self.dropped:
            lines.append(f"left out {c.extract.number} ({c.extract.id}): {c.reason}")
        lines += self.notes
        lines += [f"warning: {w}" for w in self.warnings]
        if self.manifest:
            lines.append(f"manifest: {self.manifest}")
        return lines


def _targets(path: Path | None, report: Path | None, inputs: list[Path],
             library: Library) -> tuple[Target | None, Target | None, Target | None]:
    """The schedule, its manifest and the report, checked against every input and each
    other before any work. A schedule written through (a device, a pipe) gets no manifest:
    there is no "beside" to put it."""
    out = target(path) if path is not None else None
    man = (target(manifest.manifest_path(path))
           if path is not None and out is not None and not out.through else None)
    rep = target(report) if report is not None else None
    named = [(o, t) for o, t in (("-o", out), ("manifest", man), ("--report", rep)) if t]
    check_outputs(named, [*inputs, *library.files.inputs()], library.files.folder())
    return out, man, rep


@dataclass(frozen=True, slots=True)
class _Outcome:
    """What fitting and measuring decided: extracts dropped, the page count, notes."""

    cut: int  # how many of the ranked candidates were dropped (k)
    measure: Measure
    dropped: tuple[Candidate, ...]
    notes: list[str]


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
    # Over 60 lines by its 12 options: the body is the steps in order, each a helper below.
    from cocite.citation.format import use_index
    from cocite.citation.styles import style_inputs
    from cocite.libreoffice import have_soffice, missing

    if stale_years < 0:
        raise UsageError(f"--stale-years {stale_years}: expected 0 or more")
    use_index(library.index_path)  # formatted citations are kept in the library's index
    fmt = choose_format(output)
    path = output_path(output, f"{case_path.stem}-schedule.{fmt}", fmt)
    use_lo = have_soffice() if exact is None else exact
    if fmt == "pdf" and not use_lo:
        raise missing("write a PDF")
    case = _case(library, case_path, style)
    tpl = choose_template(template, case, case_path, fmt)
    # Before any work: no output may replace the case file, a template, a .csl style or data.
    inputs = [case_path, *([tpl[0]] if tpl and tpl[1] else []), *style_inputs(case.style)]
    out, man, rep = _targets(path, report, inputs, library)
    numbered = number_issues(case, library)
    built = build_time()
    order = budget.rank(numbered, built.date(), stale_years) if fit else []
    drafts = Drafts(case, library, numbered, order, built, renumber,
                    tpl if fmt != "md" else None)
    done = _measure(drafts, case, fit, use_lo)
    schedule = drafts.schedule(done.cut)
    notes = done.notes + [f"note: {n}" for n in schedule.notes]
    report_ = balance(schedule, built.date(), stale_years)
    warnings = list(case.warnings) + warning_problems(case, report_)
    if done.measure.pages > case.max_pages:
        warnings.insert(0, _over_budget(case, drafts, done.measure, fit, stale_years))
    if not use_lo:
        notes.append("note: LibreOffice was not found, so page counts are estimates; "
                     "install LibreOffice for exact counts")
    if strict and warnings:
        raise DataError(warnings, f"--strict: {len(warnings)} warning(s) count as errors; "
                        "nothing was written")
    payload = _payload(drafts, done.cut, schedule, fmt, tpl)
    # All the outputs together or none: the schedule, its manifest, the --report.
    writes: list[tuple[Target, bytes | str]] = [(out, payload)] if out is not None else []
    if man is not None and path is not None:
        writes.append((man, manifest.dumps(manifest.manifest(
            case, schedule, done.measure, done.dropped, output=path, fmt=fmt, payload=payload,
            fit=fit, stale_years=stale_years, data_source=library.source, notes=schedule.notes,
            renumber=renumber))))
    if rep is not None:
        writes.append((rep, _report(schedule, done.measure, report_, warnings, done.dropped)))
    write_outputs(writes)
    text = payload.decode("utf-8") if fmt == "md" and out is None else None
    where = man.given if man is not None else None
    return ScheduleResult(case, schedule, fmt, path, text, done.measure, done.dropped, report_,
                          warnings, len(drafts.pdf), where, notes)


def _case(library: Library, case_path: Path, style: str | None) -> CaseFile:
    """The case file, read and checked; ``--style`` overrides its style."""
    from cocite.citation.styles import resolve
    from cocite.datafiles import display

    case = load_case(case_path, library, display(case_path))
    if style is not None:
        resolve(style)
        case = replace(case, style=style)
    return case


def _measure(drafts: Drafts, case: CaseFile, fitting: bool, use_lo: bool) -> _Outcome:
    """Fit the budget when asked (LibreOffice confirming the estimator, or the estimator alone
    with a margin), else measure the whole schedule."""
    if not fitting:
        return _Outcome(0, drafts.exact(0) if use_lo else drafts.estimate(0), (), [])
    if use_lo:
        result = budget.fit(drafts.order, case.max_pages, drafts.estimate, drafts.exact)
        return _Outcome(len(result.dropped), result.measure, result.dropped, [])
    result = budget.fit(drafts.order, case.max_pages, drafts.estimate_with_margin, None)
    k = len(result.dropped)
    return _Outcome(k, drafts.estimate(k), result.dropped, [f"note: {ESTIMATE_MARGIN_NOTE}"])


def _payload(drafts: Drafts, k: int, schedule: Schedule, fmt: str,
             tpl: tuple[Path, bool] | None) -> bytes:
    if fmt == "docx":
        return drafts.word(k)
    if fmt == "pdf":
        drafts.exact(k)
        return drafts.pdf[k]
    md_tpl, user = tpl or find_template(None, "schedule", "md")
    return schedule_markdown(schedule, md_tpl, user_template=user).encode("utf-8")


def choose_template(given: Path | None, case: CaseFile, case_path: Path,
                    fmt: str) -> tuple[Path, bool] | None:
    """The user's template (``--template``, else the case file's ``template:``, relative to
    the case file), checked against the format; None for cocite's own."""
    if given is None and case.template is None:
        return None
    path = given if given is not None else (case_path.parent / str(case.template)).resolve()
    try:
        return find_template(path, "schedule", "docx" if fmt == "pdf" else fmt)
    except UsageError as exc:
        if given is None:  # name the case file's field, not an option the user did not give
            raise DataError([Problem(case.name, None, None, "template",
                                     str(exc).removeprefix(f"--template {path}: "))]) from exc
        raise


def _over_budget(case: CaseFile, drafts: Drafts, measure: Measure, fit: bool,
                 stale_years: int) -> Problem:
    if fit:
        what = ("even after leaving out every extract --fit may drop (extracts picked by id "
                "and the last extract of each issue are kept); remove issues or ids, or ask "
                "the tribunal's permission for more pages")
    else:
        order = budget.rank(drafts.numbered, drafts.built.date(), stale_years)
        plan = budget.fit(order, case.max_pages, drafts.estimate, None)
        names = ", ".join(f"{c.extract.number} ({c.kind})" for c in plan.dropped[:8])
        more = f" and {len(plan.dropped) - 8} more" if len(plan.dropped) > 8 else ""
        what = (f"cut, for example, {names}{more}; or run with --fit to leave the lowest-ranked "
                "extracts out" if names else "remove issues or ids")
    how = "by LibreOffice" if measure.method == "libreoffice" else "estimated"
    return Problem(case.name, None, None, "max_pages",
                   f"the schedule is {measure.pages} pages ({how}), over the budget of "
                   f"{case.max_pages}: {what}", "warning")


def _report(schedule: Schedule, measure: Measure, report: list[IssueBalance],
            warnings: list[Problem], dropped: tuple[Candidate, ...] | list[Candidate]) -> str:
    """The ``--report`` JSON: pages, each issue's balance and pages, what was left out, why."""
    return json.dumps({
        "pages": {"count": measure.pages, "method": measure.method,
                  "max_pages": schedule.max_pages},
        "issues": [
            {**b.as_dict(), "pages": {"first": first, "last": last}}
            for b, (first, last) in zip(report, measure.issue_pages, strict=True)
        ],
        "dropped": [{"number": c.extract.number, "id": c.extract.id, "reason": c.reason}
                    for c in dropped],
        "warnings": [p.as_dict() for p in warnings],
    }, indent=2, ensure_ascii=False) + "\n"
