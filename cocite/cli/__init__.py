"""The command line: wiring only.

Each command parses its options, makes one call into the library and writes the result.
Errors are raised, never printed here: :mod:`cocite.error_handler` maps them to messages
and exit codes in one place. Heavy modules are imported inside the commands that need them,
so ``cocite --help`` stays fast.

The group and its global options are in :mod:`cocite.cli.root`; options several commands
share in :mod:`cocite.cli.options`; the commands, by what they are for, in
:mod:`cocite.cli.finding` (list, search, show, topics, profiles, guidance),
:mod:`cocite.cli.documents` (build, schedule, export), :mod:`cocite.cli.adding` (add,
import) and :mod:`cocite.cli.upkeep` (validate, fmt, schema, check-links).
"""

from __future__ import annotations

from cocite.cli import adding, documents, finding, upkeep
from cocite.cli.root import cli

for _module in (adding, documents, finding, upkeep):
    for _command in _module.COMMANDS:
        cli.add_command(_command)
del _module, _command

__all__ = ["cli"]
