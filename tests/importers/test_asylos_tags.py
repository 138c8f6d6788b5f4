"""Topics from the section and profiles from headings and quote (cocite.importers.asylos_tags).

Fixtures are in tests/data/import/; the seed tests read the report beside the repository
(see asylos_support.py) and are skipped without it.
"""

from __future__ import annotations

import pytest
from asylos_support import (
    ANNEX,
    FIXTURES,
    REPO,
    load_vocabulary,
    needs_seed,
    only_record,
    seed_import,
)

from cocite.importers.asylos import import_asylos


def test_vocabulary_gives_topics_from_the_section() -> None:
    vocabulary = load_vocabulary(REPO / "data" / "vocabulary.yaml")
    text = (FIXTURES / "qa-transcript.txt").read_text(encoding="utf-8").replace(
        "1.1 Victims of trafficking – profiles", "1.6 Stigma affecting trafficked men and boys"
    )
    result = import_asylos(text, report_id="r", name="qa", vocabulary=vocabulary, annex_url=ANNEX)
    rec = only_record(result)
    assert rec["id"] == "ukho-ffm-2022-12-shkej-stigma"
    assert rec["topics"] == ["stigma"]
    assert rec["profiles"] == ["male", "child", "adult", "forced-labour"]
    assert rec["cited_in"] == [{"report": "r", "section": "1.6"}]


LONG = "Services are provided in the region. " * 25  # a long quote (over 800 characters)


@pytest.mark.parametrize(("quote", "absent", "present"), [
    ("Albanian Women Empowerment Network (AWEN) said boys are trafficked.", ["female"], ["male"]),
    (("It ratified the Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially "
      "Women and Children."), ["female", "child"], []),
    ("Trafficking in adults and Trafficking in minors are offences.", ["adult", "child"], []),
    ("Can women live independently, with or without children?", ["child"], ["female"]),
    ("Organised crime groups are mostly involved in drug trafficking.", ["forced-criminality"], []),
    ("Male traffickers recruit victims.", ["male"], []),
    ("economically disabled persons", ["disability"], []),
    ("any Albanian or foreign citizen can deposit money", ["foreign-national"], []),
    ("the young guy was supported", [], ["male"]),
    ("the pimp running the brothel", [], ["sexual-exploitation"]),
    ("Some children begged", [], ["forced-begging", "child"]),
    ("her teenage daughter", [], ["child"]),
    ("vulnerable refugees and asylum-seekers", [], ["foreign-national"]),
    ("sexual and labour exploitation", [], ["sexual-exploitation", "forced-labour"]),
    ("He worked for 3 years to pay the debt", [], ["forced-labour"]),
    ("children at risk of committing petty crimes", [], ["forced-criminality"]),
    ("Sexual\nexploitation 36 65", [], ["sexual-exploitation"]),
    ("forced labour or debt bondage8 is", [], ["forced-labour"]),
    # Women and men are adults, girls and boys children.
    ("Women and men are trafficked.", [], ["adult", "female", "male"]),
    ("Girls and boys are trafficked.", ["adult"], ["child", "female", "male"]),
    # The victim as a pronoun.
    ("Then he transported the 8-year-old to Athens, where he forced him to beg.", [], ["male", "forced-begging"]),
    # A long quote: one decisive sentence decides; a passing mention does not.
    (LONG + "We can say that girls are more at risk than boys.", [], ["female", "male", "child"]),
    (LONG + "Free schooling for children is one of the benefits.", ["child"], []),
    # Accused traffickers are not victims.
    ("two young boys, they had been accused of trafficking", ["male", "child"], []),
])
def test_profile_rules(quote: str, absent: list[str], present: list[str]) -> None:
    from cocite.importers.asylos_tags import profiles_for

    found = profiles_for((), quote, None)
    assert [p for p in absent if p in found] == []
    assert [p for p in present if p not in found] == []


def test_a_heading_profile_never_tags_someone_elses_children() -> None:
    from cocite.importers.asylos_tags import profiles_for

    heading = ("Children (boys and girls)",)
    # The children are the victims' own: the heading's people are not the quote's.
    own = profiles_for(heading, "Women who come back with children but no husband need housing.", None)
    assert "child" not in own and "female" in own
    # A quote that does not name people at all keeps the heading's profiles.
    assert profiles_for(heading, "Shelters are underfunded.", None) == ["male", "female", "child"]


@needs_seed
def test_seed_every_section_with_records_has_a_topic() -> None:
    result = seed_import()
    assert [r["id"] for r in result.records if not r["topics"]] == []
