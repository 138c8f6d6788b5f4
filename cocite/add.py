"""``cocite add``: create one record, check it against the whole library, write it safely.

The steps, each a function so the command line (and its interactive mode) stays thin:

1. :func:`record_from` builds the record from a mapping (options, or a YAML snippet);
2. :func:`propose_id` suggests an id when none is given: author abbreviation, date, topic;
3. :func:`plan` checks the record against the library as it would be *after* adding it
   (duplicate id, duplicate or near-duplicate quote, unknown tags with a did-you-mean, and
   every check of ``cocite validate``) and shows the canonical YAML;
4. :func:`commit` takes a lock beside the data, reads the file again (another ``cocite add``
   may have written meanwhile), checks again and writes the whole file canonically and
   atomically (temp file + rename: a killed process leaves the old or the new file).
"""

from __future__ import annotations

import contextlib
import re
import tempfile
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cocite.atomic import locked_folder, write_atomic
from cocite.errors import DataError, UsageError
from cocite.fmt import canonical_record, with_records
from cocite.checking import check_files
from cocite.datafiles import DataFiles, display, resolve_data
from cocite.problems import Findings, Problem
from cocite.validate import describe
from cocite.yamlio import decode, dumps, loads, read_bytes

PROPOSED_ID_LENGTH = 60  # the ids cocite proposes; any id may be up to 100 (record_checks)
_STOP = {"a", "an", "and", "the", "of", "for", "in", "on", "to", "at", "by", "with", "de", "la"}
SOURCE_FIELDS = ("author", "title", "kind", "date", "pages", "paragraphs", "url", "accessed",
                 "publisher", "version", "archive_url")


# ---------------------------------------------------------------------------------------
# Building


def parse_snippet(text: str, name: str = "<stdin>") -> dict[str, Any]:
    """A record given as YAML: a mapping, or a list holding exactly one mapping."""
    data = loads(text, name)
    if isinstance(data, list) and len(data) == 1:
        data = data[0]
    if not isinstance(data, dict):
        raise UsageError(f"{name}: expected one record (a mapping of fields), got "
                         f"{'a list of ' + str(len(data)) if isinstance(data, list) else type(data).__name__}")
    return dict(data)


def record_from(base: Mapping[str, Any], **given: Any) -> dict[str, Any]:
    """A record: ``base`` (e.g. a snippet) with ``given`` fields on top, in canonical order.

    ``given`` takes record fields (``topics``, ``quote``...) and source fields (``author``,
    ``date``...) by name, plus ``report`` and ``section`` for the first place of ``cited_in``
    (further places come from ``base``); None means "not given".
    """
    record = {k: v for k, v in base.items()}
    source: dict[str, Any] | None = None
    cited: dict[str, Any] | None = None
    for key, value in given.items():
        if value is None or value == () or value == []:
            continue
        if isinstance(value, tuple):
            value = list(value)
        outer = "source" if key in SOURCE_FIELDS else (
            "cited_in" if key in ("report", "section") else None)
        if outer is None:
            record[key] = value
            continue
        if outer == "source":
            if source is None:
                source = dict(_mapping(record.get("source"), "source", key))
            source[key] = value
        else:
            if cited is None:
                places = record.get("cited_in") or []
                places = [places] if isinstance(places, dict) else places
                first = _mapping(places[0] if isinstance(places, list) and places else
                                 ({} if isinstance(places, list) else places), "cited_in", key)
                cited = dict(first)
            cited[key] = value
    # A source or cited_in that is not a mapping is kept as given: validation names it.
    if source is not None:
        record["source"] = source
    if cited is not None:
        rest = record.get("cited_in")
        rest = rest[1:] if isinstance(rest, list) else []
        record["cited_in"] = [cited, *rest]
    return canonical_record(record)


def _mapping(current: Any, outer: str, key: str) -> Any:
    """The fields ``key`` is set in; a UsageError when ``outer`` is not a mapping of fields."""
    if current is not None and not isinstance(current, dict):
        raise UsageError(f"--{key.replace('_', '-')}: the record's {outer} is not a "
                         f"mapping of fields (it is {describe(current)}), so "
                         f"{key} cannot be set in it; fix {outer} first")
    return current or {}


def _ascii_words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.findall(r"[A-Za-z0-9]+", folded)


def _abbreviation(author: str) -> str:
    """``UK Home Office`` -> ``ukho``; ``Vatra`` -> ``vatra``; acronyms are kept whole."""
    words = [w for w in _ascii_words(author) if w.lower() not in _STOP] or _ascii_words(author)
    if not words:
        return "source"
    if len(words) == 1:
        return words[0].lower()[:16]
    parts = [w if (w.isupper() and len(w) <= 5) or w.isdigit() else w[0] for w in words]
    return "".join(parts).lower()[:16]


def propose_id(record: Mapping[str, Any], taken: set[str]) -> str:
    """A free id: ``<author abbreviation>-<date>-<first topic>``, then quote words, then -2, -3..."""
    source = record["source"] if isinstance(record.get("source"), dict) else {}
    author = str(source.get("author") or "source")
    date = source.get("date")
    topics = record.get("topics") if isinstance(record.get("topics"), list) else []
    parts = [_abbreviation(author), str(date) if isinstance(date, str) and date else "undated"]
    if topics and isinstance(topics[0], str):
        parts.append(topics[0])
    base = _slug("-".join(parts))
    if base not in taken:
        return base
    quote = str(record.get("quote") or "")
    extra = [w.lower() for w in _ascii_words(quote) if len(w) > 3 and w.lower() not in _STOP][:3]
    if extra:
        base = _slug(base + "-" + "-".join(extra))
        if base not in taken:
            return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:PROPOSED_ID_LENGTH].rstrip("-") or "record"


