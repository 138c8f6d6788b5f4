"""Benchmarks: cocite against yardsticks measured in the same run, as ratios.

    python benchmarks/run.py            # everything (100k records: several minutes)
    python benchmarks/run.py --quick    # 1k and 10k only, 3 runs each
    python benchmarks/run.py --only search --sizes 10000,100000   # the warm search rows only
    python benchmarks/run.py --only memory --sizes 100000 --output /tmp/memory.md
                                        # just the peak-memory rows, at 100k

Whole processes via subprocess; median of >= 5 runs after one warm-up; peak memory from
wait4(). Prints a table and writes benchmarks/results.md with the machine's details (a run
with --only keeps the full table there and puts its rows in a section of their own).
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
from collections.abc import Mapping, Sequence
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
    full_env = _env(env)
    times: list[float] = []
    peak = 0
    for i in range(runs + 1):
        if before:
            subprocess.run(before, check=True, env=full_env, capture_output=True)
        elapsed, peak_kb = _run(cmd, full_env)
        if i == 0:
            continue  # warm-up: file system cache, .pyc files
        times.append(elapsed)
        peak = max(peak, peak_kb)
    return Timing(statistics.median(times), times, peak)


def measure_together(cmds: Mapping[str, Sequence[str]], runs: int,
                     env: dict[str, str] | None = None,
                     before: Mapping[str, Sequence[str]] | None = None) -> dict[str, Timing]:
    """:func:`measure` for commands compared with each other, their runs interleaved (a, b,
    c, a, b, c, ...): on a shared machine, a slow minute then slows each alike. ``before``
    maps a command's key to one run (untimed) before each of its runs."""
    full_env = _env(env)
    times: dict[str, list[float]] = {k: [] for k in cmds}
    peaks = dict.fromkeys(cmds, 0)
    for i in range(runs + 1):
        for key, cmd in cmds.items():
            if before and key in before:
                subprocess.run(before[key], check=True, env=full_env, capture_output=True)
            elapsed, peak_kb = _run(cmd, full_env)
            if i:  # the first round is the warm-up
                times[key].append(elapsed)
                peaks[key] = max(peaks[key], peak_kb)
    return {k: Timing(statistics.median(v), v, peaks[k]) for k, v in times.items()}


def _env(extra: dict[str, str] | None) -> dict[str, str]:
    full_env = {**os.environ, **(extra or {})}
    # Compiled modules are kept, as an installed cocite has them: otherwise every run would
    # compile each cocite module it imports afresh, and a search imports more than --help.
    full_env.pop("PYTHONDONTWRITEBYTECODE", None)
    return full_env


