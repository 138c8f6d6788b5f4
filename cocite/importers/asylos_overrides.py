"""Reviewed per-record corrections, applied by the importer after its rules.

Some tags no rule can decide (the children in a quote are the victims' own; a boy in the quote
is an accused trafficker). Reviewers' corrections live in a data file beside the library,
``data/overrides/<report-id>.yaml``, a YAML list of::

    - id: ukho-ffm-2022-12-shkej-employment     # a record id of this import
      remove_profiles: [child]                   # add_profiles / remove_profiles /
      add_topics: []                             # add_topics / remove_topics: vocabulary ids
      source: {kind: news}                       # only kind, and url (see below)
      reason: "the children are the returnees' own: 'women who come back with children'"

``reason`` is required. A ``source.url`` is accepted only when it is one of the links of the
report's link block on the page of that record's citation: a link is never invented, only
attributed. ``url: null`` takes away a link that the alignment gave to the wrong citation. The quote, lead-in and the other source fields are never overridden (they are
the report's text). Every problem is reported at once, naming the file, line and field, with
a did-you-mean for unknown ids and tags.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cocite.errors import DataError
from cocite.importers.asylos_records import set_tags
from cocite.models import SOURCE_KINDS, Vocabulary
from cocite.problems import Problem

_KEYS = ("id", "add_profiles", "remove_profiles", "add_topics", "remove_topics", "source", "reason")
_SOURCE_FIELDS = ("kind", "url")


@dataclass(frozen=True, slots=True)
class Override:
    id: str
    line: int
    reason: str
    add_profiles: tuple[str, ...] = ()
    remove_profiles: tuple[str, ...] = ()
    add_topics: tuple[str, ...] = ()
    remove_topics: tuple[str, ...] = ()
    source: dict[str, str | None] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # field -> line, for messages


def load_overrides(path: Path) -> list[Override]:
    """The overrides of a file (shape checked here; ids and tags when applied)."""
    from cocite.yamlio import load_file

    name = str(path)
    data = load_file(path, name)
    if data is None:
        return []
    if not isinstance(data, list):
        raise DataError([Problem(name, getattr(data, "line", 1), message="expected a list of overrides")])
    problems: list[Problem] = []
    out: list[Override] = []
    for k, item in enumerate(data):
        line = data.line_of(k) if hasattr(data, "line_of") else 1
        if not isinstance(item, dict):
            problems.append(Problem(name, line, message="expected a mapping (id, reason, ...)"))
            continue
        override = _override_of(item, line, name, problems)
        if override is not None:
            out.append(override)
    if problems:
        raise DataError(problems, f"{name}: {len(problems)} problem(s) in the overrides")
    return out


def _override_of(item: dict[str, Any], line: int, name: str, problems: list[Problem]) -> Override | None:
    """One override as read (None without an id); what is wrong with it goes to ``problems``."""
    from cocite.terms import did_you_mean

    def at(key: str) -> int:
        return item.line_of(key) if hasattr(item, "line_of") else line

    rid = item.get("id")
    for key in item:
        if key not in _KEYS:
            problems.append(Problem(name, at(key), rid, key, f"unknown field{did_you_mean(key, _KEYS)}"))
    if not isinstance(rid, str) or not rid:
        problems.append(Problem(name, line, None, "id", "expected a record id"))
        return None
    reason = item.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        problems.append(Problem(name, at("reason"), rid, "reason", "expected the reason for the correction"))
    lists: dict[str, tuple[str, ...]] = {}
    for key in ("add_profiles", "remove_profiles", "add_topics", "remove_topics"):
        value = item.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.append(Problem(name, at(key), rid, key, "expected a list of ids"))
            value = []
        lists[key] = tuple(value)
    source = item.get("source") or {}
    if not isinstance(source, dict):
        problems.append(Problem(name, at("source"), rid, "source", "expected a mapping (kind, url)"))
        source = {}
    for key, value in source.items():
        if key not in _SOURCE_FIELDS:
            problems.append(Problem(
                name, at("source"), rid, f"source.{key}",
                f"only source.kind and source.url can be overridden{did_you_mean(key, _SOURCE_FIELDS)}",
            ))
        elif not isinstance(value, str) and not (key == "url" and value is None):
            problems.append(Problem(name, at("source"), rid, f"source.{key}", "expected a string"))
    return Override(
        id=rid, line=line, reason=str(reason or ""),
        source={k: (None if v is None else str(v)) for k, v in source.items()},
        lines={key: at(key) for key in _KEYS}, **lists,
    )


def apply_overrides(
    records: list[dict[str, Any]],
    overrides: Iterable[Override],
    vocabulary: Vocabulary | None,
    name: str,
    page_links: Mapping[str, frozenset[str]],
) -> list[tuple[str, str]]:
    """Apply the overrides to the records in place; (id, what changed) for each.

    ``page_links`` gives, for each record id, the links of the link blocks of the pages its
    citations are on: the only links a ``source.url`` override may name. Raises DataError with
    every problem (unknown id, tag or kind, a link not on the citation's page).
    """
    by_id = {r["id"]: r for r in records}
    topics = vocabulary.topic_ids() if vocabulary else ()
    profiles = vocabulary.profile_ids() if vocabulary else ()
    problems = _problems(by_id, overrides, vocabulary, name, page_links)
    if problems:
        raise DataError(problems, f"{name}: {len(problems)} problem(s) in the overrides")
    changes: list[tuple[str, str]] = []
    for ov in overrides:
        done = _apply(by_id[ov.id], ov, topics, profiles)
        if done:
            changes.append((ov.id, " ".join(done)))
    return changes


def _problems(
    by_id: Mapping[str, dict[str, Any]],
    overrides: Iterable[Override],
    vocabulary: Vocabulary | None,
    name: str,
    page_links: Mapping[str, frozenset[str]],
) -> list[Problem]:
    """What keeps the overrides from applying: unknown ids, tags or kinds, a link not on the
    page of the record's citation."""
    from cocite.terms import did_you_mean

    topics = vocabulary.topic_ids() if vocabulary else ()
    profiles = vocabulary.profile_ids() if vocabulary else ()
    problems: list[Problem] = []
    seen: set[str] = set()
    for ov in overrides:
        record = by_id.get(ov.id)
        if record is None:
            problems.append(Problem(name, ov.lines["id"], ov.id, "id",
                                    f"no record with this id in the import{did_you_mean(ov.id, by_id)}"))
        elif ov.id in seen:
            problems.append(Problem(name, ov.lines["id"], ov.id, "id", "a second override for this record: merge them"))
        seen.add(ov.id)
        for key, known in (("add_profiles", profiles), ("remove_profiles", profiles),
                           ("add_topics", topics), ("remove_topics", topics)):
            for tag in getattr(ov, key):
                if vocabulary is not None and tag not in known:
                    problems.append(Problem(name, ov.lines[key], ov.id, key,
                                            f"unknown id {tag!r}{did_you_mean(tag, known)}"))
        kind = ov.source.get("kind")
        if kind is not None and kind not in SOURCE_KINDS:
            problems.append(Problem(name, ov.lines["source"], ov.id, "source.kind",
                                    f"unknown kind {kind!r}{did_you_mean(kind, SOURCE_KINDS)}"))
        url = ov.source.get("url")
        if url is not None and record is not None and url not in page_links.get(ov.id, frozenset()):
            problems.append(Problem(
                name, ov.lines["source"], ov.id, "source.url",
                "this link is not in the report's link block on the page of the record's citation: "
                "a link is only ever attributed, never supplied",
            ))
    return problems


def _apply(
    record: dict[str, Any], ov: Override, topics: tuple[str, ...], profiles: tuple[str, ...]
) -> list[str]:
    """Apply one override to its record; what changed ("+tag", "-tag", "source.kind")."""
    done: list[str] = []
    for key, order in (("topics", topics), ("profiles", profiles)):
        have = list(record.get(key, []))
        add = [t for t in getattr(ov, f"add_{key}") if t not in have]
        remove = [t for t in getattr(ov, f"remove_{key}") if t in have]
        if not add and not remove:
            continue
        new = [t for t in have if t not in remove] + add
        if order:
            new.sort(key=lambda t: order.index(t) if t in order else len(order))
        set_tags(record, key, new)
        done.extend([f"+{t}" for t in add] + [f"-{t}" for t in remove])
    for key, value in ov.source.items():
        if record["source"].get(key) != value:
            record["source"][key] = value
            done.append(f"source.{key}")
    return done
