"""``cocite build``: select records, render a bundle, write it and its manifest atomically.

:func:`build_bundle` is the one library call the command line makes. Where the bundle goes
and in which format follow :mod:`cocite.output`; nothing is written unless rendering
succeeded, and then the bundle and its manifest together or not at all (:mod:`cocite.atomic`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cocite.atomic import Target, check_outputs, target, write_outputs
from cocite.bundle.manifest import manifest_text
from cocite.bundle.model import Bundle, make_bundle
from cocite.bundle.paging import estimate_layout, with_pages
from cocite.citation.styles import style_inputs
from cocite.errors import UsageError
from cocite.output import build_time, choose_format, output_path
from cocite.query import Selection, resolve, select
from cocite.resources import find_template

if TYPE_CHECKING:
    from cocite.library import Library


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

    def summary(self) -> list[str]:
        """What `build` says about the bundle it made: size, where it went, notes, manifest."""
        def plural(n: int, word: str) -> str:
            return f"{n} {word}{'s' if n != 1 else ''}"

        where = str(self.output) if self.output else "standard output"
        lines = [(f"{plural(self.extracts, 'extract')} from {plural(self.sources, 'source')}, "
                  f"about {plural(self.pages, 'page')}: {where}")]
        lines += [f"note: {note}" for note in self.bundle.notes]
        if self.manifest:
            lines.append(f"manifest: {self.manifest}")
        return lines


def default_name(library: Library, selection: Selection, fmt: str) -> str:
    """``cocite-stigma-male.docx``: named for what was selected, so bundles don't collide."""
    res = resolve(selection, library.vocabulary)
    parts = list(res.topics) + list(res.profiles)
    if not parts:
        parts = ["all"] if selection.all else ["selection"]
    stem = re.sub(r"[^a-z0-9-]+", "-", "-".join(parts).lower()).strip("-")[:60].rstrip("-")
    return f"cocite-{stem}.{fmt}"


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
    kind = choose_format(output, fmt=fmt, template=template, format_option=True)
    records = select(library, selection)
    path = output_path(output, default_name(library, selection, kind), kind)
    # A PDF is the Word bundle converted by LibreOffice: same template, same layout.
    tpl, user = find_template(template, "bundle", "docx" if kind == "pdf" else kind)
    out = target(path) if path is not None else None
    # The manifest goes beside a file; a device or pipe (-o /dev/stdout) gets none.
    man = (target(path.with_name(path.name + ".manifest.json"))
           if path is not None and out is not None and not out.through else None)
    if out is not None:  # before any work: never write over what this command reads
        named = [("-o", out), *([("manifest", man)] if man is not None else [])]
        check_outputs(named, [*library.files.inputs(), *([tpl] if user else []),
                              *style_inputs(style)], library.files.folder())
    built = build_time()
    made = make_bundle(
        library, records, selection, style=style, lead_in=lead_in, title=title, now=built
    )
    pages = estimate_layout(made)
    bundle = with_pages(made, pages)
    payload = _render(bundle, kind, tpl, user, built)
    text = payload if isinstance(payload, str) else None
    where = None
    if out is not None:
        items: list[tuple[Target, bytes | str]] = [(out, payload)]
        if man is not None and path is not None:
            where = man.given
            items.append((man, manifest_text(bundle, path, kind, payload, library)))
        write_outputs(items)  # all or nothing
        text = None
    return BuildResult(
        fmt=kind, output=path, text=text, extracts=len(bundle.extracts),
        sources=len(bundle.sources), pages=pages.pages, bundle=bundle, manifest=where,
    )


def _render(bundle: Bundle, kind: str, template: Path, user: bool,
            built: datetime) -> bytes | str:
    """The bundle as Markdown text, or the bytes of a Word file or (LibreOffice) a PDF."""
    from cocite.bundle.render import bundle_docx, bundle_markdown

    if kind == "md":
        return bundle_markdown(bundle, template, user_template=user)
    docx = bundle_docx(bundle, template, user_template=user, built=built)
    if kind == "pdf":
        from cocite.libreoffice import docx_to_pdf

        return docx_to_pdf(docx, what="write a PDF bundle")
    return docx
