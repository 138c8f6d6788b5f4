"""One mapping between a record's source and CSL-JSON, the citation ecosystem's item format.

CSL-JSON is what citeproc formats and what Zotero imports ("CSL JSON"). The mapping:

=========================  ==========================  ===================================
cocite ``kind``            CSL ``type``                notes
=========================  ==========================  ===================================
report                     report
article                    webpage                     an article on an organisation's site
                                                       (``publisher``: the site,
                                                       ``container-title``)
news                       article-newspaper
academic                   article-journal             ``publisher`` is the journal
                                                       (``container-title``), ``version``
                                                       its volume/issue (``volume``);
                                                       ``article`` when there is no journal
                                                       (a thesis, a working paper)
legislation                legislation
submission                 report
statistics                 dataset
interview                  interview
written-communication      personal_communication
other                      document
=========================  ==========================  ===================================

* ``author`` becomes one *literal* name. cocite keeps an author as the one string the source
  prints ("UK Home Office", "Klea Ramaj", "Deanna Davy, UNICEF, UK Government, ..."), and no
  rule can tell a person from an organisation ("Freedom House" vs "Klea Ramaj") or split
  joint authors safely ("Different and Equal" is one name): a literal is never wrong, a
  guessed family/given split would be. Names read *from* CSL-JSON (:func:`from_csl`) keep
  their family/given parts in order ("given family"), joined as the source would print them.
* ``date`` becomes ``issued`` with its precision: ``"2022"`` -> ``[[2022]]``, ``"2022-12"`` ->
  ``[[2022, 12]]``, ``"2022-12-02"`` -> ``[[2022, 12, 2]]``; likewise ``accessed``. Undated:
  no ``issued`` (never a guessed year).
* ``pages``/``paragraphs`` are pinpoints of one excerpt, not properties of the work, so they
  are a citation's *locator* (:func:`locator`), never the item's ``page`` (which in CSL is the
  page range of an article within its journal).
* ``url`` -> ``URL``; ``publisher`` -> ``publisher`` (except for academic sources and articles);
  ``version`` -> ``version``; ``archive_url`` -> ``archive_location`` (CSL has no archive-URL
  field; Zotero shows it as "Loc. in Archive").

Text goes across exactly as the record holds it (no trimming, no case change); the style
decides how to print it.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from typing import Any

from cocite.errors import UsageError
from cocite.models import SOURCE_KINDS, Source

KIND_TO_CSL: dict[str, str] = {
    "report": "report",
    "article": "webpage",
    "news": "article-newspaper",
    "academic": "article-journal",
    "legislation": "legislation",
    "submission": "report",
    "statistics": "dataset",
    "interview": "interview",
    "written-communication": "personal_communication",
    "other": "document",
}
# The way back, for CSL types cocite has no kind of its own (Zotero's types included).
CSL_TO_KIND: dict[str, str] = {
    "report": "report", "webpage": "article", "post-weblog": "article", "post": "article",
    "article": "academic", "article-magazine": "article", "article-newspaper": "news",
    "article-journal": "academic", "paper-conference": "academic", "thesis": "academic",
    "chapter": "academic", "book": "report", "legislation": "legislation", "bill": "legislation",
    "legal_case": "legislation", "regulation": "legislation", "treaty": "legislation",
    "dataset": "statistics", "interview": "interview",
    "personal_communication": "written-communication", "document": "other",
}
assert set(KIND_TO_CSL) == set(SOURCE_KINDS)

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def work(source: Source) -> Source:
    """The source as a work: the same report cited at different pages, or under another
    spelling of its author in a compiled report, is one work."""
    return source._replace(pages=None, paragraphs=None, author_as_cited=None)


def date_parts(date: str | None) -> dict[str, Any] | None:
    """``"2022-12"`` -> ``{"date-parts": [[2022, 12]]}``; a date cocite cannot read -> literal."""
    if not date:
        return None
    m = _DATE.match(date)
    if m is None:
        return {"literal": date}  # shown as written rather than guessed
    return {"date-parts": [[int(p) for p in m.groups() if p is not None]]}


def item_id(source: Source) -> str:
    """A stable, ASCII-only id for the work (also a valid BibTeX key and RIS ID)."""
    w = work(source)
    digest = hashlib.sha256(
        json.dumps([getattr(w, k) for k in w._fields], ensure_ascii=False).encode()
    ).hexdigest()[:8]
    ascii_author = unicodedata.normalize("NFKD", w.author).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^a-z0-9]+", "-", ascii_author.lower()).strip("-")[:24].strip("-")
    year = w.date[:4] if w.date and _DATE.match(w.date) else "nd"
    return f"{stem or 'source'}-{year}-{digest}"


def to_csl(source: Source, *, item: str | None = None) -> dict[str, Any]:
    """The work cited by ``source`` as one CSL-JSON item (pinpoints are not part of it)."""
    csl_type = KIND_TO_CSL.get(source.kind, "document")
    if source.kind == "academic" and source.publisher is None:
        csl_type = "article"  # not in a journal (a thesis, a working paper): no container
    out: dict[str, Any] = {
        "id": item or item_id(source),
        "type": csl_type,
        "author": [{"literal": source.author}],
    }
    if source.title is not None:
        out["title"] = source.title
    if source.kind == "written-communication":
        out["genre"] = "Written communication"  # the kind itself; CSL styles print it
    issued = date_parts(source.date)
    if issued is not None:
        out["issued"] = issued
    if source.kind == "academic":
        if source.publisher is not None:
            out["container-title"] = source.publisher
        if source.version is not None:
            out["volume"] = source.version
    elif source.kind == "article" and source.publisher is not None:
        out["container-title"] = source.publisher  # the website the article is on
        if source.version is not None:
            out["version"] = source.version
    else:
        if source.publisher is not None:
            out["publisher"] = source.publisher
        if source.version is not None:
            out["version"] = source.version
    if source.url is not None:
        out["URL"] = source.url
    accessed = date_parts(source.accessed)
    if accessed is not None:
        out["accessed"] = accessed
    if source.archive_url is not None:
        out["archive_location"] = source.archive_url
    return out


def locator(source: Source) -> tuple[str, str] | None:
    """The pinpoint as a CSL (label, locator): ``("page", "19-20")``, ``("paragraph", "5")``.

    A source pinned by both pages and paragraphs keeps both, under the page label
    (``"19, para 5"``): a CSL citation has one locator, and nothing may be dropped.
    """
    pages = source.pages.strip() if source.pages else ""
    paras = source.paragraphs.strip() if source.paragraphs else ""
    if pages and paras:
        return ("page", f"{pages}, para {paras}")
    if pages:
        return ("page", pages)
    if paras:
        return ("paragraph", paras)
    return None


def pinpoint_text(source: Source) -> str:
    """The pinpoint in words, for notes of exports: ``p 19-20``, ``para 5``, ``p 3, para 2``."""
    out = []
    if source.pages and source.pages.strip():
        out.append(f"p {source.pages.strip()}")
    if source.paragraphs and source.paragraphs.strip():
        out.append(f"para {source.paragraphs.strip()}")
    return ", ".join(out)


# --- CSL-JSON back to a source (``cocite add --source-from``) --------------------------------


def _name(name: Any, where: str) -> str:
    if not isinstance(name, dict):
        raise UsageError(f"{where}: expected a name object, got {type(name).__name__}")
    if isinstance(name.get("literal"), str) and name["literal"].strip():
        return str(name["literal"])
    pieces = [name.get(k) for k in ("given", "dropping-particle", "non-dropping-particle",
                                     "family")]
    text = " ".join(str(p) for p in pieces if isinstance(p, str) and p.strip())
    suffix = name.get("suffix")
    if isinstance(suffix, str) and suffix.strip():
        text += f" {suffix}"
    if not text:
        raise UsageError(f"{where}: a name with neither literal nor family/given")
    return text


def _names(value: Any, where: str) -> str:
    if not isinstance(value, list) or not value:
        raise UsageError(f"{where}: expected a non-empty list of names")
    names = [_name(n, f"{where}[{i}]") for i, n in enumerate(value)]
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def _date(value: Any, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise UsageError(f"{where}: expected a date object")
    parts = value.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        try:
            nums = [int(p) for p in parts[0][:3]]
        except (TypeError, ValueError) as exc:
            raise UsageError(f"{where}: date-parts must be numbers") from exc
        widths = (4, 2, 2)
        return "-".join(str(n).zfill(w) for n, w in zip(nums, widths))
    raw = value.get("raw") or value.get("literal")
    if isinstance(raw, str) and _DATE.match(raw.strip()):
        return raw.strip()
    raise UsageError(f"{where}: no date-parts cocite can read (write the date by hand)")


def _text(item: dict[str, Any], key: str, where: str) -> str | None:
    value = item.get(key)
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise UsageError(f"{where}.{key}: expected text, got {type(value).__name__}")
    return value if value.strip() else None


def from_csl(item: Any, where: str = "item") -> dict[str, Any]:
    """The source fields of a record, from one CSL-JSON item (Zotero's "CSL JSON" export).

    Only what the item holds is taken: a field it lacks stays out (``date`` is ``None`` when
    the item has no ``issued``), never guessed.
    """
    if not isinstance(item, dict):
        raise UsageError(f"{where}: expected a CSL-JSON object")
    authors = item.get("author") or item.get("editor")
    if authors is None:
        raise UsageError(f"{where}: no author (cocite needs one; add it in the reference manager)")
    kind = CSL_TO_KIND.get(str(item.get("type", "")), "other")
    out: dict[str, Any] = {"author": _names(authors, f"{where}.author")}
    title = _text(item, "title", where)
    if title is not None:
        out["title"] = title
    out["kind"] = kind
    out["date"] = _date(item.get("issued"), f"{where}.issued")
    url = _text(item, "URL", where)
    if url is not None:
        out["url"] = url
    accessed = _date(item.get("accessed"), f"{where}.accessed")
    if accessed is not None:
        out["accessed"] = accessed
    publisher = _text(item, "container-title" if kind in ("academic", "article") else "publisher",
                      where)
    if publisher is None:
        publisher = _text(item, "publisher", where)
    if publisher is not None:
        out["publisher"] = publisher
    version = _text(item, "volume" if kind == "academic" else "version", where)
    if version is not None:
        out["version"] = version
    archive = _text(item, "archive_location", where)
    if archive is not None and re.match(r"^https?://", archive):
        out["archive_url"] = archive
    return out
