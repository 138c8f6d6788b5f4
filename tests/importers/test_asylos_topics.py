"""Secondary topics a quote is plainly about (cocite.importers.asylos_topics)."""

from __future__ import annotations

import pytest
from asylos_support import REPO, load_vocabulary


@pytest.mark.parametrize(("section_topic", "quote", "added"), [
    ("legal-framework", "Victims of trafficking have been prosecuted for various criminal offences, "
     "such as practising prostitution.", ["non-punishment"]),
    ("shelters", "Victims can access primary health care and medical treatment.", ["healthcare"]),
    # Names of bodies and passing words decide nothing.
    ("legal-framework", "The Special Prosecution Office against Corruption and Organized Crime "
     "investigates.", []),
    ("statistics", "There were some cases with mental health problems.", []),
    ("risk-factors", "The parents are unemployed.", []),
    ("prevention", "Cases of online sexual abuse may not be prosecuted adequately.", []),
    ("identification", "She was referred to a shelter.", []),
])
def test_secondary_topic_rules(section_topic: str, quote: str, added: list[str]) -> None:
    from cocite.importers.asylos_topics import secondary_topics

    vocabulary = load_vocabulary(REPO / "data" / "vocabulary.yaml")
    assert secondary_topics([section_topic], quote, vocabulary) == [section_topic, *added]
