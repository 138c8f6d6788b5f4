"""The command line: wiring only.

Each command parses its options, makes one call into the library and writes the result.
Errors are raised, never printed here: :mod:`cocite.error_handler` maps them to messages
and exit codes in one place. Heavy modules are imported inside the commands that need them,
so ``cocite --help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from cocite import __version__
from cocite.error_handler import handled

if TYPE_CHECKING:
    from cocite.library import Library


class CociteGroup(click.Group):
    """Runs every command inside the one error handler."""

    def invoke(self, ctx: click.Context) -> Any:
        with handled():
            return super().invoke(ctx)


@click.group(cls=CociteGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="cocite")
@click.option(
    "--data",
    type=click.Path(path_type=Path),
    envvar="COCITE_DATA",
    help="Excerpt library: a records file or a directory of them. "
    "Default: $COCITE_DATA, else ./data/excerpts.yaml, else the bundled library.",
)
@click.option(
    "--no-cache", is_flag=True,
    help="Parse the data afresh instead of using the load cache (also: COCITE_NO_CACHE=1).",
)
@click.pass_context
def cli(ctx: click.Context, data: Path | None, no_cache: bool) -> None:
    """cocite: verbatim country-of-origin evidence, assembled for tribunals.

    \b
    Examples:
      cocite build --topic stigma --profile male      # a Word bundle
      cocite validate --strict                        # check the library
    """
    ctx.obj = {"data": data, "no_cache": no_cache}


def _data(ctx: click.Context) -> Path | None:
    return ctx.find_root().obj.get("data") if ctx.find_root().obj else None


def _library(ctx: click.Context) -> Library:
    """The library for this invocation (``--data``, ``--no-cache`` on the group)."""
    from cocite.library import load_library

    obj = ctx.find_root().obj or {}
    return load_library(obj.get("data"), use_cache=not obj.get("no_cache", False))


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Fail on warnings too (what CI runs).")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text",
    show_default=True, help="github: annotations for GitHub Actions, plus plain lines for the log.",
)
@click.pass_context
def validate(ctx: click.Context, paths: tuple[Path, ...], strict: bool, fmt: str) -> None:
    """Check records, vocabulary and reports; report every problem at once.

    With no PATHS, checks the whole library (see --data). A file named vocabulary.yaml or
    reports.yaml is checked as such; any other file as records.

    \b
    Examples:
      cocite validate
      cocite validate --strict --format github data/excerpts.yaml
    """
    from cocite import problem_format as pf
    from cocite.error_handler import say
    from cocite.library import validate as run_validate

    result = run_validate(paths, data=_data(ctx))
    problems = list(result.errors) + list(result.warnings)
    if fmt == "json":
        click.echo(pf.as_json(problems, result.files, result.records, strict))
    else:
        for problem in problems:
            if fmt == "github":
                click.echo(pf.as_github(problem))
            click.echo(pf.as_text(problem))
    if fmt != "json":
        say(pf.summary(problems, result.files, result.records))
    if result.errors or (strict and result.warnings):
        if strict and result.warnings and not result.errors and fmt != "json":
            say("--strict: warnings count as errors")
        ctx.exit(1)


# --- Selecting and bundling (issue 4) ---------------------------------------------------------

_SELECTION_HELP = """
\b
Filters (shared by build and list):
  several --topic values match any of them;
  --profile X matches records tagged X; general records (tagged for no
  profile) only with --include-general; several --profile values match any
  of them, or all of them with --all-profiles;
  --since/--until take YYYY, YYYY-MM or YYYY-MM-DD; a partial date counts if
  it overlaps the range (--since 2022-06 keeps 2022-06-15 and 2022);
  undated records are left out when a date filter is given.
