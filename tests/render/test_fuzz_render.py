"""Fuzzing the renderers: any text `validate` accepts comes back out exactly.

Each example is a record whose quote and lead-in are arbitrary Unicode (RTL and bidi
controls, combining marks, emoji sequences, astral planes, very long words, Markdown and XML
metacharacters, ``{{ }}``, ``{% %}``, docxtpl's ``{_{``), written with cocite's own YAML
writer, read back by the strict loader and checked by `validate`'s record checks: only what
the library would accept is rendered. Then the quote is read back from the output by an
independent reader (markdown-it-py; python-docx; pandoc on a smaller sample) and must equal
the record's text, paragraph by paragraph. A Jinja expression in the data that ran would
change the text (``{{ 7*7 }}`` would read ``49``), so equality also shows data is never
template code.

Example counts follow the hypothesis profile (``ci`` by default, ``long`` by hand):
Markdown bundle and schedule at the profile's count; a DOCX build costs ~50 ms, so the
DOCX properties run a sixth of it and pandoc a sixtieth (see ``COUNTS``).
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from bundle_support import MD, REPORT, VOCABULARY, inline_text, library, quote_paragraphs
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

from cocite import validate as V
from cocite.bundle.model import Bundle, make_bundle
from cocite.bundle.render import bundle_docx, bundle_markdown
from cocite.convert import to_record
from cocite.extracts import paragraphs
from cocite.problems import errors_in
from cocite.query import Selection, select
from cocite.record_checks import RecordChecks
from cocite.resources import template_path
from cocite.yamlio import dumps_records, loads

pytestmark = [pytest.mark.fuzz, pytest.mark.slow]

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
PROFILE: int = settings().max_examples  # the loaded profile: ci 300, long 20,000
COUNTS = {
    "markdown": PROFILE,
    "schedule-markdown": PROFILE,
    "docx": max(10, PROFILE // 6),
    "schedule-docx": max(10, PROFILE // 6),
    "pandoc": max(5, PROFILE // 60),
}

# --- the texts ------------------------------------------------------------------------------

SPECIAL = [
    "{{ 7*7 }}", "{% if true %}x{% endif %}", "{# c #}", "{%- raw -%}", "{{", "}}", "{%", "%}",
    "{_{", "}_}", "{_%", "%_}", "{{ self.__init__.__globals__ }}",
    "<w:t>", "</w:p>", "]]>", "&amp;", "&#169;", "&", "<", ">", '"', "'",
    "# ", "- ", "+ ", "* ", "1. ", "2) ", "> ", "===", "---", "***", "```", "~~~", "|", "\\",
    "`", "_", "*", "[", "]", "(", ")", "!", "<http://a.b>", "[x](y)",
    "\u202e", "\u202d", "\u200f", "\u200e", "\u2066", "\u2069",  # bidi controls
    "\u05e9\u05dc\u05d5\u05dd", "\u0645\u0631\u062d\u0628\u0627",  # Hebrew, Arabic
    "e\u0301", "a\u0308\u0323", "Z\u0335\u0336", "\u0d15\u0d4d\u0d37",  # combining marks
    "\U0001f468\u200d\U0001f469\u200d\U0001f467", "\U0001f1e6\U0001f1f1", "\U0001f600",
    "\U00010348", "\U0001d54f", "\U000e0041", "\U0010fffd",  # astral planes
    "\u00a0", "\u2003", "\u200b", "\ufeff", "\u2028", "\u2029",
    "\t", "\n", "\n\n", "  ", "   \n", "\u00eb\u00e7",
]

# What `validate` refuses in any text (C0 controls but tab and newline, DEL, C1 controls,
# U+FFFE/FFFF) is left out so that few examples are discarded; the rest of Unicode is in play.
REFUSED = "".join(map(chr, [*range(0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0),
                            0xFFFE, 0xFFFF]))
_CHARS = st.characters(exclude_categories=["Cs"], exclude_characters=REFUSED)
_FRAGMENT = st.one_of(
    st.sampled_from(SPECIAL),
    st.text(_CHARS, min_size=1, max_size=12),
    st.text("abcdefghijklmnopqrstuvwxyz\u00eb", min_size=200, max_size=3000),  # a long word
)
TEXT = st.lists(_FRAGMENT, min_size=1, max_size=12).map("".join)


def accepted(quote: str, lead_in: str | None = None) -> dict[str, Any] | None:
    """The record as cocite stores and re-reads it, or None when `validate` rejects it."""
    raw: dict[str, Any] = {
        "id": "fuzz", "topics": ["stigma"], "material": "desk-review",
        "lead_in": lead_in, "quote": quote,
        "source": {"author": "UK Home Office", "kind": "report", "date": "2022-12",
                   "title": "Report of a fact-finding mission", "url": "https://example.org/ffm"},
        "cited_in": [{"report": REPORT.id, "section": "1.6"}],
    }
    if lead_in is None:
        del raw["lead_in"]
    data = loads(dumps_records([raw]), "fuzz.yaml")
    problems, _ = V.records_problems(data, "fuzz.yaml")
    checks = RecordChecks(VOCABULARY, {REPORT.id}).file("fuzz.yaml")
    checks.record(data[0])
    if errors_in(problems + checks.problems):
        return None
    assert data[0]["quote"] == quote, "the writer and loader must keep the text exactly"
    return dict(data[0])


def bundle_for(*texts: tuple[str, str | None]) -> Bundle:
    records = []
    for i, (quote, lead_in) in enumerate(texts):
        raw = accepted(quote, lead_in)
        if currently_in_test_context():
            assume(raw is not None)  # validate refuses it: not a record the library can hold
        assert raw is not None, "validate refuses this text"
        records.append(to_record(raw)._replace(id=f"fuzz-{i}"))
    lib: Any = library(*records)  # quacks like a Library
    sel = Selection(all=True)
    return make_bundle(lib, select(lib, sel), sel, now=NOW)


# --- reading the outputs back ---------------------------------------------------------------


def markdown_emphasis(text: str) -> list[str]:
    """Every paragraph that is wholly in italics (the lead-ins)."""
    out = []
    for tok in MD.parse(text):
        kids = tok.children or []
        if tok.type == "inline" and kids and kids[0].type == "em_open" and kids[-1].type == "em_close":
            out.append(inline_text(tok))
    return out


def docx_paragraphs(data: bytes, style: str) -> list[str]:
    from docx import Document

    doc = Document(io.BytesIO(data))
    return [p.text for p in doc.paragraphs if p.style is not None and p.style.name == style]


def expected(bundle: Bundle) -> list[str]:
    return [p for e in bundle.extracts for p in e.paragraphs]


# --- bundles --------------------------------------------------------------------------------


@settings(max_examples=COUNTS["markdown"])
@given(quote=TEXT, lead_in=st.none() | TEXT)
def test_markdown_bundle_gives_back_the_quote(quote: str, lead_in: str | None) -> None:
    bundle = bundle_for((quote, lead_in))
    out = bundle_markdown(bundle, template_path("bundle.md.j2"), user_template=False)
    assert quote_paragraphs(out) == [list(paragraphs(quote))]
    if lead_in is not None:
        wanted = list(paragraphs(lead_in))
        assert [p for p in markdown_emphasis(out) if p in wanted] == wanted


@settings(max_examples=COUNTS["docx"])
@given(texts=st.lists(st.tuples(TEXT, st.none() | TEXT), min_size=1, max_size=3))
def test_docx_bundle_gives_back_the_quote(texts: list[tuple[str, str | None]]) -> None:
    bundle = bundle_for(*texts)
    data = bundle_docx(bundle, template_path("bundle.docx"), user_template=False, built=NOW)
    assert docx_paragraphs(data, "Block Quote") == expected(bundle)
    assert docx_paragraphs(data, "Lead-in") == [e.lead_in for e in bundle.extracts if e.lead_in]


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _pandoc_paragraphs(ast: Any) -> list[str]:
    out: list[str] = []

    def inlines(items: list[Any]) -> str:
        text = []
        for item in items:
            kind, content = item["t"], item.get("c")
            if kind == "Str":
                text.append(content)
            elif kind in ("Space", "SoftBreak", "LineBreak"):
                text.append(" ")
            elif kind in ("Emph", "Strong", "Underline", "SmallCaps", "Strikeout",
                          "Superscript", "Subscript"):
                text.append(inlines(content))
            elif kind in ("Link", "Span"):
                text.append(inlines(content[1]))
            elif kind == "Code":
                text.append(content[1])
            else:
                raise AssertionError(f"pandoc read an unexpected {kind}")
        return "".join(text)

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("t") in ("Para", "Plain"):
                out.append(inlines(node["c"]))
                return
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(ast["blocks"])
    return out


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
@settings(max_examples=COUNTS["pandoc"])
@given(quote=TEXT)
def test_pandoc_reads_the_docx_quote_back(tmp_path_factory: pytest.TempPathFactory,
                                          quote: str) -> None:
    """pandoc's document model has no runs of spaces (nor leading or trailing ones), so the
    comparison is modulo runs of whitespace; every other character must come back."""
    bundle = bundle_for((quote, None))
    data = bundle_docx(bundle, template_path("bundle.docx"), user_template=False, built=NOW)
    path = tmp_path_factory.mktemp("pandoc") / "bundle.docx"
    path.write_bytes(data)
    result = subprocess.run(["pandoc", "-f", "docx", "-t", "json", str(path)],
                            capture_output=True, check=True, timeout=120)
    seen = [_squash(p) for p in _pandoc_paragraphs(json.loads(result.stdout))]
    wanted = [_squash(p) for p in paragraphs(quote)]
    # In order, as consecutive paragraphs: find the first, then the rest follow it.
    start = seen.index(wanted[0])
    assert seen[start:start + len(wanted)] == wanted


# --- schedules ------------------------------------------------------------------------------


def schedule_for(bundle: Bundle) -> Any:
    from cocite.schedule.model import (
        PRACTICE_DIRECTION,
        RESPONDENT,
        SCHEDULE_CAVEAT,
        TRIBUNAL,
        IssueSection,
        Schedule,
        make_extract,
        sources_of,
    )

    lib = library(*(e.record for e in bundle.extracts))
    extracts = tuple(make_extract(1, i, e.record, True, lib, "asylos")  # type: ignore[arg-type]
                     for i, e in enumerate(bundle.extracts, start=1))
    return Schedule(
        title="Schedule", tribunal=TRIBUNAL, appeal="PA/1/2025", appellant="A.B.",
        respondent=RESPONDENT, prepared_by=None, date="1 May 2024",
        header="PA/1/2025 – Schedule", prepared_with="Prepared with cocite 0.1 from data version 0",
        practice_direction=PRACTICE_DIRECTION, built_at="2024-05-01 12:00 UTC",
        generator="cocite", data_version="sha256 0", data_source="fuzz", style="asylos",
        max_pages=12, caveat=SCHEDULE_CAVEAT,
        issues=(IssueSection(1, "Risk on return", None, extracts, (),
                             sources_of(extracts, "asylos")),),
    )


def _schedule() -> Any:
    from cocite.schedule import document

    return document


@settings(max_examples=COUNTS["schedule-markdown"])
@given(quote=TEXT, lead_in=st.none() | TEXT)
def test_markdown_schedule_gives_back_the_quote(quote: str, lead_in: str | None) -> None:
    R = _schedule()
    sched = schedule_for(bundle_for((quote, lead_in)))
    out = R.schedule_markdown(sched, template_path("schedule.md.j2"), user_template=False)
    assert quote_paragraphs(out) == [list(paragraphs(quote))]


@settings(max_examples=COUNTS["schedule-docx"])
@given(texts=st.lists(st.tuples(TEXT, st.none() | TEXT), min_size=1, max_size=3))
def test_docx_schedule_gives_back_the_quote(texts: list[tuple[str, str | None]]) -> None:
    R = _schedule()
    bundle = bundle_for(*texts)
    sched = schedule_for(bundle)
    data = R.schedule_docx(sched, template_path("schedule.docx"), built=NOW, user_template=False)
    assert docx_paragraphs(data, "Block Quote") == expected(bundle)


def test_example_counts_follow_the_profile() -> None:
    """The figures the README reports: per target, from the loaded profile."""
    assert COUNTS["markdown"] == settings().max_examples
    assert COUNTS["docx"] == max(10, settings().max_examples // 6)


def test_jinja_in_data_is_printed_not_run(tmp_path: Path) -> None:
    """A pinned example of the property: a template in a quote stays text in both formats."""
    quote = "{{ 7*7 }} {% for x in range(3) %}{{ x }}{% endfor %} {{ cycler.__init__ }}"
    bundle = bundle_for((quote, None))
    md = bundle_markdown(bundle, template_path("bundle.md.j2"), user_template=False)
    assert quote_paragraphs(md) == [[quote]]
    data = bundle_docx(bundle, template_path("bundle.docx"), user_template=False, built=NOW)
    assert docx_paragraphs(data, "Block Quote") == [quote]


def test_c1_control_characters_are_refused_by_validate() -> None:
    """Found by this fuzzing: a quote ending in U+0085 came out of Markdown as U+FFFD
    (CommonMark readers replace a C1 control written as a character reference), so the
    quote was silently changed. `validate` now refuses C1 controls, as it does C0 ones."""
    assert accepted("Ends with a NEL\x85") is None
    assert accepted("An ellipsis\x85 read as Latin-1") is None
    assert accepted("Ends with an ellipsis\u2026") is not None
