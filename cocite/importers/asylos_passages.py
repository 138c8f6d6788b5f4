"""Split the compiler's linking sentence out of a quote: one citation, two quoted passages.

The report sometimes quotes two passages of one source under one citation, joined by a sentence
of its own::

    “... exploited for forced labour.”
    The same interlocutor stated:
    “Males were exploited mostly for ...”
    Source: Different and Equal, written communication with Asylos, 29 June 2023

The linking sentence is the compiler's, not the source's: it must not sit inside a quote. The
excerpt becomes two: the first passage keeps the lead-in, the second takes the linking sentence
as its lead-in; both keep the citation. A line between two passages is a linking sentence when
it ends with ":", has no quotation marks, names someone stating something (a reporting verb)
and is not the source speaking in the first person ("the study I conducted ...:") nor a
question or numbered item of a questionnaire.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from cocite.importers.asylos_excerpts import Excerpt

_BETWEEN = re.compile(r"”\n([^“”\"\n]{5,300}:)\n“?")
_REPORTING = re.compile(
    r"\b(?:stated|said|noted|added|explained|commented|described|indicated|mentioned|"
    r"highlighted|continued|remarked|elaborated|clarified|told|reported|observed|referred)\b"
)
_FIRST_PERSON = re.compile(r"\b(?:I|we|my|our|us|me)\b")


def _is_linking(line: str) -> bool:
    return (
        bool(_REPORTING.search(line)) and not _FIRST_PERSON.search(line)
        and not re.match(r"\s*(?:\d+[.)]|[QA][.:])\s", line) and "?" not in line
    )


def split_linked_passages(excerpts: Sequence[Excerpt]) -> list[Excerpt]:
    """The excerpts with each linked passage made an excerpt of its own (``split`` set),
    placed right after the one it was cut from; footnotes found in the region go with the
    last part (they are looked up from there back, see :mod:`.asylos_footnotes`)."""
    out: list[Excerpt] = []
    for ex in excerpts:
        parts = _passages(ex.quote) if not ex.paraphrase else []
        if len(parts) < 2:
            out.append(ex)
            continue
        region = ex.region_footnotes
        lead, quote = parts[0]
        first = dataclasses.replace(ex, quote=quote, region_footnotes=[], original=None, note=None,
                                    warnings=[w for w in ex.warnings if not w.startswith("several quoted")])
        out.append(first)
        for k, (lead, quote) in enumerate(parts[1:], start=1):
            last = k == len(parts) - 1
            out.append(dataclasses.replace(
                ex, lead_in=lead, quote=quote, split=True, warnings=[],
                region_footnotes=region if last else [],
                original=ex.original if last else None, note=ex.note if last else None,
            ))
    return out


def _passages(quote: str) -> list[tuple[str | None, str]]:
    """(lead-in, passage) pairs: the first passage's lead-in is None (the excerpt's own)."""
    cuts = [m for m in _BETWEEN.finditer(quote) if _is_linking(m.group(1))]
    if not cuts:
        return []
    out: list[tuple[str | None, str]] = []
    start, lead = 0, None
    for m in cuts:
        out.append((lead, quote[start:m.start()].rstrip()))  # without its closing mark
        lead, start = m.group(1).strip(), m.end()  # after the next passage's opening mark
    out.append((lead, quote[start:].lstrip()))
    return out
