"""PDF page artefacts (cocite.importers.asylos_pages): link blocks, page starts, bullets.

Fixtures are in tests/data/import/.
"""

from __future__ import annotations

from asylos_support import fixture, only_record


def test_url_block_mid_quote_is_removed_and_the_page_initial_space_too() -> None:
    rec = only_record(fixture("url-block-mid-quote.txt"))
    assert rec["quote"] == (
        "Albania remains a country of origin, transit and destination of trafficking in human "
        "beings. Albanian women and children are subject to trafficking mostly for sexual "
        "exploitation […]"
    )
    # The link of the first page belongs to no citation; the citation's own page gives its link.
    assert rec["source"]["url"] == (
        "https://www.ecoi.net/en/file/local/2101210/SWD_2023_690+Albania+report.pdf"
    )
    assert rec["source"]["pages"] == "45"


def test_one_leading_space_in_mid_page_is_not_a_page_start() -> None:
    # " The COVID-19 ..." starts with one space like a page's first line, but the page is far
    # too short to end there: the citation stays on the page whose link block gives its link.
    rec = only_record(fixture("mid-page-space.txt"))
    assert rec["source"]["url"] == "https://www.arisefdn.org/post/2nd-dec-youth-exploitation-in-albania"
    assert rec["quote"].endswith("trafficking operations. The COVID-19 pandemic was identified as a "
                                 "catalyst for younger Albanians gaining access.")


def test_bullet_glyph_extracted_as_x_is_restored() -> None:
    rec = only_record(fixture("bullet-glyph.txt"))
    assert rec["quote"] == (
        "The law provides these mechanisms for solving the problem of housing for victims of "
        "trafficking:\n"
        "• Rent subsidy (article 34-35 of the law) – As a rule, it is carried out from the income "
        "of the local self-government unit, where victims of trafficking are also beneficiaries;\n"
        "• Specialized apartments for victims\n"
        "D&E has a strong collaboration with the Employment Offices."
    )
