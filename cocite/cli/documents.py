"""Commands that make documents from the library: build (the evidence bundle), schedule (the
tribunal's evidence schedule) and export (the sources, for a reference manager)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from cocite.cli.invocation import echo, library_of
from cocite.cli.options import SELECTION_HELP, STYLE_HELP, selection, selection_options


@click.command(epilog=SELECTION_HELP)
@selection_options
@click.option("-o", "--output", metavar="FILE",
              help="A .docx, .pdf (needs LibreOffice) or .md file, a directory, or - for "
              "Markdown on standard output. Default: named for the filters, e.g. "
              "cocite-stigma-male.docx.")
@click.option("--format", "fmt", type=click.Choice(["docx", "md", "pdf"]),
              help="Default: from the -o name, else docx.")
@click.option("--template", type=click.Path(path_type=Path, dir_okay=False),
              help="Your own template: a .docx with Jinja tags, or a .md.j2 file.")
@click.option("--style", default="asylos", show_default=True, metavar="STYLE",
              help=STYLE_HELP)
@click.option("--no-lead-in", is_flag=True, help="Leave out the compilers' lead-in sentences.")
@click.option("--title", metavar="TEXT", help="Title of the bundle (default: from the filters).")
@click.option("-q", "--quiet", is_flag=True, help="Print no summary.")
@click.pass_context
def build(
    ctx: click.Context, /, output: str | None, fmt: str | None, template: Path | None,
    style: str, no_lead_in: bool, title: str | None, quiet: bool, **filters: Any,
) -> None:
    """Build an evidence bundle (Word or Markdown) from the selected excerpts.

    Every extract is quoted verbatim, numbered, cited and linked to its source.

    \b
    Examples:
      cocite build --topic stigma --profile male
      cocite build --topic stigma --profile boys --include-general -o bundle.docx
      cocite build --id ID1 --id ID2 --style oscola -o - | less
      cocite build --topic stigma --style harvard-cite-them-right -o bundle.docx
    """
    from cocite.bundle import build_bundle
    from cocite.console import say

    chosen = selection(filters)
    result = build_bundle(
        library_of(ctx), chosen, fmt=fmt, output=output, template=template, style=style,
        lead_in=not no_lead_in, title=title,
    )
    if result.text is not None:
        echo(result.text, nl=False)
    if not quiet:
        for line in result.summary():
            say(line)


@click.command()
@click.argument("case_file", metavar="CASE.yaml",
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", metavar="FILE",
              help="A .docx, .pdf (needs LibreOffice) or .md file, a directory, or - for "
              "Markdown on standard output. Default: CASE-schedule.docx.")
@click.option("--fit", is_flag=True,
              help="Leave out the lowest-ranked extracts until the schedule is within "
              "max_pages: out-of-date first, then repeats of a source, then the longest.")
@click.option("--template", type=click.Path(path_type=Path, dir_okay=False),
              help="Your own template: a .docx with Jinja tags, or a .md.j2 file (start from "
              "templates/schedule.docx or schedule.md.j2).")
@click.option("--renumber", is_flag=True,
              help="Number the extracts --fit kept consecutively (2.1, 2.2, ...) instead of "
              "keeping their numbers; the manifest maps new numbers to old.")
@click.option("--strict", is_flag=True,
              help="Fail (exit 1, nothing written) on any warning: over budget, one source, old.")
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Also write the balance and currency report as JSON.")
@click.option("--stale-years", type=click.IntRange(min=0), default=3, show_default=True,
              help="Warn about extracts published more than this many years ago.")
@click.option("--style", metavar="STYLE",
              help=STYLE_HELP + " Default: the case file's style, else asylos.")
@click.option("-q", "--quiet", is_flag=True, help="Print warnings only, no summary.")
@click.pass_context
def schedule(
    ctx: click.Context, case_file: Path, output: str | None, template: Path | None,
    fit: bool, renumber: bool, strict: bool, report: Path | None, stale_years: int,
    style: str | None, quiet: bool,
) -> None:
    """Build the country information evidence schedule of a case file (FtT (IAC) Practice
    Direction para 10.6): extracts by disputed issue, numbered issue.extract, cited and
    linked, within the page budget (12 pages unless max_pages says otherwise).

    Pages are counted by LibreOffice when installed, else estimated. A manifest beside
    the output (schedule.docx.manifest.json) records what was built from what, and
    every extract --fit left out, with the reason.

    \b
    Examples:
      cocite schedule examples/male-forced-criminality.yaml -o schedule.docx
      cocite schedule case.yaml --fit -o schedule.pdf --report balance.json
      cocite schedule case.yaml --style apa -o schedule.docx
    """
    from cocite.console import say
    from cocite.schedule import make_schedule

    result = make_schedule(library_of(ctx), case_file, output=output, fit=fit, strict=strict,
                           stale_years=stale_years, report=report, style=style,
                           renumber=renumber, template=template)
    if result.text is not None:
        echo(result.text, nl=False)
    for line in result.summary():
        if not quiet or line.startswith(("warning:", "left out")):
            say(line)


@click.command("export", epilog=SELECTION_HELP)
@selection_options
@click.option("--format", "fmt", type=click.Choice(["csl-json", "ris", "bibtex"]),
              help="Default: from the -o name (.json, .ris, .bib), else csl-json.")
@click.option("-o", "--output", metavar="FILE", default="-", show_default=True,
              help="The file to write, or - for standard output.")
@click.pass_context
def export_command(ctx: click.Context, /, fmt: str | None, output: str, **filters: Any) -> None:
    """Export the selected records' sources for a reference manager: CSL-JSON (Zotero),
    RIS (EndNote, Mendeley) or BibTeX. Each source once; the pages each record cites are
    kept in the source's note.

    \b
    Examples:
      cocite export --all -o library.json                 # Zotero: File > Import
      cocite export --topic stigma --profile male -o stigma.ris
      cocite export --id ID1 --id ID2 --format bibtex
    """
    from cocite.console import say
    from cocite.exporting import export_selected

    library = library_of(ctx)
    done = export_selected(library, selection(filters), fmt, output,
                           format_option="--format", output_option="-o")
    if done.text is not None:
        echo(done.text, nl=False)
    say(done.summary())


COMMANDS = (build, schedule, export_command)
