"""Measures the performance targets side by side, in one run, on this machine.

    python benchmarks/run.py [--quick]

Prints each measurement and the ratios the performance issue sets as targets:
  build seeds/            vs loading jieba's dictionary in Python           target <= 2.0x
  vocab on 300 articles   vs plain jieba.lcut of the same text, with load   target <= 1.5x, peak < 1 GB
  vocab on 3,000 articles vs vocab on 300 articles, both --jobs 1          target <= 11x
  --jobs 2 on 3,000       vs --jobs 1 on 3,000                              target <= 0.65x
Times are the best of several runs, the two sides of each ratio run in turn (the machine's speed drifts
over minutes; two runs each for the 3,000-article corpus); caches are warm, as they are for a user after
the first run (a cache folder of the benchmark's own, filled by a first build), and the package is compiled
to bytecode, as an installed one is. `--quick` skips the 3,000-article corpus. Before and after, it prints
how much work two processes at once get done against one alone: on a shared host two "cores" are at times
one, and the ratios that two processes weigh against one (the 300 articles against jieba.lcut, --jobs 2
against --jobs 1) then swing with it. It also prints how much each article adds to the peak memory, from
300 to 3,000 articles.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

LOAD_JIEBA = "import jieba, logging; jieba.setLogLevel(logging.WARNING); jieba.Tokenizer().initialize()"
LCUT = """
import logging, pathlib, sys, jieba
jieba.setLogLevel(logging.WARNING)
tokenizer = jieba.Tokenizer()
for path in sorted(pathlib.Path(sys.argv[1]).glob('*.txt')):
    text = path.read_text(encoding='utf-8').split('Original:', 1)[1]
    tokenizer.lcut(text)
"""


def measure(command: list[str], *, repeat: int) -> tuple[float, float]:
    """Best wall time in seconds and the peak memory in MB of `command` over `repeat` runs."""
    best, peak = float("inf"), 0.0
    for _ in range(repeat):
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT, env=_ENV)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"failed: {' '.join(command)}\n{process.stderr.read().decode(errors='replace')}")
        best = min(best, elapsed)
        peak = max(peak, usage.ru_maxrss / 1024)
    return best, peak


def measure_in_turn(first: list[str], second: list[str], *, repeat: int) -> tuple[tuple[float, float], ...]:
    """`measure` of two commands run in turn, `repeat` times each: a slow minute of the machine (its speed
    drifts) then weighs on both, not on one side of a ratio."""
    runs: tuple[list, list] = ([], [])
    for _ in range(repeat):
        for command, times in zip((first, second), runs):
            times.append(measure(command, repeat=1))
    return tuple((min(t for t, _ in times), max(mb for _, mb in times)) for times in runs)


SPIN = "import sys; sum(range(int(sys.argv[1])))"
# The runs' own cache folder (set in `main`): what the user's holds (say, wordfreq's answers for an archive
# of other words) would weigh on every run.
_ENV = dict(os.environ)


def parallel_capacity(*, loops: int = 15_000_000) -> float:
    """How many processes' worth of work two CPU-bound processes get done at once, against one alone: 2.0 on
    two free cores, nearer 1.0 when the host lets two processes share one (the `--jobs 2` ratios depend on
    it; one process, as `jieba.lcut` runs, does not)."""
    spin = [sys.executable, "-c", SPIN, str(loops)]
    alone, _ = measure(spin, repeat=1)
    start = time.perf_counter()
    pair = [subprocess.Popen(spin) for _ in range(2)]
    for process in pair:
        process.wait()
    return 2 * alone / (time.perf_counter() - start)


def flashcards(*args: str) -> list[str]:
    return [sys.executable, "-m", "flashcards", *args]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 3,000-article corpus")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="flashcards-bench-"))
    _ENV["XDG_CACHE_HOME"] = str(work / "cache")  # where platformdirs puts the user's cache folder on Linux
    sizes = (300,) if args.quick else (300, 3000)
    for size in sizes:
        subprocess.run([sys.executable, str(HERE / "make_corpus.py"), str(work / str(size)), "--articles",
                        str(size)], check=True)
    # An installed tool runs from bytecode (pip compiles it), as jieba does; where PYTHONDONTWRITEBYTECODE is
    # set, a run from the source tree would compile the package anew every time.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "flashcards")], check=True)
    measure(flashcards("build", "seeds", "-o", str(work / "warm.apkg")), repeat=1)  # fills the caches
    for size in sizes:  # and wordfreq's answers for each corpus's words (asking wordfreq loads it: 40 MB)
        measure(flashcards("vocab", str(work / str(size)), "--quiet", "-o", str(work / "warm.json")), repeat=1)

    capacity = [parallel_capacity()]
    rows = []
    (load, _), (build, build_mb) = measure_in_turn(
        [sys.executable, "-c", LOAD_JIEBA], flashcards("build", "seeds", "-o", str(work / "seeds.apkg")), repeat=5)
    rows.append(("build seeds/ vs loading jieba", build, load, 2.0, build_mb))
    (lcut, _), (vocab300, mb300) = measure_in_turn(
        [sys.executable, "-c", LCUT, str(work / "300")],
        flashcards("vocab", str(work / "300"), "--quiet", "-o", str(work / "v.json")), repeat=5)
    rows.append(("vocab 300 articles vs jieba.lcut", vocab300, lcut, 1.5, mb300))
    if not args.quick:
        # like with like: the scaling in one process, and the two settings run in turn (the machine's speed
        # drifts over minutes), the best of two runs each
        single300, single300_mb = measure(flashcards("vocab", str(work / "300"), "--quiet", "--jobs", "1",
                                                     "-o", str(work / "v.json")), repeat=3)
        (single3000, mb3000), (jobs2, mb_jobs2) = measure_in_turn(
            *(flashcards("vocab", str(work / "3000"), "--quiet", "--jobs", jobs, "-o", str(work / "v.json"))
              for jobs in ("1", "2")), repeat=2)
        rows.append(("vocab 3,000 vs 300 articles (--jobs 1)", single3000, single300, 11.0, mb3000))
        rows.append(("vocab 3,000 --jobs 2 vs --jobs 1", jobs2, single3000, 0.65, mb_jobs2))

    capacity.append(parallel_capacity())
    print(f"{'measurement':42} {'time':>8} {'baseline':>9} {'ratio':>6} {'target':>7} {'peak MB':>8}")
    for name, value, baseline, target, peak in rows:
        ratio = value / baseline
        verdict = "ok" if ratio <= target else "MISSED"
        print(f"{name:42} {value:7.2f}s {baseline:8.2f}s {ratio:6.2f} {'<=' + str(target):>7} {peak:8.0f} {verdict}")
    if not args.quick:
        # what the archive adds to the peak, an article at a time (the run's own resources are the rest)
        per_article = (mb3000 - single300_mb) / (3000 - 300)
        print(f"peak memory grows by {per_article * 1024:.0f} KB an article from 300 to 3,000 (--jobs 1): 1 GB at"
              f" about {(1024 - single300_mb) / per_article + 300:,.0f} articles")
    print(f"cores: {os.cpu_count()}; two processes at once did {capacity[0]:.2f}x and {capacity[1]:.2f}x the work"
          f" of one, before and after (2.00: two free cores); python {sys.version.split()[0]}; corpora in {work}")


if __name__ == "__main__":
    main()
