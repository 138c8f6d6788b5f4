"""validate, fmt, schema and check-links as commands (cocite/cli/upkeep.py)."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from cocite.cli import cli

DATA = Path(__file__).resolve().parents[1] / "data"
INVALID = DATA / "validate" / "invalid-many.yaml"


def test_validate_github_annotations_then_the_plain_lines_inside_a_pause(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", "--format", "github", str(INVALID)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("::stop-commands::"))
    token = lines[start].removeprefix("::stop-commands::")
    assert re.fullmatch(r"[0-9a-f]{32}", token)
    assert lines[-1] == f"::{token}::"
    annotations, plain = lines[:start], lines[start + 1:-1]
    assert len(annotations) == len(plain) > 0
    assert all(line.startswith(("::error ", "::warning ")) for line in annotations)
    assert not any(line.startswith("::") for line in plain)
    assert result.stderr.startswith("invalid: ")


def test_validate_json_says_nothing_on_stderr(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", "--format", "json", str(INVALID)])
    assert result.exit_code == 1
    assert result.stdout.startswith('{\n  "valid": false,')
    assert result.stderr == ""


def test_strict_says_why_warnings_failed(runner: CliRunner, tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    lib.mkdir()
    for name in ("excerpts.yaml", "vocabulary.yaml", "reports.yaml"):
        (lib / name).write_bytes((DATA / "bundle-library" / name).read_bytes())
    text = (lib / "excerpts.yaml").read_text(encoding="utf-8")
    (lib / "excerpts.yaml").write_text(
        text.replace("    Male victims face", "    Male \u2067victims\u2069 face", 1), encoding="utf-8")
    result = runner.invoke(cli, ["validate", "--strict", str(lib / "excerpts.yaml")])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == "--strict: warnings count as errors"


def test_schema_names_each_file_written(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["schema", str(tmp_path)])
    assert result.exit_code == 0
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written and all(name.endswith(".schema.json") for name in written)
    assert sorted(line.rsplit("/", 1)[-1] for line in result.stdout.splitlines()) == written
