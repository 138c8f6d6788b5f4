"""Where results are written: only the declared output changes, whatever sits at its path.

Regular files are replaced atomically (mode kept); read-only files and dangling links are
refused; a link keeps pointing where it did and its target gets the result; devices, pipes and
descriptors are written through; no command writes over one of its inputs or another of its
outputs; several outputs appear together or not at all.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cocite import atomic
from cocite.atomic import Target, check_outputs, target, write_outputs
from cocite.cli import cli
from cocite.errors import OutputError, UsageError

DATA = Path(__file__).resolve().parent / "data"
LIB = DATA / "bundle-library"
CASE_LIB = DATA / "case-library"
CASE = DATA / "case-adult-man.yaml"


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    """A copy of the bundle library, so a test may watch (and could damage) its files."""
    shutil.copytree(LIB, tmp_path / "data")
    return tmp_path / "data"


def build(lib: Path, *args: str) -> Any:
    return CliRunner().invoke(cli, ["--data", str(lib), "build", "--all", "-q", *args])


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and "xdg-cache" not in p.parts}


# --- what sits at the path ----------------------------------------------------------------------


def test_regular_file_replaced_keeping_its_mode(lib: Path, tmp_path: Path) -> None:
    out = tmp_path / "b.md"
    out.write_text("old\n")
    out.chmod(0o640)
    result = build(lib, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_text().startswith("# ")
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "b.md", "b.md.manifest.json", "data", "xdg-cache"]


@pytest.mark.skipif(os.geteuid() != 0, reason="only root may give a file to another owner")
def test_owner_kept_when_root_replaces_a_file(lib: Path, tmp_path: Path) -> None:
    out = tmp_path / "b.md"
    out.write_text("old\n")
    os.chown(out, 65534, 65534)
    assert build(lib, "-o", str(out)).exit_code == 0
    assert (out.stat().st_uid, out.stat().st_gid) == (65534, 65534)
    assert out.read_text().startswith("# ")


def test_read_only_file_refused_not_replaced(lib: Path, tmp_path: Path) -> None:
    out = tmp_path / "b.md"
    out.write_text("keep me\n")
    out.chmod(0o444)
    result = build(lib, "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {out}: the file is read-only; not replaced (make it "
                             "writable or choose another name)\n")
    assert out.read_text() == "keep me\n"


def test_symlink_kept_and_its_target_written(lib: Path, tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("old\n")
    real.chmod(0o600)
    link = tmp_path / "link.md"
    link.symlink_to(real)
    result = build(lib, "-o", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text().startswith("# ")
    assert stat.S_IMODE(real.stat().st_mode) == 0o600


def test_dangling_symlink_refused(lib: Path, tmp_path: Path) -> None:
    link = tmp_path / "link.md"
    link.symlink_to(tmp_path / "nowhere" / "x.md")
    result = build(lib, "-o", str(link))
    assert result.exit_code == 1
    assert "a link to a file that does not exist; not followed" in result.stderr
    assert link.is_symlink() and not (tmp_path / "nowhere").exists()


def test_fifo_nobody_reads_refused_without_waiting(lib: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = build(lib, "--format", "md", "-o", str(fifo))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {fifo}: a named pipe that nobody is reading; not written\n"
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_fifo_with_a_reader_written_through(lib: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader, as `cat pipe` would be

    def drain() -> None:
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb") as fh:
            got.append(fh.read())

    result = build(lib, "--format", "md", "-o", str(fifo))
    reader = threading.Thread(target=drain)
    reader.start()
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert got and got[0].startswith(b"# ")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def _cocite(*args: str, **kw: Any) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "NO_COLOR": "1", "SOURCE_DATE_EPOCH": "1714564800"}
    kw.setdefault("stdout", subprocess.PIPE)
    return subprocess.run([sys.executable, "-m", "cocite", "--data", str(LIB), *args],
                          stderr=subprocess.PIPE, env=env, timeout=120, check=False, **kw)


@pytest.mark.parametrize("fmt", ["md", "docx"])
def test_dev_null_written_through_and_still_a_device(fmt: str) -> None:
    done = _cocite("build", "--all", "-q", "--format", fmt, "-o", "/dev/null")
    assert done.returncode == 0, done.stderr
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_dev_stdout_is_standard_output(tmp_path: Path) -> None:
    with open(tmp_path / "out.md", "ab") as fh:
        fh.write(b"kept\n")
        fh.flush()
        done = _cocite("build", "--all", "-q", "--format", "md", "-o", "/dev/stdout", stdout=fh)
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "out.md").read_text(encoding="utf-8")
    assert text.startswith("kept\n# ")  # appended, as the shell's >> asked


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
def test_dev_full_is_a_clear_error_and_stays_a_device() -> None:
    done = _cocite("build", "--all", "-q", "--format", "md", "-o", "/dev/full")
    assert done.returncode == 1
    assert done.stderr.decode() == "Error: /dev/full: cannot write: No space left on device\n"
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_folder_and_socket_refused(tmp_path: Path) -> None:
    import socket

    with pytest.raises(OutputError, match="is a folder"):
        target(tmp_path)
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(tmp_path / "s"))
        with pytest.raises(OutputError, match="not a regular file"):
            target(tmp_path / "s")
    finally:
        sock.close()


# --- never over an input --------------------------------------------------------------------------


@pytest.mark.parametrize("victim", ["excerpts.yaml", "vocabulary.yaml", "reports.yaml"])
def test_build_never_writes_over_a_data_file(lib: Path, victim: str) -> None:
    before = snapshot(lib)
    result = build(lib, "--format", "md", "-o", str(lib / victim))
    assert result.exit_code == 2
    assert result.stderr == (f"Error: -o {lib / victim}: that is an input of this command "
                             f"({lib / victim}); it would be overwritten. Choose another "
                             "output name\n")
    assert snapshot(lib) == before


def test_build_never_writes_over_a_data_file_by_another_name(lib: Path, tmp_path: Path) -> None:
    before = snapshot(lib)
    (tmp_path / "alias.md").symlink_to(lib / "excerpts.yaml")
    os.link(lib / "vocabulary.yaml", tmp_path / "hard.md")
    for name in ("alias.md", "hard.md", "data/../data/excerpts.yaml"):
        result = build(lib, "--format", "md", "-o", str(tmp_path / name))
        assert result.exit_code == 2, name
        assert "that is an input of this command" in result.stderr
    assert snapshot(lib) == before


def test_build_never_adds_a_yaml_to_a_folder_library(lib: Path) -> None:
    result = build(lib, "--format", "md", "-o", str(lib / "bundle.yaml"))
    assert result.exit_code == 2
    assert "a .yaml file would be read as records" in result.stderr
    assert not (lib / "bundle.yaml").exists()


def test_build_never_writes_over_its_template(lib: Path, tmp_path: Path) -> None:
    tpl = tmp_path / "t.md.j2"
    tpl.write_text("{{ bundle.title }}\n")
    result = build(lib, "--template", str(tpl), "--format", "md", "-o", str(tpl))
    assert result.exit_code == 2
    assert tpl.read_text() == "{{ bundle.title }}\n"


def schedule(*args: str) -> Any:
    return CliRunner().invoke(cli, ["--data", str(CASE_LIB), "schedule", *args])


@pytest.fixture
def case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COCITE_SOFFICE", "/nonexistent/soffice")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1725148800")
    shutil.copy(CASE, tmp_path / "case.yaml")
    return tmp_path / "case.yaml"


@pytest.mark.parametrize(("args", "message"), [
    (["-o", "s.md", "--report", "case.yaml"], "--report {d}/case.yaml: that is an input of this "
     "command ({d}/case.yaml)"),
    (["-o", "case.yaml"], None),  # not a schedule format: refused by name first
    (["-o", "s.md", "--report", "s.md"], "--report {d}/s.md: that is another output of this "
     "command (-o {d}/s.md)"),
    (["-o", "s.md", "--report", "s.md.manifest.json"], "--report {d}/s.md.manifest.json: that "
     "is another output of this command (manifest {d}/s.md.manifest.json)"),
])
def test_schedule_never_writes_over_its_inputs_or_outputs(
    case: Path, args: list[str], message: str | None,
) -> None:
    d = case.parent
    before = snapshot(d)
    full = [a if a.startswith("-") else str(d / a) for a in args]
    result = schedule(str(case), *full)
    assert result.exit_code == 2
    if message:
        assert result.stderr.startswith("Error: " + message.format(d=d)), result.stderr
    assert snapshot(d) == before


@pytest.mark.parametrize("command", ["build", "schedule"])
def test_output_folder_that_does_not_exist_refused_alike(
    lib: Path, case: Path, command: str,
) -> None:
    out = str(case.parent / "newdir") + "/"
    result = build(lib, "-o", out) if command == "build" else schedule(str(case), "-o", out)
    assert result.exit_code == 2
    assert result.stderr == f"Error: -o {out}: no such folder (create it first, or give a file name)\n"
    assert not (case.parent / "newdir").exists()


def test_output_folder_gets_the_default_name(lib: Path, case: Path) -> None:
    (case.parent / "out").mkdir()
    result = schedule(str(case), "-o", str(case.parent / "out") + "/")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (case.parent / "out").iterdir()) == [
        "case-schedule.docx", "case-schedule.docx.manifest.json"]


# --- several outputs: all or nothing -----------------------------------------------------------


def test_outputs_all_or_nothing_when_the_disk_fills(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.write_text("old a")
    b.write_text("old b")
    real_stage = atomic._stage

    def stage(path: Path, chunks: Any) -> str:
        if path == b:
            raise OutputError(f"{path}: cannot write: No space left on device")
        return real_stage(path, chunks)

    monkeypatch.setattr(atomic, "_stage", stage)
    with pytest.raises(OutputError):
        write_outputs([(target(a), "new a"), (target(b), "new b")])
    assert (a.read_text(), b.read_text()) == ("old a", "old b")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b"]


def test_outputs_restored_when_a_rename_fails(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.write_text("old a")
    b.write_text("old b")
    real_replace = os.replace

    def replace(src: Any, dst: Any) -> None:
        if Path(dst) == b:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", replace)
    with pytest.raises(OutputError, match="No space left on device"):
        write_outputs([(target(a), "new a"), (target(b), "new b")])
    assert (a.read_text(), b.read_text()) == ("old a", "old b")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b"]


def test_schedule_full_disk_leaves_neither_schedule_nor_manifest_changed(
    case: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    d = case.parent
    assert schedule(str(case), "-o", str(d / "s.md")).exit_code == 0
    before = snapshot(d)
    real_stage = atomic._stage

    def stage(path: Path, chunks: Any) -> str:
        if path.name.endswith(".manifest.json"):
            raise OutputError(f"{path}: cannot write: No space left on device")
        return real_stage(path, chunks)

    monkeypatch.setattr(atomic, "_stage", stage)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1725235200")  # a day later: a different file
    result = schedule(str(case), "-o", str(d / "s.md"))
    assert result.exit_code == 1
    assert snapshot(d) == before


def test_check_outputs_ignores_devices(tmp_path: Path) -> None:
    check_outputs([("-o", Target(Path("/dev/null"), Path("/dev/null"), through=True))],
                  [Path("/dev/null")])
    with pytest.raises(UsageError):
        check_outputs([("-o", target(tmp_path / "x")), ("--report", target(tmp_path / "x"))], [])


@pytest.mark.parametrize("command", ["build", "schedule"])
def test_empty_output_name_refused(lib: Path, case: Path, command: str) -> None:
    result = build(lib, "-o", "") if command == "build" else schedule(str(case), "-o", "")
    assert (result.exit_code, result.stderr) == (
        2, "Error: -o '': an empty name; give a file or folder name\n")


def test_import_never_writes_over_the_report_text(tmp_path: Path) -> None:
    text = tmp_path / "r.txt"
    shutil.copy(DATA / "import" / "bullet-glyph.txt", text)
    before = text.read_bytes()
    result = CliRunner().invoke(cli, ["--data", str(LIB), "import", "asylos", str(text),
                                      "--report", "asylos-albania-trafficking-2024", "-o",
                                      str(text)])
    assert result.exit_code == 2
    assert "that is an input of this command" in result.stderr
    assert text.read_bytes() == before
