"""The page budget: choosing what ``--fit`` leaves out (measuring is :mod:`.measure`).

Fitting drops the lowest-ranked extracts, one at a time in this order, until the schedule is
within ``max_pages``:

1. out of date: published more than ``stale_years`` before the build (undated ones too),
   oldest first;
2. repeats of a source already cited for the same issue, longest first;
3. the longest remaining extracts.

Extracts picked by id in the case file are never dropped, and no issue loses its last
extract. The estimator proposes how many to drop; LibreOffice confirms (a binary search
between the estimator's bounds, so a typical fit converts 2-4 times).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from cocite.extracts import without_pinpoint
from cocite.partial_dates import date_span
from cocite.schedule.measure import Measure, extract_height
from cocite.schedule.model import ScheduleExtract

# ---------------------------------------------------------------------------------------------
# Ranking


def _ymd(text: str | None) -> tuple[int, int, int] | None:
    span = date_span(text) if text else None
    return span[1] if span else None


def stale_before(today: date, stale_years: int) -> tuple[int, int, int]:
    """The last day of the currency window: a source ending before this day is out of date."""
    try:
        cut = today.replace(year=today.year - stale_years)
    except ValueError:  # 29 February
        cut = today.replace(year=today.year - stale_years, day=28)
    return (cut.year, cut.month, cut.day)


def is_stale(e: ScheduleExtract, cutoff: tuple[int, int, int]) -> bool:
    end = _ymd(e.record.source.date)
    return end is None or end < cutoff


@dataclass(frozen=True, slots=True)
class Candidate:
    extract: ScheduleExtract
    kind: str  # the reason in two or three words, for lists: "out of date", "long", ...
    reason: str


def rank(numbered: Sequence[Sequence[ScheduleExtract]], today: date, stale_years: int) -> list[Candidate]:
    """Every extract --fit may drop, lowest-ranked (first to go) first."""
    cutoff = stale_before(today, stale_years)
    stale: list[Candidate] = []
    repeats: list[tuple[float, Candidate]] = []
    rest: list[tuple[float, Candidate]] = []
    for issue in numbered:
        seen: dict[object, str] = {}
        for e in issue:
            first = seen.setdefault(without_pinpoint(e.record.source), e.number)
            if e.explicit:
                continue
            height = extract_height(e)
            if is_stale(e, cutoff):
                when = e.record.source.date
                why = (f"out of date: published {when}, more than {stale_years} years ago"
                       if when else "out of date: the source is undated")
                stale.append(Candidate(e, "out of date", why))
            elif first != e.number:
                repeats.append((height, Candidate(
                    e, "repeats a source", f"repeats a source: that of extract {first}, already cited for this issue")))
            else:
                rest.append((height, Candidate(
                    e, "long", f"long: among the longest remaining extracts (about {height / 20:.0f} lines)")))
    stale.sort(key=lambda c: (_ymd(c.extract.record.source.date) is None,
                              _ymd(c.extract.record.source.date) or (0, 0, 0)))
    repeats.sort(key=lambda hc: -hc[0])
    rest.sort(key=lambda hc: -hc[0])
    ordered = stale + [c for _, c in repeats] + [c for _, c in rest]
    # No issue may lose its last extract: walk the order and keep the ones that can go.
    left = {i: len(issue) for i, issue in enumerate(numbered, start=1) if issue}
    out = []
    for c in ordered:
        if left[c.extract.issue] > 1:
            left[c.extract.issue] -= 1
            out.append(c)
    return out


# ---------------------------------------------------------------------------------------------
# Fitting


@dataclass(frozen=True, slots=True)
class Fit:
    dropped: tuple[Candidate, ...]
    measure: Measure
    tried: int  # LibreOffice conversions made


def fit(
    order: Sequence[Candidate],
    max_pages: int,
    estimate_at: Callable[[int], Measure],
    exact_at: Callable[[int], Measure] | None,
) -> Fit:
    """The fewest drops (a prefix of ``order``) that bring the schedule within ``max_pages``.

    ``estimate_at(k)``/``exact_at(k)`` measure the schedule with the first k candidates
    dropped. Without ``exact_at`` the estimate decides. Otherwise LibreOffice's count does,
    searched between the estimator's bounds (more drops never make a schedule longer).
    """
    n = len(order)
    estimates: dict[int, Measure] = {}

    def est(k: int) -> int:
        if k not in estimates:
            estimates[k] = estimate_at(k)
        return estimates[k].pages

    def first_k(limit: int) -> int:
        """Smallest k whose estimate is <= limit (n if none)."""
        lo, hi = 0, n
        if est(n) > limit:
            return n
        while lo < hi:
            mid = (lo + hi) // 2
            if est(mid) <= limit:
                hi = mid
            else:
                lo = mid + 1
        return lo

    guess = first_k(max_pages)
    if exact_at is None:
        return Fit(tuple(order[:guess]), estimates[guess] if guess in estimates else estimate_at(guess), 0)
    exact: dict[int, Measure] = {}

    def ok(k: int) -> bool:
        if k not in exact:
            exact[k] = exact_at(k)
        return exact[k].pages <= max_pages

    # Bounds: below `low` the estimate says over by 2+ pages; find a k that fits, then search down.
    low = max(0, first_k(max_pages + 1) - 1) if guess else 0
    good = guess
    margin = 0
    while not ok(good):
        if good == n:
            return Fit(tuple(order[:n]), exact[n], len(exact))
        margin += 1
        low = good + 1
        good = max(good + 1, first_k(max_pages - margin))
    while low < good:
        mid = (low + good) // 2
        if ok(mid):
            good = mid
        else:
            low = mid + 1
    return Fit(tuple(order[:good]), exact[good], len(exact))
