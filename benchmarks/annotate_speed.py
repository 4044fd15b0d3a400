"""Times the card content step alone, and the CC-CEDICT load with and without its cache:

    python benchmarks/annotate_speed.py seeds
    python benchmarks/annotate_speed.py /tmp/c300 --repeat 3

The articles are read, aligned and their terms chosen first (not timed); then, each in a fresh process-like
state (a new Dictionary object): the dictionary parsed from the data file into an empty cache folder (cold),
loaded from that cache (warm), and `annotate` over the chosen terms (best of --repeat, CPU time beside wall
time, as the machine may be shared).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from flashcards.cards import annotate
from flashcards.dictionary import Dictionary
from flashcards.pipeline import Resources, article_sentences, read_articles
from flashcards.vocab import VocabOptions, select_terms


def timed(action) -> tuple[float, float]:
    """(wall, CPU) seconds of `action()`."""
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    resources = Resources()
    sentences = []
    for article in read_articles(args.paths):
        sentences.extend(article_sentences(article, segmenter=resources.segmenter, aligner=resources.aligner))
    terms = select_terms(((s.source.file, list(s.tokens)) for s in sentences), segmenter=resources.segmenter,
                         reference=resources.reference, options=VocabOptions())
    resources.segmenter.tokens("土法炼铜")  # jieba and pypinyin loaded before timing
    import pypinyin  # noqa: F401
    with tempfile.TemporaryDirectory() as cache:
        cold = timed(lambda: Dictionary(cache_dir=Path(cache)).lookup("土"))
        warm = timed(lambda: Dictionary(cache_dir=Path(cache)).lookup("土"))
        runs = []
        for _ in range(args.repeat):
            dictionary = Dictionary(cache_dir=Path(cache))
            dictionary.lookup("土")
            runs.append(timed(lambda d=dictionary: annotate(terms, sentences, dictionary=d,
                                                            segmenter=resources.segmenter)))
    print(f"dictionary cold (parse + write cache): {cold[0]:.2f}s wall {cold[1]:.2f}s CPU")
    print(f"dictionary warm (from cache):          {warm[0]:.2f}s wall {warm[1]:.2f}s CPU")
    best = min(runs, key=lambda run: run[1])
    print(f"annotate {len(terms)} terms over {len(sentences)} sentences: {best[0]:.2f}s wall {best[1]:.2f}s CPU "
          f"(best of {len(runs)})")


if __name__ == "__main__":
    main()
