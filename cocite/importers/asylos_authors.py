"""The author's name as the source gives it, where the report misspells it.

A compiled report names most sources many times and now and then misspells one
("Dr Stephanie Schwandnder-Sievers" for Dr Stephanie Schwandner-Sievers, "Arise Albania
Coordinators" for the Arise Albania Coordinator). A filing must name the source correctly, and
the record must still trace to the report's citation. The rule: a name the report uses for a
source of the same kind (titled works, or interviews and written communications) less often than
a nearly identical name (:data:`SIMILAR` of their letters, at most :data:`MAX_EXTRA` letters
more or fewer) that it uses more often, and at least twice, is the report's misspelling of that name: the record's ``author`` becomes the name the
report uses most, and ``author_as_cited`` keeps the report's spelling. Names that differ only in
case, dashes, spacing or punctuation are left alone (they are the same spelling).
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from cocite.models import UNTITLED_KINDS

SIMILAR = 0.9
# A misspelling adds or drops a letter or two; a name with a whole word more ("Deanna Davy,
# Blerina Metanj, UNICEF, ...") or an abbreviation in brackets is another citation, not a typo.
MAX_EXTRA = 2


def _letters(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower().replace("&", "and"))


def _group(record: dict[str, Any]) -> bool:
    return record["source"]["kind"] in UNTITLED_KINDS


def correct_authors(records: Sequence[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """Set ``author``/``author_as_cited`` of misspelt names in place; (id, as cited, as the
    source gives it) for each record changed."""
    counts = Counter((_group(r), r["source"]["author"]) for r in records)
    fixes: dict[tuple[bool, str], str] = {}
    for (group, name), n in counts.items():
        rivals = [
            (m, other) for (g, other), m in counts.items()
            if g == group and m > n and m >= 2 and _letters(other) != _letters(name)
            and abs(len(_letters(other)) - len(_letters(name))) <= MAX_EXTRA
            and difflib.SequenceMatcher(None, _letters(name), _letters(other)).ratio() >= SIMILAR
        ]
        if rivals:
            fixes[(group, name)] = max(rivals, key=lambda mo: (mo[0], mo[1]))[1]
    changed = []
    for r in records:
        source = r["source"]
        right = fixes.get((_group(r), source["author"]))
        if right is None:
            continue
        wrong = source["author"]
        items = list(source.items())
        source.clear()
        for key, value in items:
            source[key] = right if key == "author" else value
            if key == "author":
                source["author_as_cited"] = wrong
        changed.append((r["id"], wrong, right))
    return changed
