"""Where an excerpt is cited: its ``cited_in`` places grouped by report, in words.

A passage that a compiled report cites twice has two places; a reader sees them as one line,
"Asylos and ARC Foundation, Albania: Trafficking (2024), sections 2.4.3 and 2.4.7.2".
"""

from __future__ import annotations

from collections.abc import Iterable

from cocite.models import CitedIn


def group_places(places: Iterable[CitedIn]) -> list[tuple[str, list[str]]]:
    """(report id, its sections) in order of first mention; each section once."""
    out: dict[str, list[str]] = {}
    for place in places:
        sections = out.setdefault(place.report, [])
        if place.section and place.section not in sections:
            sections.append(place.section)
    return list(out.items())


def sections_of(places: Iterable[CitedIn]) -> str:
    """The sections of every place, for a table column or a CSV cell ("2.4.3, 2.4.7.2")."""
    return ", ".join(place.section for place in places if place.section)


def sections_phrase(sections: list[str]) -> str:
    """", section 1.6", ", sections 2.4.3 and 2.4.7.2", ", sections 1, 2 and 3", or ""."""
    if not sections:
        return ""
    if len(sections) == 1:
        return f", section {sections[0]}"
    return f", sections {', '.join(sections[:-1])} and {sections[-1]}"
