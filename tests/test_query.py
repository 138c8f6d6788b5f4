"""Selecting records: vocabulary terms, filters, dates, order, and the empty-selection hint."""

from __future__ import annotations

import pytest
from bundle_support import VOCABULARY, library, record

from cocite.errors import UsageError
from cocite.models import CitedIn
from cocite.query import (
    EmptySelectionError,
    Selection,
    date_span,
    fold,
    resolve_terms,
    section_key,
    select,
)

LIB = library(
    record("male-2022", profiles=["male"], src={"date": "2022-12"}),
    record("boy-2023", profiles=["male", "child"], material="interview",
           src={"date": "2023-06-15", "author": "Different and Equal", "kind": "interview",
                "title": None}),
    record("general-2021", src={"date": "2021", "author": "US Department of State"}),
    record("girl-2020", profiles=["female", "child"], src={"date": "2020-05"}),
    record("stats-2019", topics=["statistics"], profiles=["male"], src={"date": "2019"}),
    record("feud-undated", topics=["blood-feud", "stigma"], profiles=["male"],
           src={"date": None}, quote="Gjakmarrja: MEN stay indoors (Shkodër)."),
)


def ids(sel: Selection) -> list[str]:
    return [r.id for r in select(LIB, sel)]


# --- vocabulary terms ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (["male"], ("male",)),
        (["men"], ("male",)),
        (["Men"], ("male",)),
        (["Men and boys"], ("male",)),
        (["boys"], ("male", "child")),
        (["boys", "male", "children"], ("male", "child")),
    ],
)
def test_resolve_profiles(given: list[str], expected: tuple[str, ...]) -> None:
    assert resolve_terms(given, VOCABULARY.profiles, kind="profile",
                         shorthands=VOCABULARY.shorthands) == expected


def test_unknown_term_suggests_the_nearest() -> None:
    with pytest.raises(UsageError) as info:
        resolve_terms(["stigm", "xyz"], VOCABULARY.topics, kind="topic")
    assert str(info.value) == (
        "unknown topic 'stigm' (did you mean 'stigma'?); unknown topic 'xyz'. "
        "Known topics: stigma, statistics, blood-feud. Run 'cocite topics' to see them all."
    )


def test_alias_suggestion_names_the_term_id() -> None:
    with pytest.raises(UsageError) as info:
        resolve_terms(["shme"], VOCABULARY.topics, kind="topic")
    assert "(did you mean 'stigma'?)" in str(info.value)


# --- filters ------------------------------------------------------------------------------


def test_several_topics_match_any() -> None:
    assert set(ids(Selection(topics=("statistics", "blood-feud")))) == {"stats-2019", "feud-undated"}


def test_profile_leaves_out_general_records_unless_asked() -> None:
    assert "general-2021" not in ids(Selection(topics=("stigma",), profiles=("male",)))
    assert "general-2021" in ids(
        Selection(topics=("stigma",), profiles=("male",), include_general=True))


def test_several_profiles_match_any_unless_all_profiles() -> None:
    assert set(ids(Selection(profiles=("male", "child")))) == {
        "male-2022", "boy-2023", "girl-2020", "stats-2019", "feud-undated"}
    assert ids(Selection(profiles=("male", "child"), all_profiles=True)) == ["boy-2023"]


def test_shorthand_boys_matches_male_or_child() -> None:
    assert "girl-2020" in ids(Selection(profiles=("boys",)))
    assert ids(Selection(profiles=("boys",), all_profiles=True)) == ["boy-2023"]


@pytest.mark.parametrize(
    ("since", "until", "expected"),
    [
        # A partial date is a period; a record is kept when its period overlaps the range.
        ("2022-06", None, {"male-2022", "boy-2023"}),
        ("2022-12-31", None, {"male-2022", "boy-2023"}),
        ("2023", None, {"boy-2023"}),
        (None, "2021", {"general-2021", "girl-2020", "stats-2019"}),
        (None, "2020-05-01", {"girl-2020", "stats-2019"}),
        ("2020-06", "2022-11", {"general-2021"}),
    ],
)
def test_dates_compare_as_periods(since: str | None, until: str | None, expected: set[str]) -> None:
    assert set(ids(Selection(all=True, since=since, until=until))) == expected


