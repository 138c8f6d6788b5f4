"""CSL-JSON (`citation/csl_json.py`): every source of the library maps to CSL-JSON and back;
items from reference managers, and bad ones refused clearly."""

from __future__ import annotations

import json

import pytest

from cocite.citation import csl_json
from cocite.errors import UsageError
from cocite.loading import load_library
from cocite.models import SOURCE_KINDS, Source

CSL_TYPES = {"report", "webpage", "article-newspaper", "article-journal", "article",
             "legislation", "dataset", "interview", "personal_communication", "document"}


@pytest.fixture(scope="module")
def records():  # type: ignore[no-untyped-def]
    return load_library(use_cache=False).records


def test_every_record_maps_to_csl_json_and_back(records) -> None:  # type: ignore[no-untyped-def]
    assert len(records) == 779
    for r in records:
        s = r.source
        item = json.loads(json.dumps(csl_json.to_csl(s)))
        assert item["type"] in CSL_TYPES, r.id
        assert item["author"] == [{"literal": s.author}], r.id
        assert item.get("title") == s.title, r.id
        assert item.get("URL") == s.url, r.id
        if s.date is None:
            assert "issued" not in item
        else:  # the date's precision is kept: year, year-month or full date
            assert "-".join(f"{n:02d}" for n in item["issued"]["date-parts"][0]) == s.date
        assert "page" not in item  # pinpoints are locators, never the work's page range
        assert csl_json.locator(s) == (("page", s.pages.strip()) if s.pages else None)
        back = csl_json.from_csl(item)
        expected = {k: v for k, v in csl_json.work(s)._asdict().items() if v is not None}
        expected.setdefault("date", None)
        if s.kind == "submission":  # CSL has no submission type: it is a report there
            expected["kind"] = "report"
        # The compiled report's misspelling of the author is cocite's record of where the
        # quote was found, not a property of the source: reference managers never see it.
        expected.pop("author_as_cited", None)
        assert back == expected, r.id


def test_kinds_types_dates_and_locators() -> None:
    assert set(csl_json.KIND_TO_CSL) == set(SOURCE_KINDS)
    src = Source(author="Klea Ramaj", kind="academic", date="2021-05", title="T",
                 publisher="Journal of Human Trafficking", version="7/2", pages="19-20",
                 paragraphs="5", accessed="2024-01-02", archive_url="https://web.archive.org/x")
    item = csl_json.to_csl(src, item="x")
    assert item == {
        "id": "x", "type": "article-journal", "author": [{"literal": "Klea Ramaj"}],
        "title": "T", "issued": {"date-parts": [[2021, 5]]},
        "container-title": "Journal of Human Trafficking", "volume": "7/2",
        "accessed": {"date-parts": [[2024, 1, 2]]},
        "archive_location": "https://web.archive.org/x",
    }
    assert csl_json.locator(src) == ("page", "19-20, para 5")
    assert csl_json.locator(src._replace(pages=None)) == ("paragraph", "5")
    assert csl_json.pinpoint_text(src) == "p 19-20, para 5"
    wc = csl_json.to_csl(Source(author="Vatra", kind="written-communication", date="2023"))
    assert (wc["type"], wc["genre"], wc["issued"]) == (
        "personal_communication", "Written communication", {"date-parts": [[2023]]})


def test_family_given_names_from_a_reference_manager_are_joined_in_reading_order() -> None:
    item = {"type": "article-journal", "title": "T", "container-title": "J",
            "author": [{"family": "Ramaj", "given": "Klea"},
                       {"family": "Beethoven", "given": "Ludwig", "non-dropping-particle": "van"},
                       {"literal": "UNICEF"}],
            "issued": {"date-parts": [["2021", "5", "7"]]}}
    got = csl_json.from_csl(item)
    assert got["author"] == "Klea Ramaj, Ludwig van Beethoven and UNICEF"
    assert (got["kind"], got["date"], got["publisher"]) == ("academic", "2021-05-07", "J")


@pytest.mark.parametrize(("item", "message"), [
    ([], "item: expected a CSL-JSON object"),
    ({"title": "x"}, "item: no author"),
    ({"author": [{}]}, "item.author[0]: a name with neither literal nor family/given"),
    ({"author": "Vatra"}, "item.author: expected a non-empty list of names"),
    ({"author": [{"literal": "A"}], "issued": {"date-parts": [["spring"]]}},
     "item.issued: date-parts must be numbers"),
    ({"author": [{"literal": "A"}], "title": ["x"]}, "item.title: expected text, got list"),
])
def test_bad_csl_items_are_refused_clearly(item: object, message: str) -> None:
    with pytest.raises(UsageError) as info:
        csl_json.from_csl(item)
    assert str(info.value).startswith(message)
