"""Hostile inputs, each a named scenario with the exact message and exit code it must give.

Small fixtures are committed in ``tests/data/hostile/``; big ones (a 100 MB line, a 1 GB
sparse file, 100,000 levels of nesting) and file-system oddities (symbolic link loops, a named
pipe, a link to /dev/zero) are made in ``tmp_path`` at test time. Whatever the input, cocite
names the file, exits 1 (never 3, a crash), and finishes: commands that could hang or kill the
interpreter run in a subprocess with a timeout, which fails the test if it is hit.
"""

from __future__ import annotations

import errno
import os
import pathlib
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cocite.cli import cli
from cocite.loading import load_library

HOSTILE = Path(__file__).parent / "data" / "hostile"
VALIDATE = Path(__file__).parent / "data" / "validate"
GOOD = """\
- id: good-record
  topics: [stigma]
  material: interview
  quote: "A quote that is fine."
  source: {author: Vatra, kind: interview, date: "2023-06-05"}
"""
LIMIT = "(split it into several files, or raise COCITE_MAX_FILE_MB)"
LOADING_FAILED = "Error: {n} error(s) in the data; run `cocite validate`"


def make_library(root: Path, files: dict[str, bytes | str] | None = None) -> Path:
    """``root/lib``: the test vocabulary and reports, a good record file, and ``files``."""
    lib = root / "lib"
    lib.mkdir()
    for name in ("vocabulary.yaml", "reports.yaml"):
        shutil.copy(VALIDATE / name, lib / name)
    (lib / "good.yaml").write_text(GOOD, encoding="utf-8")
    for name, data in (files or {}).items():
        path = lib / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode() if isinstance(data, str) else data)
    return lib


