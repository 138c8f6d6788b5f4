"""Rendering a schedule: Markdown through ``schedule.md.j2``, Word through ``schedule.docx``.

The escaping, citation and sandbox rules are those of the bundles (:mod:`cocite.render`):
every value is escaped for its format, a quote is never template code, and the Word file is
read back to check every quote paragraph came out verbatim before anything is written.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from cocite.render.jinja import bounded, make_env, read_template, template_errors
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
    with template_errors(template), bounded(template, user_template):
        text = env.from_string(source).render(schedule.as_dict())
    return text.rstrip("\n") + "\n"


def render_docx(schedule: Schedule, template: Path, *, built: datetime | None = None,
                user_template: bool = False) -> bytes:
    """The schedule as the bytes of a .docx file, checked to hold every quote verbatim."""
    from cocite.render.docx import render_word

    return render_word(
        template, schedule.as_dict(), schedule.extracts, user_template=user_template,
        title=schedule.title,
        comments=f"{schedule.practice_direction} | {schedule.prepared_with}",
        generator=schedule.generator, built=built,
        label=lambda e: f"extract {e.number} (record {e.id})",
    )
