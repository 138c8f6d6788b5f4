"""Near-duplicate quotes: normalised equality and large overlap, found without O(n²)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cocite.cli import cli
from cocite.similarity import Match, near_duplicates, words

PASSAGE = ("Men who return face stigma, and many of them never tell their families what "
           "happened to them abroad, because they fear being blamed for it.")


def test_words_are_normalised() -> None:
    assert words("Ｓtigma —  IS «widespread»!") == ["stigma", "is", "widespread"]


def test_equal_after_normalising_case_punctuation_and_spaces() -> None:
    other = PASSAGE.upper().replace(",", "").replace(" ", "  ")
    assert list(near_duplicates([PASSAGE, other])) == [Match(0, 1, 1.0, same=True)]


def test_a_quote_inside_a_longer_one_is_found() -> None:
    longer = "In 2022 the NGO said: " + PASSAGE + " Some move to Tirana instead."
    assert list(near_duplicates([longer, PASSAGE])) == [Match(0, 1, 1.0)]


def test_partial_overlap_below_80_percent_is_not_reported() -> None:
    half = " ".join(PASSAGE.split()[:13]) + " and then a different story entirely, told elsewhere."
    assert list(near_duplicates([PASSAGE, half])) == []


def test_unrelated_and_short_quotes_are_not_reported() -> None:
    quotes = ["Yes.", "Yes, we do.", "No.", PASSAGE, "Blood feuds persist in the north of Albania."]
    assert list(near_duplicates(quotes)) == []


def test_each_pair_is_reported_once_against_the_first() -> None:
    assert [(m.earlier, m.later) for m in near_duplicates([PASSAGE, PASSAGE.lower(), PASSAGE + "!"])] == [
        (0, 1), (0, 2),
    ]


def test_many_quotes_with_few_duplicates() -> None:
    # Distinct quotes share common words but never 80% of their 5-word runs.
    quotes = [f"Report {i}: the situation in district {i} is {i % 7} out of ten, says source {i * 3}, "
              f"based on {i % 11} interviews in {2000 + i % 20} and {i * 7} documents" for i in range(3000)]
    quotes.append(quotes[1234].replace(",", ";"))
    assert [(m.earlier, m.later, m.same) for m in near_duplicates(quotes)] == [(1234, 3000, True)]


def test_validate_warns_naming_both_records(runner: CliRunner, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("vocabulary.yaml").write_text("topics: [{id: stigma, label: S}]\nprofiles: []\n")
    Path("reports.yaml").write_text("[]\n")
    record = ("- id: {id}\n  topics: [stigma]\n  material: interview\n  quote: {quote!r}\n"
              "  source: {{author: A, kind: interview, date: null}}\n")
    Path("x.yaml").write_text(
        record.format(id="first", quote=PASSAGE)
        + record.format(id="second", quote=PASSAGE.lower())
        + record.format(id="third", quote="Earlier: " + PASSAGE)
        + record.format(id="fourth", quote=PASSAGE), encoding="utf-8")
    result = runner.invoke(cli, ["validate", "x.yaml"])
    assert result.exit_code == 0
    tail = "; cite a passage once and tag that record with every topic it supports\n"
    assert result.stdout == (
        "x.yaml:9: record second: quote: warning: nearly the same quote as record first (x.yaml:1) "
        "(equal when case, punctuation and spacing are ignored)" + tail
        + "x.yaml:14: record third: quote: warning: quote largely repeats record first (x.yaml:1): "
        "100% of the shorter of the two is in the other" + tail
        + "x.yaml:19: record fourth: quote: warning: same quote as record first (x.yaml:1)" + tail
    )
