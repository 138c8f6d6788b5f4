"""Markdown bundles: a Jinja template whose every value is escaped for CommonMark.

A quote may contain anything (``#``, ``- ``, ``1.``, ``>``, ``*``, ``<b>``, ``|``, ``&amp;``,
backslashes, trailing spaces): :func:`escape_inline` backslash-escapes the characters that
could start markup and writes the whitespace a parser would strip as character references,
so any CommonMark reader gives back the text exactly. Line breaks inside a quote paragraph
become hard breaks; blank lines separate block-quote paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from markupsafe import Markup

from cocite.citation.oscola import Part
from cocite.render.context import Bundle, paragraphs
from cocite.render.jinja import make_env, read_template, template_errors

# Escaped wherever they occur: they open emphasis, code, links, HTML, tables, strikethrough,
# entities, or are the escape character itself. (`!` only matters before `[`, escaped here.)
_ALWAYS = re.compile(r"([\\`*_\[\]<>#|~&])")
# Escaped at the start of a line only, and only where they would be markup: list bullets
# ("- ", "+ ", "1. ", "1) "), setext underlines and thematic breaks (lines of - or =).
_LINE_START = re.compile(r"^([-+])(?=[ \t]|$)|^([-=])(?=[-=\s]*$)|^(\d{1,9})([.)])(?=[ \t]|$)")
_EDGE_SPACE = re.compile(r"^\s+|\s+$")


def _ref(match: re.Match[str]) -> str:
    return "".join(f"&#{ord(c)};" for c in match.group(0))


def _line_start(m: re.Match[str]) -> str:
    if m.group(3):
        return f"{m.group(3)}\\{m.group(4)}"
    return "\\" + (m.group(1) or m.group(2))


def _escape_line(line: str, edges: bool = True) -> str:
    core = _ALWAYS.sub(r"\\\1", line)
    core = _LINE_START.sub(_line_start, core)
    if edges:
        # Leading and trailing whitespace is stripped by parsers (and two trailing spaces
        # make a hard break), so it is written as character references, kept as text.
        core = _EDGE_SPACE.sub(_ref, core)
    # A carriage return would end the line for a parser; keep it as text.
    return core.replace("\r", "&#13;")


def escape_inline(text: str, *, edges: bool = True) -> str:
    """Escape text so it is read back verbatim wherever it sits in a line of Markdown.

    ``edges=False`` leaves leading/trailing whitespace alone, for pieces joined mid-line.
    """
    return "\n".join(_escape_line(line, edges) for line in text.split("\n"))


def blockquote(text: str) -> Markup:
    """A quote as a CommonMark block quote: paragraphs kept, line breaks as hard breaks."""
    blocks = []
    for para in paragraphs(text):
        lines = [_escape_line(line) for line in para.split("\n")]
        blocks.append("\\\n".join(f"> {line}" for line in lines))
    return Markup("\n>\n".join(blocks))


def emphasis(text: str) -> Markup:
    """Text in italics, paragraph by paragraph (emphasis cannot span a blank line)."""
    return Markup("\n\n".join(f"*{escape_inline(p)}*" for p in paragraphs(text)))


def list_item(text: str) -> Markup:
    """Text as the body of a ``- `` list item; later paragraphs indented to stay in it."""
    return Markup("\n\n  ".join(
        escape_inline(p).replace("\n", "\n  ") for p in paragraphs(text)))


def cite(parts: Sequence[Part]) -> Markup:
    """A citation with its title in italics and its URL as an autolink."""
    out = []
    for part in parts:
        if part.url and part.text != part.url and re.fullmatch(r"[^\s<>]+", part.url):
            out.append(f"[{escape_inline(part.text)}](<{part.url}>)")  # a linked title
        elif part.url and re.fullmatch(r"[^\s<>]+", part.url):
            out.append(f"<{part.url}>")
        elif part.italic and part.text.strip():
            out.append(f"*{escape_inline(part.text)}*")
        else:
            out.append(escape_inline(part.text, edges=False))
    return Markup("".join(out))


def finalize(value: Any) -> Any:
    """Every ``{{ value }}`` goes through here: data is escaped, markup is left alone."""
    if value is None:
        return ""
    if hasattr(value, "__html__"):
        return Markup(value)
    return escape_inline(str(value))


def render_markdown(bundle: Bundle, template: Path, *, user_template: bool) -> str:
    """Render a bundle through a Markdown template (sandboxed when it is the user's)."""
    source = read_template(template)
    env = make_env(sandboxed=user_template, finalize=finalize)
    env.filters.update(
        blockquote=blockquote, cite=cite, emphasis=emphasis, list_item=list_item,
        escape_md=escape_inline,
    )
    with template_errors(template):
        text = env.from_string(source).render(bundle.as_dict())
    # One trailing newline, whatever the template ends with.
    return text.rstrip("\n") + "\n"
