"""Which link of the report belongs to which source: the link reconciliation of the importer.

The positional alignment (:mod:`.asylos_page_links`) gives each citation the link its page's link
block lists in its place. This module checks those assignments source by source, across the
whole report (see :func:`reconcile_links`): a source cited under title variants is one source
(:func:`source_key`), a link belongs to the sources its words name or that it is most often
listed beside, and a citation whose page gives no link of its own takes its source's link.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from cocite.importers.asylos_page_links import similarity
from cocite.models import Source

# Evidence that a link's own words name a source outweighs any count of pages and citations.
NAMED = 1000  # evidence of a link whose words all name the source (half of them: 500)
MIN_EVIDENCE = 2

Key = tuple[str, str]  # a source: normalised author and title (see source_key)


def reconcile_links(
    urls: dict[int, str],
    keys: list[Key],
    untitled: list[bool],
    words: list[frozenset[str]] | None = None,
    pages: list[tuple[int, tuple[str, ...]]] | None = None,
) -> dict[int, str]:
    """Check positional link assignments against each other, source by source.

    A link is *owned* (see :func:`_link_owners`) by the sources its own words name, else by
    the one source with the most evidence for it. Then, for each citation: the alignment's
    link is kept unless other sources own it (and its words do not name this citation as
    well as them); without one, the citation takes a link its source owns that is on its own
    page (a link of the same document, the same address without its query, counts: one
    article linked under two URLs); else the link its source owns with the most evidence (the
    report's link for the source on another page); else an unowned link of its own page whose
    words name it; else the one link of its page left over (:func:`_leftover_links`).
    Anything else stays without a link (``url: null``): never a guess.

    ``words`` are each citation's title/author/publisher words and ``pages`` each citation's
    page number and the links of the pages its excerpt spans (both optional: without them only
    the alignment's votes count).
    """
    evidence = _link_evidence(urls, keys, untitled, words, pages)
    owned = _Owned.of(evidence, _link_owners(evidence, urls, keys, untitled), keys, words)
    out: dict[int, str] = {}
    for k, key in enumerate(keys):
        given = urls.get(k)
        if untitled[k]:
            if given is not None:
                out[k] = given
            continue
        link = _checked_link(k, key, given, owned, words, pages)
        if link is not None:
            out[k] = link
    if pages is not None:
        out.update(_leftover_links(out, untitled, pages, owned.owners, keys))
    return out


@dataclass(frozen=True, slots=True)
class _Owned:
    """Which source owns which link, across the report (see :func:`_link_owners`)."""

    owners: dict[str, set[Key]]  # link -> the sources that own it
    links: dict[Key, list[str]]  # source -> the links it owns, most evidence first
    words: dict[Key, frozenset[str]]  # source -> the words of all its citations

    @classmethod
    def of(
        cls, evidence: dict[str, Counter[Key]], owners: dict[str, set[Key]], keys: list[Key],
        words: list[frozenset[str]] | None,
    ) -> _Owned:
        owned: dict[Key, list[str]] = {}
        for link in sorted(owners):
            for key in owners[link]:
                owned.setdefault(key, []).append(link)
        for key, links in owned.items():
            links.sort(key=lambda link: (-evidence[link][key], link))  # most evidence first
        key_words: dict[Key, frozenset[str]] = {}
        for k, key in enumerate(keys):
            key_words[key] = key_words.get(key, frozenset()) | (words[k] if words else frozenset())
        return cls(owners, owned, key_words)


def _checked_link(
    k: int, key: Key, given: str | None, owned: _Owned, words: list[frozenset[str]] | None,
    pages: list[tuple[int, tuple[str, ...]]] | None,
) -> str | None:
    """The link of titled citation ``k`` (of source ``key``; ``given`` by the alignment), in
    the order of :func:`reconcile_links`, but for the leftover links of a page."""

    def fit(link: str) -> float:
        return similarity(link, words[k]) if words is not None else 0.0

    others = owned.owners.get(given, {key}) if given is not None else {key}
    if given is not None and key not in others and (
        fit(given) < 0.5 or any(similarity(given, owned.words[o]) > fit(given) for o in others)
    ):
        given = None  # another source's link (its words name that source better, or not this one)
    mine = owned.links.get(key, [])
    on_page = pages[k][1] if pages is not None else ()
    if given is None and mine:
        documents = {_document(link) for link in mine}
        here = [link for link in on_page if _document(link) in documents]
        if here or len(mine) == 1 or pages is not None:
            given = (here or mine)[0]
    if given is None:
        free = sorted(
            (link for link in on_page if link not in owned.owners and fit(link) >= 0.5),
            key=lambda link: (-fit(link), link),
        )
        given = free[0] if free else None
    return given


def _link_evidence(
    urls: dict[int, str],
    keys: list[Key],
    untitled: list[bool],
    words: list[frozenset[str]] | None,
    pages: list[tuple[int, tuple[str, ...]]] | None,
) -> dict[str, Counter[Key]]:
    """Link -> source -> evidence: one for each citation the alignment gave the link, one for
    each page where the source is cited and the link is in the link block, and :data:`NAMED`
    times the share of the link's words that name the source, where they do (see
    :func:`.asylos_page_links.similarity`; half of them at least)."""
    evidence: dict[str, Counter[Key]] = {}
    for k, link in urls.items():
        if not untitled[k]:
            evidence.setdefault(link, Counter())[keys[k]] += 1
    if pages is not None:
        seen: set[tuple[int, Key]] = set()
        for k, (page, links) in enumerate(pages):
            if untitled[k] or (page, keys[k]) in seen:
                continue
            seen.add((page, keys[k]))
            for link in links:
                share = similarity(link, words[k]) if words is not None else 0.0
                counts = evidence.setdefault(link, Counter())
                if share >= 0.5 and counts[keys[k]] < NAMED:
                    counts[keys[k]] += round(NAMED * share)
                counts[keys[k]] += 1
    return evidence


def _link_owners(
    evidence: dict[str, Counter[Key]], urls: dict[int, str], keys: list[Key], untitled: list[bool]
) -> dict[str, set[Key]]:
    """Link -> its owners: the sources its words name (nearly) best (a publisher's page
    listing several of its studies is each study's link); else the source with the most evidence, if no other
    has as much, and it has some alignment or at least two pages of it (one page where a
    source and a link meet is no evidence on its own: the link may be the lead-in's)."""
    voted = {(link, keys[k]) for k, link in urls.items() if not untitled[k]}
    owners: dict[str, set[Key]] = {}
    for link, users in evidence.items():
        # A share of named words is worth NAMED * share; pages and alignments count far less.
        # Sources named nearly as well as the best (within a quarter) own the link too.
        best = max(users.values())
        if best >= NAMED // 2:
            floor = max(NAMED // 2, best - NAMED // 4)
            owners[link] = {key for key, n in users.items() if n >= floor}
            continue
        ranked = sorted(users.items(), key=lambda kv: (-kv[1], kv[0]))
        if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            continue
        if ranked[0][1] >= MIN_EVIDENCE or (link, ranked[0][0]) in voted:
            owners[link] = {ranked[0][0]}
    return owners


def _leftover_links(
    out: dict[int, str],
    untitled: list[bool],
    pages: list[tuple[int, tuple[str, ...]]],
    owners: dict[str, set[Key]],
    keys: list[Key],
) -> dict[int, str]:
    """On a page where exactly one titled citation has no link and exactly one link of the
    page's block is given to no citation of the page (and owned by no other source), that link
    is the citation's when it sits in the right place: after the links of the citations before
    it and before the links of those after it (the link block is in order of appearance)."""
    by_page: dict[int, list[int]] = {}
    for k, (page, _) in enumerate(pages):
        by_page.setdefault(page, []).append(k)
    found: dict[int, str] = {}
    for members in by_page.values():
        titled = [k for k in members if not untitled[k]]
        missing = [k for k in titled if k not in out]
        if len(missing) != 1:
            continue
        k = missing[0]
        links = list(pages[k][1])
        used = {out[m] for m in members if m in out}
        free = [link for link in links if link not in used and owners.get(link, {keys[k]}) == {keys[k]}]
        if len(free) != 1:
            continue
        at = links.index(free[0])
        before = [links.index(out[m]) for m in titled if m < k and out.get(m) in links]
        after = [links.index(out[m]) for m in titled if m > k and out.get(m) in links]
        if all(b < at for b in before) and all(at < a for a in after):
            found[k] = free[0]
    return found


def _document(link: str) -> str:
    """A link without its query, fragment and trailing slash: the document it points to."""
    return re.sub(r"[?#].*$", "", link).rstrip("/")


_QUOTE_MARKS = re.compile(r"[“”„‘’‚\"'`]")


def source_key(source: Source) -> Key:
    """Who and what, as the report's variants of one source compare equal: case, dashes,
    quotation marks (inner titles, curly or straight), a ".pdf", trailing punctuation, and an
    abbreviation in brackets ("US Department of State (USDOS)")."""

    def norm(text: str) -> str:
        text = re.sub(r"\s*\([A-Z]{2,}[a-z]*\)", "", text)
        text = _QUOTE_MARKS.sub("", text.lower())
        text = re.sub(r"\s*[-–—]\s*", "-", text)
        text = re.sub(r"\.pdf\b", "", text)
        return re.sub(r"\s+", " ", text).strip(" ,.;:")

    return (norm(source.author), norm(source.title or ""))


