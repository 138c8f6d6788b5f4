"""Word documents: a .docx with Jinja tags, rendered with docxtpl (bundles and schedules).

Imported only when a DOCX is built (docxtpl pulls in python-docx and lxml, which are slow
to import). Three docxtpl behaviours are guarded against here, because each would silently
change a quote:

* without escaping, ``<`` or ``&`` in a value make the XML invalid and docxtpl's lenient
  parser drops text; every value is therefore escaped (see :func:`finalize`);
* after rendering, docxtpl turns ``{_{`` into ``{{`` (and the like) everywhere; braces in
  values are written as character references so that never matches data;
* characters XML cannot hold, and controls docxtpl gives meaning to (``\\a``, ``\\f``), are
  refused with the record named, rather than dropped.

Finally the rendered document is read back and every quote paragraph must be found in it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from markupsafe import Markup

from cocite.citation.parts import Part
from cocite.errors import RenderError, TemplateError
from cocite.render.fields import xml_text
from cocite.render.jinja import bounded, make_env, template_errors

# XML 1.0 forbids C0 controls other than tab/newline/CR; CR would not survive Word either.
_BAD_CHARS = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff\ud800-\udfff]")


def finalize(value: Any) -> Any:
    """Every ``{{ value }}`` passes here: plain values are escaped, rich text is left alone."""
    if value is None:
        return Markup("")
    if hasattr(value, "__html__"):
        return value
    return Markup(xml_text(str(value)))


def check_characters(extracts: Iterable[Any]) -> None:
    """RenderError naming the record and field of the first character Word cannot hold.

    Works on the extracts of a bundle and of a schedule alike (same field names).
    """
    for e in extracts:
        fields: list[tuple[str, str | None]] = [
            ("quote", e.quote), ("lead_in", e.lead_in), ("source", e.citation),
            ("cited_in", e.cited_in),
        ]
        fields += [("footnotes", f) for f in e.footnotes]
        if e.translation is not None:
            fields += [("translation.original", e.translation.original),
                       ("translation.note", e.translation.note)]
        for name, text in fields:
            if text and (m := _BAD_CHARS.search(text)):
                raise RenderError(
                    f"record {e.id}: {name}: contains the control character "
                    f"U+{ord(m.group()):04X}, which a Word file cannot hold; "
                    "fix the record (cocite validate reports it too)"
                )


# A printed URL breaks only after "/", "?", "&" or "-". LibreOffice breaks after "-" and
# "?" by itself, but after "/" only sometimes (not before a capital or between digits) and
# never after "&": a zero-width space there in the text shown (never in the link, nor after
# "https://"; a PDF's text leaves it out) makes those breaks. It would also break before a
# "%" that follows a letter ("...Annual" / "%20Report.pdf"; no invisible joiner stops it, it
# only moves the break a letter back) or after a "!", and anywhere in a part too long for a
# line: such a part is shown shortened, with "..." (where LibreOffice never breaks) for what
# is left out, e.g. "file/Survey...Roma.pdf". The hyperlink is always the whole URL.
_BREAK, _ELLIPSIS = "\u200b", "..."
_URL_PART = re.compile(r"[^/?&\-]*(?:[/?&\-]+|$)")
# What LibreOffice may break before ("%20" after a letter) or after ("!").
_BAD_BREAK = re.compile(r"(?<=[^0-9/?&\-])%(?:[0-9A-Fa-f]{2})?|!(?=.)")
URL_PART_PT = 380.0  # widest part shown at 12 pt: a Source Entry line is about 428 points


def url_display(url: str) -> str:
    """The text that shows ``url`` in a Word file (see above)."""
    from cocite.layout import text_width

    shown = ""
    for part in _URL_PART.findall(url):
        part = _without_bad_breaks(part)
        if text_width(part, 12) > URL_PART_PT:
            part = _shortened(part, text_width)
        shown += part + (_BREAK if part.endswith(("/", "&")) and not part.endswith("://")
                         else "")
    return shown.removesuffix(_BREAK)


def _without_bad_breaks(part: str) -> str:
    """``part`` without what lies from its first to its last bad break (see above)."""
    bad = list(_BAD_BREAK.finditer(part))
    if not bad:
        return part
    return part[:bad[0].start()] + _ELLIPSIS + part[bad[-1].end():]


def _shortened(part: str, width: Callable[[str, float], float]) -> str:
    """``part`` with its middle left out, as wide as URL_PART_PT at most."""
    room = URL_PART_PT - width(_ELLIPSIS, 12)
    tail = ""
    for c in reversed(part):
        if width(c + tail, 12) > room / 3:
            break
        tail = c + tail
    head = ""
    for c in part:
        if width(head + c + tail, 12) > room:
            break
        head += c
    # Not inside a "%20": what is left out is whole characters of the address.
    head = re.sub(r"%[0-9A-Fa-f]?$", "", head)
    cut = len(part) - len(tail)
    inside = re.search(r"%[0-9A-Fa-f]?$", part[:cut])
    if inside:
        tail = tail[3 - (cut - inside.start()):]
    return f"{head}{_ELLIPSIS}{tail}"


class Citer:
    """Builds rich-text runs for citations: italic titles and one hyperlink per URL."""

    def __init__(self, template: Any) -> None:
        self.template = template

    def __call__(self, parts: Sequence[Part]) -> Markup:
        xml = []
        for part in parts:
            shown = url_display(part.text) if part.url and part.text == part.url else part.text
            text = f'<w:t xml:space="preserve">{xml_text(shown)}</w:t>'
            if part.url:
                rid = self.template.build_url_id(part.url)
                xml.append(
                    f'<w:hyperlink r:id="{rid}" w:history="1"><w:r><w:rPr>'
                    f'<w:rStyle w:val="Hyperlink"/></w:rPr>{text}</w:r></w:hyperlink>'
                )
            elif part.italic:
                xml.append(f"<w:r><w:rPr><w:i/><w:iCs/></w:rPr>{text}</w:r>")
            else:
                xml.append(f"<w:r>{text}</w:r>")
        return Markup("".join(xml))


def render_word(
    template: Path,
    context: dict[str, Any],
    extracts: Sequence[Any],
    *,
    user_template: bool,
    title: str,
    comments: str,
    generator: str,
    built: datetime | None,
    label: Callable[[Any], str],
) -> bytes:
    """Render ``context`` through a docxtpl Word template; the .docx file's bytes.

    Shared by bundles and schedules: the characters of every extract are checked first, and
    every quote paragraph is checked to be in the result exactly (``label`` names an extract
    in that message). Document properties follow ``built`` (``SOURCE_DATE_EPOCH``).
    """
    from docx.opc.exceptions import PackageNotFoundError
    from docxtpl import DocxTemplate

    check_characters(extracts)
    if not template.is_file():
        raise TemplateError(f"{template}: template not found")
    try:
        tpl = DocxTemplate(str(template))
        tpl.init_docx()
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise TemplateError(f"{template}: not a Word (.docx) template: {exc}") from exc
    except Exception as exc:  # zipfile.BadZipFile, lxml errors: all mean "not a .docx"
        raise TemplateError(f"{template}: not a Word (.docx) template ({exc})") from exc
    env = make_env(sandboxed=user_template, finalize=finalize, autoescape=True)
    env.filters["cite"] = Citer(tpl)
    from cocite.render import fields  # bookmarks, links and PAGEREF fields for an index

    env.globals.update(bookmark=fields.bookmark, link_to=fields.link_to,
                       pageref=fields.pageref, index_entry=fields.index_entry)
    env.filters["with_markers"] = fields.with_markers
    # docxtpl renders the XML as one template; block tags must not eat the XML's newlines.
    env.trim_blocks = env.lstrip_blocks = False
    with template_errors(template), bounded(template, user_template):
        tpl.render(context, jinja_env=env, autoescape=True)
    _set_properties(tpl.docx.core_properties, title, comments, generator, built)
    out = io.BytesIO()
    tpl.save(out)
    data = out.getvalue()
    _refuse_external(data, template)
    verify(data, extracts, label)
    return data


def _set_properties(props: Any, title: str, comments: str, generator: str,
                    built: datetime | None) -> None:
    """The document's properties. A property holds at most 255 characters and no control
    character: a long --title or many --id values are shortened with an ellipsis, not a crash."""
    from cocite.text_safety import document_property

    props.title = document_property(title)
    props.author = "cocite"
    props.comments = document_property(comments)
    if built is not None:
        naive = built.replace(tzinfo=None)
        props.created = props.modified = props.last_printed = naive
    props.last_modified_by = document_property(generator)
    props.revision = 1


def _refuse_external(data: bytes, template: Path) -> None:
    """Nothing in the result may be fetched from elsewhere (see cocite/render/external.py):
    checked before the file is written or handed to LibreOffice."""
    from cocite.render.external import external_references

    found = external_references(data)
    if found:
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise TemplateError(
            f"{template}: the template refers to {found[0]}{more}, which Word or LibreOffice "
            "would fetch from the network; embed it in the template (Insert > Picture, not "
            "'Link to file') or remove it"
        )


def document_text(data: bytes) -> str:
    """All paragraph text of a .docx (body and tables), one paragraph per line."""
    from docx import Document

    doc = Document(io.BytesIO(data))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                lines += [p.text for p in cell.paragraphs]
    return "\n".join(lines)


def verify(data: bytes, extracts: Sequence[Any], label: Callable[[Any], str]) -> None:
    """Every quote paragraph must be in the document exactly: a last guard against a
    template or the renderer dropping or changing text."""
    text = document_text(data)
    for e in extracts:
        if any(para not in text for para in e.paragraphs):
            raise RenderError(
                f"{label(e)}: the quote did not come out verbatim in the Word file "
                "(check the template shows e.paragraphs or e.quote); nothing was written"
            )
