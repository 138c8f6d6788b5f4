"""CSL (`citation/csl.py`): any shipped style, OSCOLA via CSL with cocite's pre-processing,
hostile text printed and never obeyed."""

from __future__ import annotations

from pathlib import Path

import pytest
from bundle_support import HOSTILE

from cocite.citation.csl import Engine
from cocite.citation.format import citation_parts
from cocite.citation.styles import resolve
from cocite.loading import load_library
from cocite.models import Source


def text(parts: tuple[object, ...]) -> str:
    return "".join(p.text for p in parts)  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def records():  # type: ignore[no-untyped-def]
    return load_library(use_cache=False).records


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


def test_oscola_is_the_csl_style_with_cocites_pre_processing() -> None:
    """The decisions of the OSCOLA comparison (README, "Citation styles"), one per kind."""
    report = Source(author="UK Home Office", kind="report", date="2022-12", pages="13-15",
                    title="Report of a fact-finding mission: Albania: Human trafficking",
                    url="https://example.org/ffm")
    parts = citation_parts(report, "oscola")
    assert text(parts) == ("UK Home Office, ‘Report of a fact-finding mission: Albania: Human "
                           "trafficking’ (2022) 13–15 <https://example.org/ffm>.")
    assert text(citation_parts(report._replace(pages=None), "oscola", pinpoint=False)) == (
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


def test_broken_csl_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csl"
    bad.write_text("<style><unclosed></style>", encoding="utf-8")
    from cocite.errors import RenderError

    with pytest.raises(RenderError, match="cannot read it as CSL"):
        Engine.load(resolve(str(bad)))


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
