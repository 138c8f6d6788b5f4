"""``cocite build``: select records, render a bundle, write it atomically.

The one library call the command line makes. Output rules:

* the format is ``--format``, else the ``-o`` suffix, else the ``--template`` suffix, else DOCX;
* ``-o -`` writes Markdown to standard output (the caller prints ``BuildResult.text``); a DOCX
  is never written to standard output (it is binary and would corrupt a terminal or pipe);
* no ``-o`` (or ``-o DIR``) writes a file named for the filters, e.g. ``cocite-stigma-male.docx``;
* nothing is written unless rendering succeeded, and then via a temp file and a rename.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from cocite.atomic import Target, check_outputs, place, write_outputs
from cocite.atomic import target as output_target
from cocite.citation.styles import style_inputs
from cocite.errors import UsageError
from cocite.query import Selection, resolve, select
from cocite.render.context import Bundle, Extract, build_context, build_time
from cocite.resources import template_path

if TYPE_CHECKING:
    from cocite.library import Library

FORMATS = ("docx", "md", "pdf")
SUFFIXES = {".docx": "docx", ".md": "md", ".markdown": "md", ".pdf": "pdf"}
DEFAULT_TEMPLATES = {"docx": "bundle.docx", "md": "bundle.md.j2"}
STDOUT = "-"
LINES_PER_PAGE = 37


@dataclass(frozen=True, slots=True)
class BuildResult:
    fmt: str
    output: Path | None  # None when the Markdown went to standard output
    text: str | None  # the Markdown, when it is for standard output
    extracts: int
    sources: int
    pages: int
    bundle: Bundle
    manifest: Path | None = None  # OUT.manifest.json: how the bundle was built (not in it)


def choose_format(fmt: str | None, output: str | None, template: Path | None) -> str:
    if fmt is not None:
        if fmt not in FORMATS:
            raise UsageError(f"--format {fmt!r}: expected one of {', '.join(FORMATS)}")
        return fmt
    if output == STDOUT:
        return "md"
    for given, option in ((output, "-o"), (str(template) if template else None, "--template")):
        if not given:
            continue
        suffix = Path(given).suffix.lower()
        if given.lower().endswith(".md.j2"):
            return "md"
        if suffix in SUFFIXES:
            return SUFFIXES[suffix]
        if option == "-o" and suffix and not Path(given).is_dir():
            raise UsageError(
                f"-o {given}: cannot tell the format from {suffix!r}; "
                "name the file .docx, .pdf or .md, or add --format docx|pdf|md"
            )
    return "docx"


def default_name(library: Library, selection: Selection, fmt: str) -> str:
    """``cocite-stigma-male.docx``: named for what was selected, so bundles don't collide."""
    res = resolve(selection, library.vocabulary)
    parts = list(res.topics) + list(res.profiles)
    if not parts:
        parts = ["all"] if selection.all else ["selection"]
    stem = re.sub(r"[^a-z0-9-]+", "-", "-".join(parts).lower()).strip("-")[:60].rstrip("-")
    return f"cocite-{stem}.{fmt}"


def output_path(output: str | None, default: str, fmt: str) -> Path | None:
    if output == STDOUT:
        if fmt in ("docx", "pdf"):
            raise UsageError(
                f"a {'Word' if fmt == 'docx' else 'PDF'} file cannot be written to standard "
                f"output; use -o FILE.{fmt}, or --format md for Markdown"
            )
        return None
    if output is None:
        return Path(default)
    path = place(output, default)
    suffix = path.suffix.lower()
    if suffix in SUFFIXES and SUFFIXES[suffix] != fmt:
        raise UsageError(f"-o {output}: the name says {SUFFIXES[suffix]} but --format is {fmt}")
    return path


def find_template(template: Path | None, fmt: str) -> tuple[Path, bool]:
    """The template to use and whether it is the user's own (sandboxed)."""
    if template is None:
        return template_path(DEFAULT_TEMPLATES[fmt]), False
    path = Path(template).expanduser()
    if not path.is_file():
        what = "is a directory" if path.is_dir() else "no such file"
        raise UsageError(f"--template {template}: {what}")
    if fmt == "docx" and path.suffix.lower() != ".docx":
        raise UsageError(f"--template {template}: a Word template must be a .docx file")
    if fmt == "md" and path.suffix.lower() == ".docx":
        raise UsageError(f"--template {template}: a Markdown template is a text file (.md.j2)")
    return path, True


def _lines(text: str, width: int) -> int:
    return sum(max(1, math.ceil(len(line) / width)) for line in text.split("\n"))


def _extract_lines(e: Extract) -> float:
    total = 2.5  # "Extract n" heading and spacing
    total += _lines(e.lead_in, 75) if e.lead_in else 0
    total += sum(_lines(p, 60) + 0.4 for p in e.paragraphs)
    total += sum(_lines(f, 60) for f in e.footnotes)
    if e.translation is not None:
        total += 1 + sum(_lines(p, 60) + 0.4 for p in e.translation.paragraphs)
    total += _lines(e.citation, 75) + (_lines(e.cited_in, 75) + 0.6 if e.cited_in else 0)
    return total


