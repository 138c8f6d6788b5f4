"""The citation style of Asylos reports (the ``Source:`` lines, without the prefix).

::

    UK Home Office, “Report of a fact-finding mission: Albania: Human trafficking”, December 2022, pp.19-20
    Klea Ramaj, “The Aftermath of Human Trafficking: ...”, Journal of Human Trafficking, 7 May 2021
    Publisher: Vatra Psycho-Social Centre, Author: Valbona Lenja, “Services ...”, 2021, p.27
    Vatra, interview record, 5 June 2023
    Tjeter Vizion, written communication with Asylos, 20 June 2023

:func:`normalise_citation` is the small normalisation under which :func:`format_source`
reproduces the report's own lines, because the report is not consistent with itself.
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


def normalise_citation(text: str) -> str:
    """The report's citation text with its inconsistencies evened out, for comparison.

    * white space collapsed, a trailing full stop dropped, no ``Source:`` prefix, one space
      after each comma and no doubled commas;
    * quotation marks around titles dropped (the report uses “”, ”” and ",” inconsistently and
      sometimes leaves part of a title outside them);
    * ``p.``/``pp.``/``p`` and the space after them unified to ``p.``; ``13 -15`` is ``13-15``;
    * ``AUTHOR (Author), PUBLISHER (publisher),`` written as ``Publisher: PUBLISHER, Author: AUTHOR,``;
    * ``written communication with Asylos. DATE`` written with a comma, and a missing comma
      before the date or the page reference supplied.
    """
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"^Sources?:\s*", "", text)
    text = text.rstrip(" .")
    m = re.match(r"^(?P<a>.+?) \(Author\), (?P<p>.+?) \([Pp]ublisher\), ", text)
    if m:
        text = f"Publisher: {m.group('p')}, Author: {m.group('a')}, " + text[m.end():]
    text = re.sub(r"(with Asylos|interview record|clarifications)\. ", r"\1, ", text)
    # A comma the report forgot: between a title's closing mark, or a date, and what follows.
    text = re.sub(r"([”\"])\s+(?=\d|[A-Z][a-z]+ \d{4})", r"\1, ", text)
    text = re.sub(r"(\d{4})\s+(?=pp?\.)", r"\1, ", text)
    text = re.sub(r"[“”\"]|(?<![^\W\d_])[‘’]|[‘’](?![^\W\d_])", "", text)
    text = re.sub(r"(?<![A-Za-z])pp?\.?\s*(?=\d)", "p.", text)
    text = re.sub(r"(\d)\s*-\s*(\d)", r"\1-\2", text)
    text = re.sub(r"\s+,", ",", text)
    text = re.sub(r",(?:\s*,)+", ",", text)  # ",”," leaves two commas once the marks are gone
    text = re.sub(r",(?=[^\s\d])", ", ", text)  # "IOM,”IOM Strategy"
    return re.sub(r"\s+", " ", text).strip()
