"""The single definition of cocite's file formats, as JSON Schema (draft-07).

`validate` checks structure against these schemas (and semantics in :mod:`cocite.validate`);
``schema/*.schema.json`` in the repository are generated from here (``cocite schema``) and a
test fails if they drift, so editors' VS Code completion and the validator never disagree.
"""

from __future__ import annotations

import json
from typing import Any

from cocite.casefile_schema import casefile_schema
from cocite.models import MATERIALS, SOURCE_KINDS, UNTITLED_KINDS
from cocite.patterns import COUNTRY, DATE, DRAFT, NONBLANK, SECTION, SLUG, URL


def _text(description: str) -> dict[str, Any]:
    return {"type": "string", "pattern": NONBLANK, "description": description}


def _optional_text(description: str) -> dict[str, Any]:
    return {"type": ["string", "null"], "pattern": NONBLANK, "description": description}


def _slug_list(description: str, *, min_items: int = 0) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "array",
        "items": {"type": "string", "pattern": SLUG},
        "uniqueItems": True,
        "description": description,
    }
    if min_items:
        schema["minItems"] = min_items
    return schema


SOURCE: dict[str, Any] = {
    "type": "object",
    "description": "The original source of the quote.",
    "additionalProperties": False,
    "required": ["author", "kind", "date"],
    "properties": {
        "author": _text("Organisation(s) or person(s), as the source names them."),
        "author_as_cited": _optional_text(
            "The compiled report's spelling of the author, where it differs from the source's "
            "own (so the record still traces to the report's citation)."),
        "title": _optional_text("Title of the source; not needed for interviews."),
        "kind": {"enum": list(SOURCE_KINDS), "description": "What sort of source this is."},
        "date": {
            "type": ["string", "null"],
            "pattern": DATE,
            "description": 'Publication date "YYYY", "YYYY-MM" or "YYYY-MM-DD"; null if undated.',
        },
        "pages": _optional_text('Pinpoint pages as cited: "81", "19-20", "91, 92".'),
        "paragraphs": _optional_text('Pinpoint paragraphs, e.g. "5.2.1".'),
        "url": {
            "type": ["string", "null"],
            "pattern": URL,
            "description": "Hyperlink to the source (http or https).",
        },
        "accessed": {
            "type": ["string", "null"],
            "pattern": DATE,
            "description": "Date the URL was accessed.",
        },
        "publisher": _optional_text("Publisher, where different from the author."),
        "version": _optional_text("Edition or version of the source."),
        "archive_url": {
            "type": ["string", "null"],
            "pattern": URL,
            "description": "An archived copy (e.g. the Wayback Machine).",
        },
    },
    # A title is required unless the source is an interview or a written communication.
    "if": {"properties": {"kind": {"not": {"enum": list(UNTITLED_KINDS)}}}},
    "then": {"required": ["title"]},
}

CITED_IN_PLACE: dict[str, Any] = {
    "type": "object",
    "description": "A compiled report that cites this excerpt, and where.",
    "additionalProperties": False,
    "required": ["report"],
    "properties": {
        "report": {"type": "string", "pattern": SLUG, "description": "Id in data/reports.yaml."},
        "section": {
            "type": ["string", "null"],
            "pattern": SECTION,
            "description": "Section number in that report.",
        },
    },
}

CITED_IN: dict[str, Any] = {
    "type": "array",
    "minItems": 1,
    "description": "Every place a compiled report cites this excerpt (a passage the report "
    "cites twice has two), in the report's order.",
    "items": CITED_IN_PLACE,
}

TRANSLATION: dict[str, Any] = {
    "type": "object",
    "description": "Present when the quote is a translation.",
    "additionalProperties": False,
    "required": ["original"],
    "properties": {
        "language": {
            "type": ["string", "null"],
            "pattern": r"^[a-z]{2,3}$",
            "description": "ISO 639 code of the original language, e.g. sq.",
        },
        "original": _text("The original-language text, verbatim."),
        "note": _optional_text("The translator's note, e.g. 'In-house translation'."),
    },
}

