"""The citation style of Asylos reports (the ``Source:`` lines, without the prefix).

::

    UK Home Office, “Report of a fact-finding mission: Albania: Human trafficking”, December 2022, pp.19-20
    Klea Ramaj, “The Aftermath of Human Trafficking: ...”, Journal of Human Trafficking, 7 May 2021
    Publisher: Vatra Psycho-Social Centre, Author: Valbona Lenja, “Services ...”, 2021, p.27
    Vatra, interview record, 5 June 2023
    Tjeter Vizion, written communication with Asylos, 20 June 2023

:func:`format_source` reproduces the report's own lines under a small normalisation, because
the report is not consistent with itself (``tests/citation_support.py``, ``normalise_citation``).
"""

from __future__ import annotations

import re

from cocite.models import UNTITLED_KINDS, Source

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)
_STANDARD_DESCRIPTION = {
    "interview": "interview record",
    "written-communication": "written communication with Asylos",
}


def format_date(date: str | None) -> str:
    """ "2023-06-05" -> "5 June 2023", "2022-12" -> "December 2022", "2023", None -> "undated"."""
    if not date:
        return "undated"
    parts = date.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {MONTH_NAMES[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTH_NAMES[int(parts[1]) - 1]} {parts[0]}"
    return parts[0]


def format_pages(pages: str) -> str:
    """ "81" -> "p.81"; a range or list -> "pp.19-20"; a pinpoint with words stays as it is."""
    if re.search(r"[A-Za-z]", pages.replace("and", "")):
        return pages
    return f"p.{pages}" if pages.isdigit() else f"pp.{pages}"


def format_source(source: Source) -> str:
    """The source as an Asylos report cites it, without the ``Source: `` prefix."""
    if source.kind in UNTITLED_KINDS:
        description = source.title or _STANDARD_DESCRIPTION[source.kind]
        return f"{source.author}, {description}, {format_date(source.date)}"
    parts: list[str] = []
    journal = source.kind == "academic" and source.publisher is not None
    if source.publisher and not journal:
        label = "Authors" if ("," in source.author or " and " in source.author) else "Author"
        parts.append(f"Publisher: {source.publisher}, {label}: {source.author}")
    else:
        parts.append(source.author)
    if source.title:
        parts.append(f"“{source.title}”")
    if journal:
        parts.append(str(source.publisher))
    date = format_date(source.date)
    parts.append(f"{date} ({source.version})" if source.version else date)
    if source.pages:
        parts.append(format_pages(source.pages))
    return ", ".join(parts)
