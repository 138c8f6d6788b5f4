"""Rendering a schedule: Markdown through ``schedule.md.j2``, Word through ``schedule.docx``.

The escaping, citation and sandbox rules are those of the bundles (:mod:`cocite.render`):
every value is escaped for its format, a quote is never template code, and the Word file is
read back to check every quote paragraph came out verbatim before anything is written.
"""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path


from cocite.errors import RenderError, TemplateError
from cocite.render.jinja import make_env, read_template, template_errors
from cocite.schedule.model import Schedule

DOCX_TEMPLATE = "schedule.docx"
MD_TEMPLATE = "schedule.md.j2"


def render_markdown(schedule: Schedule, template: Path, *, user_template: bool = False) -> str:
    from cocite.render import markdown as md

    source = read_template(template)
    env = make_env(sandboxed=user_template, finalize=md.finalize)
    env.filters.update(
        blockquote=md.blockquote, cite=md.cite, emphasis=md.emphasis, list_item=md.list_item,
        escape_md=md.escape_inline,
    )
    with template_errors(template):
        text = env.from_string(source).render(schedule.as_dict())
    return text.rstrip("\n") + "\n"


def render_docx(schedule: Schedule, template: Path, *, built: datetime | None = None,
                user_template: bool = False) -> bytes:
    """The schedule as the bytes of a .docx file, checked to hold every quote verbatim."""
    from docx.opc.exceptions import PackageNotFoundError
    from docxtpl import DocxTemplate

    from cocite.render.docx import Citer, check_characters, document_text, finalize

    check_characters(schedule.extracts)
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
    env.trim_blocks = env.lstrip_blocks = False
    with template_errors(template):
        tpl.render(schedule.as_dict(), jinja_env=env, autoescape=True)
    props = tpl.docx.core_properties
    props.title = schedule.title
    props.author = "cocite"
    props.comments = f"{schedule.practice_direction} | data {schedule.data_version}"
    if built is not None:
        naive = built.replace(tzinfo=None)
        props.created = props.modified = props.last_printed = naive
    props.last_modified_by = schedule.generator
    props.revision = 1
    out = io.BytesIO()
    tpl.save(out)
    data = out.getvalue()
    text = document_text(data)
    for e in schedule.extracts:
        if any(para not in text for para in e.paragraphs):
            raise RenderError(
                f"extract {e.number} (record {e.id}): the quote did not come out verbatim in "
                "the Word file (check the template shows e.paragraphs); nothing was written"
            )
    return data
