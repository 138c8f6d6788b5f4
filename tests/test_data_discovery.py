"""Data discovery stays inside the data folder and never skips silently; annotation output
cannot be turned into GitHub workflow commands."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cocite.cli import cli
from cocite.problem_format import as_github, one_line
from cocite.problems import Problem

LIB = Path(__file__).resolve().parent / "data" / "bundle-library"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copytree(LIB, tmp_path / "data")
    (tmp_path / "secret").write_text("token: ghp_SECRET123\n")
    return tmp_path / "data"


def validate(*args: str) -> object:
    return CliRunner().invoke(cli, ["validate", *args])


@pytest.mark.parametrize("name", ["creds.yaml", "vocabulary.yaml", "reports.yaml"])
def test_link_out_of_the_folder_reported_not_read(folder: Path, name: str) -> None:
    (folder / name).unlink(missing_ok=True)
    (folder / name).symlink_to(folder.parent / "secret")
    for fmt in ("text", "github", "json"):
        result = validate("--format", fmt, str(folder))
        assert result.exit_code == 1  # type: ignore[attr-defined]
        out = result.stdout + result.stderr  # type: ignore[attr-defined]
        assert "ghp_SECRET123" not in out
        assert "is a symbolic link to a file outside the data folder; not read" in out
    build = CliRunner().invoke(cli, ["--data", str(folder), "list"])
    assert build.exit_code == 1 and "ghp_SECRET123" not in build.output


def test_link_inside_the_folder_is_read(folder: Path) -> None:
    (folder / "sub").mkdir()
    shutil.move(folder / "excerpts.yaml", folder / "sub" / "real.yaml")
    (folder / "excerpts.yaml").symlink_to(folder / "sub" / "real.yaml")
    result = validate(str(folder / "excerpts.yaml"))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]


def test_linked_sub_folder_reported_not_skipped(folder: Path, tmp_path: Path) -> None:
    (tmp_path / "shards").mkdir()
    (tmp_path / "shards" / "more.yaml").write_text("[]\n")
    (folder / "shards").symlink_to(tmp_path / "shards")
    result = validate(str(folder))
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert (f"{folder}/shards: is a link to a folder; folders are not followed (move or copy "
            "its files into the data folder)") in result.stdout  # type: ignore[attr-defined]
    assert result.stderr.startswith("invalid: ")  # type: ignore[attr-defined]


def test_file_name_cannot_inject_workflow_commands(folder: Path) -> None:
    (folder / "x\n::error file=evil::pwned.yaml").write_text("- id: [\n")
    (folder / "::warning::y.yaml").write_text("- id: [\n")
    result = validate("--format", "github", str(folder))
    assert result.exit_code == 1  # type: ignore[attr-defined]
    lines = result.stdout.splitlines()  # type: ignore[attr-defined]
    token = re.fullmatch(r"::stop-commands::([0-9a-f]{32})", lines[2])
    assert token, lines
    assert lines[-1] == f"::{token.group(1)}::"
    # Before the pause: only cocite's own annotations, one per problem, each field escaped.
    assert all(line.startswith("::error file=") for line in lines[:2])
    assert not any("pwned" in line and "%0A" not in line for line in lines[:2])
    # During the pause: plain lines, none starting with "::".
    assert not any(line.lstrip().startswith("::") for line in lines[3:-1])


@pytest.mark.parametrize(("text", "shown"), [
    ("a\nb", "a\\nb"), ("a\r\nb", "a\\r\\nb"), ("::error::x", "./::error::x"),
    ("  ::x", "./  ::x"), ("plain", "plain"),
])
def test_one_line(text: str, shown: str) -> None:
    assert one_line(text) == shown


def test_annotation_escapes_every_field() -> None:
    p = Problem("a,b:c%d\ne.yaml", 3, "id%1\n", None, "50% done\r\n::error::x")
    assert as_github(p) == ("::error file=a%2Cb%3Ac%25d%0Ae.yaml,line=3,title=record id%251%0A::"
                            "50%25 done%0D%0A::error::x")


@pytest.mark.parametrize("command", ["validate", "fmt"])
def test_empty_path_refused(command: str) -> None:
    result = CliRunner().invoke(cli, [command, ""])
    assert result.exit_code == 2
    assert result.stderr == ("Error: PATHS: an empty path ('') was given; name a file or "  # type: ignore[attr-defined]
                             "folder\n")


@pytest.mark.parametrize("how", ["default", "--data", "argument"])
def test_records_file_linked_out_of_its_folder_is_not_read(
    folder: Path, how: str, monkeypatch: pytest.MonkeyPatch,
) -> None:
    (folder / "excerpts.yaml").unlink()
    (folder / "excerpts.yaml").symlink_to(folder.parent / "secret")
    monkeypatch.chdir(folder.parent)
    args = {"default": ["validate", "--format", "github"],
            "--data": ["--data", "data/excerpts.yaml", "validate", "--format", "github"],
            "argument": ["validate", "--format", "github", "data/excerpts.yaml"]}[how]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert "ghp_SECRET123" not in result.output
    assert "data/excerpts.yaml: is a symbolic link to a file outside the data folder" in (
        result.stdout + result.stderr)
