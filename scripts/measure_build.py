"""Measure the cost of building the book: cold build, warm rebuild, site size.

Run from the repository root with the project's environment:

    .venv/bin/python scripts/measure_build.py [--runs 3]

A cold build starts with no ``_build`` (every notebook executes); a warm rebuild
follows an identical build with nothing changed.  Each is timed ``--runs``
times and the median reported, since machines here are shared and noisy.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"


def timed_build() -> float:
    start = time.perf_counter()
    subprocess.run([str(JUPYTER_BOOK), "build", ".", "-W", "-n", "--keep-going"], cwd=ROOT,
                   check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    build_dir = ROOT / "_build"
    cold, warm = [], []
    for _ in range(args.runs):
        shutil.rmtree(build_dir, ignore_errors=True)
        cold.append(timed_build())
        warm.append(timed_build())
    html = build_dir / "html"
    files = [p for p in html.rglob("*") if p.is_file()]
    pages = sorted((p for p in files if p.suffix == ".html"), key=lambda p: p.stat().st_size)
    mib = lambda n: n / 2 ** 20
    print(f"cold build, median of {args.runs}: {statistics.median(cold):.1f} s "
          f"(runs: {', '.join(f'{t:.1f}' for t in cold)})")
    print(f"warm rebuild, median of {args.runs}: {statistics.median(warm):.1f} s "
          f"(runs: {', '.join(f'{t:.1f}' for t in warm)})")
    print(f"built site: {mib(sum(p.stat().st_size for p in files)):.1f} MiB in {len(files)} files")
    print(f"largest page: {pages[-1].relative_to(html)} ({mib(pages[-1].stat().st_size):.2f} MiB)")


if __name__ == "__main__":
    main()
