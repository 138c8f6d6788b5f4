"""Near-duplicate quotes: the same passage cited twice under different ids.

Two quotes are near duplicates when

* they are the same after normalising (Unicode NFKC, case folded, punctuation dropped,
  white space collapsed): "Stigma is  widespread." and "stigma is widespread"; or
* they largely overlap: at least :data:`CONTAINMENT` (80%) of the word 5-grams ("shingles")
  of the shorter quote are in the longer one, e.g. one quote is the other with a sentence
  added or cut. Quotes shorter than :data:`MIN_WORDS` words are compared only as wholes.

Comparing every pair would be O(n²) (5 billion pairs at 100k records). Instead each quote
is indexed under a deterministic sample of its shingles (those starting with an "anchor"
word, about one word in four, chosen by a CRC of the word so that runs and machines agree);
only quotes that share sampled shingles are compared exactly. A pair whose overlap falls
entirely outside the sample can be missed, which needs very short overlaps: this is a
warning, not a proof.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

SHINGLE = 5  # words per shingle
CONTAINMENT = 0.8
MIN_WORDS = 12  # shorter quotes are only compared whole
SAMPLE_MOD = 4  # about 1 in SAMPLE_MOD words starts a sampled shingle
MAX_POSTINGS = 200  # a sampled shingle shared by more quotes is boilerplate: not a signal

_WORD = re.compile(r"\w+")

Shingle = tuple[str, ...]


def words(text: str) -> list[str]:
    """The words of a quote, normalised: NFKC, case folded, punctuation dropped."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


_ANCHORS: dict[str, bool] = {}


def _anchor_positions(ws: Sequence[str]) -> list[int]:
    """Where sampled shingles start: at words whose CRC falls in the sample."""
    cache = _ANCHORS
    if len(cache) > 1 << 20:  # a vocabulary this large is noise; start again
        cache.clear()
    distinct = set(ws)
    for w in distinct.difference(cache):
        cache[w] = zlib.crc32(w.encode("utf-8")) % SAMPLE_MOD == 0
    anchors = {w for w in distinct if cache[w]}
    return [i for i, w in enumerate(ws[: len(ws) - SHINGLE + 1]) if w in anchors]


def shingles(ws: Sequence[str]) -> set[Shingle]:
    return set(zip(*(ws[i:] for i in range(SHINGLE))))


@dataclass(frozen=True, slots=True)
class Match:
    """Quote ``later`` (an index into the input) repeats quote ``earlier``."""

    earlier: int
    later: int
    overlap: float  # share of the shorter quote's shingles found in the other
    same: bool = False  # equal after normalising


def containment(a: set[Shingle], b: set[Shingle]) -> float:
    """Share of the smaller set's shingles that are also in the other."""
    if not a or not b:
        return 0.0
    small, big = (a, b) if len(a) <= len(b) else (b, a)
    return len(small & big) / len(small)


def near_duplicates(quotes: Sequence[str]) -> Iterator[Match]:
    """Pairs of near-duplicate quotes, each reported once, at the later of the two.

    A quote equal (normalised) to an earlier one is matched to the first of them only.
    Memory stays small at 100k quotes: the index keeps hashes of sampled shingles and quote
    numbers, never the words; words are recomputed for the few pairs compared exactly.
    """
    first_whole: dict[int, int] = {}  # hash of the normalised text -> first quote with it
    index: dict[int, int | list[int]] = {}  # hash of a sampled shingle -> quote(s)
    sizes: list[int] = []  # number of sampled shingles of each quote
    for i, text in enumerate(quotes):
        ws = words(text)
        sizes.append(0)
        if not ws:
            continue
        whole = hash(tuple(ws))
        earlier = first_whole.get(whole)
        if earlier is not None and words(quotes[earlier]) == ws:
            yield Match(earlier, i, 1.0, same=True)
            continue
        first_whole.setdefault(whole, i)
        if len(ws) < MIN_WORDS:
            continue
        keys = {hash(tuple(ws[k:k + SHINGLE])) for k in _anchor_positions(ws)}
        sizes[i] = len(keys)
        shared: dict[int, int] = {}
        for key in keys:
            postings = index.get(key)
            if postings is None:
                index[key] = i
            elif isinstance(postings, int):
                shared[postings] = shared.get(postings, 0) + 1
                index[key] = [postings, i]
            else:
                if len(postings) <= MAX_POSTINGS:
                    for j in postings:
                        shared[j] = shared.get(j, 0) + 1
                postings.append(i)
        if not shared:
            continue
        mine: set[Shingle] | None = None
        for j in sorted(shared):
            # Cheap filter: a real overlap shares a good part of the smaller sample too.
            if shared[j] * 2 < min(len(keys), sizes[j]):
                continue
            mine = mine if mine is not None else shingles(ws)
            score = containment(mine, shingles(words(quotes[j])))
            if score >= CONTAINMENT:
                yield Match(j, i, round(score, 2))
