"""Comparing cocite's citations with the Asylos report's own ``Source:`` lines."""

from __future__ import annotations

import re


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
