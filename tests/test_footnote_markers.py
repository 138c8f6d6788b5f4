"""Footnote markers: the quick pre-check never changes what the full pattern finds."""

from __future__ import annotations

import random
from pathlib import Path

import yaml

from cocite.footnote_markers import _MARKER, markers

DATA = Path(__file__).resolve().parents[1] / "data" / "excerpts.yaml"

CASES = [
    "debt bondage8 is", "a month,9 which", "identified.8 [...]", "in 2021 and 61% of",
    "LAW1 and SW3", "word1234 is not one", "Shkodër12. Then", "she said”3 and",
    "Straße5, then", "a (list)7 [...]", "٣ Arabic-Indic digits٣ too", "x_1 y-2 z/3",
    "end of quote4", "", "12", "a1", "A1.", "é99;", "word.123 next", "word.1234 next",
]


def _unfiltered(quote: str) -> list[str]:
    return list(dict.fromkeys(m.group(1) or m.group(2) for m in _MARKER.finditer(quote)))


def test_the_examples_of_the_module() -> None:
    assert markers("debt bondage8 is") == ["8"]
    assert markers("a month,9 which") == ["9"]
    assert markers("identified.8 [...]") == ["8"]
    assert markers("LAW1, SW3 and WB6") == []
    assert markers("in 2021, 61% of them") == []


def test_the_pre_check_agrees_with_the_full_pattern() -> None:
    records = yaml.load(DATA.read_bytes(), Loader=yaml.CSafeLoader)
    quotes = [r["quote"] for r in records] + CASES
    rng = random.Random(7)
    alphabet = "ab Zé.,;:”’)[]1234567890 ٣\n"
    quotes += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
               for _ in range(5000)]
    assert [markers(q) for q in quotes] == [_unfiltered(q) for q in quotes]
    assert any(markers(q) for q in quotes)  # the comparison covered quotes with markers
