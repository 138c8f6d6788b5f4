"""Dates as the records write them: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

A partial date stands for a period (``2022-06`` is the whole of June 2022): :func:`date_span`
gives its first and last day, for filters and currency checks; :func:`date_sort_key` orders
newest first, a less precise date after a precise one.
"""

from __future__ import annotations

import re

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def date_span(text: str) -> tuple[tuple[int, int, int], tuple[int, int, int]] | None:
    """The first and last day a (possibly partial) date can stand for, or None if not a date."""
    m = _DATE.match(text.strip())
    if not m:
        return None
    year = int(m.group(1))
    if m.group(2) is None:
        return (year, 1, 1), (year, 12, 31)
    month = int(m.group(2))
    if not 1 <= month <= 12:
        return None
    import calendar  # here: a warm search, which seldom parses a date, need not import it

    if m.group(3) is None:
        return (year, month, 1), (year, month, calendar.monthrange(year, month)[1])
    day = int(m.group(3))
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return (year, month, day), (year, month, day)


def date_sort_key(date: str | None) -> tuple[int, int, int]:
    """Sort key for newest-first ordering; a less precise date sorts after a precise one."""
    if not date:
        return (0, 0, 0)
    m = _DATE.match(date)
    if not m:
        return (0, 0, 0)
    return (int(m.group(1)), int(m.group(2) or 0), int(m.group(3) or 0))
