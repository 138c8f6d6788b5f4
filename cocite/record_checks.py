"""The semantic checks of records (known tags, real dates, URLs, control characters, report
references, duplicates), given one record at a time.

A library is checked as it is read: no record need be held once checked. What the checks
across records need is kept, and only that: each id's first place, a digest of each quote,
and each distinct quote with what a near-duplicate warning names. A file that turns out to be
unreadable part-way (a syntax error near its end) counts for nothing: :meth:`FileChecks.undo`
takes its records back out.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from sys import intern
from typing import Any, overload

from cocite.countries import country_problem
from cocite.footnote_markers import unmatched_markers
from cocite.models import Vocabulary
from cocite.patterns import COUNTRY, DATE, URL
from cocite.problems import Problem, Severity
from cocite.terms import did_you_mean
from cocite.validate import check_date, check_url, key_text
from cocite.yamlio import LineDict, LineList

# C0 controls other than tab and line feed, DEL, the C1 controls, and the two non-characters
# Word rejects. C1 controls show as nothing or a box, and are mostly Windows-1252 punctuation
# read as Latin-1 (U+0085 was an ellipsis); a Markdown reader turns an edge U+0085 into U+FFFD.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_FLAGGED = re.compile(f"{_CONTROL.pattern}|{_BIDI.pattern}")
_PROSE = frozenset({"quote", "lead_in", "translation.original", "translation.note", "footnotes"})
MAX_ID_LENGTH = 100

Finding = tuple[str | None, str, Severity]  # field, message, severity


@dataclass(frozen=True, slots=True)
class Quoted:
    """What a near-duplicate warning needs of a record whose quote was the first of its kind."""

    record_id: Any  # the id as written (a warning names it even when it is not text)
    file: str
    line: int
    quote_line: int
    places: tuple[tuple[Any, Any], ...]  # (report, section) of each place it is cited in
    author: str | None  # the source's author, case and spacing folded


class RecordChecks:
    """The semantic checks of every record of a library, one file at a time (:meth:`file`).

    ``duplicates=False`` leaves out the repeated-quote warnings (loading a library for a
    command needs its errors, not these; ``validate`` reports them).
    """

    def __init__(
        self, vocabulary: Vocabulary | None, report_ids: set[str] | None, duplicates: bool = True,
    ) -> None:
        self.vocabulary = vocabulary
        self.report_ids = report_ids
        self.duplicates = duplicates
        self.topic_ids = _term_ids(vocabulary, "topics") if vocabulary else None
        self.profile_ids = _term_ids(vocabulary, "profiles") if vocabulary else None
        self.first_id: dict[str, tuple[str, int]] = {}
        self.first_quote: dict[bytes, tuple[Any, str, int]] = {}
        # Each distinct quote, for the near-duplicate check: compressed, as it is held until
        # the last record is read (half the size or less), and what a warning names of it.
        self.quotes: list[bytes] = []
        self.quoted: list[Quoted] = []

    def file(self, name: str) -> FileChecks:
        """Start on the records of the file ``name`` (pass them to :meth:`FileChecks.record`)."""
        return FileChecks(self, name)

    def near_duplicate_warnings(self, advance: Callable[[int], None] | None = None) -> list[Problem]:
        """Warnings for quotes that repeat another after normalising, or largely overlap it.

        The last step, once every file is read: what only the other checks needed goes.
        """
        from cocite.similarity import near_duplicates

        self.first_id.clear()
        self.first_quote.clear()
        problems = []
        for match in near_duplicates(_Quotes(self.quotes, advance)):
            other, mine = self.quoted[match.earlier], self.quoted[match.later]
            if expected_overlap(mine, other, match.same):
                continue
            where = f"record {other.record_id or '?'} ({other.file}:{other.line})"
            what = (f"nearly the same quote as {where} (equal when case, punctuation and spacing "
                    "are ignored)" if match.same else
                    f"quote largely repeats {where}: {match.overlap:.0%} of the shorter of the "
                    "two is in the other")
            problems.append(Problem(
                mine.file, mine.quote_line, mine.record_id, "quote",
                f"{what}; cite a passage once and tag that record with every topic it supports",
                "warning",
            ))
        return problems


class FileChecks:
    """The records of one file, checked as they come; their problems in :attr:`problems`."""

    def __init__(self, checks: RecordChecks, name: str) -> None:
        self.checks = checks
        self.name = name
        self.problems: list[Problem] = []
        self._ids: list[str] = []  # what this file added to the library-wide state
        self._digests: list[bytes] = []
        self._quotes_before = len(checks.quotes)

    def record(self, rec: Any) -> None:
        """Check one record (an item of the file's top-level list)."""
        if not isinstance(rec, LineDict):
            return
        rid = rec.get("id") if isinstance(rec.get("id"), str) else None
        found: list[Finding] = []
        if rid is not None:
            found += self._first_use(rid, rec.line)
        found += self._tag_findings(rec)
        found += _record_findings(rec)
        found += self._report_findings(rec)
        found += _footnote_findings(rec)
        if self.checks.duplicates:
            found += self._repeated_quote(rec)
        self.problems.extend(
            Problem(self.name, _field_line(rec, field) if field else rec.line, rid, field,
                    message, severity)
            for field, message, severity in found
        )

    def undo(self) -> None:
        """Forget this file's records: it could not be read to its end."""
        checks = self.checks
        for rid in self._ids:
            del checks.first_id[rid]
        for digest in self._digests:
            del checks.first_quote[digest]
        del checks.quotes[self._quotes_before:]
        del checks.quoted[self._quotes_before:]
        self.problems.clear()

    def _first_use(self, rid: str, line: int) -> list[Finding]:
        first = self.checks.first_id.get(rid)
        if first is not None:
            return [("id", f"duplicate id, first used at {first[0]}:{first[1]}", "error")]
        self.checks.first_id[rid] = (self.name, line)
        self._ids.append(rid)
        return []

    def _tag_findings(self, rec: LineDict) -> list[Finding]:
        """Topics and profiles that are not terms of the vocabulary."""
        vocabulary = self.checks.vocabulary
        found: list[Finding] = []
        for key, known in (("topics", self.checks.topic_ids), ("profiles", self.checks.profile_ids)):
            tags = rec.get(key)
            if known is None or not isinstance(tags, list) or vocabulary is None:
                continue
            for i, tag in enumerate(tags):
                if isinstance(tag, str) and tag not in known:
                    found.append((f"{key}[{i}]", _unknown_term(vocabulary, key, tag, known), "error"))
        return found

    def _report_findings(self, rec: LineDict) -> list[Finding]:
        """Places cited in a report the reports file does not list."""
        report_ids = self.checks.report_ids
        cited = rec.get("cited_in")
        found: list[Finding] = []
        for i, place in enumerate(cited if isinstance(cited, list) else []):
            report = place.get("report") if isinstance(place, dict) else None
            if report_ids is not None and isinstance(report, str) and report not in report_ids:
                message = (f"unknown report {report!r}{did_you_mean(report, report_ids)} "
                           "(see data/reports.yaml)")
                found.append((f"cited_in[{i}].report", message, "error"))
        return found

    def _repeated_quote(self, rec: LineDict) -> list[Finding]:
        """A quote seen before (after folding white space); else it is kept for the
        near-duplicate check."""
        quote = rec.get("quote")
        if not isinstance(quote, str) or not quote.strip():
            return []
        checks = self.checks
        digest = _normalise_quote(quote)
        first = checks.first_quote.get(digest)
        if first is not None:
            other_id, other_file, other_line = first
            return [("quote", (f"same quote as record {other_id} ({other_file}:{other_line}); "
                               "cite a passage once and tag that record with every topic it "
                               "supports"), "warning")]
        raw_id = rec.get("id")
        checks.first_quote[digest] = (raw_id or "?", self.name, rec.line)
        self._digests.append(digest)
        checks.quotes.append(zlib.compress(quote.encode("utf-8", "surrogatepass"), 1))
        checks.quoted.append(Quoted(raw_id, self.name, rec.line, rec.line_of("quote"),
                                    _places(rec), _author(rec)))
        return []


def _record_findings(rec: LineDict) -> list[Finding]:
    """The checks that need nothing but the record itself, in the order they are reported."""
    found = _country_findings(rec) + _source_findings(rec) + _text_findings(rec)
    rid = rec.get("id")
    if isinstance(rid, str) and len(rid) > MAX_ID_LENGTH:
        found.append(("id", (f"is {len(rid)} characters long; an id has at most "
                             f"{MAX_ID_LENGTH} (it is typed, and names files)"), "error"))
    return found


def _country_findings(rec: LineDict) -> list[Finding]:
    country = rec.get("country")
    if isinstance(country, str) and re.fullmatch(COUNTRY, country):
        reason = country_problem(country)
        if reason:
            return [("country", reason, "error")]
    return []


def _source_findings(rec: LineDict) -> list[Finding]:
    """Real, past dates; URLs with a host; a link for desk-review material."""
    found: list[Finding] = []
    source = rec.get("source")
    source = source if isinstance(source, dict) else {}
    # A value of the right shape (else the schema's error stands alone) that means nothing.
    for key, shape, check in (("date", DATE, check_date), ("accessed", DATE, check_date),
                              ("url", URL, check_url), ("archive_url", URL, check_url)):
        value = source.get(key)
        if isinstance(value, str) and re.fullmatch(shape, value):
            reason = check(value)
            if reason:
                found.append((f"source.{key}", reason, "error"))
    if rec.get("material") == "desk-review" and "url" not in source:
        found.append(("source", ("desk-review material should link to its source: add "
                                 "source.url (or url: null when no link is known)"), "warning"))
    return found


def _text_findings(rec: LineDict) -> list[Finding]:
    """Control characters Word cannot show, and bidirectional overrides, in any text."""
    found: list[Finding] = []
    if not _FLAGGED.search("\n".join(_strings(rec))):
        return found  # most records: no field's name need be spelt out
    for dotted, text in _walk_strings(rec, ""):
        bad = _CONTROL.search(text)
        if bad:
            found.append((dotted, (f"contains the control character U+{ord(bad.group()):04X}, "
                                   "which Word cannot show; remove it"), "error"))
        bidi = _BIDI.search(text)
        if bidi:
            # Shown in another order than stored (the "Trojan Source" trick): never in an id,
            # a tag, a source field; in a quote only if the source has it.
            prose = dotted.split("[")[0] in _PROSE
            found.append((dotted, f"contains the bidirectional override U+{ord(bidi.group()):04X}, "
                          "which makes text display in another order than it is stored"
                          + ("; keep it only if the source has it" if prose else "; remove it"),
                          "warning" if prose else "error"))
    return found


def _footnote_findings(rec: LineDict) -> list[Finding]:
    quote = rec.get("quote")
    notes = rec.get("footnotes")
    notes = [n for n in notes if isinstance(n, str)] if isinstance(notes, list) else []
    if not isinstance(quote, str):
        return []
    return [("quote", (f"the footnote marker {number!r} (a number glued to a word) has no "
                       f"footnote: add its text to footnotes as \"{number} ...\""), "warning")
            for number in unmatched_markers(quote, notes)]


def _strings(value: Any) -> list[str]:
    """Every string value within ``value`` (in no particular order)."""
    found: list[str] = []
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            found.append(v)
        elif isinstance(v, dict):
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
    return found


def _walk_strings(value: Any, path: str) -> Iterable[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _walk_strings(v, f"{path}.{key_text(k)}" if path else key_text(k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _walk_strings(v, f"{path}[{i}]")


def _field_line(record: LineDict, dotted: str) -> int:
    node: Any = record
    line = record.line
    for part in re.split(r"\.|\[(\d+)\]", dotted):
        if not part:
            continue
        if isinstance(node, LineDict) and part in node:
            line, node = node.line_of(part), node[part]
        elif isinstance(node, LineList) and part.isdigit() and int(part) < len(node):
            line, node = node.line_of(int(part)), node[int(part)]
    return line


def _normalise_quote(text: str) -> bytes:
    """A digest of the quote with white space folded: equal quotes, equal digests.

    A digest rather than the text itself: at 100,000 records a second copy of every quote
    would be ~100 MB held only to find exact duplicates.
    """
    folded = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.blake2b(folded.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _places(rec: LineDict) -> tuple[tuple[Any, Any], ...]:
    cited = rec.get("cited_in")
    items = cited if isinstance(cited, list) else []
    return tuple((c.get("report"), c.get("section")) for c in items if isinstance(c, dict))


def _author(rec: LineDict) -> str | None:
    source = rec.get("source")
    name = source.get("author") if isinstance(source, dict) else None
    return intern(" ".join(name.casefold().split())) if isinstance(name, str) else None


def _different_sections(a: Quoted, b: Quoted) -> bool:
    """Cited in the same report but not in a common section."""
    pa, pb = set(a.places), set(b.places)
    return bool({r for r, _ in pa} & {r for r, _ in pb}) and not pa & pb


def _different_authors(a: Quoted, b: Quoted) -> bool:
    return a.author is not None and b.author is not None and a.author != b.author


def expected_overlap(a: Quoted, b: Quoted, same: bool) -> bool:
    """Overlapping quotes that are not the same passage cited twice.

    A compiled report quotes one passage, or cuts of it, under several sections on purpose
    (each record then carries its own section's topics). And a longer quote from one source
    that contains a sentence another source also wrote is corroboration, not a repeat; the
    same quote (``same``) under two authors still is one, most likely a mistyped source.
    """
    return _different_sections(a, b) or (not same and _different_authors(a, b))


class _Quotes(Sequence[str]):
    """The quotes kept compressed, as text; ``advance`` hears of each thousand gone through."""

    def __init__(self, quotes: list[bytes], advance: Callable[[int], None] | None) -> None:
        self._quotes = quotes
        self._advance = advance

    def __len__(self) -> int:
        return len(self._quotes)

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...

    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        if isinstance(index, slice):
            return [_text(q) for q in self._quotes[index]]
        return _text(self._quotes[index])

    def __iter__(self) -> Iterator[str]:
        for i, quote in enumerate(self._quotes):
            if self._advance is not None and i % 1000 == 999:
                self._advance(1000)
            yield _text(quote)


def _text(compressed: bytes) -> str:
    return zlib.decompress(compressed).decode("utf-8", "surrogatepass")


def _unknown_term(vocabulary: Vocabulary, key: str, tag: str, known: set[str]) -> str:
    terms = vocabulary.topics if key == "topics" else vocabulary.profiles
    for term in terms:
        if tag in term.aliases:
            return f"{tag!r} is an alias: write the {key[:-1]} id {term.id!r}"
    if key == "profiles" and tag in vocabulary.shorthands:
        ids = ", ".join(vocabulary.shorthands[tag])
        return f"{tag!r} is a shorthand: write the profile ids [{ids}]"
    return f"unknown {key[:-1]} {tag!r}{did_you_mean(tag, known)} (see data/vocabulary.yaml)"


def _term_ids(vocabulary: Vocabulary, kind: str) -> set[str]:
    terms = vocabulary.topics if kind == "topics" else vocabulary.profiles
    return {t.id for t in terms}