RECORD: dict[str, Any] = {
    "type": "object",
    "description": "One verbatim excerpt with its citation.",
    "additionalProperties": False,
    "required": ["id", "topics", "material", "quote", "source"],
    "properties": {
        "id": {"type": "string", "pattern": SLUG, "description": "Unique id; never reused."},
        "topics": _slug_list("Topic ids from data/vocabulary.yaml.", min_items=1),
        "profiles": _slug_list("Profile ids from data/vocabulary.yaml; [] means general."),
        "material": {"enum": list(MATERIALS), "description": "Report sub-heading it sits under."},
        "country": {
            "type": "string", "pattern": COUNTRY,
            "description": "ISO 3166-1 alpha-2 code of the country the excerpt is about, when "
            "not its report's (cited_in), e.g. AL.",
        },
        "lead_in": _optional_text("The compiler's introductory sentence, verbatim."),
        "quote": _text("The quote, verbatim; omissions marked as in the source."),
        "source": SOURCE,
        "joint_sources": {
            "type": "array",
            "minItems": 1,
            "items": SOURCE,
            "description": "A joint statement: the other sources the report cites the quote to "
            "(the first is `source`); citations name them all.",
        },
        "cited_in": CITED_IN,
        "translation": TRANSLATION,
        "footnotes": {
            "type": "array",
            "items": {"type": "string", "pattern": NONBLANK},
            "description": "Footnotes that sit inside the quote, verbatim.",
        },
    },
}

EXCERPTS_SCHEMA: dict[str, Any] = {
    "$schema": DRAFT,
    "title": "cocite excerpt records",
    "description": "A list of verbatim excerpts (data/excerpts.yaml).",
    "type": "array",
    "items": {"$ref": "#/definitions/record"},
    "definitions": {"record": RECORD},
}

_TERM: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "label"],
    "properties": {
        "id": {"type": "string", "pattern": SLUG},
        "label": _text("Human-readable name."),
        "description": {"type": ["string", "null"]},
        "aliases": {
            "type": "array",
            "items": {"type": "string", "pattern": SLUG},
            "uniqueItems": True,
            "description": "Other words accepted on the command line.",
        },
        "sections": {
            "type": "array",
            "items": {"type": "string", "pattern": SECTION},
            "uniqueItems": True,
            "description": "Report sections this topic covers.",
        },
    },
}

VOCABULARY_SCHEMA: dict[str, Any] = {
    "$schema": DRAFT,
    "title": "cocite vocabulary",
    "description": "Topics and profiles records are tagged with (data/vocabulary.yaml).",
    "type": "object",
    "additionalProperties": False,
    "required": ["topics", "profiles"],
    "properties": {
        "topics": {"type": "array", "items": {"$ref": "#/definitions/term"}, "minItems": 1},
        "profiles": {"type": "array", "items": {"$ref": "#/definitions/term"}},
        "shorthands": {
            "type": "object",
            "description": "One word standing for several profiles, e.g. boys: [male, child].",
            "propertyNames": {"pattern": SLUG},
            "additionalProperties": {
                "type": "array",
                "items": {"type": "string", "pattern": SLUG},
                "minItems": 1,
            },
        },
    },
    "definitions": {"term": _TERM},
}

REPORTS_SCHEMA: dict[str, Any] = {
    "$schema": DRAFT,
    "title": "cocite compiled reports",
    "description": "Compiled COI reports that excerpts cite (data/reports.yaml).",
    "type": "array",
    "items": {
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "title", "publisher", "country"],
        "properties": {
            "id": {"type": "string", "pattern": SLUG},
            "title": _text("Title of the compiled report."),
            "publisher": _text("Who published it."),
            "country": {
                "type": "string", "pattern": COUNTRY,
                "description": "ISO 3166-1 alpha-2 code of the country the report covers, e.g. AL; "
                "its records take it unless they give their own.",
            },
            "date": {"type": ["string", "null"], "pattern": DATE},
            "url": {"type": ["string", "null"], "pattern": URL},
            "annex_url": {
                "type": ["string", "null"],
                "pattern": URL,
                "description": "Annex with interview records, linked from interview sources.",
            },
        },
    },
}


SCHEMAS: dict[str, dict[str, Any]] = {
    "excerpts": EXCERPTS_SCHEMA,
    "vocabulary": VOCABULARY_SCHEMA,
    "reports": REPORTS_SCHEMA,
    "casefile": casefile_schema(),
}


def schema_json(kind: str) -> str:
    """The schema as the text of ``schema/<kind>.schema.json``."""
    return json.dumps(SCHEMAS[kind], indent=2, ensure_ascii=False) + "\n"


def write_schemas(folder: str = "schema") -> list[str]:
    """Write ``<folder>/<kind>.schema.json`` for every kind; the paths written."""
    from pathlib import Path

    from cocite.atomic import write_atomic

    Path(folder).mkdir(parents=True, exist_ok=True)
    written = []
    for kind in SCHEMAS:
        path = Path(folder) / f"{kind}.schema.json"
        write_atomic(path, schema_json(kind))
        written.append(str(path))
    return written

