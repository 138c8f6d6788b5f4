"""References a Word file makes to the outside world, which Word or LibreOffice would fetch.

A user's ``.docx`` template may hold a linked (not embedded) image, an attached template on
a server, an OLE link, or a field such as ``INCLUDEPICTURE "http://..."``: opening or
converting the result would reach the network (and tell a server who opened the bundle).
Hyperlinks are fine: nothing fetches them until a reader clicks. The check reads the package
itself (relationship files and field instructions), so it does not depend on python-docx.
"""

from __future__ import annotations

import io
import re
import zipfile

_REL = re.compile(rb"<Relationship\b[^>]*>", re.DOTALL)
_ATTR = re.compile(rb'(\w+)="([^"]*)"')
_FIELDS = re.compile(r"\b(INCLUDEPICTURE|INCLUDETEXT|LINK|DDE|DDEAUTO|IMPORT)\b", re.IGNORECASE)
_INSTR_TEXT = re.compile(rb"<w:instrText[^>]*>([^<]*)</w:instrText>")
_INSTR_ATTR = re.compile(rb'w:instr="([^"]*)"')
_VML_SRC = re.compile(rb'\b(?:o:href|src)="(?:https?|ftp|file|\\\\)[^"]*"', re.IGNORECASE)


def external_references(docx: bytes) -> list[str]:
    """What in the file would be fetched from elsewhere ("linked image: http://..."), or []."""
    found: list[str] = []
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        for name in archive.namelist():
            if name.endswith(".rels"):
                found += _external_rels(archive.read(name))
            elif name.endswith(".xml") and name.startswith("word/"):
                found += _linking_fields(archive.read(name), name)
    return found


def _external_rels(xml: bytes) -> list[str]:
    out = []
    for rel in _REL.findall(xml):
        attrs = {k.decode(): v.decode("utf-8", "replace") for k, v in _ATTR.findall(rel)}
        if attrs.get("TargetMode", "").lower() != "external":
            continue
        kind = attrs.get("Type", "").rsplit("/", 1)[-1]
        if kind == "hyperlink":
            continue
        out.append(f"a linked {kind or 'resource'}: {attrs.get('Target', '')}")
    return out


def _linking_fields(xml: bytes, name: str) -> list[str]:
    if b"instr" not in xml and b"o:href" not in xml and b"src=" not in xml:
        return []
    instructions = b"".join(_INSTR_TEXT.findall(xml)).decode("utf-8", "replace")
    instructions += " ".join(m.decode("utf-8", "replace") for m in _INSTR_ATTR.findall(xml))
    out = [f"a {m.group(1).upper()} field in {name}" for m in _FIELDS.finditer(instructions)]
    out += [f"a linked picture in {name}" for _ in _VML_SRC.findall(xml)]
    return out
