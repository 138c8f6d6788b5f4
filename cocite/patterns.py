"""The patterns every file format shares (ids, dates, URLs, ...), and what each means in words.

Used by the record schema (:mod:`cocite.schema`), the case-file schema
(:mod:`cocite.casefile_schema`) and the validator's messages; kept apart so that those
modules import it and never each other in a circle.
"""

from __future__ import annotations

DRAFT = "http://json-schema.org/draft-07/schema#"

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
DATE = r"^[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?$"
URL = r"^https?://[^\s/?#]+[^\s]*$"
NONBLANK = r"\S"
SECTION = r"^[0-9]+(?:\.[0-9]+)*$"
COUNTRY = r"^[A-Z]{2}$"

# What each pattern means, in words, for error messages ("expected <this>, got ...").
PATTERN_HELP: dict[str, str] = {
    SLUG: "a lowercase id of a-z, 0-9 and single hyphens (e.g. ukho-ffm-2022-12-stigma)",
    DATE: 'a date written "YYYY", "YYYY-MM" or "YYYY-MM-DD"',
    URL: "an http:// or https:// address without spaces",
    NONBLANK: "text that is not empty",
    SECTION: 'a section number such as "1.6" or "2.3.1.1"',
    COUNTRY: "an ISO 3166-1 alpha-2 country code in capitals, such as AL (Albania)",
}
