"""The ``cocite`` group: its global options (``--data``, ``--no-cache``, ``--version``) and
the one error handler every command runs inside."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from cocite import __version__
from cocite.error_handler import handled


class CociteGroup(click.Group):
    """Runs every command inside the one error handler, with cocite's own wording for the
    usage errors Click finds (Click's wording changes between releases)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            raise _own_wording(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        from cocite.console import utf8_streams

        utf8_streams()
        with handled():
            try:
                return super().invoke(ctx)
            except click.UsageError as exc:
                raise _own_wording(exc) from None


def _own_wording(exc: click.UsageError) -> click.UsageError:
    """The usage errors a user meets most, reworded from the exception's fields.

    Still Click's own exception: Click found it while parsing, and prints it with the usage
    line and the ``--help`` hint, as for every other parsing error.
    """
    if isinstance(exc, click.NoSuchOption):
        from cocite.terms import did_you_mean

        # Compared without the dashes, which every option shares.
        names = [name[2:] for param in (exc.ctx.command.params if exc.ctx else [])
                 for name in param.opts if name.startswith("--")]
        hint = did_you_mean(exc.option_name.lstrip("-"), names).replace(" '", " '--", 1)
        # A plain UsageError: NoSuchOption would add Click's own list, in its own words.
        return click.UsageError(f"no such option {exc.option_name!r}{hint}", exc.ctx)
    return exc


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
    help="Read the data and format citations afresh instead of using the index and the "
    "citation cache in the user cache directory (also: COCITE_NO_CACHE=1).",
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
    if no_cache:
        from cocite.citation.format import disable_cache

        disable_cache()
