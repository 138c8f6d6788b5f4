"""Every '#' found in the bytes as in the text: its place in characters, its line, the character
before it; comments and glued '#' told apart from text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cocite.yamlio.hashes import comment_lines, glued, hashes

TEXTS = [
    "",
    "# yaml-language-server: x\n- a # b\n",
    "caf\u00e9 #1\n\u201cq\u201d#2 \U0001F600#3\n#4",
    "a##b ## c\n\t# d\r\n# e",
    "\u00a0#x \u2003#y",
]


@pytest.mark.parametrize("text", TEXTS)
def test_bytes_and_text_agree(text: str) -> None:
    assert hashes(text.encode("utf-8")) == hashes(text)


@given(st.text(alphabet=st.sampled_from("ab #\n\t\u00e9\u201c\U0001F600\u00a0"), max_size=60))
def test_bytes_and_text_agree_on_any_text(text: str) -> None:
    found = hashes(text)
    assert hashes(text.encode("utf-8")) == found
    assert [h.at for h in found] == [i for i, c in enumerate(text) if c == "#"]
    assert [h.line for h in found] == [text.count("\n", 0, h.at) + 1 for h in found]


def test_comments_skip_the_modeline_and_scalars() -> None:
    text = "# yaml-language-server: x\n- a # b\n- 'c # d'\n  # e\n"
    spans = [(text.index("'c"), text.index("d'") + 2)]
    assert comment_lines(hashes(text), spans, modeline=True) == [2, 4]
    assert comment_lines(hashes(text), spans, modeline=False) == [1, 2, 4]


def test_a_glued_hash_is_found_as_a_regex_scan_would() -> None:
    # "[^\s]#" scanned left to right: in "x##", the second '#' is not tried.
    text = "a: 'x#'##\n"
    inside = [(text.index("'x"), text.index("#'") + 2)]
    first = glued(hashes(text), inside)
    assert first is not None and first.at == text.index("##")
    assert glued(hashes("a: x #y\n"), []) is None
    assert glued(hashes("a: x\u00a0#y\n"), []) is None  # a no-break space is white space
