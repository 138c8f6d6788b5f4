"""Helpers for the bundle tests: records and libraries made in Python, hostile texts, bundles
made and rendered, and Markdown read back as CommonMark."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import DATA
from markdown_it import MarkdownIt
from markdown_it.token import Token

from cocite.bundle.model import Bundle, make_bundle
from cocite.bundle.render import bundle_docx, bundle_markdown
from cocite.cli import cli
from cocite.models import CitedIn, Record, Report, Source, Term, Translation, Vocabulary
from cocite.query import Selection, select
from cocite.resources import template_path

VOCABULARY = Vocabulary(
    topics=(
        Term("stigma", "Stigma", aliases=("shame",), sections=("1.6",)),
        Term("statistics", "Statistics", aliases=("stats",)),
        Term("blood-feud", "Blood feud", aliases=("gjakmarrja",)),
    ),
    profiles=(
        Term("male", "Men and boys", aliases=("men", "man")),
        Term("child", "Children", aliases=("children", "minor")),
        Term("female", "Women and girls", aliases=("women",)),
    ),
    shorthands={"boys": ("male", "child")},
)
REPORT = Report(
    "asylos-albania-trafficking-2024", "Albania: Trafficking", "Asylos and ARC Foundation",
    "2024-03", "https://www.asylos.eu/albania-trafficking", country="AL",
)

# Texts that would become markup, template code or broken XML if not escaped.
HOSTILE = [
    "# Not a heading",
    "- not a list item\n+ nor this\n* nor this",
    "1. not a numbered list\n2) nor this",
    "> not a nested quote",
    "*not emphasis* and _not_ either, **nor** __this__",
    "<b>not bold</b> & <script>alert(1)</script>",
    "| a | b |\n|---|---|\n| not | a table |",
    "&amp; stays &amp; and &#169; stays &#169;",
    "back\\slash \\* and a trailing backslash\\",
    "trailing spaces   \nand a line after",
    "   leading spaces and\ttabs\t",
    "{{ x }} and {% if true %}not jinja{% endif %} and {# nor this #}",
    "docxtpl {_{ markers }_} {_% and %_}",
    "]]> <w:p><w:r><w:t>not xml</w:t></w:r></w:p> \"quoted\" 'single'",
    "Setext underline next\n===\nand\n---",
    "`code` ``more`` ~~strike~~ [link](http://example.com) ![img](x.png) <http://auto.link>",
    "עברית עם English ومعها العربية",
    "emoji 👨‍👩‍👧 and flags 🇦🇱 and combining e\u0301 a\u0308 Z\u0335",
    "non-breaking\u00a0space and zero\u200bwidth",
    "First paragraph.\n\nSecond paragraph,\nwith a line break.\n\nThird.",
]


def source(**kw: Any) -> Source:
    base: dict[str, Any] = dict(
        author="UK Home Office", kind="report", date="2022-12",
        title="Report of a fact-finding mission: Albania: Human trafficking",
        url="https://www.gov.uk/government/publications/albania-ffm",
    )
    base.update(kw)
    return Source(**base)


def record(id: str, **kw: Any) -> Record:
    base: dict[str, Any] = dict(
        topics=("stigma",), material="desk-review", quote=f"Quote of {id}.", source=source(),
        cited_in=(CitedIn(REPORT.id, "1.6"),),
    )
    src = kw.pop("src", None)
    if src:
        base["source"] = source(**src)
    base.update(kw)
    for key in ("topics", "profiles", "footnotes"):
        if key in base:
            base[key] = tuple(base[key])
    if isinstance(base.get("translation"), dict):
        base["translation"] = Translation(**base["translation"])
    return Record(id=id, **base)


_DATA = Path(__file__).resolve().parents[1] / "data"


@dataclass(frozen=True)
class FakeLibrary:
    """Quacks like cocite.library.Library for select() and the renderers."""

    records: tuple[Record, ...]
    vocabulary: Vocabulary = VOCABULARY
    reports: dict[str, Report] = field(default_factory=lambda: {REPORT.id: REPORT})
    version: str = "sha256 0123456789abcdef"
    source: str = "tests/fixture"
    # The files a data version is the digest of (here: the bundled vocabulary and reports).
    files: Any = field(default_factory=lambda: SimpleNamespace(
        origin="fixture", excerpts=(), vocabulary=_DATA / "vocabulary.yaml",
        reports=_DATA / "reports.yaml"))


def library(*records: Record) -> FakeLibrary:
    return FakeLibrary(tuple(records))


def hostile_library() -> FakeLibrary:
    recs = [
        record(
            f"hostile-{i:02d}", quote=text, lead_in=f"Lead-in {i}: {text.splitlines()[0]}",
            src={"url": f"https://example.org/hostile/{i}?a=1&b=<2>", "title": text.split("\n")[0]},
            footnotes=[f"{i} {text.splitlines()[-1]}"],
        )
        for i, text in enumerate(HOSTILE, start=1)
    ]
    recs.append(record(
        "translated", quote="Men stay indoors.",
        translation={"language": "sq", "original": "Burrat qëndrojnë brenda.\n\n# {{ x }} <b>",
                     "note": "In-house translation"},
        src={"url": None},
    ))
    return library(*recs)


# --- bundles, rendered -------------------------------------------------------------------------

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def bundle_of(lib: Any, **kw: Any) -> Bundle:
    sel = Selection(all=True)
    return make_bundle(lib, select(lib, sel), sel, now=NOW, **kw)


def word_of(bundle: Bundle, template: Path | None = None) -> bytes:
    return bundle_docx(bundle, template or template_path("bundle.docx"),
                       user_template=template is not None, built=NOW)


def markdown_of(bundle: Bundle, template: Path | None = None) -> str:
    return bundle_markdown(bundle, template or template_path("bundle.md.j2"),
                           user_template=template is not None)


def hostile_bundle() -> Bundle:
    lib = hostile_library()
    return make_bundle(lib, select(lib, Selection(all=True)), Selection(all=True), now=NOW)


# --- Markdown, read back -----------------------------------------------------------------------

MD = MarkdownIt("commonmark")


def inline_text(token: Token) -> str:
    """The text a reader sees in an inline token; fails on anything that became markup."""
    out = []
    for child in token.children or []:
        if child.type == "text":
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append("\n")
        elif child.type in ("em_open", "em_close", "strong_open", "strong_close", "link_open",
                            "link_close"):
            continue
        else:
            raise AssertionError(f"unexpected markup {child.type}: {child.content!r}")
    return "".join(out)


def quote_paragraphs(markdown: str) -> list[list[str]]:
    """The paragraphs of each top-level block quote, as text."""
    quotes: list[list[str]] = []
    depth = 0
    tokens = MD.parse(markdown)
    for i, tok in enumerate(tokens):
        if tok.type == "blockquote_open":
            depth += 1
            assert depth == 1, "a quote must never produce a nested block quote"
            quotes.append([])
        elif tok.type == "blockquote_close":
            depth -= 1
        elif depth and tok.type not in ("paragraph_open", "paragraph_close", "inline"):
            raise AssertionError(f"unexpected block {tok.type} inside a quote")
        elif depth and tok.type == "inline":
            quotes[-1].append(inline_text(tok))
    return quotes


# The `cocite build`/`list` command-line fixtures (imported by the test files that use them).
LIB = DATA / "bundle-library"


@pytest.fixture
def work(tmp_path: Path) -> Path:
    # A folder of its own: tmp_path also holds the test cache.
    (tmp_path / "work").mkdir()
    return tmp_path / "work"


@pytest.fixture
def run(runner: CliRunner, work: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(work)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1714564800")

    def invoke(*args: str):  # type: ignore[no-untyped-def]
        return runner.invoke(cli, ["--data", str(LIB), *args], catch_exceptions=False)

    return invoke
