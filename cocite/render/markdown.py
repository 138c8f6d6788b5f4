"""Markdown documents: a Jinja template whose every value is escaped for CommonMark.

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

from cocite.citation.parts import Part
from cocite.extracts import paragraphs
from cocite.render.jinja import bounded, make_env, read_template, template_errors

# Escaping: only what a CommonMark parser would read as markup *in that position*, so the
# Markdown stays readable raw (no "\[...\]" or "\&" where a bracket or an ampersand is
# just text). `pieces` (edges=False) are joined to markup cocite writes, so a character at
# either end of a piece is treated as if anything could follow or precede it.
_PUNCT = r"""!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~"""
_ENTITY = re.compile(r"&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")
_HTML_OR_AUTOLINK = re.compile(r"<(?=[A-Za-z/!?])")
_BACKSLASH = re.compile(r"\\(?=[" + _PUNCT + r"]|$)")
_LINK_CLOSE = re.compile(r"\](?=\(|$)")
_BANG = re.compile(r"!(?=$)")
# At the start of a line: headings, block quotes, fences, link reference definitions, list
# bullets ("- ", "+ ", "* ", "1. ", "1) "), setext underlines and thematic breaks.
_LINE_START = re.compile(
    r"^(?P<lead> {0,3})(?:(?P<hash>#{1,6})(?=[ \t]|$)|(?P<gt>>)|(?P<fence>~~~|```)"
    r"|(?P<bracket>\[)|(?P<bullet>[-+*])(?=[ \t]|$)|(?P<rule>[-=_*])(?=[-=_*\s]*$)"
    r"|(?P<num>[0-9]{1,9})(?P<delim>[.)])(?=[ \t]|$))")
# A closing sequence of an ATX heading ("Title #") would be dropped from a heading line.
_TRAILING_HASH = re.compile(r"(?<=[ \t])(#+)(?=[ \t]*$)")
_EDGE_SPACE = re.compile(r"^\s+|\s+$")
_DELIMITER = re.compile(r"(\\*)([*_])")  # a "*" or "_" and the backslashes before it
_PIECE_END = re.compile(r"([&<])$")
_LINK_BEFORE_PAREN = re.compile(r"\](?=\()")
_BRACKET = re.compile(r"([\[\]])")


def _ref(match: re.Match[str]) -> str:
    return "".join(f"&#{ord(c)};" for c in match.group(0))


def _line_start(m: re.Match[str]) -> str:
    lead = m.group("lead")
    if m.group("num"):
        return f"{lead}{m.group('num')}\\{m.group('delim')}"
    marker = next(m.group(g) for g in ("hash", "gt", "fence", "bracket", "bullet", "rule")
                  if m.group(g))
    return f"{lead}\\{marker}"


def _delimiters(line: str) -> str:
    """Escape ``*`` and ``_`` that could open or close emphasis where they stand. At either
    end of the line anything may be next to it (the template's own ``*`` around a lead-in, a
    piece of a citation), so an end counts as a letter."""
    if "*" not in line and "_" not in line:
        return line

    def one(m: re.Match[str]) -> str:
        slashes, c = m.group(1), m.group(2)
        if len(slashes) % 2:  # escaped already
            return m.group(0)
        if slashes:  # after a backslash: neither space nor letter
            return f"{slashes}\\{c}"
        i = m.start(2)
        before = line[i - 1] if i else "x"
        after = line[i + 1] if i + 1 < len(line) else "x"
        if c == "*" and before.isspace() and after.isspace():
            return c  # " * " can neither open nor close emphasis
        if c == "_" and before.isalnum() and after.isalnum():
            return c  # snake_case: an intraword "_" is text
        return "\\" + c

    return _DELIMITER.sub(one, line)


def _escape_line(line: str, edges: bool = True, *, backticks: bool = False,
                 link_text: bool = False) -> str:
    # Each step is skipped when its character is absent: the same result, found without
    # scanning the line (escaping is most of the time of a Markdown build).
    core = _BACKSLASH.sub(r"\\\\", line) if "\\" in line else line
    if backticks or not edges:  # a piece's backtick may pair with one in another piece
        core = core.replace("`", "\\`")
    core = _delimiters(core)
    if "&" in core:
        core = _ENTITY.sub("\\&", core)
    if "<" in core:
        core = _HTML_OR_AUTOLINK.sub("\\<", core)
    if not edges:  # what follows a piece is not known: an entity or a tag might continue it
        core = _PIECE_END.sub(r"\\\1", core)
    if link_text:
        core = _BRACKET.sub(r"\\\1", core)
    elif "]" in core:
        core = (_LINK_CLOSE if not edges else _LINK_BEFORE_PAREN).sub("\\]", core)
    if not edges and "!" in core:
        core = _BANG.sub("\\!", core)
    if edges:
        start = _LINE_START.match(core)
        if start:
            core = _line_start(start) + core[start.end():]
        if "#" in core:
            core = _TRAILING_HASH.sub(lambda m: "\\" + m.group(1), core)
        # Leading and trailing whitespace is stripped by parsers (and two trailing spaces
        # make a hard break), so it is written as character references, kept as text.
        if core[:1].isspace() or core[-1:].isspace():
            core = _EDGE_SPACE.sub(_ref, core)
    # A carriage return would end the line for a parser; keep it as text.
    return core.replace("\r", "&#13;")


def escape_inline(text: str, *, edges: bool = True) -> str:
    """Escape text so it is read back verbatim wherever it sits in a line of Markdown.

    ``edges=False`` leaves leading/trailing whitespace alone, for pieces joined mid-line.
    """
    ticks = "`" in text
    return "\n".join(_escape_line(line, edges, backticks=ticks) for line in text.split("\n"))


def blockquote(text: str) -> Markup:
    """A quote as a CommonMark block quote: paragraphs kept, line breaks as hard breaks."""
    blocks = []
    for para in paragraphs(text):
        lines = [_escape_line(line, backticks="`" in para) for line in para.split("\n")]
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
            text = "\n".join(_escape_line(x, False, backticks=True, link_text=True)
                             for x in part.text.split("\n"))
            out.append(f"[{text}](<{part.url}>)")  # a linked title
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


def render_markdown(template: Path, context: dict[str, object], *, user_template: bool) -> str:
    """Render a document's ``context`` through a Markdown template (sandboxed when it is the
    user's); every value is escaped for Markdown on its way out."""
    source = read_template(template)
    env = make_env(sandboxed=user_template, finalize=finalize)
    env.filters.update(
        blockquote=blockquote, cite=cite, emphasis=emphasis, list_item=list_item,
        escape_md=escape_inline,
    )
    with template_errors(template), bounded(template, user_template):
        text = env.from_string(source).render(context)
    # One trailing newline, whatever the template ends with.
    return text.rstrip("\n") + "\n"
