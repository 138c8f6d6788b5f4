"""Word XML for an index with page numbers: bookmarks, PAGEREF fields and internal links.

A heading gets a bookmark (``{{r bookmark(issue.anchor) }}``); its index entry links to it
(``{{r link_to(issue.anchor, text) }}``, a link in Word and in LibreOffice's PDF) and shows its
page with a PAGEREF field (``{{r pageref(issue.anchor, issue.page) }}``). Word updates the
field when the document is printed or the fields are updated (F9); LibreOffice computes it
when it lays the document out, so a PDF always shows the real page. The number written in
the field (its cached result, what Word shows before an update) is the best one cocite has:
LibreOffice's layout when installed, else the estimator's.

Names are made here, never from data (``_Issue3``), and text is escaped for XML.
"""

from __future__ import annotations

import re

from markupsafe import Markup


def xml_text(text: str) -> str:
    """Escape text for a WordprocessingML ``w:t`` element, braces included."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace('"', "&quot;").replace("{", "&#123;").replace("}", "&#125;")
    )


_NAME = re.compile(r"_[A-Za-z]+[0-9]+")


def _check(name: str) -> str:
    if not _NAME.fullmatch(name):  # a template bug, not user data
        raise ValueError(f"not a bookmark name cocite makes: {name!r}")
    return name


def _id(name: str) -> int:
    # Stable and distinct per name: "_Issue3" -> 1003, "_Group12" -> 2012 (fewer than 1000).
    prefix = {"_Issue": 1000, "_Group": 2000, "_Sources": 3000,
              "_About": 4000}.get(re.sub(r"[0-9]+$", "", name), 9000)
    return prefix + int(re.sub(r"^\D+", "", name))


def bookmark(name: str) -> Markup:
    """An empty bookmark where the heading starts (a PAGEREF target)."""
    n = _check(name)
    i = _id(n)
    return Markup(f'<w:bookmarkStart w:id="{i}" w:name="{n}"/><w:bookmarkEnd w:id="{i}"/>')


def _runs(text: str) -> str:
    parts = text.split("\t")
    out = []
    for k, part in enumerate(parts):
        if k:
            out.append("<w:r><w:tab/></w:r>")
        if part:
            out.append(f'<w:r><w:t xml:space="preserve">{xml_text(part)}</w:t></w:r>')
    return "".join(out)


def link_to(name: str, text: str) -> Markup:
    """``text`` as a link to the bookmark (tabs kept as Word tabs)."""
    return Markup(f'<w:hyperlink w:anchor="{_check(name)}" w:history="1">{_runs(text)}'
                  "</w:hyperlink>")


def pageref(name: str, page: int | None) -> Markup:
    """The page of the bookmark, as a field; ``page`` is its cached result."""
    n = _check(name)
    shown = "" if page is None else str(page)
    return Markup(
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> PAGEREF {n} \\h </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f'<w:r><w:t>{shown}</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def index_entry(name: str, text: str, page: int | None) -> Markup:
    """A contents line: the linked text, a tab (to the right margin, dot leader) and the page."""
    return link_to(name, text) + Markup("<w:r><w:tab/></w:r>") + pageref(name, page)


# A footnote marker in a quote: the number of one of the extract's footnotes, right after a
# letter or closing punctuation and before a space or the end ("boys).’1", "Albania.94 ").
_MARKER = re.compile(r"(?<=[^\W\d_]|[.,;:!?)\]’”'\"])(\d{1,3})(?=\s|$)")


def footnote_numbers(footnotes: tuple[str, ...] | list[str]) -> set[str]:
    """The numbers the footnotes start with ("8 Different and Equal, 2015, ..." -> "8")."""
    return {m.group(1) for f in footnotes if (m := re.match(r"\s*(\d{1,3})\b", f))}


def with_markers(text: str, footnotes: tuple[str, ...] | list[str]) -> Markup:
    """A quote paragraph as Word runs, its footnote markers superscript (text unchanged)."""
    numbers = footnote_numbers(footnotes)
    runs, at = [], 0
    for m in _MARKER.finditer(text) if numbers else ():
        if m.group(1) not in numbers:
            continue
        runs.append(_plain(text[at:m.start()]))
        runs.append('<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                    f'<w:t xml:space="preserve">{xml_text(m.group(1))}</w:t></w:r>')
        at = m.end()
    runs.append(_plain(text[at:]))
    return Markup("".join(runs))


def _plain(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{xml_text(text)}</w:t></w:r>' if text else ""
