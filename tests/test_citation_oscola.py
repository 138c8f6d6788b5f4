"""OSCOLA citations: reports in italics, articles in quotes, nothing invented."""

from __future__ import annotations

import pytest
from bundle_support import source

from cocite.citation.oscola import Part, format_date, format_source, source_parts


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        ({"pages": "81", "accessed": "2023-11-01"},
         "UK Home Office, Report of a fact-finding mission: Albania: Human trafficking "
         "(December 2022) 81 <https://www.gov.uk/government/publications/albania-ffm> "
         "accessed 1 November 2023"),
        ({"url": None, "date": None},
         "UK Home Office, Report of a fact-finding mission: Albania: Human trafficking"),
        ({"kind": "news", "title": "Boys trafficked", "publisher": "Balkan Insight",
          "date": "2023-06-15", "author": "BIRN", "url": None},
         "BIRN, ‘Boys trafficked’ (Balkan Insight, 15 June 2023)"),
        ({"kind": "academic", "title": "Drivers", "publisher": "OUP", "date": "2022",
          "author": "Davy", "url": None, "paragraphs": "5.2.1"},
         "Davy, ‘Drivers’ (OUP 2022) para 5.2.1"),
        ({"kind": "interview", "title": None, "author": "Different and Equal",
          "date": "2023-06-29", "url": None},
         "Interview with Different and Equal (29 June 2023)"),
        ({"kind": "written-communication", "title": None, "author": "Tjeter Vizion",
          "date": None, "url": None},
         "Written communication from Tjeter Vizion"),
        ({"publisher": "UK Home Office", "url": None},
         "UK Home Office, Report of a fact-finding mission: Albania: Human trafficking "
         "(December 2022)"),
        ({"kind": "legislation", "title": "Law No. 10/2023", "author": "Albania",
          "date": "2023", "url": None},
         "Albania, Law No. 10/2023 (2023)"),
    ],
)
def test_format_source(kw: dict[str, object], expected: str) -> None:
    assert format_source(source(**kw)) == expected


def test_parts_mark_the_title_italic_and_the_url() -> None:
    parts = source_parts(source())
    assert Part("Report of a fact-finding mission: Albania: Human trafficking", italic=True) in parts
    assert [p.url for p in parts if p.url] == ["https://www.gov.uk/government/publications/albania-ffm"]


def test_index_entry_without_pinpoint() -> None:
    assert " 81" not in "".join(p.text for p in source_parts(source(pages="81"), pinpoint=False))


@pytest.mark.parametrize(("date", "expected"), [
    ("2022-12-02", "2 December 2022"), ("2022-12", "December 2022"), ("2022", "2022"),
    (None, ""), ("2022-13", "2022-13"),
])
def test_format_date(date: str | None, expected: str) -> None:
    assert format_date(date) == expected
