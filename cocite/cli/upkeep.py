"""Commands that keep the library sound: validate, fmt, schema and check-links."""

from __future__ import annotations

from pathlib import Path

import click

from cocite.cli.invocation import data_of, echo, library_of, paths_of


@click.command()
@click.argument("raw_paths", metavar="[PATHS]...", nargs=-1, type=click.Path())
@click.option("--strict", is_flag=True, help="Fail on warnings too (what CI runs).")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text",
    show_default=True, help="github: annotations for GitHub Actions, plus plain lines for the log.",
)
@click.pass_context
def validate(ctx: click.Context, raw_paths: tuple[str, ...], strict: bool, fmt: str) -> None:
    """Check records, vocabulary and reports; report every problem at once.

    With no PATHS, checks the whole library (see --data). A file named vocabulary.yaml or
    reports.yaml is checked as such; any other file as records.

    \b
    Examples:
      cocite validate
      cocite validate --strict --format github data/excerpts.yaml
    """
    from cocite import problem_format as pf
    from cocite.console import say
    from cocite.checking import validate as run_validate
    from cocite.progress import TerminalProgress

    paths = paths_of(raw_paths)
    with TerminalProgress() as progress:
        result = run_validate(paths, data=data_of(ctx), progress=progress)
    problems = list(result.errors) + list(result.warnings)
    for line in pf.lines(problems, result.files, result.records, fmt, strict):
        echo(line)
    if fmt != "json":
        say(pf.summary(problems, result.files, result.records))
    if result.errors or (strict and result.warnings):
        if strict and result.warnings and not result.errors and fmt != "json":
            say("--strict: warnings count as errors")
        ctx.exit(1)


@click.command("fmt")
@click.argument("raw_paths", metavar="[PATHS]...", nargs=-1, type=click.Path())
@click.option("--check", is_flag=True,
              help="Change nothing; exit 1 and show a diff if a file is not canonical (CI).")
@click.pass_context
def fmt_command(ctx: click.Context, raw_paths: tuple[str, ...], check: bool) -> None:
    """Rewrite data files in the canonical layout (order, keys, quoting); never the text.

    With no PATHS, formats the library's records, vocabulary.yaml and reports.yaml
    (see --data). Record order: by compiled report, section, newest date; then records
    without cited_in, by id (see CONTRIBUTING.md).

    \b
    Examples:
      cocite fmt                  # format the library in place
      cocite fmt --check data/    # what CI runs: exit 1 if anything would change
    """
    from cocite.console import say
    from cocite.errors import DataError
    from cocite.fmt import default_paths, format_paths

    result = format_paths(list(paths_of(raw_paths)) or default_paths(data_of(ctx)), check=check)
    for file in result.changed:
        if check:
            echo(file.diff, nl=False)
        else:
            say(f"reformatted {file.name}")
    say(result.summary(check))
    if result.problems:
        raise DataError(list(result.problems), "some files could not be formatted")
    if check and result.changed:
        say("run `cocite fmt` to fix the layout (the text of the records is never changed)")
        ctx.exit(1)


@click.command("schema")
@click.argument("folder", default="schema", type=click.Path(file_okay=False, path_type=Path))
def schema_command(folder: Path) -> None:
    """Write the JSON Schema files (FOLDER/<kind>.schema.json) from cocite's one definition.

    Run after changing cocite/schema.py; a test fails while schema/ is out of date.

    \b
    Example:
      cocite schema               # rewrites schema/*.schema.json
    """
    from cocite.schema import write_schemas

    for name in write_schemas(str(folder)):
        echo(f"wrote {name}")


@click.command("check-links")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=15.0, show_default=True,
              help="Seconds allowed for each address in total (redirects included).")
@click.option("--concurrency", type=click.IntRange(min=1, max=64), default=8, show_default=True,
              help="Requests at a time in all (never more than 2 to one host).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@click.pass_context
def check_links_command(ctx: click.Context, timeout: float, concurrency: int, fmt: str) -> None:
    """Check that every record's url and archive_url still answer; exit 1 on dead links.

    Reports dead links, redirects (worth updating) and timeouts. Each address is asked once
    (HEAD, then GET if refused), politely: at most 2 requests at a time to one host.

    \b
    Examples:
      cocite check-links
      cocite check-links --timeout 30 --concurrency 4 --format json > links.json
    """
    from cocite import links
    from cocite.console import print_table, say
    from cocite.progress import bar_from_the_start

    urls = links.links_of(library_of(ctx).records)
    with bar_from_the_start("Checking links", len(urls) if fmt == "table" else 0) as on_done:
        results = links.check_links(urls, timeout=timeout, concurrency=concurrency, on_done=on_done)
    if fmt == "json":
        echo(links.as_json(results))
    else:
        rows = links.link_rows(results)
        if rows:
            print_table(links.LINK_COLUMNS, rows)
        say(links.summary(results))
    if any(r.status == "dead" for r in results):
        ctx.exit(1)


COMMANDS = (validate, fmt_command, schema_command, check_links_command)
