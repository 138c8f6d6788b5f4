"""Commands that put records into the library: add (one record) and import (a compiled
report's records)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from cocite.cli.invocation import data_of, echo, library_of

if TYPE_CHECKING:
    from cocite.add import Plan


@click.group("import")
def import_group() -> None:
    """Convert a compiled COI report into excerpt records.

    \b
    Example:
      cocite import asylos report.txt --report asylos-albania-trafficking-2024 -o new.yaml
    """


@click.command("asylos")
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
    from cocite.console import say
    from cocite.importing import import_asylos_report, overrides_for, summary_of

    library = library_of(ctx)
    overrides = overrides_for(library, report_id, overrides)
    done = import_asylos_report(path, report_id, library, overrides, output, option="-o")
    if done.text is not None:
        echo(done.text, nl=False)
    if not quiet:
        for line in summary_of(done, report_id, output):
            say(line)


@click.command("add")
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

    from cocite import add
    from cocite import add_request
    from cocite.console import say
    from cocite.errors import UsageError

    base = add_request.snippet(from_file)
    if quote == "-":
        quote = add_request.stdin_text("the quote (--quote -)").rstrip("\n")
    given = {k: v for k, v in fields.items() if v not in (None, ())}
    if key is not None and source_from is None:
        raise UsageError("--key names an item of a CSL JSON file: give --source-from FILE.json")
    if source_from is not None:  # the reference manager's fields; the options given win
        base = add_request.with_source(base, source_from, key, "--source-from", "--key")
    if interactive or (not base and not given and not quote and not record_id
                       and sys.stdin.isatty()):
        record = _ask_record(ctx, base, {**given, "quote": quote, "id": record_id})
        interactive = True
    else:
        record = add.record_from(base, id=record_id, quote=quote, **given)
    plan = add.plan(record, data_of(ctx), target)
    _show_plan(plan)
    if _may_write(plan, dry_run=dry_run, force=force, interactive=interactive):
        done = add.commit(plan.record, data_of(ctx), target, force=force or interactive)
        say(f"added {done.record['id']} to {done.target}")


def _show_plan(plan: Plan) -> None:
    """The record as it would be written, its problems and the id proposed for it."""
    from cocite.console import say
    from cocite.problem_format import as_text

    echo(plan.preview, nl=False)
    for problem in plan.problems:
        say(as_text(problem))
    if plan.proposed_id:
        say(f"proposed id: {plan.record['id']} (give --id to choose another)")


def _may_write(plan: Plan, *, dry_run: bool, force: bool, interactive: bool) -> bool:
    """Whether to add the record: errors always refuse (exit 1); warnings refuse unless
    --force, or the user at the terminal says yes."""
    from cocite.console import say
    from cocite.errors import DataError

    if dry_run:
        say("dry run: nothing written")
        if plan.errors:  # documented as the way to check a record: an invalid one fails
            raise DataError([], f"the record is not valid: {len(plan.errors)} error(s) above")
        return False
    # The problems are printed above: the error says so once instead of printing them again.
    if plan.errors:
        raise DataError([], f"record not added: {len(plan.errors)} error(s) above")
    if plan.warnings and not force and not interactive:
        raise DataError([], "record not added: fix the warnings above, or add it anyway "
                        "with --force")
    if interactive:
        prompt = "Add anyway, despite the warnings?" if plan.warnings else f"Add to {plan.target}?"
        if not click.confirm(prompt, default=not plan.warnings):
            say("nothing written")
            return False
    return True


def _ask_record(ctx: click.Context, base: dict[str, Any], given: dict[str, Any]) -> dict[str, Any]:
    """Interactive mode: prompt for each field, with defaults and the vocabulary's choices."""
    from cocite import add
    from cocite.models import MATERIALS, SOURCE_KINDS

    topics, profiles = add.vocabulary_choices(data_of(ctx))
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
    return add.record_from(base, **fields)


import_group.add_command(import_asylos_command)

COMMANDS = (import_group, add_command)