def cocite(cwd: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run cocite in its own process: a hang is a timeout, a C-level crash a signal."""
    env = {**os.environ, "PYTHONUTF8": "1", "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "cocite", *args], cwd=cwd, env=env, capture_output=True,
        text=True, encoding="utf-8", timeout=timeout, check=False,
    )


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary(records: int, files: int, errors: int) -> str:
    state = "valid" if not errors else "invalid"
    return (f"{state}: {plural(records, 'record')} in {plural(files, 'file')}: "
            f"{plural(errors, 'error')}, 0 warnings\n")


def lines(*problems: str) -> str:
    return "".join(p + "\n" for p in problems)


# --- committed fixtures, one file each, through `cocite validate FILE` ----------------------

ANCHORS = ("YAML anchors (&name) and aliases (*name) are not allowed: write the text out in full")
UNKNOWN = ("unknown field (allowed: id, topics, profiles, material, country, lead_in, quote, "
           "source, joint_sources, cited_in, translation, footnotes)")

FIXTURES = [
    # (fixture, records counted, expected problem lines)
    ("python-object-apply.yaml", 0, [
        "1: the tag !!python/object/apply:os.system is not allowed"]),
    ("python-tag-in-record.yaml", 0, [
        "4: the tag !!python/name:os.system is not allowed (only plain YAML data)"]),
    ("alias-bomb.yaml", 0, [f"1: {ANCHORS}"]),
    ("anchored-quote.yaml", 0, [f"4: {ANCHORS}"]),
    ("bom-utf8.yaml", 1, []),
    ("crlf.yaml", 1, []),
    ("utf16-bom.yaml", 0, [": file is UTF-16 encoded; save it as UTF-8"]),
    ("utf16-no-bom.yaml", 0, [
        ": file looks UTF-16 encoded (without a byte-order mark); save it as UTF-8"]),
    ("utf32-bom.yaml", 0, [": file is UTF-32 encoded; save it as UTF-8"]),
    ("nul-byte.yaml", 0, [
        "4: contains a NUL byte: this is a binary file, not UTF-8 YAML text"]),
    ("latin1.yaml", 0, [
        "4: not valid UTF-8 (byte 0xe9 at column 14); save the file as UTF-8"]),
    ("multiple-documents.yaml", 0, [
        ("6: YAML syntax error: a second YAML document starts here; a data file holds one "
         "document (remove the '---' line, or move what follows to another file)")]),
    ("raw-control-character.yaml", 0, [
        "4: control character U+0007 is not allowed in YAML text"]),
    ("escaped-control-character.yaml", 1, [
        ("4: record bell: quote: contains the control character U+0007, which Word cannot "
         "show; remove it")]),
    ("keys-with-line-breaks.yaml", 1, [
        f"6: record odd-keys: 'note\\rto self': {UNKNOWN}",
        f"7: record odd-keys: 'tab\\there': {UNKNOWN}"]),
    ("missing-fields.yaml", 1, [
        "1: record bare: material: missing; this field is required",
        "1: record bare: source: missing; this field is required",
        "1: record bare: topics: missing; this field is required"]),
]


def test_every_committed_fixture_has_a_scenario() -> None:
    assert sorted(p.name for p in HOSTILE.iterdir()) == sorted(f[0] for f in FIXTURES)


@pytest.mark.parametrize(("fixture", "records", "problems"), FIXTURES, ids=[f[0] for f in FIXTURES])
def test_hostile_fixture(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fixture: str, records: int,
    problems: list[str],
) -> None:
    lib = make_library(tmp_path)
    (lib / "good.yaml").unlink()
    shutil.copy(HOSTILE / fixture, lib / fixture)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["validate", f"lib/{fixture}"])
    name = f"lib/{fixture}"
    # A problem without a line reads "FILE: message"; with one, "FILE:LINE: message".
    expected = lines(*(f"{name}{p}" if p.startswith(":") else f"{name}:{p}" for p in problems))
    assert (result.exit_code, result.stdout, result.stderr) == (
        1 if problems else 0, expected, summary(records, 1, len(problems)),
    )
    # Nothing in a data file is ever executed: `touch pwned` did not run.
    assert not (tmp_path / "pwned").exists()


def test_crlf_file_keeps_the_quote_text() -> None:
    library = load_library(HOSTILE / "crlf.yaml", use_cache=False)
    assert library.by_id["crlf"].quote == (
        "First line of the quote,  two spaces kept.\nSecond line [...] \u00eb\n\n"
        "A second paragraph."
    )


def test_bom_is_not_part_of_the_first_key() -> None:
    library = load_library(HOSTILE / "bom-utf8.yaml", use_cache=False)
    assert [r.id for r in library.records] == ["with-bom"]
    assert library.by_id["with-bom"].quote == "Caf\u00e9 \u0161qip"


# --- generated: nesting, size ---------------------------------------------------------------

DEEP = "nesting is deeper than 100 levels"


@pytest.mark.parametrize(
    ("levels", "text", "line"),
    [
        (10_000, "[" * 10_000 + "]" * 10_000 + "\n", 1),
        # 100,000 levels overflowed libyaml's C stack: the process died with SIGSEGV.
        (100_000, "[" * 100_000 + "]" * 100_000 + "\n", 1),
        (1_000_000, "{a: " * 1_000_000 + "b" + "}" * 1_000_000 + "\n", 1),
        (50_000, "- " * 50_000 + "x\n", 1),  # compact block sequences, on one line
        (150, "".join("  " * i + "a:\n" for i in range(150)) + "  " * 150 + "b\n", 101),
    ],
    ids=["flow-10000", "flow-100000", "flow-mapping-1000000", "compact-50000", "block-150"],
)
def test_deep_nesting(tmp_path: Path, levels: int, text: str, line: int) -> None:
    make_library(tmp_path, {"deep.yaml": text})
    result = cocite(tmp_path, "validate", "lib/deep.yaml")
    assert (result.returncode, result.stdout, result.stderr) == (
        1, f"lib/deep.yaml:{line}: {DEEP}\n", summary(0, 1, 1),
    )


@pytest.mark.slow
def test_hundred_megabyte_single_line_is_read_in_bounded_time(tmp_path: Path) -> None:
    """Under the size limit, so accepted: one record whose quote is one 100 MB word."""
    lib = make_library(tmp_path)
    head = b'[{id: one-long-line, topics: [stigma], material: interview, quote: "'
    tail = b'", source: {author: Vatra, kind: interview, date: "2023-06-05"}}]\n'
    size = 100 * 1024 * 1024
    with (lib / "long-line.yaml").open("wb") as fh:
        fh.write(head)
        fh.write(b"x" * (size - len(head) - len(tail)))
        fh.write(tail)
    assert (lib / "long-line.yaml").stat().st_size == size
    result = cocite(tmp_path, "validate", "lib", timeout=300)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", summary(2, 2, 0))


def test_one_gigabyte_sparse_file_is_refused_politely(tmp_path: Path) -> None:
    lib = make_library(tmp_path)
    with (lib / "huge.yaml").open("wb") as fh:
        fh.truncate(1024 ** 3)  # sparse: no disk used
    problem = f"lib/huge.yaml: file is 1.0 GB, over the 200.0 MB limit {LIMIT}"
    result = cocite(tmp_path, "validate", "lib")
    assert (result.returncode, result.stdout, result.stderr) == (
        1, problem + "\n", summary(1, 2, 1),
    )
    # `list` loads through the cache, which must not hash a gigabyte before refusing it.
    result = cocite(tmp_path, "--data", "lib", "list")
    assert (result.returncode, result.stdout, result.stderr) == (
        1, "", lines(problem, LOADING_FAILED.format(n=1)),
    )


# --- generated: data directories ------------------------------------------------------------


def test_symbolic_link_loops_in_a_data_directory(tmp_path: Path) -> None:
    lib = make_library(tmp_path)
    (lib / "loop").symlink_to(".")  # a folder link: not followed, so no endless walk
    (lib / "sub").mkdir()
    (lib / "sub" / "up").symlink_to("..")
    (lib / "self.yaml").symlink_to("self.yaml")
    (lib / "a.yaml").symlink_to("b.yaml")
    (lib / "b.yaml").symlink_to("a.yaml")
    (lib / "dangling.yaml").symlink_to("nowhere.yaml")
    folder_link = ("is a link to a folder; folders are not followed (move or copy its files "
                   "into the data folder)")
    problems = [
        "lib/a.yaml: is a loop of symbolic links, not a file",
        "lib/b.yaml: is a loop of symbolic links, not a file",
        "lib/dangling.yaml: is a broken symbolic link (to nowhere.yaml, which does not exist)",
        f"lib/loop: {folder_link}",
        "lib/self.yaml: is a loop of symbolic links, not a file",
        f"lib/sub/up: {folder_link}",
    ]
    result = cocite(tmp_path, "validate", "lib")
    assert (result.returncode, result.stdout, result.stderr) == (
        1, lines(*problems), summary(1, 5, 6),
    )
    # Before the fix, `list` crashed here (exit 3): Path.resolve raised RuntimeError.
    result = cocite(tmp_path, "--data", "lib", "list")
    assert (result.returncode, result.stdout, result.stderr) == (
        1, "", lines(*problems, LOADING_FAILED.format(n=6)),
    )


def test_named_pipe_and_device_in_a_data_directory_do_not_hang(tmp_path: Path) -> None:
    lib = make_library(tmp_path)
    os.mkfifo(lib / "fifo.yaml")  # reading it would wait for a writer forever
    (lib / "zero.yaml").symlink_to("/dev/zero")  # reading it would never end
    problems = [
        "lib/fifo.yaml: is a named pipe, not a regular file; expected a YAML file",
        "lib/zero.yaml: is a symbolic link to a file outside the data folder; not read (copy "
        "the file into the data folder instead)",
    ]
    result = cocite(tmp_path, "validate", "lib", timeout=30)
    assert (result.returncode, result.stdout, result.stderr) == (
        1, lines(*problems), summary(1, 2, 2),  # the link out of the folder is not read
    )
    result = cocite(tmp_path, "--data", "lib", "list", timeout=30)
    assert (result.returncode, result.stdout, result.stderr) == (
        1, "", lines(*problems, LOADING_FAILED.format(n=2)),
    )


def test_non_yaml_files_in_a_data_directory_are_ignored(tmp_path: Path) -> None:
    make_library(tmp_path, {
        "notes.txt": "- not: [a record\n",
        "README.md": "# Library\n",
        "photo.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "good.yaml.bak": "{{ broken",
        "good.yaml~": "{{ broken",
        "excerpts.YAML.orig": "{{ broken",
        ".hidden.yaml": "{{ broken",
        ".git/objects/x.yaml": "{{ broken",
        "Thumbs.db": b"\x00\x01\x02",
    })
    (tmp_path / "lib" / ".#good.yaml").symlink_to("root@host.1234")  # an editor's lock link
    result = cocite(tmp_path, "validate", "lib")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", summary(1, 1, 0))
    result = cocite(tmp_path, "--data", "lib", "list")
    assert (result.returncode, result.stderr) == (0, "1 record\n")
    assert "good-record" in result.stdout


def test_upper_case_yaml_suffix_is_a_record_file(tmp_path: Path) -> None:
    """A shard saved as SHOUTING.YAML (Windows, macOS) was skipped silently: records lost."""
    make_library(tmp_path, {
        "SHOUTING.YAML": GOOD.replace("good-record", "shouting").replace(
            "A quote that is fine.", "Men rarely report what happened to them."),
        "Quiet.Yml": GOOD.replace("good-record", "quiet").replace(
            "A quote that is fine.", "Shelters for women exist in three cities."),
    })
    result = cocite(tmp_path, "validate", "lib")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", summary(3, 3, 0))


# --- unreadable files and folders ------------------------------------------------------------

ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
AS_ROOT = "running as root: file permissions do not apply (the simulated tests cover this)"


@pytest.mark.skipif(ROOT, reason=AS_ROOT)
def test_unreadable_file_for_real(tmp_path: Path) -> None:
    lib = make_library(tmp_path, {"locked.yaml": GOOD.replace("good-record", "locked")})
    (lib / "locked.yaml").chmod(0)
    try:
        result = cocite(tmp_path, "validate", "lib")
    finally:
        (lib / "locked.yaml").chmod(0o644)
    assert (result.returncode, result.stdout, result.stderr) == (
        1, "lib/locked.yaml: cannot read: Permission denied\n", summary(1, 2, 1),
    )


@pytest.mark.skipif(ROOT, reason=AS_ROOT)
def test_unreadable_folder_for_real(tmp_path: Path) -> None:
    lib = make_library(tmp_path, {"locked/x.yaml": GOOD.replace("good-record", "locked")})
    (lib / "locked").chmod(0)
    try:
        result = cocite(tmp_path, "validate", "lib")
    finally:
        (lib / "locked").chmod(0o755)
    assert (result.returncode, result.stdout, result.stderr) == (
        1, "", ("lib/locked: cannot read this folder (Permission denied); "
                "the records in it would be missed\n"),
    )


@pytest.fixture
def deny(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """Names whose opening (files) or listing (folders) fails with EACCES, as for chmod 000."""
    denied: set[str] = set()
    real_open, real_scandir = pathlib.Path.open, os.scandir

    def fail(path: Any) -> None:
        if os.path.basename(os.fspath(path)) in denied:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))

    def guarded_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        fail(self)
        return real_open(self, *args, **kwargs)

    def guarded_scandir(path: Any = ".") -> Any:
        fail(path)
        return real_scandir(path)

    monkeypatch.setattr(pathlib.Path, "open", guarded_open)
    monkeypatch.setattr(os, "scandir", guarded_scandir)
    return denied


def test_unreadable_file_simulated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, deny: set[str]
) -> None:
    make_library(tmp_path, {"locked.yaml": GOOD.replace("good-record", "locked")})
    monkeypatch.chdir(tmp_path)
    deny.add("locked.yaml")
    problem = "lib/locked.yaml: cannot read: Permission denied"
    result = CliRunner().invoke(cli, ["validate", "lib"])
    assert (result.exit_code, result.stdout, result.stderr) == (
        1, problem + "\n", summary(1, 2, 1),
    )
    result = CliRunner().invoke(cli, ["--data", "lib", "list"])
    assert (result.exit_code, result.stdout, result.stderr) == (
        1, "", lines(problem, LOADING_FAILED.format(n=1)),
    )


def test_unreadable_folder_simulated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, deny: set[str]
) -> None:
    """os.walk skipped an unreadable folder without a word: its records were silently lost."""
    make_library(tmp_path, {"locked/x.yaml": GOOD.replace("good-record", "locked")})
    monkeypatch.chdir(tmp_path)
    deny.add("locked")
    problem = ("lib/locked: cannot read this folder (Permission denied); "
               "the records in it would be missed\n")
    # validate reports it as one of its problems (so --format github annotates it too).
    result = CliRunner().invoke(cli, ["validate", "lib"])
    assert (result.exit_code, result.stdout, result.stderr) == (
        1, problem, "invalid: 0 records in 0 files: 1 error, 0 warnings\n")
    for args in (["--data", "lib", "list"],):
        result = CliRunner().invoke(cli, args)
        assert (result.exit_code, result.stdout, result.stderr) == (1, "", problem)
