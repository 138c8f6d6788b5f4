"""The page estimator (`layout.py`): Arial's metrics, line breaking, keeping a heading with
what follows, and its error against LibreOffice's counts of the examples."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import REPO
from schedule_support import RECORDED

from cocite import layout
from cocite.casefile import load_case
from cocite.loading import load_library
from cocite.schedule.measure import estimate_schedule
from cocite.schedule.model import build_schedule
from cocite.schedule.select import number_issues


def test_text_width_uses_arial_metrics() -> None:
    assert layout.text_width("W", 12) == pytest.approx(943 * 12 / 1000)
    assert layout.text_width("i", 12, bold=False) < layout.text_width("i", 12, bold=True)
    assert layout.text_width("\u4e2d", 12) == pytest.approx(556 * 12 / 1000)  # not listed: average


@pytest.mark.parametrize(("text", "width", "lines"), [
    ("", 100, 1),
    ("one line", 451, 1),
    ("word " * 100, 451, 7),  # 15 words of 12 pt Arial to a 15.9 cm line
    ("a\nb\nc", 451, 3),
    ("https://www.example.org/" + "x" * 200, 200, 7),  # breaks after "/", then anywhere
])
def test_count_lines(text: str, width: float, lines: int) -> None:
    assert layout.count_lines(text, width, 12) == lines


def test_layout_keeps_a_heading_with_what_follows() -> None:
    styles = {"H": layout.Style(keep_next=True, after=0), "B": layout.Style(after=0)}
    filler = [layout.Block("B", "x")] * 33  # 33 lines of 12 pt at 1.5 leave room for one more
    laid = layout.estimate([*filler, layout.Block("H", "Heading"), layout.Block("B", "body " * 200)], styles)
    assert laid.placed[-2][0] == 2  # the heading moved to the next page with its text


def test_estimator_agrees_with_recorded_libreoffice_counts() -> None:
    """The estimator against LibreOffice's counts of the examples (tests/data/case-page-counts.json;
    tests/schedule/test_schedule.py checks them again wherever LibreOffice is installed)."""
    library = load_library(None)
    built = datetime.fromtimestamp(RECORDED["source_date_epoch"], UTC)
    for name, counted in RECORDED["pages"].items():
        case = load_case(REPO / name, library)
        schedule = build_schedule(case, library, number_issues(case, library), frozenset(), built)
        estimated = estimate_schedule(schedule).pages
        assert abs(estimated - counted) <= 1, (name, estimated, counted)
