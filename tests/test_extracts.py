"""What both documents show of a record (`extracts.py`): every place a report cites it, every
source of a joint statement."""

from __future__ import annotations

from bundle_support import NOW, library, markdown_of, record

from cocite.bundle.model import make_bundle
from cocite.query import Selection, select


def test_cited_in_names_every_section_where_the_report_cites_the_excerpt() -> None:
    from cocite.models import CitedIn

    report = "asylos-albania-trafficking-2024"
    lib = library(record("a", cited_in=(CitedIn(report, "2.4.3"), CitedIn(report, "2.4.7.2"))))
    sel = Selection(all=True)
    out = markdown_of(make_bundle(lib, select(lib, sel), sel, now=NOW))
    assert ("Cited in: Asylos and ARC Foundation, Albania: Trafficking (March 2024), "
            "sections 2.4.3 and 2.4.7.2\n") in out
    three = library(record("a", cited_in=(CitedIn(report, "1"), CitedIn(report, "2"),
                                          CitedIn("other-report", None), CitedIn(report, "3"))))
    out = markdown_of(make_bundle(three, select(three, sel), sel, now=NOW))
    assert ("Cited in: Asylos and ARC Foundation, Albania: Trafficking (March 2024), "
            "sections 1, 2 and 3; other-report\n") in out


def test_a_joint_statement_cites_every_source() -> None:
    from cocite.models import Source

    annex = "https://www.asylos.eu/annex"
    joint = record(
        "a", src={"author": "Different and Equal", "kind": "written-communication", "title": None,
                  "date": "2023-06-29", "url": annex},
        joint_sources=(Source(author="Tjeter Vizion", kind="written-communication", date="2023-06-21",
                              url=annex),),
    )
    lib = library(joint)
    sel = Selection(all=True)
    out = markdown_of(make_bundle(lib, select(lib, sel), sel, now=NOW))
    assert ("Source: Different and Equal, written communication with Asylos, 29 June 2023 "
            f"<{annex}>; Tjeter Vizion, written communication with Asylos, 21 June 2023 <{annex}>") in out
