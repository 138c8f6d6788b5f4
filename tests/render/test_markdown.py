"""Markdown bundles: CommonMark that a real parser reads back to the exact quotes."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from bundle_support import HOSTILE, hostile_library, library, record
from conftest import REPO
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from cocite.errors import TemplateError
from cocite.provenance import content_digest
from cocite.query import Selection, select
from cocite.bundle.model import Bundle, make_bundle
from cocite.bundle.render import bundle_markdown
from cocite.extracts import paragraphs
from cocite.render.markdown import blockquote, escape_inline
from cocite.resources import template_path

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
MD = MarkdownIt("commonmark")


def inline_text(token: Token) -> str:
    """The text a reader sees in an inline token; fails on anything that became markup."""
    out = []
    for child in token.children or []:
        if child.type == "text":
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append("\n")
        elif child.type in ("em_open", "em_close", "strong_open", "strong_close", "link_open",
                            "link_close"):
            continue
        else:
            raise AssertionError(f"unexpected markup {child.type}: {child.content!r}")
    return "".join(out)


def quote_paragraphs(markdown: str) -> list[list[str]]:
    """The paragraphs of each top-level block quote, as text."""
    quotes: list[list[str]] = []
    depth = 0
    tokens = MD.parse(markdown)
    for i, tok in enumerate(tokens):
        if tok.type == "blockquote_open":
            depth += 1
            assert depth == 1, "a quote must never produce a nested block quote"
            quotes.append([])
        elif tok.type == "blockquote_close":
            depth -= 1
        elif depth and tok.type not in ("paragraph_open", "paragraph_close", "inline"):
            raise AssertionError(f"unexpected block {tok.type} inside a quote")
        elif depth and tok.type == "inline":
            quotes[-1].append(inline_text(tok))
    return quotes


def render(bundle: Bundle, template: Path | None = None) -> str:
    return bundle_markdown(bundle, template or template_path("bundle.md.j2"),
                           user_template=template is not None)


def hostile_bundle() -> Bundle:
    lib = hostile_library()
    return make_bundle(lib, select(lib, Selection(all=True)), Selection(all=True), now=NOW)


@pytest.mark.parametrize("text", HOSTILE)
def test_blockquote_reads_back_verbatim(text: str) -> None:
    assert quote_paragraphs(str(blockquote(text))) == [list(paragraphs(text))]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(
    list("\n\t #>-+*_`[]<>&|\\!=.1)~")), min_size=1))
def test_blockquote_reads_back_any_text(text: str) -> None:
    expected = list(paragraphs(text))
    if not expected:
        return
    assert quote_paragraphs(str(blockquote(text))) == [expected]


@pytest.mark.parametrize("text", [t for t in HOSTILE if "\n\n" not in t])
def test_inline_text_reads_back_verbatim(text: str) -> None:
    tokens = MD.parse(f"Text: {escape_inline(text)}\n")
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    assert inline_text(tokens[1]) == "Text: " + text


def test_hostile_bundle_quotes_come_back_exactly() -> None:
    bundle = hostile_bundle()
    text = render(bundle)
    quotes = quote_paragraphs(text)
    expected = []
    for e in bundle.extracts:
        expected.append(list(e.paragraphs))
        if e.translation:
            expected.append(list(e.translation.paragraphs))
    assert quotes == expected
    # Data is never template code: the Jinja in quotes is printed, not run.
    assert "{% if true %}" in text.replace("\\", "")


def test_hostile_bundle_citations_and_lead_ins_come_back() -> None:
    bundle = hostile_bundle()
    seen = [inline_text(t) for t in MD.parse(render(bundle)) if t.type == "inline"]
    for e in bundle.extracts:
        for para in paragraphs(e.lead_in or ""):
            assert para in seen
        cited = f"\nCited in: {e.cited_in}" if e.cited_in else ""
        assert f"Source: {e.citation}{cited}" in seen
        for note in e.footnotes:
            assert all(para in seen for para in paragraphs(note))


DIGEST = content_digest([REPO / "data" / "vocabulary.yaml", REPO / "data" / "reports.yaml"])


def test_markdown_escapes_only_what_commonmark_would_misread() -> None:
    text = "Boys [aged 14] & girls: 3 * 4, snake_case, <3, AT&T, a\\b, [x](y), &amp; <b>, *a*"
    assert escape_inline(text) == (
        "Boys [aged 14] & girls: 3 * 4, snake_case, <3, AT&T, a\\b, [x\\](y), \\&amp; "
        "\\<b>, \\*a\\*")
    assert MD.parse(escape_inline(text))[1].children[0].content == text
    # At the start of a line only: headings, quotes, lists, fences, definitions, breaks.
    for line in ("# h", "> q", "- l", "+ l", "* l", "1. l", "2) l", "```", "~~~", "[a]: /u",
                 "---", "==="):
        out = escape_inline(line)
        assert out != line and inline_text(MD.parse(out)[1]) == line, line
    assert escape_inline("Title #") == "Title \\#"  # not an ATX closing sequence


def test_layout_of_a_simple_bundle() -> None:
    lib = library(
        record("a", profiles=["male"], lead_in="The mission reported:",
               quote="Men face stigma.\n\nMany do not disclose it.",
               src={"pages": "81", "url": "https://example.org/ffm"}),
    )
    sel = Selection(topics=("stigma",), profiles=("men",))
    out = render(make_bundle(lib, select(lib, sel), sel, style="oscola", now=NOW))
    assert out == (
        "# Country information bundle: Stigma (Men and boys)\n\n"
        # No selection flags, path, hash or build time in the filed text: those are the manifest's.
        "**Date:** 1 May 2024\n\n"
        "## Contents\n\n"
        "- Stigma (extract 1)\n"
        "- Sources\n"
        "- About this bundle\n\n"
        "## Stigma\n\n"
        "### Extract 1\n\n"
        "*The mission reported:*\n\n"
        "> Men face stigma.\n"
        ">\n"
        "> Many do not disclose it.\n\n"
        # OSCOLA's angle brackets are text (escaped) around the autolink; a report's title
        # in quotation marks, its year, a full stop closing the note (OSCOLA 4th, via CSL).
        "Source: UK Home Office, ‘Report of a fact-finding mission: Albania: Human "
        "trafficking’ (2022) 81 \\<<https://example.org/ffm>>.\\\n"
        "Cited in: Asylos and ARC Foundation, Albania: Trafficking (March 2024), section 1.6\n\n"
        "## Sources\n\n"
        "1. UK Home Office, ‘Report of a fact-finding mission: Albania: Human trafficking’ "
        "(2022) \\<<https://example.org/ffm>> (extract 1)\n\n"
        "## About this bundle\n\n"
        + make_bundle(lib, [], sel, now=NOW).caveat + "\n\n"
        "*Prepared with cocite 0.1 from data version " + DIGEST + "*\n"
    )


def test_no_lead_in() -> None:
    lib = library(record("a", lead_in="Introductory sentence."))
    sel = Selection(all=True)
    out = render(make_bundle(lib, select(lib, sel), sel, lead_in=False, now=NOW))
    assert "Introductory sentence." not in out


def test_build_time_is_reproducible(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    lib = hostile_library()
    sel = Selection(all=True)
    first = render(make_bundle(lib, select(lib, sel), sel))
    second = render(make_bundle(lib, select(lib, sel), sel))
    assert first == second
    assert "**Date:** 14 November 2023\n" in first


# --- templates ----------------------------------------------------------------------------


def test_user_template_unknown_field_names_the_template(tmp_path: Path) -> None:
    tpl = tmp_path / "firm.md.j2"
    tpl.write_text("# {{ title }}\n{{ nonsense }}\n", encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        render(hostile_bundle(), tpl)
    assert str(info.value) == f"{tpl}: the template uses an unknown field: 'nonsense' is undefined"


def test_user_template_syntax_error_names_the_line(tmp_path: Path) -> None:
    tpl = tmp_path / "firm.md.j2"
    tpl.write_text("# {{ title }}\n\n{% for x in %}\n", encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        render(hostile_bundle(), tpl)
    assert str(info.value).startswith(f"{tpl}:3: template syntax error: ")


def test_user_template_is_sandboxed(tmp_path: Path) -> None:
    tpl = tmp_path / "evil.md.j2"
    tpl.write_text("{{ title.__class__.__mro__[1].__subclasses__() }}\n", encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        render(hostile_bundle(), tpl)
    assert "unsafe" in str(info.value) or "unknown field" in str(info.value)


def test_user_template_values_are_escaped_too(tmp_path: Path) -> None:
    tpl = tmp_path / "firm.md.j2"
    tpl.write_text("{% for e in extracts %}{{ e.quote }}\n\n{% endfor %}", encoding="utf-8")
    out = render(hostile_bundle(), tpl)
    # Every tag is escaped where it could start HTML (only the "<": ">" alone is text).
    assert "<b>" not in out.replace("\\<b>", "") and "\\<b>" in out


def test_cited_in_names_every_section_where_the_report_cites_the_excerpt() -> None:
    from cocite.models import CitedIn

    report = "asylos-albania-trafficking-2024"
    lib = library(record("a", cited_in=(CitedIn(report, "2.4.3"), CitedIn(report, "2.4.7.2"))))
    sel = Selection(all=True)
    out = render(make_bundle(lib, select(lib, sel), sel, now=NOW))
    assert ("Cited in: Asylos and ARC Foundation, Albania: Trafficking (March 2024), "
            "sections 2.4.3 and 2.4.7.2\n") in out
    three = library(record("a", cited_in=(CitedIn(report, "1"), CitedIn(report, "2"),
                                          CitedIn("other-report", None), CitedIn(report, "3"))))
    out = render(make_bundle(three, select(three, sel), sel, now=NOW))
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
    out = render(make_bundle(lib, select(lib, sel), sel, now=NOW))
    assert ("Source: Different and Equal, written communication with Asylos, 29 June 2023 "
            f"<{annex}>; Tjeter Vizion, written communication with Asylos, 21 June 2023 <{annex}>") in out