def test_partial_record_date_overlapping_since() -> None:
    lib = library(record("year-only", src={"date": "2022"}),
                  record("may", src={"date": "2022-05"}))
    assert [r.id for r in select(lib, Selection(all=True, since="2022-06"))] == ["year-only"]


@pytest.mark.parametrize("bad", ["2022-13", "2022-02-30", "June 2022", "22", "2022/06"])
def test_bad_date_option(bad: str) -> None:
    with pytest.raises(UsageError) as info:
        select(LIB, Selection(all=True, since=bad))
    assert str(info.value) == (
        f"--since {bad!r}: expected a date as YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2022-06")


def test_since_after_until() -> None:
    with pytest.raises(UsageError, match="--since 2023 is after --until 2022"):
        select(LIB, Selection(all=True, since="2023", until="2022"))


def test_material_and_source() -> None:
    assert ids(Selection(all=True, material="interview")) == ["boy-2023"]
    assert ids(Selection(all=True, source_text="department of")) == ["general-2021"]


def test_query_ignores_case_and_accents_and_word_order() -> None:
    assert ids(Selection(query="shkoder men")) == ["feud-undated"]
    assert ids(Selection(query="GJAKMARRJA")) == ["feud-undated"]


def test_fold() -> None:
    assert fold("Shkodër ÇËŞ ﬁ") == "shkoder ces fi"


def test_ids_keep_the_order_given_and_exclude_wins() -> None:
    sel = Selection(ids=("stats-2019", "male-2022", "general-2021"), exclude=("general-2021",))
    assert ids(sel) == ["stats-2019", "male-2022"]


def test_unknown_id_is_a_usage_error_with_suggestion() -> None:
    with pytest.raises(UsageError) as info:
        select(LIB, Selection(ids=("male-2021",)))
    assert str(info.value) == (
        "unknown record id 'male-2021' (did you mean 'male-2022'?). "
        "Run 'cocite list' to see record ids.")


def test_no_filter_at_all_is_an_error() -> None:
    with pytest.raises(UsageError, match="say what to select"):
        select(LIB, Selection())


def test_flags_that_need_a_profile() -> None:
    with pytest.raises(UsageError, match="--include-general only makes sense with --profile"):
        select(LIB, Selection(topics=("stigma",), include_general=True))


# --- empty selection ------------------------------------------------------------------------


def test_empty_selection_hints_which_filter_to_widen() -> None:
    with pytest.raises(EmptySelectionError) as info:
        select(LIB, Selection(topics=("statistics",), profiles=("female",)))
    assert str(info.value) == (
        "no records match these filters. Hint: drop --profile (1 record); drop --topic (1 record)")


def test_empty_selection_is_a_usage_error() -> None:
    assert issubclass(EmptySelectionError, UsageError)


# --- order --------------------------------------------------------------------------------


def test_section_key_is_numeric() -> None:
    assert sorted(["1.2.10", "1.2.9", "1.10", "1.2", "2"], key=section_key) == [
        "1.2", "1.2.9", "1.2.10", "1.10", "2"]


def test_default_order_is_section_then_newest_first() -> None:
    lib = library(
        record("s-1.2.10", cited_in=(CitedIn("asylos-albania-trafficking-2024", "1.2.10"),)),
        record("s-1.2.9-old", src={"date": "2019"},
               cited_in=(CitedIn("asylos-albania-trafficking-2024", "1.2.9"),)),
        record("s-1.2.9-new", src={"date": "2023-01"},
               cited_in=(CitedIn("asylos-albania-trafficking-2024", "1.2.9"),)),
        record("s-1.2.9-newer-day", src={"date": "2023-01-05"},
               cited_in=(CitedIn("asylos-albania-trafficking-2024", "1.2.9"),)),
        record("no-section", cited_in=()),
    )
    assert [r.id for r in select(lib, Selection(all=True))] == [
        "s-1.2.9-newer-day", "s-1.2.9-new", "s-1.2.9-old", "s-1.2.10", "no-section"]


def test_date_span() -> None:
    assert date_span("2024-02") == ((2024, 2, 1), (2024, 2, 29))
    assert date_span("2023") == ((2023, 1, 1), (2023, 12, 31))
    assert date_span("2023-02-29") is None
