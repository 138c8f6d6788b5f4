"""The library index: the records of one library in SQLite, with FTS5 for full text.

An optimisation only, never a source of truth: the YAML files are. The index is rebuilt from
them whenever their content changes, and read only while it matches them exactly:

* one database per data location, under the user cache directory (see :mod:`cocite.cache`);
  it holds the last library loaded from there, keyed by the sha256 of every file's content
  (plus the cocite version and :data:`SCHEMA`), and each shard's records under a key of the
  shard's content, the vocabulary and the reports (so editing one shard re-reads that shard);
* records are rows with indexed columns for the filters (tags, dates, material, report) and
  the record itself as JSON (plain data: nothing in the database can run code);
* full text: an FTS5 table over quote, lead-in, notes and source, tokenised with Porter
  stemming after Unicode folding (case and accents ignored); built when first searched.

The same schema serves ``--no-cache`` in memory, so search works, and ranks, the same.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple, NoReturn

from cocite.errors import CociteError
from cocite.models import CitedIn, Record, Source, Translation

SCHEMA = 3  # 3: cited_in a list of places; country; joint sources; author_as_cited


def layout() -> str:
    """The index's format: :data:`SCHEMA` and the fields of the types stored, so that a change
    to the record model (an upgrade, a merge) makes an old index be ignored, never misread."""
    from cocite.models import Report, Term

    types = (Record, Source, CitedIn, Translation, Report, Term)
    return ";".join([str(SCHEMA), *(",".join(t._fields) for t in types)])

# Text weights for BM25: the quote is what a caseworker cites; the rest helps find it.
WEIGHTS = (1.0, 0.6, 0.5, 0.4)
STEM_CUT = 4  # letters Porter stemming may take off a word's end ("-ation" -> "-")
# The endings Porter's algorithm removes or rewrites: a stem stands for a longer prefix only
# if what the prefix has beyond it could start one of these ("rehabilit" + "at": "-ation").
_SUFFIXES = (
    "ational", "tional", "enci", "anci", "izer", "abli", "alli", "entli", "eli", "ousli",
    "ization", "ation", "ator", "alism", "iveness", "fulness", "ousness", "aliti", "iviti",
    "biliti", "icate", "ative", "alize", "iciti", "ical", "ful", "ness", "al", "ance", "ence",
    "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou", "ism", "ate",
    "iti", "ous", "ive", "ize", "s", "es", "ed", "ing", "ly", "e", "y", "li", "bl", "iz",
)

_DDL = """
CREATE TABLE IF NOT EXISTS meta(k TEXT PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS file(
  path TEXT PRIMARY KEY, sha TEXT NOT NULL, size INT, mtime_ns INT, ctime_ns INT,
  ino INT, dev INT, seen_ns INT);
CREATE TABLE IF NOT EXISTS shard(
  ord INTEGER PRIMARY KEY, path TEXT NOT NULL, key TEXT NOT NULL UNIQUE,
  problems TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS record(
  rid INTEGER PRIMARY KEY, shard TEXT NOT NULL, pos INT NOT NULL, id TEXT NOT NULL,
  line INT NOT NULL, general INT NOT NULL, material TEXT NOT NULL,
  date_lo TEXT, date_hi TEXT, report TEXT, section TEXT, source_fold TEXT NOT NULL,
  quote TEXT NOT NULL, lead_in TEXT, extra TEXT NOT NULL, source TEXT NOT NULL,
  data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS record_shard ON record(shard, pos);
CREATE INDEX IF NOT EXISTS record_id ON record(id);
CREATE INDEX IF NOT EXISTS record_date ON record(date_lo, date_hi);
CREATE TABLE IF NOT EXISTS tag(rid INT NOT NULL, kind TEXT NOT NULL, tag TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS tag_kind ON tag(kind, tag, rid);
CREATE INDEX IF NOT EXISTS tag_rid ON tag(rid);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
  quote, lead_in, extra, source, content='record', content_rowid='rid',
  tokenize='porter unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE IF NOT EXISTS fts_terms USING fts5vocab(fts, 'row');
"""

_ORDER = "ORDER BY s.ord, r.pos"
_FROM = "FROM record r JOIN shard s ON s.key = r.shard"


def create(conn: sqlite3.Connection) -> None:
    conn.executescript(_DDL)


def fold(text: str) -> str:
    from cocite.terms import fold as _fold

    return _fold(text)


def _span(date: str | None) -> tuple[str | None, str | None]:
    from cocite.partial_dates import date_span

    span = date_span(date) if date else None
    if span is None:
        return None, None
    (y1, m1, d1), (y2, m2, d2) = span
    return f"{y1:04d}-{m1:02d}-{d1:02d}", f"{y2:04d}-{m2:02d}-{d2:02d}"


_SOURCE_FIELDS = Source._fields


def _source_row(src: Source) -> list[Any]:
    return [getattr(src, name) for name in _SOURCE_FIELDS]


def _row(record: Record) -> list[Any]:
    return [
        list(record.topics), list(record.profiles), record.material,
        _source_row(record.source),
        [[c.report, c.section] for c in record.cited_in],
        [record.translation.original, record.translation.language, record.translation.note]
        if record.translation else None,
        list(record.footnotes), record.country,
        [_source_row(s) for s in record.joint_sources],
    ]


def to_record(rid: str, quote: str, lead_in: str | None, data: str, file: str, line: int) -> Record:
    topics, profiles, material, src, cited, tr, notes, country, joint = json.loads(data)
    return Record(
        id=rid, topics=tuple(topics), profiles=tuple(profiles), material=material,
        quote=quote, lead_in=lead_in, source=Source(*src),
        cited_in=tuple(CitedIn(*c) for c in cited),
        translation=Translation(*tr) if tr else None,
        footnotes=tuple(notes), country=country,
        joint_sources=tuple(Source(*s) for s in joint), file=file, line=line,
    )


def insert_records(conn: sqlite3.Connection, shard: str, records: Iterable[Record]) -> int:
    """Add one shard's records (in order); returns how many."""
    rows: list[tuple[Any, ...]] = []
    tags: list[tuple[Any, ...]] = []
    next_rid = conn.execute("SELECT COALESCE(MAX(rid), 0) + 1 FROM record").fetchone()[0]
    pos = -1
    spans: dict[str | None, tuple[str | None, str | None]] = {}
    folded: dict[str, str] = {}  # many records share a source: fold each once
    for pos, r in enumerate(records):
        rid = next_rid + pos
        span = spans.get(r.source.date)
        if span is None:
            span = spans[r.source.date] = _span(r.source.date)
        lo, hi = span
        extra = list(r.footnotes)
        if r.translation is not None:
            extra += [r.translation.original or "", r.translation.note or ""]
        source = f"{r.source.author}\n{r.source.title or ''}"
        source_fold = folded.get(source)
        if source_fold is None:
            source_fold = folded[source] = fold(source)
        rows.append((
            rid, shard, pos, r.id, r.line, int(not r.profiles), r.material, lo, hi,
            # The first place it is cited: the report order the library is read in.
            r.cited_in[0].report if r.cited_in else None,
            r.cited_in[0].section if r.cited_in else None, source_fold,
            r.quote, r.lead_in, "\n".join(extra), source,
            json.dumps(_row(r), ensure_ascii=False, separators=(",", ":")),
        ))
        tags.extend((rid, "t", t) for t in r.topics)
        tags.extend((rid, "p", p) for p in r.profiles)
        if len(rows) >= 2000:
            _flush(conn, rows, tags)
    _flush(conn, rows, tags)
    return pos + 1


def _flush(conn: sqlite3.Connection, rows: list[tuple[Any, ...]], tags: list[tuple[Any, ...]]) -> None:
    conn.executemany(f"INSERT INTO record VALUES ({','.join('?' * 17)})", rows)
    conn.executemany("INSERT INTO tag VALUES (?, ?, ?)", tags)
    if conn.execute("SELECT v FROM meta WHERE k = 'fts'").fetchone():
        # The text index exists already (an incremental update): keep it in step.
        conn.executemany(
            "INSERT INTO fts(rowid, quote, lead_in, extra, source) VALUES (?, ?, ?, ?, ?)",
            [(r[0], r[12], r[13], r[14], r[15]) for r in rows],
        )
    rows.clear()
    tags.clear()


def drop_shard(conn: sqlite3.Connection, key: str) -> None:
    """Remove one shard's records (and their text from the full-text index)."""
    if conn.execute("SELECT v FROM meta WHERE k = 'fts'").fetchone():
        conn.execute(
            "INSERT INTO fts(fts, rowid, quote, lead_in, extra, source) "
            "SELECT 'delete', rid, quote, lead_in, extra, source FROM record WHERE shard = ?",
            (key,),
        )
    conn.execute("DELETE FROM tag WHERE rid IN (SELECT rid FROM record WHERE shard = ?)", (key,))
    conn.execute("DELETE FROM record WHERE shard = ?", (key,))


class Where(NamedTuple):
    """A prefilter as SQL over ``record r``: narrows candidates; Python has the last word."""

    sql: str
    params: tuple[Any, ...]


class IndexError_(CociteError):
    """The index database went wrong mid-command (damaged on disk, or busy)."""


class Index:
    """Read access to one library's records in an open database."""

    def __init__(self, conn: sqlite3.Connection, display: Any, path: Path | None = None) -> None:
        self.conn = conn
        self.path = path  # None: in memory
        self._display = display  # absolute shard path -> what the user sees
        self._files: dict[str, str] = {}

    def _q(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Any]:
        """Rows of a query; a damaged index is removed and reported, never a traceback."""
        try:
            yield from self.conn.execute(sql, tuple(params))
        except sqlite3.OperationalError as exc:
            text = str(exc)
            if "fts5" in text:
                from cocite.textquery import QueryError

                raise QueryError(f"the search engine cannot read this query ({text})") from None
            if "locked" in text or "busy" in text:
                raise IndexError_(
                    "the search index is busy (another cocite is writing it): try again, "
                    "or add --no-cache") from None
            if any(word in text for word in ("no such", "malformed", "not a database")):
                self._damaged(exc)
            raise IndexError_(f"the search index could not answer ({text}): add --no-cache "
                              "to work without it") from None
        except sqlite3.DatabaseError as exc:
            self._damaged(exc)

    def _one(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return next(iter(list(self._q(sql, params))), None)

    def _damaged(self, exc: Exception) -> NoReturn:
        where = ""
        if self.path is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.path)
            where = f" {self.path}"
        raise IndexError_(
            f"the search index{where} is damaged ({exc}); it has been removed: run the "
            "command again to rebuild it from the data, or add --no-cache") from None

    def _file(self, path: str) -> str:
        shown = self._files.get(path)
        if shown is None:
            shown = self._files[path] = str(self._display(Path(path))) if path else ""
        return shown

    def count(self) -> int:
        return int(self._one("SELECT COUNT(*) FROM record")[0])

    def ids(self) -> list[str]:
        return [row[0] for row in self._q(f"SELECT r.id {_FROM} {_ORDER}")]

    def _records(self, where: str = "", params: Sequence[Any] = ()) -> Iterator[Record]:
        sql = (f"SELECT r.id, r.quote, r.lead_in, r.data, s.path, r.line, r.rid {_FROM} "
               f"{'WHERE ' + where if where else ''} {_ORDER}")
        for rid, quote, lead_in, data, path, line, _ in self._q(sql, tuple(params)):
            yield self._record(rid, quote, lead_in, data, path, line)

    def _record(self, rid: str, quote: str, lead_in: str | None, data: str, path: str,
                line: int) -> Record:
        try:
            return to_record(rid, quote, lead_in, data, self._file(path), line)
        except (ValueError, TypeError, KeyError) as exc:  # not what this version writes
            self._damaged(exc)

    def all(self) -> tuple[Record, ...]:
        return tuple(self._records())

    def get(self, record_id: str) -> Record | None:
        found = list(self._records("r.id = ?", (record_id,)))
        return found[0] if found else None

    def by_rowids(self, rids: Sequence[int]) -> dict[int, Record]:
        """Records by row id (any order), fetched in chunks of SQLite's parameter limit."""
        out: dict[int, Record] = {}
        for start in range(0, len(rids), 500):
            chunk = list(rids[start:start + 500])
            sql = (f"SELECT r.rid, r.id, r.quote, r.lead_in, r.data, s.path, r.line {_FROM} "
                   f"WHERE r.rid IN ({','.join('?' * len(chunk))})")
            for rid, rec_id, quote, lead_in, data, path, line in self._q(sql, chunk):
                out[rid] = self._record(rec_id, quote, lead_in, data, path, line)
        return out

    def select(self, where: Where) -> list[Record]:
        return list(self._records(where.sql, where.params))

    def tag_counts(self, kind: str) -> dict[str, int]:
        return dict(self._q(
            "SELECT tag, COUNT(*) FROM tag WHERE kind = ? GROUP BY tag", (kind[0],)))

    def general_count(self) -> int:
        return int(self._one("SELECT COUNT(*) FROM record WHERE general = 1")[0])

    # --- full text -------------------------------------------------------------------------

    def ensure_text_index(self) -> None:
        """Build the FTS5 index on first use (a search; build and list need it only for --query)."""
        if self._one("SELECT v FROM meta WHERE k = 'fts'") is not None:
            return
        try:
            with self.conn:
                self.conn.execute("INSERT INTO fts(fts) VALUES ('rebuild')")
                self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('fts', 'ready')")
        except sqlite3.Error as exc:
            if "readonly" in str(exc) or "locked" in str(exc) or "busy" in str(exc):
                raise IndexError_(
                    f"cannot build the search index ({exc}): add --no-cache to search "
                    "without it") from None
            self._damaged(exc)

    def text_matches(
        self, match: str, where: Where | None = None, limit: int = 50, offset: int = 0,
    ) -> list[tuple[int, float]]:
        """(row id, BM25 score) of the records the FTS5 expression matches, best first.

        One page at a time: scores are cheap, snippets are not, so :meth:`snippet` makes
        those only for the records shown.
        """
        self.ensure_text_index()
        weights = ", ".join(str(w) for w in WEIGHTS)
        order = "JOIN record r ON r.rid = f.rowid JOIN shard s ON s.key = r.shard"
        if where is None or not where.sql:
            # No filter: rank in FTS5 alone, then order the page's ties as the library does
            # (a join on every match would cost a third more at 100,000 records).
            sql = (
                f"SELECT f.rowid, f.score FROM (SELECT rowid, bm25(fts, {weights}) AS score "
                "FROM fts WHERE fts MATCH ? ORDER BY score LIMIT ? OFFSET ?) f "
                f"{order} ORDER BY f.score, s.ord, r.pos"
            )
            return list(self._q(sql, (match, limit, offset)))
        sql = (
            f"SELECT fts.rowid, bm25(fts, {weights}) AS score FROM fts "
            f"{order.replace('f.rowid', 'fts.rowid')} WHERE fts MATCH ? AND {where.sql} "
            "ORDER BY score, s.ord, r.pos LIMIT ? OFFSET ?"  # ties: the library's order
        )
        return list(self._q(sql, (match, *where.params, limit, offset)))

    def snippet(self, match: str, rowid: int) -> str:
        """The best passage of a record for a query, matched words between \x02 and \x03.

        (Control characters that validate refuses in records, so never the record's own.)
        """
        row = self._one(
            "SELECT snippet(fts, -1, char(2), char(3), '…', 24) FROM fts "
            "WHERE fts MATCH ? AND rowid = ?", (match, rowid))
        return str(row[0]) if row else ""

    def expand_prefix(self, prefix: str) -> list[str]:
        """Indexed stems that words starting with ``prefix`` may have become.

        Stemming cuts at most a few letters off the end ("rehabilitation" is indexed as
        "rehabilit"), so a stem that ``prefix`` itself starts with, no more than
        :data:`STEM_CUT` letters shorter, may stand for such a word (checked afterwards).
        """
        self.ensure_text_index()
        shorter = [
            prefix[:n] for n in range(max(3, len(prefix) - STEM_CUT), len(prefix))
            if any(end.startswith(prefix[n:]) for end in _SUFFIXES)
        ]
        if not shorter:
            return []
        marks = ",".join("?" * len(shorter))
        return [row[0] for row in self._q(f"SELECT term FROM fts_terms WHERE term IN ({marks})", shorter)]


def memory_index(records: Sequence[Record], display: Any = str) -> Index:
    """An index of records already loaded (``--no-cache``, or a library made in code)."""
    conn = sqlite3.connect(":memory:")
    create(conn)
    conn.execute("INSERT INTO shard VALUES (0, '', 'memory', '[]')")
    with conn:
        insert_records(conn, "memory", records)
    return _MemoryIndex(conn, display, records)


class _MemoryIndex(Index):
    """Records keep the file they were read from (no shard path to map)."""

    def __init__(self, conn: sqlite3.Connection, display: Any, records: Sequence[Record]) -> None:
        super().__init__(conn, display)
        self._by_pos = records

    def _records(self, where: str = "", params: Sequence[Any] = ()) -> Iterator[Record]:
        sql = f"SELECT r.pos {_FROM} {'WHERE ' + where if where else ''} {_ORDER}"
        for (pos,) in self.conn.execute(sql, tuple(params)):
            yield self._by_pos[pos]

    def by_rowids(self, rids: Sequence[int]) -> dict[int, Record]:
        # Row ids are positions + 1 here: one shard, inserted in order.
        return {rid: self._by_pos[rid - 1] for rid in rids}


class StoredById(Mapping[str, Record]):
    """Records by id, read from the index one at a time."""

    def __init__(self, index: Index) -> None:
        self._index = index

    def __getitem__(self, key: str) -> Record:
        found = self._index.get(key) if isinstance(key, str) else None
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._index.get(key) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self._index.ids())

    def __len__(self) -> int:
        return self._index.count()
