"""A user's template is not a way in: it renders in Jinja's sandbox.

Each template below tries to reach Python internals (and through them ``os.system``). Every
attempt must end with exit 1, one clear line naming the template, no traceback, no output
file, and no side effect: the ``touch`` the gadget chains aim at never runs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import DATA

from cocite.cli import cli

LIBRARY = DATA / "bundle-library"
UNSAFE = "the template tried something unsafe: access to attribute"
TOUCH = "touch pwned"

# (name, template body, the message after "Error: TEMPLATE: ")
ATTEMPTS = [
    ("str-mro", "{{ ''.__class__.__mro__ }}", f"{UNSAFE} '__class__' of 'str' object is unsafe."),
    ("subclasses", "{{ ''.__class__.__mro__[1].__subclasses__() }}",
     f"{UNSAFE} '__class__' of 'str' object is unsafe."),
    ("data-subclasses", "{{ title.__class__.__base__.__subclasses__() }}",
     f"{UNSAFE} '__class__' of 'str' object is unsafe."),
    ("attr-filter", "{{ (title|attr('__class__')).__subclasses__() }}",
     f"{UNSAFE} '__class__' of 'str' object is unsafe."),
    ("format-string", "{{ '{0.__class__.__subclasses__}'.format(title) }}",
     f"{UNSAFE} '__class__' of 'str' object is unsafe."),
    ("cycler-globals", f"{{{{ cycler.__init__.__globals__.os.system('{TOUCH}') }}}}",
     f"{UNSAFE} '__init__' of 'type' object is unsafe."),
    ("joiner-globals", f"{{{{ joiner.__init__.__globals__.os.popen('{TOUCH}').read() }}}}",
     f"{UNSAFE} '__init__' of 'type' object is unsafe."),
    ("namespace-globals", "{{ namespace.__init__.__globals__ }}",
     f"{UNSAFE} '__init__' of 'type' object is unsafe."),
    # lipsum is not offered to user templates at all (see cocite/render/jinja.py).
    ("lipsum-globals", f"{{{{ lipsum.__globals__['os'].system('{TOUCH}') }}}}",
     "the template uses an unknown field: 'lipsum' is undefined"),
    ("self-globals", "{{ self.__init__.__globals__ }}",
     f"{UNSAFE} '__init__' of 'TemplateReference' object is unsafe."),
    ("record-class", "{% for e in extracts %}{{ e.record.__class__ }}{% endfor %}",
     f"{UNSAFE} '__class__' of 'Record' object is unsafe."),
    ("type-mro", "{{ dict.mro() }}", f"{UNSAFE} 'mro' of 'type' object is unsafe."),
    ("config", "{{ config.items() }}",
     "the template uses an unknown field: 'config' is undefined"),
    ("request", "{{ request.application.__globals__ }}",
     "the template uses an unknown field: 'request' is undefined"),
]

# These once escaped as TypeError/OverflowError (exit 3, "a bug"); now clean errors.
CRASHING = [
    pytest.param("include", '{% include "/etc/passwd" %}', "include"),
    pytest.param("import", '{% import "os" as os %}', "import"),
    pytest.param("extends", '{% extends "/etc/passwd" %}', "extends"),
    pytest.param("huge-range", "{% for i in range(10**6) %}{% endfor %}", "range"),
    # lipsum() is not offered to user templates: lipsum(n=10**9) would run for hours.
    pytest.param("lipsum", "{{ lipsum(n=10**9) }}", "lipsum"),
]


def build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, template: str, out: str) -> Result:
    monkeypatch.chdir(tmp_path)
    return CliRunner().invoke(
        cli, ["--data", str(LIBRARY), "build", "--all", "--template", template, "-o", out],
    )


def _leftovers(tmp_path: Path, template: str) -> list[str]:
    return sorted(p.name for p in tmp_path.iterdir() if p.name not in (template, "xdg-cache"))


@pytest.mark.parametrize(("name", "body", "message"), ATTEMPTS, ids=[a[0] for a in ATTEMPTS])
def test_markdown_template_cannot_reach_python(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, body: str, message: str
) -> None:
    (tmp_path / "evil.md.j2").write_text(f"# {{{{ title }}}}\n\n{body}\n", encoding="utf-8")
    result = build(tmp_path, monkeypatch, "evil.md.j2", "out.md")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1, "", f"Error: evil.md.j2: {message}\n",
    )
    assert _leftovers(tmp_path, "evil.md.j2") == [], "no output file, no side effect"


def _docx_template(path: Path, body: str) -> None:
    from docx import Document

    doc = Document()
    doc.add_paragraph("{{ title }}")
    doc.add_paragraph(body)
    doc.save(str(path))


@pytest.mark.parametrize(("name", "body", "message"), ATTEMPTS, ids=[a[0] for a in ATTEMPTS])
def test_docx_template_cannot_reach_python(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, body: str, message: str
) -> None:
    _docx_template(tmp_path / "evil.docx", body)
    result = build(tmp_path, monkeypatch, "evil.docx", "out.docx")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1, "", f"Error: evil.docx: {message}\n",
    )
    assert _leftovers(tmp_path, "evil.docx") == [], "no output file, no side effect"


@pytest.mark.parametrize(("name", "body", "word"), CRASHING)
def test_template_tags_that_load_other_files_fail_cleanly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, body: str, word: str
) -> None:
    (tmp_path / "evil.md.j2").write_text(body + "\n", encoding="utf-8")
    result = build(tmp_path, monkeypatch, "evil.md.j2", "out.md")
    assert result.exit_code == 1, result.stderr
    assert result.stderr.startswith("Error: evil.md.j2: ")
    assert "Traceback" not in result.output and "bug in cocite" not in result.stderr
    assert _leftovers(tmp_path, "evil.md.j2") == []


def test_the_same_gadget_in_a_quote_is_only_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Data is never template code, even for the packaged (unsandboxed) templates."""
    lib = tmp_path / "lib"
    lib.mkdir()
    for name in ("vocabulary.yaml", "reports.yaml"):
        (lib / name).write_bytes((LIBRARY / name).read_bytes())
    gadget = f"{{{{ cycler.__init__.__globals__.os.system('{TOUCH}') }}}}"
    (lib / "excerpts.yaml").write_text(
        "- id: gadget\n  topics: [stigma]\n  material: interview\n"
        f"  quote: \"{gadget}\"\n"
        '  source: {author: Vatra, kind: interview, date: "2023-06-05"}\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    for out in ("out.md", "out.docx"):
        result = CliRunner().invoke(cli, ["--data", "lib", "build", "--all", "-o", out, "-q"])
        assert (result.exit_code, result.stderr) == (0, "")
    assert gadget.replace("_", "\\_") in (tmp_path / "out.md").read_text(encoding="utf-8")
    from cocite.render.docx import document_text

    assert gadget in document_text((tmp_path / "out.docx").read_bytes())
    assert not (tmp_path / "pwned").exists()
