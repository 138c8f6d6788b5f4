"""Give each desk-review citation the hyperlink of its title from the page's link block.

A page's link block lists the page's hyperlinks in order of appearance; a title that wraps over
n lines is listed n times. Besides citation titles, a page links other things (a report named in
a lead-in, a URL written out in a footnote, "see Annexes"). The links are matched to the
citations of the page by an order-preserving alignment:

* an interview / written-communication citation can only take the report's annex link;
* a desk-review citation can only take another link, and earns more for a link that shares words
  with its title or author and for a run of identical links as long as its title's line count;
* links written out in the page's text (footnote URLs) are set aside first.

A page whose link block was lost gives no links; its citations take the link the report gives
the same source on another page (see :func:`.asylos_ownership.reconcile_links`), else
keep ``url: None``: a link is never borrowed from another source.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_TOKEN = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    "the and for of in on a an to by with from at www http https com org html pdf php aspx "
    "en uploads files file sites default documents document media local download wp content "
    "gov uk int net eu al report "
    # Words in nearly every link and title of a report on trafficking in Albania: no evidence.
    "albania albanian albania1 human trafficking rights persons anti web".split()
)


@dataclass(frozen=True, slots=True)
class LinkCandidate:
    """A citation on a page, as seen by the alignment."""

    index: int  # position of the citation in the import
    interview: bool
    words: frozenset[str]  # title, author and publisher words
    title_lines: int  # how many lines the title spans in the text (links per citation)
    # Links this source (same author and title) has elsewhere in the report with shared
    # words; None when nothing is known yet.
    known: frozenset[str] | None = None
    # Links that belong to other sources: never given to this one without shared words.
    foreign: frozenset[str] = frozenset()


def words_of(*texts: str | None) -> frozenset[str]:
    out: set[str] = set()
    for text in texts:
        if text:
            out.update(t for t in _TOKEN.findall(text.lower()) if t not in _STOP and len(t) > 1)
    return frozenset(out)


def similarity(url: str, words: frozenset[str]) -> float:
    """Share of the link's words found among the citation's (a word may sit inside a longer
    link word: "vatra" in "qendravatra")."""
    # Numbers (years, ids) are no evidence: "2022" is in half the links and titles.
    tokens = frozenset(
        t for t in words_of(url.replace("%20", " ").replace("+", " ").replace("_", " ").replace("-", " "))
        if not t.isdigit()
    )
    words = frozenset(w for w in words if not w.isdigit())
    if not tokens or not words:
        return 0.0
    long_words = [w for w in words if len(w) >= 4]
    hits = sum(1 for t in tokens if t in words or any(w in t for w in long_words))
    return min(1.0, hits / min(len(tokens), len(words)))


def drop_written_out(links: Sequence[str], page_text: str) -> list[str | None]:
    """The links, with None for those written out in the page's text (footnote URLs)."""
    written = re.findall(r"(?:https?://|www\.)\S+", page_text)
    out: list[str | None] = []
    for link in links:
        bare = re.sub(r"^https?://", "", link)
        hit = any(
            len(w) >= 15 and (bare.startswith(re.sub(r"^https?://", "", w).rstrip(".,;)”")) )
            for w in written
        )
        out.append(None if hit else link)
    return out


def align(
    cands: Sequence[LinkCandidate], links: Sequence[str | None], annex: str | None, strict: bool = False
) -> dict[int, str]:
    """citation index -> link, by the best order-preserving assignment (deterministic)."""
    n, m = len(cands), len(links)
    neg = float("-inf")
    # best[i][j]: best score using the first i citations and the first j links.
    best = [[neg] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            cur = best[i][j]
            if cur == neg:
                continue
            if j < m and cur > best[i][j + 1]:  # this link belongs to no citation
                best[i][j + 1], back[i][j + 1] = cur, (i, j, 0)
            if i < n and cur > best[i + 1][j]:  # this citation's link is not on the page
                best[i + 1][j], back[i + 1][j] = cur, (i, j, 0)
            if i < n and j < m and links[j] is not None:
                run = 1
                while j + run < m and links[j + run] == links[j] and run < 4:
                    run += 1
                for r in range(1, run + 1):
                    score = _score(cands[i], links[j], r, annex, strict)  # type: ignore[arg-type]
                    if score is None:
                        continue
                    if cur + score > best[i + 1][j + r]:
                        best[i + 1][j + r], back[i + 1][j + r] = cur + score, (i, j, r)
    # Walk back from the best end state.
    j_end = max(range(m + 1), key=lambda j: (best[n][j], -j))
    out: dict[int, str] = {}
    i, j = n, j_end
    while (i, j) != (0, 0):
        step = back[i][j]
        assert step is not None
        pi, pj, r = step
        if r:
            link = links[pj]
            assert link is not None
            out[cands[pi].index] = link
        i, j = pi, pj
    return out


def _score(cand: LinkCandidate, link: str, run: int, annex: str | None, strict: bool) -> float | None:
    is_annex = annex is not None and link == annex
    if cand.interview:
        return 3.0 if is_annex and run == 1 else None
    if is_annex:
        return None
    sim = similarity(link, cand.words)
    if cand.known is not None and link in cand.known:
        sim = 1.0
    fits = run == cand.title_lines
    # No shared words: in the first pass never; then only a link of the right run length that
    # is not known to be another source's.
    if sim == 0 and (strict or not fits or link in cand.foreign):
        return None
    return 1.0 + 2.0 * sim + (1.0 if fits else 0.0)