def _run(cmd: Sequence[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall time and peak memory (KB) of one run; exits naming the command if it fails."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if code != 0:
        raise SystemExit(f"benchmark command failed ({code}): {' '.join(cmd)}\n{err}")
    return elapsed, usage.ru_maxrss


PARTIAL = "## Rows measured on their own"


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
    t = measure_together({"ours": [*COCITE, "--help"],
                          "hello": [PY, str(HERE / "hello_click.py"), "--help"]}, runs)
    ours, base = t["ours"], t["hello"]
    return [(
        "2. `cocite --help` / minimal Click CLI",
        f"{ours.median / base.median:.2f}x (target <= 1.5x)",
        f"cocite {ours.median * 1000:.0f} ms, hello {base.median * 1000:.0f} ms",
    )]


# A phrase and a place, as the example ("blood feud Shkoder relocation", words the
# bundled library does not have): at 100,000 records of synth.py's text, 315 records have the
# phrase, 894 the place, 2 both; the other 8 results are ranked from those with either.
SEARCH = ["search", '"internal relocation" Shkodra', "--limit", "10"]
# The worst case a user meets: the library's two commonest words (about 70% of records match,
# and every match is scored). No target; shown so that it is seen.
SEARCH_COMMON = ["search", "trafficking victims", "--limit", "10"]
# Toggles one word of the first shard's first quote: a real edit of 1 shard in 100, valid
# either way, so every timed run re-reads exactly one shard.
EDIT_ONE_SHARD = (
    "import sys, pathlib; p = pathlib.Path(sys.argv[1]); t = p.read_text(encoding='utf-8'); "
    "a, b = ('victims', 'victimz') if 'victimz' not in t else ('victimz', 'victims'); "
    "p.write_text(t.replace(a, b, 1), encoding='utf-8')"
)


def _synth(n: int, lib: Path, *extra: str) -> None:
    # In a child process: generating 100k records here would grow this process to
    # ~600 MB, and Linux reports a fork+exec child's peak memory as at least its
    # parent's at the fork, which would inflate every peak measured below.
    subprocess.run([PY, str(HERE / "synth.py"), str(n), str(lib), *extra], check=True,
                   capture_output=True)


def _cache(work: Path) -> tuple[dict[str, str], list[str]]:
    """The environment that puts cocite's index under ``work``, and a command emptying it
    (run before each cold build)."""
    cache = work / "cache"
    clear = [PY, "-c", f"import shutil; shutil.rmtree({str(cache)!r}, ignore_errors=True)"]
    return {"XDG_CACHE_HOME": str(cache)}, clear


Row = tuple[str, str, str]


def bench_warm_search(n: int, lib: Path, runs: int, work: Path) -> tuple[list[Row], Timing]:
    """Warm searches against ``cocite --help``, runs interleaved; ``lib`` holds synth.py's
    library of ``n`` records. The same search is also timed on the uniform text (``synth.py
    --text uniform``), where every word is in most records: each phrase's positions are read
    across the whole library (a worst case, no target)."""
    env, _ = _cache(work)
    uniform = work / f"uniform-{n}"
    _synth(n, uniform, "--text", "uniform")
    cmds = {
        "help": [*COCITE, "--help"],
        "search": [*COCITE, "--data", str(lib / "excerpts.yaml"), *SEARCH],
        "common": [*COCITE, "--data", str(lib / "excerpts.yaml"), *SEARCH_COMMON],
        "uniform": [*COCITE, "--data", str(uniform / "excerpts.yaml"), *SEARCH],
    }
    t = measure_together(cmds, runs, env)  # the warm-up round builds the indexes
    shutil.rmtree(uniform, ignore_errors=True)
    helped = t["help"].median

    def row(what: str, key: str, target: str = "") -> tuple[str, str, str]:
        return (f"3. {n:,} records: {what} / `cocite --help`",
                f"{t[key].median / helped:.2f}x{target}",
                f"search {t[key].median * 1000:.0f} ms, --help {helped * 1000:.0f} ms")

    rows = [
        row("warm `cocite search` (10 results)", "search", " (target <= 1.5x)"),
        row("warm search, 2 common words (70% of records match)", "common"),
        row("the same search on the uniform text (every word in most records)", "uniform"),
    ]
    for r in rows:
        print(" | ".join(r), flush=True)
    return rows, t["search"]


def bench_search(sizes: Sequence[int], runs: int, work: Path) -> list[tuple[str, str, str]]:
    """The warm search rows alone."""
    rows: list[tuple[str, str, str]] = []
    for n in sizes:
        lib = work / f"lib-{n}"
        _synth(n, lib)
        rows += bench_warm_search(n, lib, runs, work)[0]
        shutil.rmtree(lib, ignore_errors=True)
    return rows


def bench_scale(sizes: Sequence[int], runs: int, work: Path) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    env, clear = _cache(work)
    for n in sizes:
        lib = work / f"lib-{n}"
        _synth(n, lib)
        path = lib / "excerpts.yaml"
        size_kb = path.stat().st_size / 1024
        out = str(work / f"hits-{n}.docx")
        build = [*COCITE, "--data", str(path), "build", *RARE, "--quiet", "-o", out]
        t = measure_together({
            "bare": [PY, "-c", ("import sys, yaml; "
                                "yaml.load(open(sys.argv[1], 'rb'), Loader=yaml.CSafeLoader)"),
                     str(path)],
            "validate": [*COCITE, "validate", str(path)],
            "cold": build,
        }, runs, env, before={"cold": clear})
        bare, validate, cold = t["bare"], t["validate"], t["cold"]
        warm = measure(build, runs, env)
        search_rows, search = bench_warm_search(n, lib, runs, work)
        # The same records in 100 shards: a cold build, then a build after editing one.
        sharded = work / f"shards-{n}"
        _synth(n, sharded, "--shards", "100")
        sbuild = [*COCITE, "--data", str(sharded), "build", *RARE, "--quiet", "-o", out]
        scold = measure(sbuild, runs, env, before=clear)
        edit = [PY, "-c", EDIT_ONE_SHARD, str(sharded / "shard-000.yaml")]
        subprocess.run(sbuild, check=True, env={**os.environ, **env}, capture_output=True)
        sedit = measure(sbuild, runs, env, before=edit)
        label = f"3. {n:,} records"
        rows += [
            (f"{label} ({size_kb / 1024:.1f} MB): validate / bare CSafeLoader load",
             f"{validate.median / bare.median:.2f}x (target <= 2x)",
             f"validate {validate.median:.2f}s, yaml.load {bare.median:.2f}s"),
            (f"{label}: cold filtered build / bare CSafeLoader load",
             f"{cold.median / bare.median:.2f}x (target <= 0.7x)",
             f"cold {cold.median:.2f}s, yaml.load {bare.median:.2f}s"),
            (f"{label}: warm / cold filtered DOCX build ({synth.RARE_COUNT} hits)",
             f"{warm.median / cold.median:.3f}x (target <= 0.03x)",
             f"warm {warm.median:.2f}s, cold {cold.median:.2f}s"),
            *search_rows,
            (f"{label}: build after editing 1 of 100 shards / cold build of the shards",
             f"{sedit.median / scold.median:.3f}x (target <= 0.1x)",
             f"after edit {sedit.median:.2f}s, cold {scold.median:.2f}s"),
            (f"{label}: `validate` peak memory / file size",
             f"{validate.peak_kb / size_kb:.1f}x (target <= 3x)",
             f"validate {validate.peak_kb / 1024:.0f} MB"),
            (f"{label}: peak memory / file size, builds",
             f"{max(cold.peak_kb, warm.peak_kb) / size_kb:.1f}x",
             f"cold build {cold.peak_kb / 1024:.0f} MB, warm {warm.peak_kb / 1024:.0f} MB, "
             f"search {search.peak_kb / 1024:.0f} MB"),
        ]
        for row in rows[-8:]:  # as each size finishes: a 100k run takes a long while
            print(" | ".join(row), flush=True)
        shutil.rmtree(sharded, ignore_errors=True)
        shutil.rmtree(lib, ignore_errors=True)
    return rows


def bench_memory(sizes: Sequence[int], runs: int, work: Path) -> list[tuple[str, str, str]]:
    """Only the peak-memory rows of :func:`bench_scale`: ``validate``, and a cold build."""
    rows: list[tuple[str, str, str]] = []
    env, clear = _cache(work)
    for n in sizes:
        lib = work / f"lib-{n}"
        _synth(n, lib)
        path = lib / "excerpts.yaml"
        size_kb = path.stat().st_size / 1024
        validate = measure([*COCITE, "validate", str(path)], runs)
        build = [*COCITE, "--data", str(path), "build", *RARE, "--quiet", "-o",
                 str(work / f"hits-{n}.docx")]
        cold = measure(build, runs, env, before=clear)
        label = f"3. {n:,} records ({size_kb / 1024:.1f} MB)"
        rows += [
            (f"{label}: `validate` peak memory / file size",
             f"{validate.peak_kb / size_kb:.1f}x (target <= 3x)",
             f"validate {validate.peak_kb / 1024:.0f} MB"),
            (f"{label}: cold build peak memory / file size",
             f"{cold.peak_kb / size_kb:.1f}x", f"cold build {cold.peak_kb / 1024:.0f} MB"),
        ]
        for row in rows[-2:]:
            print(" | ".join(row), flush=True)
        shutil.rmtree(lib, ignore_errors=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="1k and 10k only, 3 runs")
    parser.add_argument("--runs", type=int, default=None)
    parser.add_argument("--only", choices=["pandoc", "startup", "scale", "search", "memory"],
                        action="append", help="run only these groups of rows (repeatable)")
    parser.add_argument("--sizes", type=lambda s: [int(n) for n in s.split(",")], default=None,
                        help="library sizes for scale, search and memory, e.g. 10000,100000")
    parser.add_argument("--output", type=Path, default=HERE / "results.md",
                        help="where the table is written (default: benchmarks/results.md)")
    args = parser.parse_args()
    runs = args.runs or (3 if args.quick else 5)
    sizes = args.sizes or ((1_000, 10_000) if args.quick else (1_000, 10_000, 100_000))
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="cocite-bench-") as tmp:
        work = Path(tmp)
        if args.only is None or "pandoc" in args.only:
            rows += bench_docx_vs_pandoc(runs, work)
        if args.only is None or "startup" in args.only:
            rows += bench_startup(runs)
        if args.only is None or "scale" in args.only:
            rows += bench_scale(sizes, runs, work)
        if args.only is not None and "search" in args.only:
            rows += bench_search(sizes, runs, work)
        if args.only is not None and "memory" in args.only:
            rows += bench_memory(sizes, runs, work)
    width = max(len(r[0]) for r in rows)
    for what, ratio, detail in rows:
        print(f"{what:<{width}}  {ratio:<24}  {detail}")
    command = " ".join(["python benchmarks/run.py", *sys.argv[1:]])
    table = [
        *machine(),
        "",
        "| measurement | ratio | times |",
        "|---|---|---|",
        *[f"| {a} | {b} | {c} |" for a, b, c in rows],
        "",
    ]
    results = args.output
    if args.only is None:
        text = "\n".join(["# Benchmark results", "",
                          f"Produced by `{command}` (median of {runs} runs after a warm-up).",
                          "", *table])
    else:  # the full table stays; this run's rows replace the previous partial run's
        old = results.read_text(encoding="utf-8") if results.exists() else "# Benchmark results\n"
        text = "\n".join([old.split(PARTIAL)[0].rstrip("\n"), "", PARTIAL,
                          f"`{command}` (median of {runs} runs after a warm-up).", "", *table])
    results.write_text(text, encoding="utf-8")
    print(f"\nwritten to {results}")


if __name__ == "__main__":
    main()
