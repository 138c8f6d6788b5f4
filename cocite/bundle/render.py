"""A bundle to Markdown or Word, through its templates (:mod:`cocite.render`)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from cocite.bundle.model import Bundle


def bundle_markdown(bundle: Bundle, template: Path, *, user_template: bool) -> str:
    from cocite.render.markdown import render_markdown

    return render_markdown(template, bundle.as_dict(), user_template=user_template)


def bundle_docx(bundle: Bundle, template: Path, *, user_template: bool,
                built: datetime | None = None) -> bytes:
    """The bundle as the bytes of a .docx file, checked to hold every quote verbatim."""
    from cocite.render.docx import render_word  # heavy: python-docx, docxtpl, lxml

    return render_word(
        template, bundle.as_dict(), bundle.extracts, user_template=user_template,
        title=bundle.title, comments=bundle.prepared_with,
        generator=bundle.generator, built=built,
        label=lambda e: f"record {e.id}",
    )
