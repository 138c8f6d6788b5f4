"""``cocite fmt``: rewrite data files in one canonical layout, losslessly.

The canonical layout (what reviewers see in a pull request's diff):

* **Record order** (``excerpts`` files): the compiled report's order. Records with
  ``cited_in`` come first, by the report of their first place (alphabetical), then section number
  compared numerically (1.2 < 1.10; no section last); within a section records keep the
  order they have in the file, which is the report's own (desk review before interview
  material, newest first, as the importer writes them; an editor places a new record where
  it belongs in that order). Records without ``cited_in`` follow, by id. Vocabulary terms and
  reports keep their order (it is editorial).
* **Key order**: the record format's (:mod:`cocite.models`) and, for ``vocabulary.yaml`` and
  ``reports.yaml``, their schema's (:mod:`cocite.schema`). Unknown keys (an error for
  ``validate``) are kept, after the known ones, so that nothing is lost.
* **Text**: long or multi-line text as block scalars (``|-``); dates, pages and sections
  double-quoted; one blank line between records; UTF-8 without BOM; LF line endings; the
  ``yaml-language-server`` modeline on line 1 kept (added if missing).

Whitespace and tabs *outside* values are whatever the writer puts there, so trailing blanks
and tab indentation disappear; the characters of every value (quote, lead-in, anything) are
never changed. Every result is read back and compared with the input before it is written.
"""

from __future__ import annotations

import contextlib
import difflib
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cocite.atomic import locked_folder, write_atomic
from cocite.datafiles import display, resolve_data, yaml_files
from cocite.errors import CociteError, DataError, UsageError
from cocite.models import CITED_IN_KEYS, RECORD_KEYS, SOURCE_KEYS, TRANSLATION_KEYS
from cocite.problems import Problem
from cocite.schema import SCHEMAS
from cocite.validate import comment_problems
from cocite.yamlio import MODELINE, decode, dumps, is_modeline, loads, read_bytes

MAX_DIFF_LINES = 60  # per file, in `fmt --check` output

_SCHEMA_LINE = "# yaml-language-server: $schema=../schema/{kind}.schema.json"

# Key order of each kind of mapping, by where it sits.
_RECORD_ORDER: dict[str, tuple[str, ...]] = {
    "": RECORD_KEYS,
    "source": SOURCE_KEYS,
    "joint_sources": SOURCE_KEYS,
    "cited_in": CITED_IN_KEYS,
    "translation": TRANSLATION_KEYS,
}
_TERM_KEYS = tuple(SCHEMAS["vocabulary"]["definitions"]["term"]["properties"])
_VOCABULARY_KEYS = tuple(SCHEMAS["vocabulary"]["properties"])
_REPORT_KEYS = tuple(SCHEMAS["reports"]["items"]["properties"])


@dataclass(frozen=True)
class FileResult:
    """One file: whether it was (or, with --check, would be) changed, and the diff."""

    name: str
    changed: bool
    diff: str = ""


@dataclass(frozen=True)
class FmtResult:
    files: tuple[FileResult, ...]
    problems: tuple[Problem, ...] = field(default=())

    @property
    def changed(self) -> list[FileResult]:
        return [f for f in self.files if f.changed]

    def summary(self, check: bool) -> str:
        changed, same = len(self.changed), len(self.files) - len(self.changed)
        verb = "would be reformatted" if check else "reformatted"
        parts = [f"{_n(changed, 'file')} {verb}", f"{_n(same, 'file')} already canonical"]
        if self.problems:
            bad = len({p.file for p in self.problems})
            parts.append(f"{_n(bad, 'file')} not formatted (errors above)")
        return ", ".join(parts)


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def kind_of(path: Path | str) -> str:
    """``vocabulary``, ``reports`` or ``excerpts``, from the file name."""
    name = Path(path).name
    if name in ("vocabulary.yaml", "vocabulary.yml"):
        return "vocabulary"
    if name in ("reports.yaml", "reports.yml"):
        return "reports"
    return "excerpts"


# ---------------------------------------------------------------------------------------
# Ordering


