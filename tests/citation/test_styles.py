"""Citation styles by id or .csl file (`citation/styles.py`)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cocite.citation.format import citation_parts
from cocite.citation.styles import read_style_file, resolve
from cocite.errors import UsageError
from cocite.models import Source


def text(parts: tuple[object, ...]) -> str:
    return "".join(p.text for p in parts)  # type: ignore[attr-defined]


def test_dependent_style_resolves_to_its_parent() -> None:
    ref = resolve("2d-materials")
    assert ref.path is not None and ref.path.name == "institute-of-physics-numeric.csl"


@pytest.mark.parametrize(("name", "message"), [
    ("oscolla", "--style 'oscolla': unknown style; did you mean oscola"),
    # Not a CSL file / no file there (absolute, so the result does not depend on the folder
    # the tests run from: a relative ../../etc/passwd exists from some checkouts only).
    ("/etc/passwd", "--style /etc/passwd: not a CSL style"),
    ("/nonexistent/firm.csl", "--style /nonexistent/firm.csl: cannot open"),
    ("", "--style: empty"),
])
def test_unknown_styles_are_refused(name: str, message: str) -> None:
    with pytest.raises(UsageError) as info:
        resolve(name)
    assert str(info.value).startswith(message)


def test_style_files_must_be_small_regular_csl(tmp_path: Path) -> None:
    fifo = tmp_path / "style.csl"
    os.mkfifo(fifo)
    with pytest.raises(UsageError, match="not a regular file"):
        read_style_file(fifo)
    with pytest.raises(UsageError, match="not a regular file"):
        read_style_file(tmp_path)
    big = tmp_path / "big.csl"
    big.write_bytes(b"<style" + b" " * (3 * 1024 * 1024))
    with pytest.raises(UsageError, match="larger than"):
        read_style_file(big)
    other = tmp_path / "other.csl"
    other.write_text("hello", encoding="utf-8")
    with pytest.raises(UsageError, match="not a CSL style"):
        read_style_file(other)


def test_a_csl_file_is_used_as_given(tmp_path: Path) -> None:
    ref = resolve("apa")
    assert ref.path is not None
    mine = tmp_path / "firm.csl"
    mine.write_bytes(ref.text)
    src = Source(author="Arise", kind="report", date="2023", title="Youth")
    assert text(citation_parts(src, str(mine))) == text(citation_parts(src, "apa"))
