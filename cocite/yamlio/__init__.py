"""The only code that uses PyYAML: a strict, line-aware loader and the canonical writer.

The rest of cocite imports from here, never from the modules below.

Loading rules (why each exists):

* libyaml's C parser when available (speed at 100k records), the pure-Python one otherwise;
* YAML 1.2-style scalars: only ``true``/``false`` are booleans (``no`` stays the text "no"),
  no sexagesimal numbers, and **no implicit timestamps**: dates stay the strings they were
  written as, so "2022-12" keeps its precision (:mod:`.scalars`);
* duplicate keys are an error (PyYAML silently keeps the last one: that is data loss);
* anchors and aliases are an error (alias bombs; and a quote must be written out, not linked);
* only the core tags (str, int, float, bool, null, seq, map); ``!!python/...`` and any other
  tag is an error, never executed;
* every mapping and sequence remembers the line of each of its entries, so problems name lines
  (:mod:`.lines`); what libyaml reads differently from the spec is refused
  (:mod:`.conformance`), and every refusal is worded by cocite (:mod:`.wording`);
* a records file can be read a record at a time (:class:`ListStream`, :mod:`.events`).

Modules: :mod:`.files` (bytes and encodings), :mod:`.reader` (loading), :mod:`.writer`.
"""

from __future__ import annotations

from cocite.yamlio.files import DEFAULT_MAX_FILE_MB, decode, max_file_bytes, read_bytes
from cocite.yamlio.lines import LineDict, LineList
from cocite.yamlio.reader import ListStream, is_modeline, load_file, loads
from cocite.yamlio.scalars import HAVE_LIBYAML
from cocite.yamlio.writer import MODELINE, dumps, dumps_records

__all__ = [
    "DEFAULT_MAX_FILE_MB", "HAVE_LIBYAML", "MODELINE", "LineDict", "LineList", "ListStream",
    "decode", "dumps", "dumps_records", "is_modeline", "load_file", "loads", "max_file_bytes",
    "read_bytes",
]
