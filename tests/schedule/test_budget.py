"""The page budget (`schedule/budget.py`): ranking what `--fit` leaves out, and the search."""

from __future__ import annotations

from datetime import date

from conftest import DATA
from schedule_support import LIBRARY

from cocite.casefile import load_case
from cocite.loading import load_library
from cocite.schedule import budget
from cocite.schedule.measure import Measure
from cocite.schedule.select import number_issues


def test_rank_drops_out_of_date_then_repeats_then_longest_never_explicit_or_last() -> None:
    library = load_library(LIBRARY, use_cache=False)
    path = DATA / "case-tight.yaml"
    case = load_case(path, library)
    numbered = number_issues(case, library)
    order = budget.rank(numbered, date(2024, 9, 1), 3)
    assert [(c.extract.number, c.kind) for c in order] == [
        ("3.2", "out of date"), ("2.4", "out of date"),  # 2015, then 2018
        ("2.3", "repeats a source"),                     # GRETA again, after 2.2
        ("1.2", "long"), ("1.3", "long"), ("2.1", "long"),  # longest first
    ]  # 3.1 was picked by id; 1.1 and 2.2 are the last of their issues
    assert order[0].reason == "out of date: published 2015-07, more than 3 years ago"
    assert order[2].reason == "repeats a source: that of extract 2.2, already cited for this issue"


def test_fit_searches_between_the_estimators_bounds() -> None:
    order = [budget.Candidate(None, "long", f"c{i}") for i in range(10)]  # type: ignore[arg-type]
    calls: list[int] = []

    def measure(pages_: int) -> Measure:
        return Measure(pages_, "x", ())

    def exact(k: int) -> Measure:
        calls.append(k)
        return measure(16 - k)  # LibreOffice: one page more than the estimate

    result = budget.fit(order, 10, lambda k: measure(15 - k), exact)
    assert len(result.dropped) == 6 and result.measure.pages == 10
    assert len(calls) <= 3
    assert len(budget.fit(order, 10, lambda k: measure(15 - k), None).dropped) == 5
    assert len(budget.fit(order, 2, lambda k: measure(15 - k), exact).dropped) == 10  # cannot fit
