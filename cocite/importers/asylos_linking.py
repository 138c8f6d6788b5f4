"""Which link of the report each citation gets, over the whole report.

The PDF's text keeps, for each page, the block of links printed on it (:mod:`.asylos_pages`).
:func:`link_citations` aligns each page's citations with its link block by position
(:mod:`.asylos_page_links`), in two passes, and then checks the result source by source
(:mod:`.asylos_ownership`). Interview material links the report's annex, recognised by
:func:`find_annex_url`. Where a desk-review citation is left without a link,
:func:`why_no_link` says what the report gives there.
"""

from __future__ import annotations

import re
from collections import Counter

from cocite.importers.asylos_excerpts import Excerpt
from cocite.importers.asylos_ownership import Key, reconcile_links, source_key
from cocite.importers.asylos_page_links import LinkCandidate, align, drop_written_out, words_of
from cocite.importers.asylos_pages import PagedText
from cocite.importers.asylos_sources import ParsedCitation
from cocite.models import UNTITLED_KINDS

# The annex link is recognised as the report's most frequent link on asylos.eu, if it is
# frequent enough to be the target of the report's "interview record" citations.
ANNEX_MIN_LINKS = 10


def find_annex_url(paged: PagedText) -> str | None:
    counts = Counter(link for page in paged.pages for link in page.links if "asylos.eu" in link)
    if not counts:
        return None
    link, count = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return link if count >= ANNEX_MIN_LINKS else None


def link_citations(
    excerpts: list[Excerpt],
    citations: list[list[ParsedCitation]],
    paged: PagedText,
    annex: str | None,
) -> dict[int, str]:
    """Citation index -> the link of its (first) source, where the report gives one."""
    return reconcile_links(
        _assign_links(excerpts, citations, paged, annex),
        [source_key(c[0].source) for c in citations],
        [c[0].source.kind in UNTITLED_KINDS for c in citations],
        [words_of(c[0].source.title, c[0].source.author, c[0].source.publisher) for c in citations],
        [(ex.citation_page, excerpt_links(paged, ex, annex)) for ex in excerpts],
    )


def why_no_link(excerpts: list[Excerpt], paged: PagedText, annex: str | None) -> str:
    """What the report gives where a desk-review record has no link (for the summary)."""
    pages = sorted({ex.citation_page for ex in excerpts})
    links = {link for ex in excerpts for link in excerpt_links(paged, ex, annex)}
    where = ", ".join(str(ex.citation_line) for ex in excerpts)
    if not links:
        lost = any(not paged.pages[p].has_link_block for p in pages if p < len(paged.pages))
        block = "the link block of its page is lost in the text" if lost else "its page links nothing but the annex"
        return f"{block} (citation at line {where}), and the report links this source nowhere else"
    return (
        f"the links of its page (citation at line {where}) are other sources', and the report links this "
        "source nowhere else"
    )


def excerpt_links(paged: PagedText, ex: Excerpt, annex: str | None) -> tuple[str, ...]:
    """The links of the link blocks of the pages an excerpt spans (its lead-in may name the
    source, with a link, on the page before its citation), without the annex link; in order."""
    first = next((ln.page for ln in paged.lines if ln.number >= ex.first_line), ex.citation_page)
    links = [
        link for page in range(min(first, ex.citation_page), ex.citation_page + 1)
        if page < len(paged.pages) for link in paged.pages[page].links
    ]
    return tuple(dict.fromkeys(link for link in links if link != annex))


def _assign_links(
    excerpts: list[Excerpt], citations: list[list[ParsedCitation]], paged: PagedText, annex: str | None
) -> dict[int, str]:
    """Citation index -> link of its title (see :mod:`.asylos_page_links`).

    Two passes: the first keeps only links that share words with their citation, and so learns
    which link each source (author + title) has; the second also accepts links without shared
    words where the position and run length fit, unless the source is known to have another
    link or the link is known to be another source's.
    """
    keys = [source_key(c[0].source) for c in citations]
    first = _align_pages(excerpts, citations, paged, annex, keys, {}, {}, strict=True)
    known: dict[Key, set[str]] = {}
    owners: dict[str, set[Key]] = {}
    for k, link in first.items():
        known.setdefault(keys[k], set()).add(link)
        owners.setdefault(link, set()).add(keys[k])
    second = _align_pages(excerpts, citations, paged, annex, keys, known, owners, strict=False)
    # A link given to several sources without evidence stays with the source that has it most.
    votes: dict[str, Counter[Key]] = {}
    for k, link in second.items():
        votes.setdefault(link, Counter())[keys[k]] += 1
    out: dict[int, str] = {}
    for k, link in second.items():
        top = min(votes[link].items(), key=lambda kv: (-kv[1], kv[0]))[0]
        if keys[k] == top or k in first or link == annex:
            out[k] = link
    return out


def _align_pages(
    excerpts: list[Excerpt],
    citations: list[list[ParsedCitation]],
    paged: PagedText,
    annex: str | None,
    keys: list[Key],
    known: dict[Key, set[str]],
    owners: dict[str, set[Key]],
    strict: bool,
) -> dict[int, str]:
    by_page: dict[int, list[int]] = {}
    for k, ex in enumerate(excerpts):
        by_page.setdefault(ex.citation_page, []).append(k)
    page_text: dict[int, list[str]] = {}
    for line in paged.lines:
        page_text.setdefault(line.page, []).append(line.text)
    out: dict[int, str] = {}
    for page, members in sorted(by_page.items()):
        links = paged.pages[page].links if page < len(paged.pages) else ()
        if not links:
            continue
        cands = []
        for k in members:
            src = citations[k][0].source
            mine = known.get(keys[k])
            foreign = frozenset(link for link, who in owners.items() if keys[k] not in who)
            cands.append(LinkCandidate(
                index=k,
                interview=src.kind in UNTITLED_KINDS,
                words=words_of(src.title, src.author, src.publisher),
                title_lines=_title_lines(excerpts[k].citation_lines),
                known=frozenset(mine) if mine else None,
                foreign=foreign,
            ))
        usable = drop_written_out(links, "\n".join(page_text.get(page, [])))
        out.update(align(cands, usable, annex, strict=strict))
    return out


def _title_lines(lines: list[str]) -> int:
    """Lines the first title spans (a wrapped title is listed once per line in the link block)."""
    start = next((i for i, ln in enumerate(lines) if re.search(r"[“”\"]", ln)), None)
    if start is None:
        return 1
    text_from = "\n".join(lines[start:])
    first = re.search(r"[“”\"]", text_from)
    assert first is not None
    close = re.search(r"[”\"](?=\s*[,:]|\s+\d|\s*$)", text_from[first.end():])
    if close is None:
        return 1
    return text_from[: first.end() + close.start()].count("\n") + 1
