"""Crash safety: a SIGKILL at any moment leaves the old file or the new one, never half.

``cocite build``, ``cocite fmt`` and ``cocite add`` are started in a subprocess and killed
after a random delay (a seeded generator: the same delays every run), spread over the time a
normal run takes, so kills land while loading, rendering and writing. After each kill the
target file must be byte for byte the old version or the new one. A normal run must leave no
temp file behind. Concurrent ``cocite add`` processes on one library must keep every record.

Trials: ``COCITE_KILL_TRIALS`` per command (default 30) and ``COCITE_CONCURRENT_TRIALS``
rounds of concurrent adds (default 5, four processes each); ``COCITE_KILL_SEED`` changes
the delays. A long run: ``COCITE_KILL_TRIALS=500 COCITE_CONCURRENT_TRIALS=100 pytest
tests/test_crash_safety.py``.
"""

from __future__ import annotations

import io
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from collections import Counter
from pathlib import Path

import pytest

from cocite.yamlio import loads

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL"),
]

KILL_TRIALS = int(os.environ.get("COCITE_KILL_TRIALS", "30"))
CONCURRENT_TRIALS = int(os.environ.get("COCITE_CONCURRENT_TRIALS", "5"))
CONCURRENT_PROCESSES = 4
SEED = int(os.environ.get("COCITE_KILL_SEED", "8"))
VALIDATE = Path(__file__).parent / "data" / "validate"
TIMEOUT = 120

WORDS = ["men", "women", "children", "police", "shelter", "return", "family", "village", "debt", "trafficking", "stigma", "court", "protection", "report", "interview", "survivor", "employment", "school", "border", "smuggler", "threat", "blood", "feud", "relocation", "NGO", "prosecutor", "victim", "shame", "support", "risk"]


def _record(rng: random.Random, i: int) -> str:
    quote = " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 120)))
    return (
        f"- id: record-{i:04d}\n"
        f"  topics: [{rng.choice(['stigma', 're-trafficking'])}]\n"
        "  material: interview\n"
        f"  quote: \"{quote.capitalize()}. Number {i}.\"\n"
        f"  source: {{author: Vatra, kind: interview, date: \"2023-06-{1 + i % 28:02d}\"}}\n"
    )


def make_library(folder: Path, records: int, seed: int = SEED) -> Path:
    folder.mkdir(parents=True)
    for name in ("vocabulary.yaml", "reports.yaml"):
        shutil.copy(VALIDATE / name, folder / name)
    rng = random.Random(seed)
    text = "".join(_record(rng, i) for i in range(records))
    (folder / "excerpts.yaml").write_text(text, encoding="utf-8")
    return folder


def env() -> dict[str, str]:
    # A fixed build time makes a bundle byte-for-byte reproducible, so "new" is one version.
    return {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "PYTHONUTF8": "1",
            "COCITE_NO_CACHE": "1"}


def run(cwd: Path, args: list[str]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "cocite", *args], cwd=cwd, env=env(),
                          capture_output=True, stdin=subprocess.DEVNULL, timeout=TIMEOUT,
                          check=False)


def kill_after(cwd: Path, args: list[str], delay: float) -> tuple[bool, int, str]:
    """Start cocite, SIGKILL it after ``delay`` seconds: (killed?, exit code, its stderr)."""
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([sys.executable, "-m", "cocite", *args], cwd=cwd, env=env(),
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err)
        try:
            code = proc.wait(timeout=delay)
            killed = False
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            code = proc.wait(timeout=TIMEOUT)
            killed = True
        err.seek(0)
        return killed, code, err.read().decode("utf-8", "replace")


def version(path: Path) -> object:
    """What is compared: the bytes; for a .docx, the bytes of every member of the zip.

    python-docx stamps each zip member with the wall-clock time of writing, so two builds of
    the same bundle differ in those stamps only (SOURCE_DATE_EPOCH does not reach them). A
    partial .docx is not a readable zip, or lacks members, so it matches neither version.
    """
    data = path.read_bytes()
    if path.suffix != ".docx":
        return data
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return tuple((name, zf.read(name)) for name in sorted(zf.namelist()))
    except (zipfile.BadZipFile, OSError, EOFError, KeyError, zlib.error):
        return ("unreadable", data)


def debris(folder: Path, keep: set[str]) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


def version_of_bytes(path: Path, data: bytes) -> object:
    probe = path.with_name(f"probe{path.suffix}")
    probe.write_bytes(data)
    try:
        return version(probe)
    finally:
        probe.unlink()


