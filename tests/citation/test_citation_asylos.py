"""The Asylos citation style: format_source and the normalisation used to compare with reports."""

from __future__ import annotations

import pytest
from citation_support import normalise_citation

from cocite.citation.asylos import format_date, format_pages, format_source
from cocite.models import Source


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            Source(author="UK Home Office", kind="report", date="2022-12",
                   title="Report of a fact-finding mission: Albania: Human trafficking", pages="19-20"),
            ("UK Home Office, “Report of a fact-finding mission: Albania: Human trafficking”, "
            "December 2022, pp.19-20"),
        ),
        (Source(author="Vatra", kind="interview", date="2023-06-05"), "Vatra, interview record, 5 June 2023"),
        (
            Source(author="Tjeter Vizion", kind="written-communication", date="2023-06-20"),
            "Tjeter Vizion, written communication with Asylos, 20 June 2023",
        ),
        (
            Source(author="Vatra", kind="written-communication", date="2023-11-16",
                   title="written clarifications"),
            "Vatra, written clarifications, 16 November 2023",
        ),
        (
            Source(author="Klea Ramaj", kind="academic", date="2021-05-07", title="The Aftermath",
                   publisher="Journal of Human Trafficking"),
            "Klea Ramaj, “The Aftermath”, Journal of Human Trafficking, 7 May 2021",
        ),
        (
            Source(author="Judge Albana Boksi, Dr Arta Mandro", kind="report", date="2021",
                   title="Compliance", publisher="Vatra Psycho-Social Centre", pages="27"),
            ("Publisher: Vatra Psycho-Social Centre, Authors: Judge Albana Boksi, Dr Arta Mandro, "
            "“Compliance”, 2021, p.27"),
        ),
        (
            Source(author="ILO", kind="report", date=None, title="Business and Forced Labour"),
            "ILO, “Business and Forced Labour”, undated",
        ),
        (
            Source(author="A Leka", kind="academic", date="2022", title="Corruption",
                   publisher="Research Journal “Olcinium”", version="10/2", pages="14"),
            "A Leka, “Corruption”, Research Journal “Olcinium”, 2022 (10/2), p.14",
        ),
    ],
)
def test_format_source(source: Source, expected: str) -> None:
    assert format_source(source) == expected


def test_format_date_keeps_precision() -> None:
    assert [format_date(d) for d in ("2023-06-05", "2022-12", "2023", None)] == [
        "5 June 2023", "December 2022", "2023", "undated",
    ]


def test_format_pages() -> None:
    assert [format_pages(p) for p in ("81", "19-20", "91, 92", "9-10 and 12-13", "Table 36, p.264")] == [
        "p.81", "pp.19-20", "pp.91, 92", "pp.9-10 and 12-13", "Table 36, p.264",
    ]


@pytest.mark.parametrize(
    ("printed", "normal"),
    [
        ("Source: European Commission, “Albania 2023 Report”, 8 November 2023, p. 45",
         "European Commission, Albania 2023 Report, 8 November 2023, p.45"),
        ("IOM,”IOM Strategy for Albania (2022-2025)”, October 2022, p. 10",
         "IOM, IOM Strategy for Albania (2022-2025), October 2022, p.10"),
        ("URAT (Author), Arise (publisher), “World Day”, 31 July 2023",
         "Publisher: Arise, Author: URAT, World Day, 31 July 2023"),
        ("Dr Klea Ramaj, written communication with Asylos. 15 June 2023 ",
         "Dr Klea Ramaj, written communication with Asylos, 15 June 2023"),
        ("UNICEF, “Albania-Child-Notice-2021.pdf,” 2022, pp. 15, 21, 93",
         "UNICEF, Albania-Child-Notice-2021.pdf, 2022, p.15, 21, 93"),
        ("UK Home Office, “Report”, December 2022, pp. 13 -15.",
         "UK Home Office, Report, December 2022, p.13-15"),
    ],
)
def test_normalise_citation(printed: str, normal: str) -> None:
    assert normalise_citation(printed) == normal
