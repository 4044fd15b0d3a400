"""How much alignment adds to segmenting the same text (target: at most 10%).

    python benchmarks/align_speed.py [FILES...]       (default: the seed articles)
    python benchmarks/align_speed.py --corpus DIR     (say, the 300 articles of make_corpus.py)

For each article: the time jieba (the pipeline's `Segmenter.tokens`) takes to segment its Chinese units,
and the time `Aligner.align` takes on top of that, given those tokens (the pipeline segments each unit
once and the aligner reuses the tokens). "cold" is the first article through a fresh aligner (its memos
of word keys empty), "warm" the best of 15 runs (CPU time: the machine is shared).

With `--corpus`, the whole folder in one pass through a fresh aligner (its memos fill as a real run's do),
against segmenting every unit once; the best of 3 runs. Loading jieba, CC-CEDICT and pypinyin is not
counted: all three are loaded once per run for the rest of the pipeline anyway.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flashcards.align import Aligner, _align
from flashcards.corpus import read_article
from flashcards.dictionary import Dictionary
from flashcards.segment import Segmenter


def _units(aligner: Aligner, article) -> list[str]:
    seen: list[str] = []
    _align(article, anchors=aligner.anchors, tokenize=lambda text: seen.append(text) or [])
    return seen


def _loaded() -> tuple[Segmenter, Dictionary]:
    segmenter, dictionary = Segmenter(), Dictionary()
    segmenter.tokens("预热"), dictionary.lookup("预热")  # load both before timing
    from pypinyin import lazy_pinyin

    lazy_pinyin("预热")
    return segmenter, dictionary


def per_article(files: list[str]) -> None:
    segmenter, dictionary = _loaded()
    for file in files:
        article = read_article(file)
        aligner = Aligner(segmenter=segmenter, dictionary=dictionary)
        texts = _units(aligner, article)
        started = time.process_time()
        tokens = {text: segmenter.tokens(text) for text in texts}
        segment_cold = time.process_time() - started
        started = time.process_time()
        aligner.align(article, tokenize=tokens.__getitem__)
        align_cold = time.process_time() - started
        segment_runs, align_runs = [], []
        for _ in range(15):
            started = time.process_time()
            for text in texts:
                segmenter.tokens(text)
            segment_runs.append(time.process_time() - started)
            started = time.process_time()
            aligner.align(article, tokenize=tokens.__getitem__)
            align_runs.append(time.process_time() - started)
        segment, align = min(segment_runs), min(align_runs)
        print(f"{Path(file).name}: {sum(map(len, texts))} hanzi, {len(texts)} units | segment {segment * 1000:.1f} ms"
              f" | align {align * 1000:.1f} ms warm ({align / segment:.0%}),"
              f" {align_cold * 1000:.1f} ms cold ({align_cold / segment_cold:.0%} of {segment_cold * 1000:.1f} ms)")


def corpus(folder: str) -> None:
    segmenter, dictionary = _loaded()
    articles = [read_article(path) for path in sorted(Path(folder).glob("*.txt"))]
    probe = Aligner(segmenter=segmenter, dictionary=dictionary)
    texts = [text for article in articles for text in _units(probe, article)]
    tokens = {text: segmenter.tokens(text) for text in texts}
    segment = align = float("inf")
    for _ in range(3):
        started = time.process_time()
        for text in texts:  # every unit, as a run segments it (the synthetic corpus repeats sentences)
            segmenter.tokens(text)
        segment = min(segment, time.process_time() - started)
        aligner = Aligner(segmenter=segmenter, dictionary=dictionary)
        started = time.process_time()
        for article in articles:
            aligner.align(article, tokenize=tokens.__getitem__)
        align = min(align, time.process_time() - started)
    print(f"{folder}: {len(articles)} articles, {sum(map(len, texts))} hanzi, {len(texts)} units"
          f" | segment {segment:.2f} s | align {align:.2f} s ({align / segment:.0%})")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--corpus"]:
        corpus(sys.argv[2])
    else:
        per_article(sys.argv[1:] or sorted(str(p) for p in (ROOT / "seeds").glob("*.txt")))
