"""Markdown rendering (`render/markdown.py`): block quotes and inline text that a CommonMark
parser reads back verbatim, escaping only what it would misread; a user's template's values
are escaped too."""

from __future__ import annotations

from pathlib import Path

import pytest
from bundle_support import (
    HOSTILE,
    MD,
    hostile_bundle,
    inline_text,
    markdown_of,
    quote_paragraphs,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from cocite.extracts import paragraphs
from cocite.render.markdown import blockquote, escape_inline


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


def test_user_template_values_are_escaped_too(tmp_path: Path) -> None:
    tpl = tmp_path / "firm.md.j2"
    tpl.write_text("{% for e in extracts %}{{ e.quote }}\n\n{% endfor %}", encoding="utf-8")
    out = markdown_of(hostile_bundle(), tpl)
    # Every tag is escaped where it could start HTML (only the "<": ">" alone is text).
    assert "<b>" not in out.replace("\\<b>", "") and "\\<b>" in out
