"""Build time and peak memory against corpus size, and how they grow.

Builds synthetic corpora of the genre (bench/corpus.py) of growing size from scratch
(no artifact cache), each in a fresh process, and fits the exponent k of time ~ n^k by
least squares on the logarithms: k <= 1 is linear or better.

    python bench/build.py [--sizes 1 10 100 1000] [--work DIR]
"""

from __future__ import annotations

import argparse
import math
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import write_corpus

ROOT = Path(__file__).resolve().parents[1]
TIME = shutil.which("time") or "/usr/bin/time"
LIMIT_S = 3 * 3600  # one build may not run longer than this


def build_once(reports: Path, out: Path) -> tuple[float, int]:
    """Wall seconds and peak resident memory (kB) of one `ciskg build` of a folder."""
    command = [
        TIME,
        "-f",
        "%e %M",
        sys.executable,
        "-m",
        "ciskg",
        "build",
        str(reports),
        "--out",
        str(out / "build"),
        "--store",
        str(out / "store"),
        "--no-cache",
    ]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=LIMIT_S)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"build of {reports} failed:\n{done.stderr[-2000:]}")
    seconds, kilobytes = done.stderr.strip().splitlines()[-1].split()
    return float(seconds) or wall, int(kilobytes)


def exponent(points: list[tuple[int, float]]) -> float:
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(t) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100, 1000])
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="ciskg-bench-"))
    rows = []
    print(f"{'reports':>8} {'seconds':>9} {'s/report':>9} {'peak MB':>8}")
    for n in args.sizes:
        folder = work / f"corpus-{n}"
        write_corpus(folder, n)
        seconds, kb = build_once(folder, work / f"out-{n}")
        rows.append((n, seconds, kb))
        print(f"{n:>8} {seconds:>9.1f} {seconds / n:>9.2f} {kb / 1024:>8.0f}", flush=True)
    if len(rows) > 1:
        big = [(n, s) for n, s, _ in rows if n >= 10] or [(n, s) for n, s, _ in rows]
        print(
            f"time ~ n^{exponent([(n, s) for n, s, _ in rows]):.2f} over all sizes; "
            f"n^{exponent(big):.2f} from 10 reports up (start-up dominates below)"
        )
        print(f"peak memory ~ n^{exponent([(n, kb) for n, _, kb in rows]):.2f}")


if __name__ == "__main__":
    main()
