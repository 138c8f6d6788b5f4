"""Benchmarks: cocite against yardsticks measured in the same run, as ratios.

    python benchmarks/run.py            # everything (100k records: several minutes)
    python benchmarks/run.py --quick    # 1k and 10k only, 3 runs each

Whole processes via subprocess; median of >= 5 runs after one warm-up; peak memory from
wait4(). Prints a table and writes benchmarks/results.md with the machine's details.
Absolute times on shared machines are noise: read the ratios.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402

PY = sys.executable
COCITE = [PY, "-m", "cocite"]
RARE = ["--topic", synth.RARE_TOPIC, "--profile", synth.RARE_PROFILE]


@dataclass
class Timing:
    median: float
    runs: list[float]
    peak_kb: int


def measure(cmd: Sequence[str], runs: int, env: dict[str, str] | None = None,
            before: Sequence[str] | None = None) -> Timing:
    """Median wall time of ``cmd`` over ``runs`` runs after one warm-up.

    ``before`` runs (untimed) before each timed run, e.g. to clear a cache.
    """
    full_env = {**os.environ, **(env or {})}
    times: list[float] = []
    peak = 0
    for i in range(runs + 1):
        if before:
            subprocess.run(before, check=True, env=full_env, capture_output=True)
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, env=full_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
            raise SystemExit(f"benchmark command failed ({proc.returncode}): {' '.join(cmd)}\n{err}")
        if proc.stderr:
            proc.stderr.close()
        if i == 0:
            continue  # warm-up: file system cache, .pyc files
        times.append(elapsed)
        peak = max(peak, usage.ru_maxrss)
    return Timing(statistics.median(times), times, peak)


def machine() -> list[str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    pandoc = shutil.which("pandoc")
    pandoc_version = (
        subprocess.run([pandoc, "--version"], capture_output=True, text=True).stdout.splitlines()[0]
        if pandoc else "not installed"
    )
    import yaml

    from cocite import __version__

    return [
        f"- date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        f"- machine: {platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores",
        f"- Python {platform.python_version()}, PyYAML {yaml.__version__} "
        f"(libyaml: {getattr(yaml, '__with_libyaml__', False)}), cocite {__version__}",
        f"- {pandoc_version}",
    ]


def bench_docx_vs_pandoc(runs: int, work: Path) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    if not shutil.which("pandoc"):
        return [("full-library DOCX vs pandoc", "skipped", "pandoc not installed")]
    md = work / "all.md"
    subprocess.run([*COCITE, "build", "--all", "--quiet", "-o", str(md)], check=True)
    cocite = measure([*COCITE, "build", "--all", "--quiet", "-o", str(work / "all.docx")], runs)
    pandoc = measure(["pandoc", str(md), "-o", str(work / "pandoc.docx")], runs)
    ratio = cocite.median / pandoc.median
    rows.append((
        "1. full-library DOCX build / pandoc md->docx",
        f"{ratio:.2f}x (target <= 0.5x)",
        f"cocite {cocite.median:.2f}s, pandoc {pandoc.median:.2f}s",
    ))
    return rows


def bench_startup(runs: int) -> list[tuple[str, str, str]]:
    hello = [PY, str(HERE / "hello_click.py"), "--help"]
    ours = measure([*COCITE, "--help"], runs)
    base = measure(hello, runs)
    return [(
        "2. `cocite --help` / minimal Click CLI",
        f"{ours.median / base.median:.2f}x (target <= 1.5x)",
        f"cocite {ours.median * 1000:.0f} ms, hello {base.median * 1000:.0f} ms",
    )]


def bench_scale(sizes: Sequence[int], runs: int, work: Path) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    cache = work / "cache"
    env = {"XDG_CACHE_HOME": str(cache)}
    for n in sizes:
        lib = work / f"lib-{n}"
        # In a child process: generating 100k records here would grow this process to
        # ~600 MB, and Linux reports a fork+exec child's peak memory as at least its
        # parent's at the fork, which would inflate every peak measured below.
        subprocess.run([PY, str(HERE / "synth.py"), str(n), str(lib)], check=True,
                       capture_output=True)
        path = lib / "excerpts.yaml"
        size_kb = path.stat().st_size / 1024
        bare = measure([PY, "-c", (
            "import sys, yaml; yaml.load(open(sys.argv[1], 'rb'), Loader=yaml.CSafeLoader)"
        ), str(path)], runs)
        validate = measure([*COCITE, "validate", str(path)], runs)
        out = str(work / f"hits-{n}.docx")
        clear = [PY, "-c", f"import shutil; shutil.rmtree({str(cache)!r}, ignore_errors=True)"]
        cold = measure([*COCITE, "--data", str(path), "build", *RARE, "--quiet", "-o", out],
                       runs, env, before=clear)
        warm = measure([*COCITE, "--data", str(path), "build", *RARE, "--quiet", "-o", out],
                       runs, env)
        rows.append((
            f"3. {n:,} records ({size_kb / 1024:.1f} MB): validate / bare CSafeLoader load",
            f"{validate.median / bare.median:.2f}x (target <= 2x)",
            f"validate {validate.median:.2f}s, yaml.load {bare.median:.2f}s",
        ))
        rows.append((
            f"3. {n:,} records: warm / cold filtered build ({synth.RARE_COUNT} hits)",
            f"{warm.median / cold.median:.2f}x (target <= 0.1x)",
            f"warm {warm.median:.2f}s, cold {cold.median:.2f}s",
        ))
        peak = max(validate.peak_kb, cold.peak_kb, warm.peak_kb)
        rows.append((
            f"3. {n:,} records: peak memory / file size",
            f"{peak / size_kb:.1f}x (target <= 5x)",
            f"peak {peak / 1024:.0f} MB (validate {validate.peak_kb / 1024:.0f}, "
            f"cold build {cold.peak_kb / 1024:.0f}, warm {warm.peak_kb / 1024:.0f})",
        ))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="1k and 10k only, 3 runs")
    parser.add_argument("--runs", type=int, default=None)
    parser.add_argument("--only", choices=["pandoc", "startup", "scale"], default=None)
    args = parser.parse_args()
    runs = args.runs or (3 if args.quick else 5)
    sizes = (1_000, 10_000) if args.quick else (1_000, 10_000, 100_000)
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="cocite-bench-") as tmp:
        work = Path(tmp)
        if args.only in (None, "pandoc"):
            rows += bench_docx_vs_pandoc(runs, work)
        if args.only in (None, "startup"):
            rows += bench_startup(runs)
        if args.only in (None, "scale"):
            rows += bench_scale(sizes, runs, work)
    width = max(len(r[0]) for r in rows)
    for what, ratio, detail in rows:
        print(f"{what:<{width}}  {ratio:<24}  {detail}")
    lines = [
        "# Benchmark results",
        "",
        f"Produced by `python benchmarks/run.py{' --quick' if args.quick else ''}` "
        f"(median of {runs} runs after a warm-up).",
        "",
        *machine(),
        "",
        "| measurement | ratio | times |",
        "|---|---|---|",
        *[f"| {a} | {b} | {c} |" for a, b, c in rows],
        "",
    ]
    (HERE / "results.md").write_text("\n".join(lines), encoding="utf-8")
    print(f"\nwritten to {HERE / 'results.md'}")


if __name__ == "__main__":
    main()
