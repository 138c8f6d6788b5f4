"""Measuring the schedule (`schedule/measure.py`): the estimator's styles are the template's."""

from __future__ import annotations

from docx import Document

from cocite.resources import template_path
from cocite.schedule.measure import PARAGRAPH_STYLES


def test_estimator_styles_mirror_the_template() -> None:
    doc = Document(str(template_path("schedule.docx")))
    for key, style in PARAGRAPH_STYLES.items():
        # "X Kept": style X with the template's direct keep-with-next on that paragraph.
        name = key.removesuffix(" Kept")
        fmt = doc.styles[name].paragraph_format
        assert (fmt.space_after.pt if fmt.space_after is not None else 0) == style.after, name
        assert (fmt.space_before.pt if fmt.space_before is not None else 0) == style.before, name
        if key != name:
            assert style.keep_next, key
        else:
            assert bool(fmt.keep_with_next) == style.keep_next, name
        size = doc.styles[name].font.size
        assert (size.pt if size else 12) == style.size, name