def kill_trials(name: str, cwd: Path, target: Path, old: bytes, args: list[str]) -> Counter[str]:
    """Run normally (the new version, the duration), then kill at random moments."""
    keep = {p.name for p in target.parent.iterdir()} | {target.name}
    duration = 0.0
    for _ in range(2):  # the longer of two runs: kills should reach the end of a slow one
        target.write_bytes(old)
        start = time.monotonic()
        normal = run(cwd, args)
        duration = max(duration, time.monotonic() - start)
        assert normal.returncode == 0, normal.stderr.decode()
    new = version(target)
    old_version = version_of_bytes(target, old)
    assert new != old_version, "the command must change the target, or the test proves nothing"
    assert debris(target.parent, keep) == [], "a normal run left a temp file behind"

    rng = random.Random(f"{SEED}-{name}")
    outcomes: Counter[str] = Counter()
    for trial in range(KILL_TRIALS):
        target.write_bytes(old)
        delay = duration * rng.uniform(0.25, 1.25)  # start-up alone is not interesting
        killed, code, stderr = kill_after(cwd, args, delay)
        assert killed or code == 0, f"{name}: trial {trial}: a run that was not killed failed: {stderr}"
        got = version(target)
        state = "old" if got == old_version else "new" if got == new else "PARTIAL"
        assert state != "PARTIAL", (
            f"{name}: trial {trial}, killed after {delay:.3f}s: the target is neither the old "
            f"nor the new version ({target.stat().st_size} bytes)"
        )
        outcomes[f"{state}{' (killed)' if killed else ''}"] += 1
        # A kill between creating the temp file and renaming it may leave the temp file: it
        # is hidden (a dot file, which the loader skips), named for its target, and only that.
        for leftover in debris(target.parent, keep):
            assert leftover.startswith(f".{target.name}.") and leftover.endswith(".tmp"), leftover
            outcomes["temp file left by a kill"] += 1
            (target.parent / leftover).unlink()
    print(f"\n{name}: {KILL_TRIALS} kill trials over {duration:.2f}s runs: {dict(outcomes)}")
    return outcomes


@pytest.mark.parametrize("suffix", [".docx", ".md"])
def test_killing_build_leaves_the_old_or_the_new_bundle(tmp_path: Path, suffix: str) -> None:
    make_library(tmp_path / "lib", 150)
    out = tmp_path / "out"
    out.mkdir()
    target = out / f"bundle{suffix}"
    assert run(tmp_path, ["--data", "lib", "build", "--id", "record-0000", "-o", str(target),
                          "-q"]).returncode == 0
    old = target.read_bytes()
    kill_trials(f"build {suffix}", tmp_path, target, old,
                ["--data", "lib", "build", "--all", "-o", str(target), "-q"])


def test_killing_fmt_leaves_the_old_or_the_new_file(tmp_path: Path) -> None:
    lib = make_library(tmp_path / "lib", 300)
    target = lib / "excerpts.yaml"
    old = target.read_bytes()  # flow mappings and unsorted: fmt rewrites every record
    kill_trials("fmt", tmp_path, target, old, ["--data", "lib", "fmt", "lib/excerpts.yaml"])


ADD = ["--data", "lib", "add", "--author", "UK Home Office", "--title", "Albania: trafficking",
       "--kind", "report", "--date", "2022-12", "--url", "https://example.org/r.pdf",
       "--material", "desk-review", "--topic", "stigma"]


def test_killing_add_leaves_the_old_or_the_new_file(tmp_path: Path) -> None:
    lib = make_library(tmp_path / "lib", 300)
    target = lib / "excerpts.yaml"
    assert run(tmp_path, ["--data", "lib", "fmt"]).returncode == 0  # start canonical
    old = target.read_bytes()
    kill_trials("add", tmp_path, target, old, [
        *ADD, "--id", "killed-add", "--quote", "A quote added while the process may be killed.",
    ])


def test_concurrent_adds_never_lose_a_record(tmp_path: Path) -> None:
    lib = make_library(tmp_path / "lib", 50)
    target = lib / "excerpts.yaml"
    assert run(tmp_path, ["--data", "lib", "fmt"]).returncode == 0
    rng = random.Random(f"{SEED}-concurrent")
    expected = {d["id"] for d in loads(target.read_text(encoding="utf-8"), "x")}
    for round_ in range(CONCURRENT_TRIALS):
        procs = []
        for k in range(CONCURRENT_PROCESSES):
            rid = f"concurrent-{round_:03d}-{k}"
            quote = " ".join(rng.choice(WORDS) for _ in range(30)) + f" ({rid})"
            procs.append((rid, subprocess.Popen(
                [sys.executable, "-m", "cocite", *ADD, "--id", rid, "--quote", quote, "--force"],
                cwd=tmp_path, env=env(), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )))
        for rid, proc in procs:
            _, err = proc.communicate(timeout=TIMEOUT)
            assert proc.returncode == 0, (rid, err.decode())
            expected.add(rid)
        ids = [d["id"] for d in loads(target.read_text(encoding="utf-8"), "x")]
        assert sorted(ids) == sorted(expected), f"round {round_}: a record was lost"
    assert debris(lib, {"excerpts.yaml", "vocabulary.yaml", "reports.yaml"}) == []
    print(f"\nconcurrent add: {CONCURRENT_TRIALS} rounds x {CONCURRENT_PROCESSES} processes, "
          f"{CONCURRENT_TRIALS * CONCURRENT_PROCESSES} records added, none lost")