# ---------------------------------------------------------------------------------------
# Checking


@dataclass(frozen=True)
class Plan(Findings):
    """What ``add`` would write: the record, where, its YAML, and what the checks found."""

    record: dict[str, Any]
    target: Path
    text: str  # the whole target file after adding
    problems: tuple[Problem, ...] = field(default=())
    proposed_id: bool = False

    @property
    def preview(self) -> str:
        return dumps([self.record])


def target_file(files: DataFiles, file: Path | None) -> Path:
    if files.origin == "bundled":
        raise UsageError("there is no library here to add to (only the read-only bundled one): "
                         "run cocite in your data repository, or pass --data")
    if file is not None:
        return Path(file)
    return files.excerpts[0]


def _read(path: Path) -> str | None:
    if not path.exists():
        return None
    name = display(path)
    return decode(read_bytes(path, name), name)


def _ids(files: DataFiles, target: Path, text: str | None) -> dict[str, str]:
    """Every id in the library -> where it is ("FILE:LINE")."""
    found: dict[str, str] = {}
    for path in files.excerpts:
        if path.resolve() == target.resolve():
            continue
        with contextlib.suppress(DataError):
            _collect_ids(loads(_read(path) or "", display(path)), display(path), found)
    if text:
        with contextlib.suppress(DataError):
            _collect_ids(loads(text, display(target)), display(target), found)
    return found


def _collect_ids(data: Any, name: str, found: dict[str, str]) -> None:
    if isinstance(data, list):
        for rec in data:
            if isinstance(rec, dict) and isinstance(rec.get("id"), str):
                found.setdefault(rec["id"], f"{name}:{getattr(rec, 'line', '?')}")


def plan(fields: Mapping[str, Any], data: Path | None = None, file: Path | None = None) -> Plan:
    """Check a new record against the library as it would be after adding it. Writes nothing."""
    files = resolve_data(data)
    target = target_file(files, file)
    current = _read(target)
    record = dict(fields)
    ids = _ids(files, target, current)
    proposed = not record.get("id")
    if proposed:
        record = canonical_record({**record, "id": propose_id(record, set(ids))})
    rid = record["id"]
    if isinstance(rid, str) and rid in ids:
        raise DataError([Problem(
            display(target), None, rid, "id",
            f"id already used at {ids[rid]}; ids are never reused: choose another "
            f"(free: {propose_id(record, set(ids))})",
        )])
    text = with_records(current, display(target), [record])
    problems = _problems_of(record, text, files, target)
    return Plan(record, target, text, tuple(problems), proposed)


def _problems_of(record: dict[str, Any], text: str, files: DataFiles, target: Path) -> list[Problem]:
    """Problems that concern the new record (and any in the vocabulary or reports)."""
    name = display(target)
    with tempfile.TemporaryDirectory(prefix="cocite-add-") as tmp:
        staged = Path(tmp) / target.name
        staged.write_text(text, encoding="utf-8")
        shards = tuple(staged if p.resolve() == target.resolve() else p for p in files.excerpts)
        if staged not in shards:
            shards += (staged,)
        problems = check_files(DataFiles(shards, files.vocabulary, files.reports,
                                         files.origin, files.root)).problems
        staged_name = display(staged)
    first, last = _span(text, name, record)
    rid = record.get("id")
    mine: list[Problem] = []
    for p in problems:
        if p.file == staged_name:
            p = Problem(name, p.line, p.record_id, p.field, p.message, p.severity)
            if p.line is not None and first <= p.line <= last or rid and f"record {rid} (" in p.message:
                mine.append(p)
        elif p.file in (display(files.vocabulary), display(files.reports)) and p.severity == "error":
            mine.append(p)
    return sorted(set(mine), key=lambda p: (p.file, p.line or 0, p.field or "", p.message))


def _span(text: str, name: str, record: dict[str, Any]) -> tuple[int, int]:
    from cocite.fmt import same_data

    data = loads(text, name)
    lines = [r.line for r in data] + [text.count("\n") + 1]
    for i, rec in enumerate(data):
        if same_data(dict(rec), record):
            return rec.line, lines[i + 1] - 1
    return 0, -1  # pragma: no cover - the record is always there


# ---------------------------------------------------------------------------------------
# Writing


def commit(fields: Mapping[str, Any], data: Path | None = None, file: Path | None = None,
           *, force: bool = False) -> Plan:
    """Check and write the record, under the lock; returns what was written.

    Errors always stop it; warnings (e.g. a near-duplicate quote) stop it unless ``force``.
    An id that was proposed is proposed again under the lock, so concurrent adds never clash.
    """
    files = resolve_data(data)
    target = target_file(files, file)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"{display(folder)}: no such directory")
    with locked_folder(folder):
        result = plan(fields, data, file)
        if result.errors:
            raise DataError(result.errors, f"record not added: {len(result.errors)} error(s)")
        if result.warnings and not force:
            raise DataError(result.warnings, "record not added: fix the warnings above, "
                            "or add it anyway with --force")
        write_atomic(target, result.text)
    return result


def vocabulary_choices(data: Path | None = None) -> tuple[list[str], list[str]]:
    """Topic and profile ids, for prompts (empty lists if the vocabulary cannot be read)."""
    from cocite.checking import load_vocabulary

    vocabulary = load_vocabulary(resolve_data(data).vocabulary, [])
    if vocabulary is None:
        return [], []
    return list(vocabulary.topic_ids()), list(vocabulary.profile_ids())
