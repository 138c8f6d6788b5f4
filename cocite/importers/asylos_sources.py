"""Parse the ``Source:`` citations of an Asylos report into :class:`~cocite.models.Source`.

Shapes found in Asylos reports (after white space is collapsed)::

    AUTHOR, “TITLE”, DATE[, PINPOINT]
    AUTHOR, “TITLE”, CONTAINER, DATE[, PINPOINT]           (journal articles)
    Publisher: PUBLISHER, Author(s): AUTHOR, “TITLE”, DATE  (labelled author and publisher)
    AUTHOR (Author), PUBLISHER (publisher), “TITLE”, DATE
    AUTHOR, interview record, DATE
    AUTHOR, written communication with Asylos, DATE
    AUTHOR, written clarifications, DATE

``Sources:`` lines list several citations separated by ``;`` (or, for interview records, by
a comma after the date). Nothing is invented: a part the text does not give stays None.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from cocite.errors import ImportParseError
from cocite.models import UNTITLED_KINDS, Source
from cocite.problems import Problem

_MONTH_NUMBERS = {
    m: i
    for i, m in enumerate(
        (
            "january", "february", "march", "april", "may", "june", "july", "august",
            "september", "october", "november", "december",
        ),
        start=1,
    )
}
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
# A cited date: "5 June 2023", "June 2023", "2023", "undated"; a journal may add "(10/2)".
_CITED_DATE = (
    rf"(?:\d{{1,2}}\s+{_MONTH}\s+\d{{4}}|{_MONTH}(?:-{_MONTH})?\s+\d{{4}}|\d{{4}}|[Uu]ndated)"
)
# The pinpoint after the date: "p. 45", "pp.19-20", "pp. 9-10 and 12-13", "Table 36, p.264".
_PINPOINT = r"(?:(?:Table\s+\d+,\s*)?pp?\.?\s*\d.*|pp?\.|\d[\d\s,;\-–]*)"

# Descriptions of Asylos's own interview material, and the kind each stands for.
INTERVIEW_DESCRIPTIONS = {
    "interview record": "interview",
    "interview records": "interview",
    "written interview record": "interview",
    "written communication with asylos": "written-communication",
    "written clarifications": "written-communication",
}
# The description format_source writes for a kind when the record has no title.
STANDARD_DESCRIPTION = {
    "interview": "interview record",
    "written-communication": "written communication with Asylos",
}

_INTERVIEW = re.compile(
    r"^(?P<author>.+?),\s*(?P<desc>written interview record|interview records?"
    r"|written communication with Asylos|written clarifications)\s*[.,]\s*"
    rf"(?P<date>{_CITED_DATE})\s*\.?$",
    re.IGNORECASE,
)
_OPEN_MARKS = "“”\""  # the report sometimes opens a title with ” or a straight quote
_CLOSE_MARKS = "”“\""
_TAIL = re.compile(
    rf"^\s*(?P<extra>.*?)(?:,\s*|\s+)?(?:(?P<early>(?:pp?\.)\s*\d[^,]*),\s*)?"
    rf"(?P<date>{_CITED_DATE})(?:\s*\((?P<version>[^)]*)\))?"
    rf"(?:\s*,?\s*(?P<pinpoint>{_PINPOINT}))?\s*\.?\s*$",
    re.DOTALL,
)
# No date given: the title is followed by a pinpoint or by nothing.
_TAIL_UNDATED = re.compile(rf"^\s*(?P<extra>)(?P<date>)(?P<version>)(?P<pinpoint>{_PINPOINT})?\s*\.?\s*$")
_LABELLED = re.compile(r"^Publisher:\s*(?P<publisher>.+?),\s*Authors?:\s*(?P<author>.+)$")
_PARENTHESISED = re.compile(
    r"^(?P<author>.+?)\s*\(Author\),\s*(?P<publisher>.+?)\s*\([Pp]ublisher\)$"
)


class SourceParseError(ValueError):
    """The citation does not have any of the known shapes."""


@dataclass(frozen=True, slots=True)
class ParsedCitation:
    source: Source
    notes: tuple[str, ...] = ()  # irregularities worth a warning


def squash(text: str) -> str:
    """Collapse white space (line wraps of the PDF) to single spaces."""
    return re.sub(r"\s+", " ", text).strip()


def iso_date(text: str) -> str | None:
    """ "5 June 2023" -> "2023-06-05", "June 2023" -> "2023-06", "2023" -> "2023", undated -> None."""
    text = text.strip()
    if text.lower() == "undated":
        return None
    m = re.fullmatch(r"(?:(\d{1,2})\s+)?([A-Za-z]+)\s+(\d{4})", text)
    if m:
        day, month, year = m.groups()
        mm = _MONTH_NUMBERS[month.lower()]
        return f"{year}-{mm:02d}-{int(day):02d}" if day else f"{year}-{mm:02d}"
    if re.fullmatch(r"\d{4}", text):
        return text
    raise SourceParseError(f"cannot read the date {text!r}")


def _pages_of(pinpoint: str | None) -> tuple[str | None, list[str]]:
    """The page pinpoint without its "p."/"pp." prefix ("pp. 19-20" -> "19-20")."""
    if not pinpoint:
        return None, []
    m = re.fullmatch(r"(?:(Table\s+\d+),\s*)?(pp?\.?)?\s*(.*)", pinpoint.strip())
    if not m:  # pragma: no cover - the pattern matches any text
        return None, [f"cannot read the page reference {pinpoint!r}"]
    table, prefix, pages = m.groups()
    pages = re.sub(r"\s*-\s*", "-", pages.strip().rstrip("."))
    if not pages:
        return None, ["the page reference has no page number"]
    notes = [] if prefix and prefix.endswith(".") else [f"the page reference {pinpoint!r} has no 'p.'"]
    return (f"{table}, p.{pages}" if table else pages), notes


def split_citations(text: str) -> list[str]:
    """The single citations of a ``Sources:`` line (one item for a ``Source:`` line)."""
    parts: list[str] = []
    # "p. 68; 81" is one pinpoint: only a ";" before a name separates citations.
    for chunk in re.split(r";\s*(?=[^\d\s])", squash(text)):
        chunk = chunk.strip()
        if not chunk:
            continue
        # "A, written communication with Asylos, 29 June 2023, B, written communication ..."
        pieces = re.split(
            r"(?<=\d{4}),\s+(?=[^,]+,\s*(?:interview record|written communication|written clarif))",
            chunk,
        )
        parts.extend(p.strip() for p in pieces if p.strip())
    return parts


@dataclass(frozen=True, slots=True)
class _Split:
    author: str
    title: str
    tail: re.Match[str]
    closed: bool = True  # False when the title's closing quotation mark is missing


def _find_title(text: str) -> _Split | None:
    """Author, title and the rest, where the title is the first quoted span a date follows."""
    start = next((i for i, ch in enumerate(text) if ch in _OPEN_MARKS), -1)
    if start < 0:
        return None
    author = text[:start].rstrip(" ,")
    body = text[start + 1:]
    for i, ch in enumerate(body):
        if ch not in _CLOSE_MARKS:
            continue
        after = body[i + 1:]
        # A closing mark ends the title only where the citation goes on with ",", ":" or the
        # date; a nested quotation (“The case of “Deni” victim ...”) goes on with a word.
        if not re.match(rf"\s*[,:]|\s+(?:{_CITED_DATE}|pp?\.)|\s*$", after):
            continue
        rest = after.lstrip(" ,")
        tail = _TAIL.match(rest) or _TAIL_UNDATED.match(rest)
        if tail:
            return _Split(author, body[:i], tail)
    # The closing mark is missing: the title runs up to the date.
    cut = re.search(rf",\s*(?={_CITED_DATE}(?:\s*,\s*{_PINPOINT})?\s*\.?\s*$)", body)
    if cut:
        tail = _TAIL.match(body[cut.end():])
        if tail:
            return _Split(author, body[: cut.start()], tail, closed=False)
    return None


def _find_known_title(text: str, known_titles: tuple[str, ...]) -> _Split | None:
    """An unquoted title that the report quotes elsewhere (longest first, for determinism)."""
    for title in sorted(set(known_titles), key=lambda t: (-len(t), t)):
        at = text.find(title)
        if at <= 0:
            continue
        author = text[:at].rstrip(" ,")
        tail = _TAIL.match(text[at + len(title):].lstrip(" ,"))
        if author and tail and not tail.group("extra"):
            return _Split(author, title, tail, closed=False)
    return None


def parse_citation(text: str, known_titles: tuple[str, ...] = ()) -> ParsedCitation:
    """One citation (without the ``Source:`` prefix) as a Source; url is left for the caller."""
    text = squash(text)
    m = _INTERVIEW.match(text)
    if m:
        return _interview(text, m)
    notes: list[str] = []
    split = _find_title(text)
    if split is None:
        split = _find_known_title(text, known_titles)
        if split is None:
            raise SourceParseError(f"cannot find a title and date in {text!r}")
        notes.append("the title is not in quotation marks")
    elif not split.closed:
        notes.append("the title has no closing quotation mark")
    author, title, tail = split.author, split.title.strip(), split.tail
    if title.endswith(","):  # “Title,” 2022: the comma sits inside the quotation marks
        title = title[:-1].rstrip()
    extra = (tail.group("extra") or "").strip(" ,")
    publisher: str | None = None
    if extra.startswith(":"):
        # “PROMOTING ... II”: Mapping of ... — a subtitle outside the quotation marks.
        title = f"{title}: {extra[1:].strip()}"
        notes.append("part of the title is outside the quotation marks")
    elif extra:
        publisher = extra
    labelled = _LABELLED.match(author) or _PARENTHESISED.match(author)
    if labelled:
        if publisher is not None:
            raise SourceParseError(f"two publishers in {text!r}")
        author, publisher = labelled.group("author").strip(), labelled.group("publisher").strip()
    if not author:
        raise SourceParseError(f"no author before the title in {text!r}")
    early = tail.groupdict().get("early")
    if early:
        notes.append("the page reference comes before the date")
    pages, page_notes = _pages_of(early or tail.group("pinpoint"))
    notes.extend(page_notes)
    date_text = tail.group("date") or ""
    if not date_text:
        notes.append("the citation gives no date")
    date, date_notes = _date(date_text)
    notes.extend(date_notes)
    return ParsedCitation(
        Source(
            author=author,
            title=title,
            kind=classify(author, title, publisher),
            date=date,
            pages=pages,
            publisher=publisher,
            version=tail.group("version") or None,
        ),
        tuple(notes),
    )


def parse_citations(cited: Sequence[tuple[int, str]], name: str) -> list[list[ParsedCitation]]:
    """Every citation of a report, given as (input line, text without the prefix): the sources
    each names. Titles quoted elsewhere help read the unquoted ones. Raises ImportParseError
    with every citation that cannot be read, each naming ``name`` and its line."""
    problems: list[Problem] = []
    first_pass: list[list[ParsedCitation] | None] = []
    for _, text in cited:
        try:
            first_pass.append([parse_citation(p) for p in split_citations(text)])
        except SourceParseError:
            first_pass.append(None)
    known = tuple(
        c.source.title for cs in first_pass if cs for c in cs
        if c.source.title and c.source.kind not in UNTITLED_KINDS
    )
    out: list[list[ParsedCitation]] = []
    for (line, text), cs in zip(cited, first_pass):
        if cs is None:
            try:
                cs = [parse_citation(p, known) for p in split_citations(text)]
            except SourceParseError as exc:
                problems.append(Problem(name, line, field="source", message=str(exc)))
                continue
        if not cs:
            problems.append(Problem(name, line, field="source", message="empty citation"))
            continue
        out.append(cs)
    if problems:
        raise ImportParseError(problems)
    return out


def _interview(text: str, m: re.Match[str]) -> ParsedCitation:
    desc = m.group("desc")
    kind = INTERVIEW_DESCRIPTIONS[desc.lower()]
    between = text[m.end("desc"):m.start("date")]
    notes = [] if "," in between else [f"'{desc}' is followed by '.' instead of ','"]
    # Only a non-standard description ("written clarifications") is kept, as the title.
    title = None if desc == STANDARD_DESCRIPTION[kind] else desc
    date, date_notes = _date(m.group("date"))
    source = Source(author=m.group("author").strip(), kind=kind, date=date, title=title)
    return ParsedCitation(source, tuple(notes + date_notes))


def _date(text: str) -> tuple[str | None, list[str]]:
    """The ISO date of a cited date; a month range keeps only the year (never invent a month)."""
    if not text:
        return None, []
    span = re.fullmatch(rf"{_MONTH}-{_MONTH}\s+(\d{{4}})", text)
    if span:
        return span.group(1), [f"the date {text!r} spans months: only the year is kept"]
    return iso_date(text), []


# --- kind of source ------------------------------------------------------------------------

_NEWS = (
    "balkan insight", "birn", "vice news", "gazeta", "albanian daily news", "euractiv", "reuters",
    "bbc", "exit news", "tirana times", "radio free europe", "rfe/rl", "deutsche welle", "koha",
    "panorama", "top channel", "euronews", "the guardian", "press release", "balkanweb", "a2 cnn",
    "shqiptarja", "report tv", "lapsi", "politiko", "syri", "opinion.al", "the telegraph",
    "independent", "news",
)
_STATISTICS = ("instat", "statistics", "statistical")
_LEGISLATION = ("law no", "law on", "criminal code", "decision of the council of ministers", "dcm no")
_SUBMISSION = ("submission", "input for", "alternative report", "written contribution")


def classify(author: str, title: str | None, publisher: str | None) -> str:
    """Best-effort kind of a desk-review source from who published it and what it is called."""
    a, t, p = author.lower(), (title or "").lower(), (publisher or "").lower()
    if any(k in t for k in _SUBMISSION):
        return "submission"
    if any(k in t for k in _LEGISLATION):
        return "legislation"
    if re.search(r"\bjournal\b", p) or re.search(r"\bjournal\b", t) or "university" in p or "thesis" in t:
        return "academic"  # "journal", not "Handbook for journalists"
    if re.search(r"\b(?:handbook|guidelines?|manual)\b", t):
        return "report"  # a news network's handbook is not news
    if any(k in a for k in _NEWS) or any(k in p for k in _NEWS):
        return "news"
    if any(k in a for k in _STATISTICS) or t.startswith("statistics"):
        return "statistics"
    return "report"


# A link to a news or press page, or a lead-in that calls the source a news item or press
# release, makes a "report" a news item (IOM's /news/ pages, IFRC's /article/ pages).
_NEWS_LINK = re.compile(r"/(?:news|press-releases?|pressreleases?|article)/", re.IGNORECASE)
_NEWS_LEAD_IN = re.compile(r"\b(?:news (?:item|story|release)|press release)\b", re.IGNORECASE)


def refine_kind(kind: str, url: str | None, lead_in: str | None) -> str:
    """The kind, corrected by what the citation alone does not tell: its link and lead-in."""
    if kind != "report":
        return kind
    if (url and _NEWS_LINK.search(url)) or (lead_in and _NEWS_LEAD_IN.search(lead_in)):
        return "news"
    return kind
