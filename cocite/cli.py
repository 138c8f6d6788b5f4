"""The command line: wiring only.

Each command parses its options, makes one call into the library and writes the result.
Errors are raised, never printed here: :mod:`cocite.error_handler` maps them to messages
and exit codes in one place. Heavy modules are imported inside the commands that need them,
so ``cocite --help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from cocite import __version__
from cocite.error_handler import handled


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
@click.pass_context
def cli(ctx: click.Context, data: Path | None) -> None:
    """cocite: verbatim country-of-origin evidence, assembled for tribunals.

    \b
    Examples:
      cocite build --topic stigma --profile male      # a Word bundle
      cocite validate --strict                        # check the library
    """
    ctx.obj = {"data": data}


def _data(ctx: click.Context) -> Path | None:
    return ctx.obj.get("data") if ctx.obj else None


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
