"""Citation styles: the full-library build in each style, cold and warm citation cache.

    python benchmarks/citations.py [--runs 5]

Whole processes (``python -m cocite build --all``), median of ``--runs`` runs after a
warm-up, the load cache warm in every run so only the citations differ. "cold" removes the
citation cache (``citations.sqlite``) before each run; "warm" keeps it. The last column times
only the bundle's context (all citations, no Word rendering) in fresh processes with the
citation cache warm, which is far less noisy on a shared machine. Writes benchmarks/citations.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable
STYLES = ("asylos", "oscola", "apa", "harvard-cite-them-right", "chicago-notes")


def run(cmd: list[str], env: dict[str, str], before: Path | None, runs: int) -> float:
    times = []
    for i in range(runs + 1):
        if before is not None and before.exists():
            before.unlink()
        start = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, capture_output=True)
        if i:  # the first run is a warm-up
            times.append(time.perf_counter() - start)
    return statistics.median(times)


CONTEXT = """
import sys, time
from cocite.loading import load_library
from cocite.query import Selection, select
from cocite.bundle.model import make_bundle
lib = load_library()
sel = Selection(all=True)
records = select(lib, sel)
start = time.perf_counter()
make_bundle(lib, records, sel, style=sys.argv[1])
print(time.perf_counter() - start)
"""


def context_time(style: str, env: dict[str, str], runs: int) -> float:
    """The bundle's context alone (every citation of the 771 extracts and the index of
    sources, no Word rendering), in a fresh process each time with the citation cache warm:
    the citation cost of a warm build without the noise of the rest. Median of ``runs``."""
    times = []
    for _ in range(runs):
        proc = subprocess.run([PY, "-c", CONTEXT, style], env=env, check=True,
                              capture_output=True, text=True)
        times.append(float(proc.stdout.strip()))
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--format", default="docx", choices=["docx", "md"])
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "XDG_CACHE_HOME": tmp, "SOURCE_DATE_EPOCH": "1700000000"}
        env.pop("COCITE_NO_CACHE", None)
        out = str(Path(tmp) / f"bundle.{args.format}")
        db = Path(tmp) / "cocite" / "citations.sqlite"
        for style in STYLES:
            cmd = [PY, "-m", "cocite", "build", "--all", "--style", style, "-o", out, "-q"]
            cold = run(cmd, env, db, args.runs)
            warm = run(cmd, env, None, args.runs)
            context = context_time(style, env, args.runs * 3)
            rows.append((style, cold, warm, context))
            print(f"{style:28} cold {cold:6.2f}s  warm {warm:6.2f}s  "
                  f"context {context * 1000:6.1f} ms", flush=True)
    base = rows[0][2]
    lines = [
        "# Citation styles: full-library build",
        "",
        f"Produced by `python benchmarks/citations.py --runs {args.runs} --format {args.format}`"
        " (median after a warm-up; load cache warm throughout).",
        "",
        f"- machine: {platform.platform()}, {os.cpu_count()} cores; Python "
        f"{platform.python_version()}",
        "",
        "| style | build, cold citation cache | build, warm | warm / asylos warm | "
        "context (all citations), warm cache |",
        "|---|---|---|---|---|",
    ]
    lines += [f"| {s} | {c:.2f} s | {w:.2f} s | {w / base:.2f}x | {x * 1000:.0f} ms |"
              for s, c, w, x in rows]
    (HERE / "citations.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
