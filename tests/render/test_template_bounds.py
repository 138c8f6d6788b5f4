"""A user's template cannot reach the network or run unbounded.

Linked (external) images, attached templates and INCLUDEPICTURE-style fields are refused
before anything is written or handed to LibreOffice; LibreOffice runs without network where
the system allows; an expression that would build a huge number or string, a loop that runs
too long, a macro that calls itself: each ends with exit 1 and one clear line.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import DATA

from cocite import libreoffice
from cocite.cli import cli
from cocite.render.external import external_references

LIBRARY = DATA / "bundle-library"


def build(tmp_path: Path, template: Path, out: str, **env: str) -> Result:
    return CliRunner().invoke(cli, ["--data", str(LIBRARY), "build", "--all", "--template",
                                    str(template), "-o", str(tmp_path / out)], env=env)


def _template(path: Path, *, link: str | None = None, field: str | None = None,
              attached: str | None = None, body: str = "{{ title }}") -> Path:
    from xml.sax.saxutils import quoteattr

    from docx import Document
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import parse_xml

    doc = Document()
    doc.add_paragraph(body)
    if link:
        doc.part.relate_to(link, RT.IMAGE, is_external=True)
    if field:
        doc.element.body.insert(0, parse_xml(
            '<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f'<w:fldSimple w:instr={quoteattr(field)}/></w:p>'))
    if attached:
        doc.part._settings_part.relate_to(
            attached, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
            "attachedTemplate", is_external=True)
    doc.save(str(path))
    return path


@pytest.mark.parametrize(("kwargs", "what"), [
    ({"link": "http://127.0.0.1:9/pixel.png"}, "a linked image: http://127.0.0.1:9/pixel.png"),
    ({"field": 'INCLUDEPICTURE "http://127.0.0.1:9/p.png" \\d'},
     "a INCLUDEPICTURE field in word/document.xml"),
    ({"attached": "http://127.0.0.1:9/t.dotx"},
     "a linked attachedTemplate: http://127.0.0.1:9/t.dotx"),
])
@pytest.mark.parametrize("out", ["b.docx", "b.pdf"])
def test_external_references_refused_before_anything_is_written(
    tmp_path: Path, kwargs: dict[str, str], what: str, out: str,
) -> None:
    tpl = _template(tmp_path / "t.docx", **kwargs)
    result = build(tmp_path, tpl, out)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {tpl}: the template refers to {what}, which Word or LibreOffice would fetch "
        "from the network; embed it in the template (Insert > Picture, not 'Link to file') or "
        "remove it\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.docx", "xdg-cache"]


def test_hyperlinks_are_not_external_references(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--data", str(LIBRARY), "build", "--all", "-o",
                                      str(tmp_path / "b.docx")])
    assert result.exit_code == 0, result.output
    data = (tmp_path / "b.docx").read_bytes()
    import zipfile

    with zipfile.ZipFile(tmp_path / "b.docx") as z:
        rels = z.read("word/_rels/document.xml.rels")
    assert b'TargetMode="External"' in rels  # the citations link their sources
    assert external_references(data) == []


def test_libreoffice_runs_without_network_where_possible(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[str]] = []
    monkeypatch.setattr(libreoffice, "find_soffice", lambda: "/bin/true")
    monkeypatch.setattr(libreoffice, "_run", lambda cmd, timeout, what: seen.append(cmd))
    with pytest.raises(Exception, match="did not produce a PDF"):
        libreoffice.docx_to_pdf(b"PK")
    assert seen[0][: len(libreoffice.offline_prefix()) + 1] == [*libreoffice.offline_prefix(), "/bin/true"]
    import shutil
    import subprocess

    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-rn", "true"], check=False).returncode == 0:
        assert libreoffice.offline_prefix() == [unshare, "-rn"]


BOUNDS = [
    ("nested-ranges", "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}"
     "{% endfor %}", "the template ran for more than 1 seconds and was stopped (a loop too "
     "large?); set COCITE_TEMPLATE_SECONDS to allow more"),
    ("huge-power", "{{ 7**99999999 }}",
     "the template tried something unsafe: the result of '**' would be too large"),
    ("huge-string", "{{ 'x' * 10**10 }}",
     "the template tried something unsafe: the result of '*' would be too large"),
    ("recursive-macro", "{% macro f(x) %}{{ f(x) }}{% endmacro %}{{ f(1) }}",
     "the template calls itself too deeply (a macro that calls itself?)"),
    ("long-number", "{{ 10**5000 }}", "template error: a number in the template is too long "
     "to print"),
]


@pytest.mark.parametrize(("name", "body", "message"), BOUNDS, ids=[b[0] for b in BOUNDS])
@pytest.mark.parametrize("kind", ["md", "docx"])
def test_template_bounded_in_time_and_size(
    tmp_path: Path, name: str, body: str, message: str, kind: str,
) -> None:
    if kind == "md":
        tpl = tmp_path / "t.md.j2"
        tpl.write_text(body + "\n", encoding="utf-8")
    else:
        tpl = _template(tmp_path / "t.docx", body=body)
    result = build(tmp_path, tpl, f"b.{kind}", COCITE_TEMPLATE_SECONDS="1")
    assert (result.exit_code, result.stderr) == (1, f"Error: {tpl}: {message}\n")
    assert not (tmp_path / f"b.{kind}").exists()


@pytest.mark.parametrize("value", ["0", "abc", "nan"])
def test_bad_template_seconds_is_a_usage_error(tmp_path: Path, value: str) -> None:
    tpl = tmp_path / "t.md.j2"
    tpl.write_text("{{ title }}\n")
    result = build(tmp_path, tpl, "b.md", COCITE_TEMPLATE_SECONDS=value)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: COCITE_TEMPLATE_SECONDS={value!r}: ")


@pytest.mark.parametrize("kind", ["md", "docx"])
def test_template_output_bounded(tmp_path: Path, kind: str,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from cocite.render import jinja

    monkeypatch.setattr(jinja, "MAX_OUTPUT", 100_000)  # 200 million in real use
    body = "{% for i in range(9999) %}{{ 'x' * 999 }}{% endfor %}"
    if kind == "md":
        tpl = tmp_path / "t.md.j2"
        tpl.write_text(body + "\n", encoding="utf-8")
    else:
        tpl = _template(tmp_path / "t.docx", body=body)
    result = build(tmp_path, tpl, f"b.{kind}")
    assert (result.exit_code, result.stderr) == (
        1, f"Error: {tpl}: the template tried something unsafe: the output would be longer "
        "than 100,000 characters\n")
