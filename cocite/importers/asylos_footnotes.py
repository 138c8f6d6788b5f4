"""Give each footnote printed in an Asylos report to the excerpt whose quote carries its marker.

A footnote of a quote is printed at the foot of the page where its marker is: after the quote's
own citation, or further down the page, after the next excerpt's citation, or even in the middle
of the next quote. The text between two citations is one excerpt's region, so a footnote often
sits in the region of the excerpt *after* the one it belongs to. The rule:

* a footnote printed inside a quote whose text has the number N (as a marker, or in the
  quote's own references such as "(3,7)") is that quote's;
* else footnote N belongs to the nearest excerpt, from the one whose region holds it back to
  :data:`LOOK_BACK` excerpts before, whose quote (or original text) carries the marker N: the
  number glued to a word or to punctuation ("bondage8", "a month,9", "identified.8"); failing
  that, for a footnote of two digits or more, glued to another number ("1210": 12 with
  footnote 10; a single digit glued to a number is just the number's last digit);
* a footnote printed inside a quote whose marker is found nowhere stays with that quote (the
  quote's own numbered references, such as "(3,7)");
* a footnote whose extracted text runs on into the next one is split first
  (:func:`split_run_on`);
* a footnote before a quote whose marker is found in no quote is the compiler's note on a
  lead-in, not the source's: it is left out, with a warning.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from cocite.importers.asylos_excerpts import Excerpt, RegionFootnote

# How many excerpts back a footnote's marker is looked for (a page holds a handful), on its
# page or the page before (a quote that began there).
LOOK_BACK = 8


def _marker(number: str, glued_to_number: bool = False) -> re.Pattern[str]:
    """The marker N: after a lower-case letter ("LAW1", "SW3" are codes) or closing punctuation ("bondage8", "month,9",
    "identified.8", "2014.7 It"), not inside a number ("1,6 million" is a number: a marker
    after a digit and punctuation must be followed by a space and a capital or the end); or,
    the fallback, glued to a number at a word's end ("1210 4")."""
    n = re.escape(number)
    if glued_to_number:
        return re.compile(rf"(?<=\d){n}(?=\s|$)")
    return re.compile(
        rf"(?:(?<=[a-zß-ÿ])|(?<=[^\d\s][.,;:!?)\]”’\"])){n}(?!\d)"
        rf"|(?<=\d[.)”’]){n}(?=\s+[A-Z“‘\[]|\s*$)"
    )


def _carries(ex: Excerpt, number: str, glued_to_number: bool = False, loose: bool = False) -> bool:
    pattern = re.compile(rf"(?<!\d){re.escape(number)}(?!\d)") if loose else _marker(number, glued_to_number)
    return any(pattern.search(text) for text in (ex.quote, ex.original or "") if text)


def split_run_on(fn: RegionFootnote) -> list[RegionFootnote]:
    """A footnote whose text runs on into the next one, as extracted ("... Organized Crime.
    42 Zhilla, F. ..."): split where the next number follows a sentence end and starts a
    capitalised text."""
    nxt = str(int(fn.number) + 1)
    m = re.search(rf"(?<=[.”])\s+{nxt}\s+(?=[A-Z])", fn.text)
    if m is None:
        return [fn]
    head = RegionFootnote(fn.number, fn.text[: m.start()].rstrip(), fn.line, fn.in_quote, fn.page)
    tail = RegionFootnote(nxt, f"{nxt} {fn.text[m.end():].strip()}", fn.line, fn.in_quote, fn.page)
    return [head, *split_run_on(tail)]


def attach_footnotes(excerpts: Sequence[Excerpt]) -> list[tuple[int, str]]:
    """Set each excerpt's ``footnotes`` from the regions' footnotes; (citation line, warning)
    for each footnote left out."""
    owners: dict[int, list[str]] = {k: [] for k in range(len(excerpts))}
    warnings: list[tuple[int, str]] = []
    for k, ex in enumerate(excerpts):
        for fn in (part for found in ex.region_footnotes for part in split_run_on(found)):
            candidates = [
                j for j in range(k, max(-1, k - LOOK_BACK - 1), -1)
                if not excerpts[j].paraphrase and excerpts[j].citation_page >= fn.page - 1
            ]
            owner = k if fn.in_quote and _carries(ex, fn.number, loose=True) else None
            if owner is None:
                owner = next((j for j in candidates if _carries(excerpts[j], fn.number)), None)
            if owner is None and len(fn.number) > 1:
                owner = next((j for j in candidates if _carries(excerpts[j], fn.number, True)), None)
            if owner is None and fn.in_quote:
                owner = k
            if owner is None:
                warnings.append((ex.citation_line, f"report footnote {fn.number} before the quote "
                                 "is not part of the excerpt (no quote carries its marker)"))
                continue
            owners[owner].append(fn.text)
    for k, ex in enumerate(excerpts):
        ex.footnotes = owners[k]
    return warnings
