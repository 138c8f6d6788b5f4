"""Templates (`render/jinja.py`): a user's template's errors name the template and the line;
it renders in the sandbox."""

from __future__ import annotations

from pathlib import Path

import pytest
from bundle_support import hostile_bundle, markdown_of

from cocite.errors import TemplateError


def test_user_template_unknown_field_names_the_template(tmp_path: Path) -> None:
    tpl = tmp_path / "firm.md.j2"
    tpl.write_text("# {{ title }}\n{{ nonsense }}\n", encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        markdown_of(hostile_bundle(), tpl)
    assert str(info.value) == f"{tpl}: the template uses an unknown field: 'nonsense' is undefined"


def test_user_template_syntax_error_names_the_line(tmp_path: Path) -> None:
    tpl = tmp_path / "firm.md.j2"
    tpl.write_text("# {{ title }}\n\n{% for x in %}\n", encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        markdown_of(hostile_bundle(), tpl)
    assert str(info.value).startswith(f"{tpl}:3: template syntax error: ")


def test_user_template_is_sandboxed(tmp_path: Path) -> None:
    tpl = tmp_path / "evil.md.j2"
    tpl.write_text("{{ title.__class__.__mro__[1].__subclasses__() }}\n", encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        markdown_of(hostile_bundle(), tpl)
    assert "unsafe" in str(info.value) or "unknown field" in str(info.value)
