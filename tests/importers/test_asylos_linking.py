"""Which link each citation gets over the whole report (cocite.importers.asylos_linking).

Fixtures are in tests/data/import/; the seed tests read the report beside the repository
(see asylos_support.py) and are skipped without it.
"""

from __future__ import annotations

import re

from asylos_support import SEED, SEED_ANNEX, fixture, messages, needs_seed, seed_import

from cocite.importers.asylos import summary_lines


def test_missing_url_block_leaves_url_null_and_never_borrows_a_link() -> None:
    result = fixture("missing-url-block.txt")
    first, second = result.records
    # Written out as ``url: null``: the report gives no link that can be attributed to it.
    assert first["source"]["url"] is None
    assert first["source"]["title"] == "2023 Trafficking in Persons Report: Albania"
    assert second["source"]["url"] == "https://www.arisefdn.org/post/2nd-dec-youth-exploitation-in-albania"
    assert result.without_url == [first["id"]]
    assert "no link for this citation on its page" in messages(result)


@needs_seed
def test_seed_annex_link_and_interview_urls() -> None:
    result = seed_import()
    assert result.annex_url == SEED_ANNEX
    interviews = [r for r in result.records if r["material"] == "interview"]
    assert {r["source"]["url"] for r in interviews} == {SEED_ANNEX}


@needs_seed
def test_seed_no_citation_with_a_link_in_its_page_block_is_null() -> None:
    """A desk-review record without a link: every link of its page's link block (but the
    annex, and URLs written out in a footnote) is the link of another record cited on the
    page; and the summary says why."""
    from cocite.importers.asylos_pages import is_url_line, split_pages
    from cocite.importers.asylos_parse import parse_report

    result = seed_import()
    text = SEED.read_text(encoding="utf-8")
    paged = split_pages(text)
    written_out = {
        m.group(0) for line in text.splitlines() if not is_url_line(line)
        for m in re.finditer(r"https?://\S+", line)
    }
    excerpts = {ex.citation_line: ex for ex in parse_report(paged.lines, "seed").excerpts}
    url_at: dict[int, str | None] = {}
    for rec, line in zip(result.records, result.citation_lines):
        for n in [line, *result.merged_lines.get(rec["id"], [])]:
            url_at[n] = rec["source"].get("url")
    unexplained = []
    for rec, line in zip(result.records, result.citation_lines):
        if rec["material"] != "desk-review" or rec["source"]["url"] is not None:
            continue
        page = excerpts[line].citation_page
        others = {url_at.get(ex.citation_line) for ex in excerpts.values() if ex.citation_page == page}
        stray = [
            link for link in paged.pages[page].links
            if link != SEED_ANNEX and link not in others and link not in written_out
        ]
        if stray:
            unexplained.append((rec["id"], stray))
    assert unexplained == []
    assert result.without_url == [
        "usdos-2023-03-20-displaced-statistics", "adn-2023-04-27-details-trafficker-profiles",
        "wbocr-2022-11-04-official-trafficker-profiles", "birn-2022-07-19-crime-trafficker-profiles",
        "instat-nd-unemployed-employment",
    ]
    summary = summary_lines(result)
    assert ("  adn-2023-04-27-details-trafficker-profiles: the link block of its page is lost in the "
            "text (citation at line 2813), and the report links this source nowhere else") in summary