def estimate_layout(bundle: Bundle) -> tuple[int, list[int], int, int]:
    """Pages of the DOCX house style (A4, Arial 12 pt, 1.5 spacing), roughly: the count, and
    the page each group, the sources and the caveat start on (for the contents).

    Calibrated against LibreOffice's layout of the imported Asylos report (786 extracts:
    547 pages, estimated 549): about 75 characters a line (60 in an indented quote) and
    37 lines a page, counting the space between paragraphs as part of a line.
    """
    def page(lines: float) -> int:
        return int(lines // LINES_PER_PAGE) + 1

    total = 10.0 + len(bundle.groups)  # title block and contents
    starts = []
    for group in bundle.groups:
        starts.append(page(total))
        total += 1 + sum(_extract_lines(e) for e in group.extracts)
    sources = page(total)
    total += sum(_lines(s.citation, 70) + 0.3 for s in bundle.sources) + 2
    about = page(total)
    total += 6
    return max(1, math.ceil(total / LINES_PER_PAGE)), starts, sources, about


def estimate_pages(bundle: Bundle) -> int:
    return estimate_layout(bundle)[0]


def with_pages(bundle: Bundle) -> Bundle:
    """The bundle with the estimated first page of each contents entry (LibreOffice's PDF
    computes its own; Word shows these until its fields are updated)."""
    _, starts, sources, about = estimate_layout(bundle)
    groups = tuple(replace(g, page=p) for g, p in zip(bundle.groups, starts, strict=True))
    return replace(bundle, groups=groups, sources_page=sources, about_page=about)


def build_bundle(
    library: Library,
    selection: Selection,
    *,
    fmt: str | None = None,
    output: str | None = None,
    template: Path | None = None,
    style: str = "asylos",
    lead_in: bool = True,
    title: str | None = None,
) -> BuildResult:
    """Select, render and write a bundle. Raises a CociteError subclass on any problem,
    before anything is written."""
    from cocite.citation.format import use_index
    from cocite.text_safety import bad_character

    use_index(library.index_path)  # formatted citations are kept in the library's index
    reason = bad_character(title, newlines=False) if title is not None else None
    if reason:
        raise UsageError(f"--title: {reason}; give the title as plain text on one line")
    kind = choose_format(fmt, output, template)
    records = select(library, selection)
    target = output_path(output, default_name(library, selection, kind), kind)
    # A PDF is the Word bundle converted by LibreOffice: same template, same layout.
    tpl, user = find_template(template, "docx" if kind == "pdf" else kind)
    out = output_target(target) if target is not None else None
    # The manifest goes beside a file; a device or pipe (-o /dev/stdout) gets none.
    man = (output_target(target.with_name(target.name + ".manifest.json"))
           if target is not None and out is not None and not out.through else None)
    if out is not None:  # before any work: never write over what this command reads
        named = [("-o", out), *([("manifest", man)] if man is not None else [])]
        check_outputs(named, [*library.files.inputs(), *([tpl] if user else []),
                              *style_inputs(style)], library.files.folder())
    built = build_time()
    bundle = with_pages(build_context(
        library, records, selection, style=style, lead_in=lead_in, title=title, now=built
    ))
    text: str | None = None
    if kind in ("docx", "pdf"):
        from cocite.render.docx import render_docx  # heavy: python-docx, docxtpl, lxml

        docx = render_docx(bundle, tpl, user_template=user, built=built)
        payload: bytes | str = docx
        if kind == "pdf":
            from cocite.pages import docx_to_pdf

            payload = docx_to_pdf(docx, what="write a PDF bundle")
    else:
        from cocite.render.markdown import render_markdown

        payload = text = render_markdown(bundle, tpl, user_template=user)
    where = None
    if out is not None:
        items: list[tuple[Target, bytes | str]] = [(out, payload)]
        if man is not None and target is not None:
            where = man.given
            items.append((man, manifest_text(bundle, target, kind, payload, library)))
        write_outputs(items)  # all or nothing
        text = None
    return BuildResult(
        fmt=kind, output=target, text=text, extracts=len(bundle.extracts),
        sources=len(bundle.sources), pages=estimate_pages(bundle), bundle=bundle, manifest=where,
    )


def manifest_text(bundle: Bundle, output: Path, fmt: str, payload: bytes | str,
                  library: Library) -> str:
    """The bundle's manifest: the build details a filed document must not show."""
    import hashlib
    import json

    data = payload.encode("utf-8") if isinstance(payload, str) else payload
    return json.dumps({
        "manifest": 1,
        "generator": bundle.generator,
        "built_at": bundle.built_at,
        "selection": bundle.filters,
        "data": {"source": library.source, "version": bundle.data_version,
                 "prepared_with": bundle.prepared_with},
        "output": {"path": str(output), "format": fmt,
                   "sha256": hashlib.sha256(data).hexdigest()},
        "style": bundle.style,
        "lead_ins": bundle.show_lead_in,
        "extracts": [{"number": e.number, "id": e.id} for e in bundle.extracts],
        "notes": list(bundle.notes),
    }, indent=2, ensure_ascii=False) + "\n"