"""

_SELECTION_KEYS = (
    "topics", "profiles", "include_general", "all_profiles", "since", "until", "material",
    "source_text", "query", "ids", "exclude", "all_",
)


def selection_options(func: Any) -> Any:
    """The filter options of `build` and `list`, defined once so the two stay in sync."""
    options = [
        click.option("--topic", "topics", multiple=True, metavar="TOPIC",
                     help="Topic id or alias (repeatable; see 'cocite topics')."),
        click.option("--profile", "profiles", multiple=True, metavar="PROFILE",
                     help="Profile id, alias or shorthand such as boys (repeatable; "
                     "see 'cocite profiles')."),
        click.option("--include-general", is_flag=True,
                     help="With --profile: also records tagged for no profile."),
        click.option("--all-profiles", is_flag=True,
                     help="With several --profile: records tagged with all of them."),
        click.option("--since", metavar="DATE", help="Published in or after DATE."),
        click.option("--until", metavar="DATE", help="Published in or before DATE."),
        click.option("--material", type=click.Choice(["desk-review", "interview"]),
                     help="Desk review or interview material only."),
        click.option("--source", "source_text", metavar="TEXT",
                     help="Source author or title contains TEXT (every word)."),
        click.option("--query", metavar="TEXT",
                     help="Full text contains TEXT (every word; case and accents ignored)."),
        click.option("--id", "ids", multiple=True, metavar="ID",
                     help="Pick this record (repeatable; kept in the order given)."),
        click.option("--exclude", multiple=True, metavar="ID", help="Leave this record out."),
        click.option("--all", "all_", is_flag=True, help="Every record."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _selection(kwargs: dict[str, Any]) -> Any:
    from cocite.query import Selection

    values = {key: kwargs.pop(key) for key in _SELECTION_KEYS}
    values["all"] = values.pop("all_")
    for key in ("topics", "profiles", "ids", "exclude"):
        values[key] = tuple(values[key])
    return Selection(**values)


def _load(ctx: click.Context) -> Any:
    from cocite.library import load_library

    return load_library(_data(ctx))


@cli.command(epilog=_SELECTION_HELP)
@selection_options
@click.option("-o", "--output", metavar="FILE",
              help="A .docx or .md file, a directory, or - for Markdown on standard output. "
              "Default: named for the filters, e.g. cocite-stigma-male.docx.")
@click.option("--format", "fmt", type=click.Choice(["docx", "md"]),
              help="Default: from the -o name, else docx.")
@click.option("--template", type=click.Path(path_type=Path, dir_okay=False),
              help="Your own template: a .docx with Jinja tags, or a .md.j2 file.")
@click.option("--style", type=click.Choice(["asylos", "oscola"]), default="asylos",
              show_default=True, help="Citation style.")
@click.option("--no-lead-in", is_flag=True, help="Leave out the compilers' lead-in sentences.")
@click.option("--title", metavar="TEXT", help="Title of the bundle (default: from the filters).")
@click.option("-q", "--quiet", is_flag=True, help="Print no summary.")
@click.pass_context
def build(
    ctx: click.Context, output: str | None, fmt: str | None, template: Path | None,
    style: str, no_lead_in: bool, title: str | None, quiet: bool, **filters: Any,
) -> None:
    """Build an evidence bundle (Word or Markdown) from the selected excerpts.

    Every extract is quoted verbatim, numbered, cited and linked to its source.

    \b
    Examples:
      cocite build --topic stigma --profile male
      cocite build --topic stigma --profile boys --include-general -o bundle.docx
      cocite build --id ID1 --id ID2 --style oscola -o - | less
    """
    from cocite.build import build_bundle
    from cocite.error_handler import say

    selection = _selection(filters)
    result = build_bundle(
        _load(ctx), selection, fmt=fmt, output=output, template=template, style=style,
        lead_in=not no_lead_in, title=title,
    )
    if result.text is not None:
        click.echo(result.text, nl=False)
    if not quiet:
        where = str(result.output) if result.output else "standard output"
        plural = "s" if result.extracts != 1 else ""
        say(f"{result.extracts} extract{plural} from {result.sources} source"
            f"{'s' if result.sources != 1 else ''}, about {result.pages} page"
            f"{'s' if result.pages != 1 else ''}: {where}")


@cli.command("list", epilog=_SELECTION_HELP)
@selection_options
@click.pass_context
def list_(ctx: click.Context, **filters: Any) -> None:
    """List the records the filters select (all records when none is given).

    \b
    Examples:
      cocite list --topic stigma --profile male
      cocite list --query "blood feud" --since 2020
    """
    from rich.console import Console

    from cocite.error_handler import say
    from cocite.listing import records_table
    from cocite.query import select

    selection = _selection(filters)
    if selection.is_empty():
        selection = selection.__class__(all=True)
    records = select(_load(ctx), selection)
    Console(highlight=False, soft_wrap=False).print(records_table(records))
    say(f"{len(records)} record{'s' if len(records) != 1 else ''}")


@cli.command()
@click.argument("record_id", metavar="ID")
@click.pass_context
def show(ctx: click.Context, record_id: str) -> None:
    """Show one record in full, its quote exactly as stored.

    \b
    Example:
      cocite show ukho-ffm-2022-12-shkej-stigma
    """
    from cocite.listing import find_record, record_text

    library = _load(ctx)
    click.echo(record_text(find_record(library, record_id), library))


@cli.command()
@click.pass_context
def topics(ctx: click.Context) -> None:
    """List the topics, their aliases and how many records each has.

    \b
    Example:
      cocite topics
    """
    from rich.console import Console

    from cocite.listing import vocabulary_table

    Console(highlight=False).print(vocabulary_table(_load(ctx), "topics"))


@cli.command()
@click.pass_context
def profiles(ctx: click.Context) -> None:
    """List the profiles, their aliases and shorthands, and how many records each has.

    \b
    Example:
      cocite profiles
    """
    from rich.console import Console

    from cocite.listing import vocabulary_table

    Console(highlight=False).print(vocabulary_table(_load(ctx), "profiles"))
