"""`cocite export`: the selected records' sources, to standard output or a file.

The output is checked before any work: a folder is refused, and so is a file this command
reads (the library's own files). ``output_option`` and ``format_option`` are how the caller
names the two settings in messages (the command line's ``-o`` and ``--format``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cocite.errors import UsageError

if TYPE_CHECKING:
    from cocite.library import Library
    from cocite.query import Selection

STDOUT = "-"


@dataclass(frozen=True, slots=True)
class Exported:
    text: str | None  # the export, when it is for standard output
    sources: int
    records: int
    output: str

    def summary(self) -> str:
        where = "standard output" if self.output == STDOUT else self.output
        return (f"{self.sources} source{'s' if self.sources != 1 else ''} from {self.records} "
                f"record{'s' if self.records != 1 else ''}: {where}")


def export_selected(
    library: Library, selection: Selection, fmt: str | None, output: str, *,
    format_option: str, output_option: str,
) -> Exported:
    """Export the works of the records ``selection`` picks, in ``fmt`` (None: from the
    output's name); written to ``output`` unless it is ``-``."""
    from cocite.atomic import check_outputs, target, write_outputs
    from cocite.export import export, format_for, works
    from cocite.query import select

    out = None
    if output != STDOUT:
        path = Path(output).expanduser()
        if not output or path.is_dir() or output.endswith("/"):
            raise UsageError(f"{output_option} {output!r}: not a file name; name the file to write")
        out = target(path)  # before any work: never write over what this command reads
        check_outputs([(output_option, out)], library.files.inputs(), library.files.folder())
    records = select(library, selection)
    text = export(records, format_for(fmt, output, format_option, output_option))
    sources = len(works(records))
    if out is not None:
        write_outputs([(out, text)])
    return Exported(text if out is None else None, sources, len(records), output)
