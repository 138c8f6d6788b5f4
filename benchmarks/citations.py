"""Citation styles: the full-library build in each style, cold and warm citation cache.

    python benchmarks/citations.py [--runs 5]

Whole processes (``python -m cocite build --all``), median of ``--runs`` runs after a
warm-up, the load cache warm in every run so only the citations differ. "cold" removes the
citation cache (``citations.sqlite``) before each run; "warm" keeps it. Writes
benchmarks/citations.md.
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
            rows.append((style, cold, warm))
            print(f"{style:28} cold {cold:6.2f}s  warm {warm:6.2f}s", flush=True)
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
        "| style | cold citation cache | warm | warm / asylos warm |",
        "|---|---|---|---|",
    ]
    lines += [f"| {s} | {c:.2f} s | {w:.2f} s | {w / base:.2f}x |" for s, c, w in rows]
    (HERE / "citations.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