def _section_key(value: Any) -> tuple[int, ...]:
    if not isinstance(value, str) or not value.strip():
        return (10**9,)
    return tuple(int(p) if p.isdigit() else 10**6 for p in re.split(r"[.\s]+", value.strip()))


def _cited_key(record: dict[str, Any]) -> tuple[Any, ...]:
    # Not by date within a section: the report's order there (material, then newest first)
    # is editorial, and re-sorting by date alone would interleave desk review and interviews.
    cited = record["cited_in"][0]  # where the report first cites it
    return (str(cited.get("report")), _section_key(cited.get("section")))


def _has_place(record: dict[str, Any]) -> bool:
    cited = record.get("cited_in")
    return isinstance(cited, list) and bool(cited) and isinstance(cited[0], dict)


def order_records(records: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Records in canonical order (see the module docstring); a stable sort."""
    cited = [r for r in records if _has_place(r)]
    rest = [r for r in records if not _has_place(r)]
    return sorted(cited, key=_cited_key) + sorted(rest, key=lambda r: str(r.get("id")))


def _ordered(mapping: dict[str, Any], keys: Sequence[str]) -> dict[str, Any]:
    out = {k: mapping[k] for k in keys if k in mapping}
    out.update((k, v) for k, v in mapping.items() if k not in out)
    return out


def _plain(value: Any) -> Any:
    """LineDict/LineList as plain dict/list (the writer needs nothing else)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def canonical_record(record: dict[str, Any]) -> dict[str, Any]:
    out = _ordered(record, RECORD_KEYS)
    for key, keys in _RECORD_ORDER.items():
        if key and isinstance(out.get(key), dict):
            out[key] = _ordered(out[key], keys)
        elif key and isinstance(out.get(key), list):  # cited_in: a list of places
            out[key] = [_ordered(v, keys) if isinstance(v, dict) else v for v in out[key]]
    return out


def _canonical(kind: str, data: Any, name: str) -> Any:
    if kind == "vocabulary":
        if not isinstance(data, dict):
            raise _not_formattable(name, "expected a mapping with topics and profiles")
        out = _ordered(data, _VOCABULARY_KEYS)
        for key in ("topics", "profiles"):
            if isinstance(out.get(key), list):
                out[key] = [_ordered(t, _TERM_KEYS) if isinstance(t, dict) else t for t in out[key]]
        return out
    if not isinstance(data, list):
        raise _not_formattable(name, "expected a list at the top level")
    for i, item in enumerate(data):
        if not isinstance(item, dict):
            line = data.line_of(i) if hasattr(data, "line_of") else None
            raise _not_formattable(name, f"item {i + 1} is not a mapping of fields", line)
    if kind == "reports":
        return [_ordered(r, _REPORT_KEYS) for r in data]
    return [canonical_record(r) for r in order_records(data)]


def _not_formattable(name: str, why: str, line: int | None = None) -> DataError:
    return DataError([Problem(name, line, message=f"cannot format: {why}; run `cocite validate`")])


# ---------------------------------------------------------------------------------------
# Text


def _header(kind: str, text: str) -> str:
    first = text.split("\n", 1)[0].rstrip("\r").rstrip()
    if is_modeline(first):
        return first
    return MODELINE if kind == "excerpts" else _SCHEMA_LINE.format(kind=kind)


def _write(kind: str, data: Any, header: str) -> str:
    if kind != "excerpts" or not data:
        return dumps(data, header=header)
    return header + "\n" + "\n".join(dumps([record]) for record in data)


def format_text(text: str, name: str, kind: str | None = None) -> str:
    """The canonical form of one data file's text (``kind`` defaults to :func:`kind_of`).

    Raises DataError if the text cannot be read, holds comments (they would be lost), or is
    not a list of mappings (vocabulary: a mapping). Never returns text that reads back as
    different data.
    """
    kind = kind or kind_of(name)
    comments: list[int] = []
    data = loads(text, name, comments)
    if comments:
        raise DataError(comment_problems(name, comments))
    if data is None:
        raise DataError([Problem(name, 1, message="file is empty: nothing to format")])
    canonical = _plain(_canonical(kind, data, name))
    out = _write(kind, canonical, _header(kind, text))
    if not same_data(loads(out, name), canonical):  # pragma: no cover - a bug guard
        raise CociteError(f"{name}: formatting would change the data; the file was left as it was "
                          "(this is a bug in cocite: please report it)")
    return out


def same_data(a: Any, b: Any) -> bool:
    """Equal as data (NaN equals NaN; key order does not matter, list order does)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_data(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_data(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return type(a) is type(b) and a == b


def diff(old: str, new: str, name: str, limit: int = MAX_DIFF_LINES) -> str:
    """A unified diff of ``old`` to ``new``, at most ``limit`` lines, with notes on encoding."""
    notes = []
    if old.startswith("\ufeff"):
        notes.append(f"{name}: starts with a byte-order mark (BOM); fmt writes UTF-8 without one")
        old = old[1:]
    if "\r" in old:
        notes.append(f"{name}: has Windows (CRLF) line endings; fmt writes LF")
        old = old.replace("\r\n", "\n").replace("\r", "\n")
    lines = list(difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True),
        fromfile=name, tofile=f"{name} (formatted)", n=2,
    ))
    lines = [line if line.endswith("\n") else line + "\n" for line in lines]
    if len(lines) > limit:
        lines = lines[:limit] + [f"... ({len(lines) - limit} more diff lines)\n"]
    return "".join(n + "\n" for n in notes) + "".join(lines)


# ---------------------------------------------------------------------------------------
# Files


def files_in(paths: Iterable[Path]) -> list[Path]:
    """The YAML files named, directories expanded as the library reads them (sorted; hidden
    entries and ``overrides/`` skipped)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(yaml_files(path))
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def format_paths(paths: Sequence[Path], check: bool) -> FmtResult:
    """Format the files (directories: every YAML file below). With ``check``, write nothing.

    A file with errors is left untouched and its problems returned; the others are still done.
    """
    if not paths:
        raise UsageError("no files to format")
    results: list[FileResult] = []
    problems: list[Problem] = []
    for path in files_in(paths):
        name = display(path)
        # Under the lock `cocite add` takes: read, format and write as one step, so an add
        # running at the same time is never overwritten with the file as it was before.
        with contextlib.ExitStack() as stack:
            if not check:
                stack.enter_context(locked_folder(path.parent if str(path.parent) else Path(".")))
            try:
                raw = read_bytes(path, name)
                old = decode(raw, name)
                new = format_text(old, name)
            except DataError as exc:
                problems.extend(exc.problems)
                continue
            changed = new.encode("utf-8") != raw
            if changed and not check:
                write_atomic(path, new)
        results.append(FileResult(
            name, changed, diff(raw.decode("utf-8"), new, name) if changed and check else "",
        ))
    return FmtResult(tuple(results), tuple(problems))


def default_paths(data: Path | None) -> list[Path]:
    """The library's own files (records, vocabulary, reports); never the bundled copy."""
    files = resolve_data(data)
    if files.origin == "bundled":
        raise UsageError("no data here to format (only the bundled library, which is read-only); "
                         "pass the files, e.g. cocite fmt data/")
    root = files.root if files.root.is_dir() else files.root.parent
    extra = [p for p in (files.vocabulary, files.reports) if p.parent == root]
    return list(files.excerpts) + extra


def with_records(text: str | None, name: str, extra: Sequence[dict[str, Any]]) -> str:
    """The canonical text of a records file with ``extra`` records added (``text`` None: a new
    file). Refuses, like :func:`format_text`, a file that holds comments."""
    from cocite.yamlio import dumps_records

    records: list[Any] = []
    if text is not None and text.strip():
        comments: list[int] = []
        data = loads(text, name, comments)
        if comments:
            raise DataError(comment_problems(name, comments))
        if data is not None:
            records = _canonical("excerpts", data, name)
    header = _header("excerpts", text or "")
    combined = dumps_records(_plain(records) + [dict(r) for r in extra])
    return format_text(header + combined[len(MODELINE):], name, "excerpts")
