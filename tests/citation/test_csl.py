"""CSL: every source as CSL-JSON, any shipped style by id or .csl file, OSCOLA via CSL."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, replace
from pathlib import Path

import pytest
from bundle_support import HOSTILE
from click.testing import CliRunner
from conftest import DATA

from cocite.citation import csl_json
from cocite.citation.cache import CitationCache
from cocite.citation.csl import Engine
from cocite.citation.format import citation_parts
from cocite.citation.styles import read_style_file, resolve
from cocite.cli import cli
from cocite.errors import UsageError
from cocite.library import load_library
from cocite.models import SOURCE_KINDS, Source

CSL_TYPES = {"report", "webpage", "article-newspaper", "article-journal", "article",
             "legislation", "dataset", "interview", "personal_communication", "document"}


def text(parts: tuple[object, ...]) -> str:
    return "".join(p.text for p in parts)  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def records():  # type: ignore[no-untyped-def]
    return load_library(use_cache=False).records


# --- one mapping to CSL-JSON ---------------------------------------------------------------


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
        expected = {k: v for k, v in asdict(csl_json.work(s)).items() if v is not None}
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
    assert csl_json.locator(replace(src, pages=None)) == ("paragraph", "5")
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


@pytest.mark.parametrize("style", ["oscola", "apa", "harvard-cite-them-right", "chicago-notes"])
def test_hostile_text_is_printed_never_obeyed(style: str) -> None:
    extra = ['<span class="nocase">kept</span> and <i>not italic</i>', "\ue000\ue001 private use"]
    for n, title in enumerate(HOSTILE + extra):
        title = title.replace("\n", " ")
        src = Source(author=f"Author {n} & <b>Co</b>", kind="report", date="2023-06",
                     title=title, pages="5-7", url=f"https://example.org/{n}?a=1&b=<2>")
        parts = citation_parts(src, style)
        out = text(parts)
        # Every character is printed as written; only runs of white space are one space
        # (citeproc-py's rule for all text; a title is not a quote).
        assert " ".join(title.split()) in " ".join(out.split()), (style, title)
        assert src.author in out
        assert [p.url for p in parts if p.url] == [src.url]
        # Markup in the text is printed as text, never made into italics or a link.
        assert not any(p.italic and p.text.startswith("not italic") for p in parts)


# --- styles by id or file --------------------------------------------------------------------


def test_oscola_is_the_csl_style_with_cocites_pre_processing() -> None:
    """The decisions of the OSCOLA comparison (README, "Citation styles"), one per kind."""
    report = Source(author="UK Home Office", kind="report", date="2022-12", pages="13-15",
                    title="Report of a fact-finding mission: Albania: Human trafficking",
                    url="https://example.org/ffm")
    parts = citation_parts(report, "oscola")
    assert text(parts) == ("UK Home Office, ‘Report of a fact-finding mission: Albania: Human "
                           "trafficking’ (2022) 13–15 <https://example.org/ffm>.")
    assert text(citation_parts(replace(report, pages=None), "oscola", pinpoint=False)) == (
        "UK Home Office, ‘Report of a fact-finding mission: Albania: Human trafficking’ (2022) "
        "<https://example.org/ffm>")
    news = Source(author="Gazeta Shqiptare", kind="news", date="2022-07-18",
                  title="UNICEF ngre alarmin", url="http://g.al/x")
    assert text(citation_parts(news, "oscola")) == (
        "Gazeta Shqiptare, ‘UNICEF ngre alarmin’ (18 July 2022) <http://g.al/x>.")
    journal = Source(author="Klea Ramaj", kind="academic", date="2021-05-07", title="Aftermath",
                     publisher="Journal of Human Trafficking")
    assert text(citation_parts(journal, "oscola")) == (
        "Klea Ramaj, ‘Aftermath’ [2021] Journal of Human Trafficking.")
    letter = Source(author="Tjeter Vizion", kind="written-communication", date="2023-06-20")
    assert text(citation_parts(letter, "oscola")) == (
        "Written communication from Tjeter Vizion (20 June 2023).")
    interview = Source(author="Vatra", kind="interview", date="2023-06-05")
    assert text(citation_parts(interview, "oscola")) == "Interview with Vatra (5 June 2023)."
    law = Source(author="Republic of Albania", kind="legislation", date="2017",
                 title="Law No. 18/2017 on the Rights and Protection of the Child",
                 url="https://example.org/law")
    parts = citation_parts(law, "oscola")  # OSCOLA prints no URL here; the schedule needs one
    assert text(parts) == ("Law No. 18/2017 on the Rights and Protection of the Child 2017. "
                           "https://example.org/law")
    assert parts[-1].url == "https://example.org/law"


def test_in_text_styles_show_the_reference_and_the_pinpoint() -> None:
    src = Source(author="UK Home Office", kind="report", date="2022-12", pages="81",
                 title="Report", url="https://example.org/r")
    parts = citation_parts(src, "apa")
    assert text(parts) == "UK Home Office. (2022). Report. https://example.org/r (UK Home Office, 2022, p. 81)"
    assert [p.text for p in parts if p.italic] == ["Report"]


def test_dependent_style_resolves_to_its_parent() -> None:
    ref = resolve("2d-materials")
    assert ref.path is not None and ref.path.name == "institute-of-physics-numeric.csl"


@pytest.mark.parametrize(("name", "message"), [
    ("oscolla", "--style 'oscolla': unknown style; did you mean oscola"),
    # Not a CSL file / no file there (absolute, so the result does not depend on the folder
    # the tests run from: a relative ../../etc/passwd exists from some checkouts only).
    ("/etc/passwd", "--style /etc/passwd: not a CSL style"),
    ("/nonexistent/firm.csl", "--style /nonexistent/firm.csl: cannot open"),
    ("", "--style: empty"),
])
def test_unknown_styles_are_refused(name: str, message: str) -> None:
    with pytest.raises(UsageError) as info:
        resolve(name)
    assert str(info.value).startswith(message)


def test_style_files_must_be_small_regular_csl(tmp_path: Path) -> None:
    fifo = tmp_path / "style.csl"
    os.mkfifo(fifo)
    with pytest.raises(UsageError, match="not a regular file"):
        read_style_file(fifo)
    with pytest.raises(UsageError, match="not a regular file"):
        read_style_file(tmp_path)
    big = tmp_path / "big.csl"
    big.write_bytes(b"<style" + b" " * (3 * 1024 * 1024))
    with pytest.raises(UsageError, match="larger than"):
        read_style_file(big)
    other = tmp_path / "other.csl"
    other.write_text("hello", encoding="utf-8")
    with pytest.raises(UsageError, match="not a CSL style"):
        read_style_file(other)


def test_a_csl_file_is_used_as_given(tmp_path: Path) -> None:
    ref = resolve("apa")
    assert ref.path is not None
    mine = tmp_path / "firm.csl"
    mine.write_bytes(ref.text)
    src = Source(author="Arise", kind="report", date="2023", title="Youth")
    assert text(citation_parts(src, str(mine))) == text(citation_parts(src, "apa"))


def test_broken_csl_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csl"
    bad.write_text("<style><unclosed></style>", encoding="utf-8")
    from cocite.errors import RenderError

    with pytest.raises(RenderError, match="cannot read it as CSL"):
        Engine.load(resolve(str(bad)))


def test_build_with_a_csl_style_and_a_misspelt_one(runner: CliRunner) -> None:
    ok = runner.invoke(cli, ["build", "--id", "arise-2023-12-02-young-victim-profiles",
                             "--style", "harvard-cite-them-right", "-o", "-", "-q"])
    assert ok.exit_code == 0, ok.output
    assert ("Source: Arise (2023) *Youth Exploitation in Albania*. Available at: "
            "<https://www.arisefdn.org/post/2nd-dec-youth-exploitation-in-albania>.") in ok.stdout
    bad = runner.invoke(cli, ["build", "--all", "--style", "harvard-cite-them-rigth", "-o", "-"])
    assert bad.exit_code == 2
    assert "did you mean harvard-cite-them-right" in bad.stderr


# --- the citation cache ---------------------------------------------------------------------


def test_cache_stores_and_ignores_what_it_cannot_trust(tmp_path: Path) -> None:
    from cocite.citation.parts import Part

    path = tmp_path / "citations.sqlite"
    store = CitationCache(path)
    parts = (Part("a "), Part("T", italic=True), Part("https://x", url="https://x"))
    store.put("k", parts)
    store.close()
    assert CitationCache(path).get("k") == parts
    path.write_bytes(b"not a database at all" * 100)
    damaged = CitationCache(path)
    assert damaged.get("k") is None
    damaged.put("k", parts)
    damaged.close()  # writing to a damaged file is not an error either
    link = tmp_path / "link.sqlite"
    link.symlink_to(path)
    assert CitationCache(link).db is None
    fifo = tmp_path / "fifo.sqlite"
    os.mkfifo(fifo)
    assert CitationCache(fifo).db is None


def test_a_warm_citation_is_read_not_formatted(monkeypatch: pytest.MonkeyPatch) -> None:
    src = Source(author="Cache Test", kind="report", date="2020", title="Once")
    first = citation_parts(src, "apa")

    def boom(*_: object) -> None:
        raise AssertionError("formatted again")

    monkeypatch.setattr(Engine, "parts", boom)
    assert citation_parts(src, "apa") == first


@pytest.mark.slow
@pytest.mark.parametrize("style", ["oscola", "apa"])
def test_remembered_xpath_changes_no_citation(records, style: str,  # type: ignore[no-untyped-def]
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from citeproc import model

    engine = Engine.load(resolve(style))
    sources = list(dict.fromkeys(r.source for r in records))
    fast = [engine.parts(s) for s in sources]
    original = model.CitationStylesElement.xpath_search.cocite_original
    monkeypatch.setattr(model.CitationStylesElement, "xpath_search", original)
    monkeypatch.setattr("cocite.citation.csl._memoise_xpath", lambda: None)
    assert [Engine.load(resolve(style)).parts(s) for s in sources] == fast


@pytest.mark.slow
@pytest.mark.parametrize("style", ["harvard-cite-them-right", "chicago-notes", "ieee"])
def test_every_library_source_renders_in_other_styles(records, style: str) -> None:  # type: ignore[no-untyped-def]
    sources = list(dict.fromkeys(r.source for r in records))
    kinds = set()
    for s in sources:
        for pinpoint in (True, False):
            parts = citation_parts(s, style, pinpoint=pinpoint)
            out = text(parts)
            assert s.author in out or s.title and s.title in out, (style, s)
            if s.url:  # always linked, whether the style prints the URL or not
                assert [p.url for p in parts if p.url] == [s.url], (style, s)
        kinds.add(s.kind)
    assert len(kinds) == 9  # every kind the library holds


def test_citations_are_kept_in_the_library_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from cocite.citation import format as F

    data = DATA / "case-library"
    out = tmp_path / "bundle.md"
    args = ["--data", str(data), "build", "--all", "--style", "apa", "-o", str(out), "-q"]
    monkeypatch.setattr(F, "_FORMATTER", F._Formatter())  # as a new process
    assert CliRunner().invoke(cli, args).exit_code == 0
    F.flush()
    first = out.read_text(encoding="utf-8")
    cache = tmp_path / "xdg-cache" / "cocite"
    assert not (cache / "citations.sqlite").exists()
    (index,) = cache.glob("index-*.sqlite3")
    with sqlite3.connect(index) as db:
        stored = db.execute("SELECT COUNT(*) FROM citation").fetchone()[0]
    assert stored > 0
    # A warm build reads every citation from the index: formatting one would fail here.
    monkeypatch.setattr(F, "_FORMATTER", F._Formatter())

    def no_formatting(*args: object) -> None:
        raise AssertionError("a citation was formatted again instead of read from the index")

    monkeypatch.setattr(Engine, "load", no_formatting)
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == first


def test_an_oversized_citation_table_is_emptied_not_the_index(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    from cocite.citation import cache as C
    from cocite.citation.parts import Part

    path = tmp_path / "index.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE record (id TEXT)")
        db.execute("INSERT INTO record VALUES ('kept')")
    store = CitationCache(path, in_index=True)
    store.put("k", (Part("x" * 200),))
    store.close()
    monkeypatch.setattr(C, "MAX_BYTES", 100)
    assert CitationCache(path, in_index=True).get("k") is None
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT id FROM record").fetchall() == [("kept",)]
    assert CitationCache(tmp_path / "missing.sqlite3", in_index=True).db is None
    assert not (tmp_path / "missing.sqlite3").exists()

