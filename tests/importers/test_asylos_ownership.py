"""Links checked source by source (cocite.importers.asylos_ownership).

The seed tests read the report beside the repository (see asylos_support.py) and are
skipped without it.
"""

from __future__ import annotations

import pytest
from asylos_support import needs_seed, seed_import

from cocite.importers.asylos_ownership import reconcile_links, source_key
from cocite.models import Source


def test_title_variants_are_one_source() -> None:
    def key(author: str, title: str) -> tuple[str, str]:
        return source_key(Source(author=author, kind="report", date=None, title=title))

    assert key("UNICEF", "Albania-Child-Notice-2021.pdf") == key("UNICEF", "Albania-Child-Notice-2021,")
    assert key("D&E", "Input on “contemporary forms”") == key("D&E", "Input on ‘contemporary forms’")
    assert key("Valbona Lenja", "Services – To the Survivors") == key("Valbona Lenja", "Services - To the Survivors")
    assert key("US Department of State (USDOS)", "T") == key("US Department of State", "T")
    assert key("UNICEF", "Albania Child Notice") != key("UNICEF", "Albania Child Notice 2")


def test_link_of_another_source_is_not_kept_and_own_link_is_reused() -> None:
    """Positional alignment can misfire; links are checked source by source."""
    a, b = ("A", "Report A"), ("B", "Report B")
    keys = [a, a, a, b, b]
    urls = {0: "https://a.example/a", 1: "https://a.example/a", 3: "https://a.example/a",
            4: "https://b.example/b"}
    out = reconcile_links(urls, keys, [False] * 5)
    # Record 3 (source B) had A's link: dropped, then given B's own link.
    # Record 2 (source A, no link on its page) takes A's only link.
    assert out == {0: "https://a.example/a", 1: "https://a.example/a", 2: "https://a.example/a",
                   3: "https://b.example/b", 4: "https://b.example/b"}
    # A source with two links of its own gets neither when its citation has none.
    two = reconcile_links({0: "https://x.example/1", 1: "https://x.example/2"}, [a, a, a],
                          [False] * 3)
    assert two == {0: "https://x.example/1", 1: "https://x.example/2"}


TIP_STATE = "https://www.state.gov/reports/2023-trafficking-in-persons-report/albania/"


TANDF = ("https://www.tandfonline.com/doi/full/10.1080/23322705.2021.1920823?scroll=top"
         "&needAccess=true&role=tab&aria-labelledby=full-article")


@needs_seed
@pytest.mark.parametrize(("rid", "url"), [
    # A mid-page line with one leading space had cut this citation off from its page's links.
    ("usdos-tip-2023-06-15-years-recruitment", TIP_STATE),
    # Cited with and without a closing comma / ".pdf" in the title: one source.
    ("unicef-child-notice-2022-gathered-identification",
     "https://www.ecoi.net/en/file/local/2087459/Albania-Child-Notice-2021.pdf"),
    # "(ICCPR)" in one citation's author only.
    ("iccpr-2023-01-10-article-legal-framework", "https://www.ecoi.net/en/file/local/2085636/G2300156.pdf"),
    # Ramaj's article: the link's words do not name it; the pages where it is cited do.
    ("ramaj-2021-05-07-challenges-justice-system", TANDF),
    ("ramaj-2021-05-07-false-corruption", TANDF),
    # Lenja's study had Ramaj's link; its page gives the Vatra studies page.
    ("lenja-2021-challenges-bureaucracy", "http://qendravatra.org.al/studies/"),
    # Its page has only Ramaj's link: the report's link for Lenja's study on other pages.
    ("lenja-2021-challenges-healthcare", "http://qendravatra.org.al/studies/"),
    # The page's only other link is UNICEF's, whose words name UNICEF's report better.
    ("de-2022-03-01-crises-employment", "http://differentandequal.org/en/stages-of-reintegration-a-reintegration-guide/"),
])
def test_seed_links_follow_the_source(rid: str, url: str) -> None:
    by_id = {r["id"]: r for r in seed_import().records}
    assert by_id[rid]["source"]["url"] == url


@needs_seed
def test_seed_no_record_carries_another_sources_link() -> None:
    users: dict[str, set[tuple[str, str]]] = {}
    for rec in seed_import().records:
        if rec["material"] == "desk-review" and rec["source"]["url"]:
            users.setdefault(rec["source"]["url"], set()).add(source_key(Source(**rec["source"])))
    shared = {url: sorted(a for a, _ in keys) for url, keys in users.items() if len(keys) > 1}
    # One link, two sources: Vatra's studies page (two Vatra studies); one statement that
    # Arise published for URAT, cited under both names; one research report cited with and
    # without its co-author (and "speaks itself" for "speaks for itself"); UNICEF's annual report cited under two titles.
    assert shared == {
        "http://differentandequal.org/wp-content/uploads/2023/03/Research-Report-The-Evidence-Speaks-Itself.pdf":
            ["different and equal"] + ["different and equal & safer young lives research centre, university of bedfordshire"] * 2,
        "https://www.unicef.org/media/135301/file/Albania-2022-COAR.pdf": ["unicef", "unicef"],
        "http://qendravatra.org.al/studies/": ["judge albana boksi, dr arta mandro", "valbona lenja"],
        "https://www.arisefdn.org/post/4-things-the-albanian-anti-slavery-sector-wants-you-to-know":
            ["arise", "united response against trafficking in persons in albania-urat"],
    }
