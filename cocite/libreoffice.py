"""LibreOffice: Word to PDF, and reading the PDF back (exact page counts, bookmarks, text).

* :func:`docx_to_pdf` runs ``soffice --headless --convert-to pdf`` with a private profile
  directory per conversion (so it works while the user has LibreOffice open, and two runs
  never share state), a timeout, no network where the system allows, and PDF bookmarks from
  the Heading styles.
* :func:`read_pdf` gives the exact page count, the page size and the bookmarks (with the page
  each one points to) of a PDF.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

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
