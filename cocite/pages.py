"""Pages: Word to PDF with LibreOffice, exact page counts, and a fast estimator.

* :func:`docx_to_pdf` runs ``soffice --headless --convert-to pdf`` with a private profile
  directory per conversion (so it works while the user has LibreOffice open, and two runs
  never share state), a timeout, and PDF bookmarks from the Heading styles.
* :func:`read_pdf` gives the exact page count, the page size and the bookmarks (with the page
  each one points to) of a PDF.
* :func:`estimate` lays paragraphs out on A4 from the font metrics of Liberation Sans / Arial
  and the template's styles, without LibreOffice; its error against LibreOffice is measured
  in ``tests/test_pages.py``.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cocite import fontmetrics
from cocite.errors import RenderError

CONVERT_TIMEOUT = 180.0  # seconds; a first start of LibreOffice on a slow machine takes ~30
# writer_pdf_Export options (JSON form, LibreOffice >= 7.4): bookmarks from the headings.
PDF_FILTER = 'pdf:writer_pdf_Export:{"ExportBookmarks":{"type":"boolean","value":"true"}}'
_MAC_SOFFICE = "/Applications/LibreOffice.app/Contents/MacOS/soffice"


def find_soffice() -> str | None:
    """The LibreOffice program: ``$COCITE_SOFFICE``, else ``soffice``/``libreoffice`` on PATH."""
    given = os.environ.get("COCITE_SOFFICE")
    if given:
        return given
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return _MAC_SOFFICE if Path(_MAC_SOFFICE).is_file() else None


_OFFLINE: list[list[str]] = []


def offline_prefix() -> list[str]:
    """``unshare -rn`` where it works (Linux with user namespaces, or root): LibreOffice then
    runs without any network, so nothing in a document can make it fetch a URL. Elsewhere
    (macOS, Windows, locked-down containers) nothing; external links in user templates are
    refused before LibreOffice sees them either way (see cocite/render/docx.py)."""
    if not _OFFLINE:
        prefix: list[str] = []
        unshare = shutil.which("unshare")
        if unshare and os.environ.get("COCITE_SOFFICE_NETWORK") != "1":
            try:
                done = subprocess.run([unshare, "-rn", "true"], capture_output=True,
                                      timeout=10, check=False)
                prefix = [unshare, "-rn"] if done.returncode == 0 else []
            except (OSError, subprocess.SubprocessError):
                prefix = []
        _OFFLINE.append(prefix)
    return list(_OFFLINE[0])


def have_soffice() -> bool:
    soffice = find_soffice()
    return bool(soffice) and (shutil.which(soffice) is not None or Path(soffice).is_file())  # type: ignore[arg-type]


def missing(what: str) -> RenderError:
    """The error for a missing LibreOffice, saying what it was needed for."""
    return RenderError(
        f"LibreOffice is needed to {what} but was not found: install it (Debian/Ubuntu: "
        "apt install libreoffice-writer; macOS/Windows: libreoffice.org), or set "
        "COCITE_SOFFICE to the soffice program"
    )


def docx_to_pdf(docx: bytes, *, what: str = "write a PDF", timeout: float = CONVERT_TIMEOUT) -> bytes:
    """Convert the bytes of a .docx to the bytes of a PDF with LibreOffice."""
    soffice = find_soffice()
    if soffice is None or not have_soffice():
        raise missing(what)
    with tempfile.TemporaryDirectory(prefix="cocite-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "document.docx"
        source.write_bytes(docx)
        profile = folder / "profile"
        cmd = [
            *offline_prefix(), soffice, f"-env:UserInstallation={profile.as_uri()}",
            "--headless", "--norestore",
            "--nologo", "--nodefault", "--nolockcheck", "--convert-to", PDF_FILTER,
            "--outdir", str(folder / "out"), str(source),
        ]
        _run(cmd, timeout, what)
        result = folder / "out" / "document.pdf"
        if not result.is_file():
            raise RenderError(
                "LibreOffice did not produce a PDF (the Word file may be damaged, or "
                "LibreOffice failed to start); try opening the .docx in LibreOffice"
            )
        return result.read_bytes()


def _run(cmd: list[str], timeout: float, what: str) -> None:
    env = dict(os.environ)
    env.setdefault("HOME", tempfile.gettempdir())  # soffice needs a home, even headless
    try:
        # A new session, so that on timeout the whole tree (oosplash, soffice.bin) is stopped.
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                stdin=subprocess.DEVNULL, env=env, start_new_session=True)
    except FileNotFoundError as exc:
        raise missing(what) from exc
    except OSError as exc:
        raise RenderError(f"cannot run LibreOffice ({exc.filename or cmd[0]}): "
                          f"{exc.strerror or exc}") from exc
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except OSError:
            proc.kill()
        proc.communicate()
        raise RenderError(
            f"LibreOffice took longer than {timeout:g} seconds to convert the document and "
            "was stopped; try again, or write a .docx instead"
        ) from None
    if proc.returncode != 0:
        tail = err.decode("utf-8", "replace").strip().splitlines()[-3:]
        raise RenderError(
            f"LibreOffice failed to convert the document (exit {proc.returncode})"
            + (f": {' / '.join(tail)}" if tail else "")
        )


# ---------------------------------------------------------------------------------------------
# Reading a PDF


@dataclass(frozen=True, slots=True)
class Bookmark:
    title: str
    page: int  # 1-based
    children: tuple[Bookmark, ...] = ()


@dataclass(frozen=True, slots=True)
class PdfInfo:
    pages: int
    size_pt: tuple[float, float]  # of the first page
    bookmarks: tuple[Bookmark, ...] = ()
    text: tuple[str, ...] = field(default=(), repr=False)  # per page, when asked for


def read_pdf(data: bytes, *, text: bool = False) -> PdfInfo:
    """Pages, page size and top-level bookmarks of a PDF (pypdf)."""
    import io

    try:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError
    except ImportError as exc:  # pragma: no cover - pypdf is a dependency
        raise RenderError("reading the PDF needs the pypdf package: pip install pypdf") from exc

    try:
        reader = PdfReader(io.BytesIO(data))
        box = reader.pages[0].mediabox
        marks = _bookmarks(reader, reader.outline)
        texts = tuple(p.extract_text() for p in reader.pages) if text else ()
        return PdfInfo(len(reader.pages), (float(box.width), float(box.height)), marks, texts)
    except (PyPdfError, ValueError, KeyError, IndexError) as exc:
        raise RenderError(f"cannot read the PDF LibreOffice wrote: {exc}") from exc


def _bookmarks(reader: object, outline: Sequence[object]) -> tuple[Bookmark, ...]:
    out: list[Bookmark] = []
    for item in outline:
        if isinstance(item, list):
            if out:  # a nested list holds the children of the entry before it
                last = out.pop()
                out.append(Bookmark(last.title, last.page, _bookmarks(reader, item)))
            continue
        page = reader.get_destination_page_number(item)  # type: ignore[attr-defined]
        out.append(Bookmark(str(item.title), page + 1))  # type: ignore[attr-defined]
    return tuple(out)


# ---------------------------------------------------------------------------------------------
# The estimator

PT_PER_CM = 72 / 2.54
A4_PT = (595.3, 841.9)


@dataclass(frozen=True, slots=True)
class Style:
    """A paragraph style, as far as layout goes (mirror of the Word template's styles)."""

    size: float = 12.0
    bold: bool = False
    left_cm: float = 0.0
    right_cm: float = 0.0
    before: float = 0.0  # points
    after: float = 6.0
    keep_next: bool = False
    spacing: float = 1.5  # line spacing, as a multiple


@dataclass(frozen=True, slots=True)
class Page:
    """The page geometry: A4 with 2.54 cm margins unless told otherwise."""

    width: float = A4_PT[0]
    height: float = A4_PT[1]
    margin: float = 2.54 * PT_PER_CM

    @property
    def text_width(self) -> float:
        return self.width - 2 * self.margin

    @property
    def text_height(self) -> float:
        return self.height - 2 * self.margin


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph to lay out; ``tag`` lets a caller find where its parts fell."""

    style: str
    text: str
    tag: object = None


_WIDTHS = {
    False: dict(zip(fontmetrics.CHARS, fontmetrics.REGULAR, strict=True)),
    True: dict(zip(fontmetrics.CHARS, fontmetrics.BOLD, strict=True)),
}
# Where a line may break: after spaces, and after a hyphen or slash (long URLs break there).
_TOKENS = re.compile(r"[^\s/\-]*(?:[/\-]+|\s+|$)")


def text_width(text: str, size: float, bold: bool = False) -> float:
    table = _WIDTHS[bold]
    return sum(table.get(c, fontmetrics.DEFAULT) for c in text) * size / 1000


def count_lines(text: str, width: float, size: float, bold: bool = False) -> int:
    """Lines a paragraph takes when wrapped greedily at ``width`` points (a tab: one space)."""
    lines = 0
    for hard in text.replace("\t", " ").split("\n"):
        lines += 1
        used = 0.0
        for token in _TOKENS.findall(hard):
            if not token:
                continue
            word = token.rstrip()
            w = text_width(word, size, bold)
            if used and used + w > width:
                lines += 1
                used = 0.0
            while w > width:  # a word longer than the line is broken anywhere
                lines += 1
                w -= width
            used += w + text_width(token[len(word):], size, bold)
    return lines


@dataclass(frozen=True, slots=True)
class Layout:
    pages: int
    # For each block: the page (1-based) its first line fell on, and its height in points.
    placed: tuple[tuple[int, float], ...]


def estimate(blocks: Sequence[Block], styles: dict[str, Style], page: Page = Page(),
             scale: float = 1.0) -> Layout:
    """Lay the blocks out page by page (line wrapping, spacing, keep-with-next, widows and
    orphans of two lines), as Word and LibreOffice do, closely enough to count pages.

    ``scale`` stretches every line height: the calibration factor against LibreOffice.
    """
    heights = []
    for b in blocks:
        st = styles[b.style]
        width = page.text_width - (st.left_cm + st.right_cm) * PT_PER_CM
        n = count_lines(b.text, width, st.size, st.bold)
        heights.append((n, st.size * fontmetrics.LINE_HEIGHT_EM * st.spacing * scale, st))
    room = page.text_height
    y, number = 0.0, 1
    placed: list[tuple[int, float]] = []
    for i, (n, line, st) in enumerate(heights):
        before = st.before if y > 0 else 0.0
        need = before + line * min(n, 2)
        j = i
        while heights[j][2].keep_next and j + 1 < len(heights):  # keep with the next lines
            j += 1
            nn, ll, ss = heights[j]
            need += ss.before + ll * min(nn, 2) + heights[j - 1][2].after
        if y > 0 and y + need > room:
            number, y, before = number + 1, 0.0, 0.0
        start = number
        y += before
        left = n
        while left:
            fit = max(0, int((room - y) // line))
            if fit >= left:
                y += left * line
                left = 0
            else:
                # Orphan/widow control: at least two lines on each side of a page break.
                take = fit if fit >= 2 and left - fit >= 2 else (fit - 1 if left - fit == 1 and fit > 2 else 0)
                left -= take
                number, y = number + 1, 0.0
        y += st.after
        placed.append((start, before + n * line + st.after))
    return Layout(pages=number, placed=tuple(placed))


def pages_of(height: float, page: Page = Page()) -> float:
    """A height in points as a fraction of pages (for 'about 2.4 pages')."""
    return height / page.text_height


def ceil_pages(height: float, page: Page = Page()) -> int:
    return max(1, math.ceil(pages_of(height, page)))
