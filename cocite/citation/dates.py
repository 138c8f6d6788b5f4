"""Dates as a reader writes them: ``2022-12-02`` -> ``2 December 2022``."""

from __future__ import annotations

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)


def format_date(date: str | None) -> str:
    """``2022-12-02`` -> ``2 December 2022``; ``2022-12`` -> ``December 2022``; ``2022`` kept."""
    if not date:
        return ""
    parts = date.split("-")
    try:
        if len(parts) == 3:
            return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 2:
            return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        pass  # not a date we understand: show it as written rather than guess
    return date
