"""Commands that find and show what is in the library: list, search, show, topics, profiles,
guidance."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from cocite.cli.invocation import echo, library_of
from cocite.cli.options import (
    SEARCH_HELP,
    SELECTION_HELP,
    format_option,
    selection,
    selection_options,
)


@click.command("list", epilog=SELECTION_HELP)
@selection_options
@format_option
@click.pass_context
def list_(ctx: click.Context, /, fmt: str, **filters: Any) -> None:
    """List the records the filters select (all records when none is given).

    \b
    Examples:
      cocite list --topic stigma --profile male
      cocite list --query "blood feud" --since 2020
      cocite list --topic stigma,shelters --format yaml   # ids for a case file
    """
    from cocite.console import say, stdout_width
    from cocite.listing import count_line, listed, records_as

    chosen = selection(filters)
    records = listed(library_of(ctx), chosen)
    echo(records_as(records, fmt, stdout_width()), nl=False)
    say(count_line(records))


@click.command("search", epilog=SEARCH_HELP)
@click.argument("words", nargs=-1, required=True, metavar="QUERY")
@selection_options
@click.option("-n", "--limit", type=click.IntRange(min=1), default=10, show_default=True,
              help="Show at most this many records.")
@format_option
@click.pass_context
def search_command(ctx: click.Context, /, words: tuple[str, ...], limit: int, fmt: str,
                   **filters: Any) -> None:
    """Find records by their text, best match first (BM25), with the matched words shown.

    \b
    Examples:
      cocite search blood feud Shkoder relocation
      cocite search '"debt bondage"' --topic recruitment --since 2020
      cocite search 'traffick* NOT sexual' --format ids
    """
    import sys

    from cocite.listing import hits_as, hits_line
    from cocite.search import search

    hits = search(library_of(ctx), " ".join(words), selection(filters), limit=limit)
    if fmt == "table" and sys.stdout.isatty():
        from cocite.console import print_styled
        from cocite.listing import search_text

        print_styled(search_text(hits))
    else:
        echo(hits_as(hits, fmt), nl=False)
    # Plain lines on stderr (click, not rich): a warm search stays about as quick as --help.
    line = hits_line(hits, fmt)
    if line is not None:
        click.echo(line, err=True)


@click.command()
@click.argument("record_id", metavar="ID")
@click.pass_context
def show(ctx: click.Context, record_id: str) -> None:
    """Show one record in full, its quote exactly as stored.

    \b
    Example:
      cocite show ukho-ffm-2022-12-shkej-stigma
    """
    from cocite.listing import find_record, record_text

    library = library_of(ctx)
    echo(record_text(find_record(library, record_id), library))


@click.command()
@click.pass_context
def topics(ctx: click.Context) -> None:
    """List the topics, their aliases and how many records each has.

    \b
    Example:
      cocite topics
    """
    from cocite.listing import vocabulary_table

    echo(vocabulary_table(library_of(ctx), "topics"))


@click.command()
@click.pass_context
def profiles(ctx: click.Context) -> None:
    """List the profiles, their aliases and shorthands, and how many records each has.

    \b
    Example:
      cocite profiles
    """
    from cocite.listing import vocabulary_table

    echo(vocabulary_table(library_of(ctx), "profiles"))


@click.command("guidance")
@click.option("--file", "path", type=click.Path(path_type=Path, dir_okay=False),
              help="Check and list this file instead of cocite's own list.")
def guidance(path: Path | None) -> None:
    """List the country guidance decisions a case file can cite by id, and check them
    (neutral citation, date, address).

    \b
    In a case file, under an issue:
      country_guidance:
        - case: td-and-ad-2016
          paragraphs: "headnote (b)"

    \b
    Examples:
      cocite guidance
      cocite guidance --file my-guidance.yaml
    """
    from cocite.guidance import GUIDANCE_FILE, listing, load_guidance

    for line in listing(load_guidance(path or GUIDANCE_FILE, str(path) if path else None)):
        click.echo(line)


COMMANDS = (list_, search_command, show, topics, profiles, guidance)
