"""The least that pure-Python alignment costs, against segmenting the same text.

    python benchmarks/align_floor.py [DIR]        (default: the seed articles; say, the 300 of make_corpus.py)

Times only the steps every aligner of this design takes before it weighs a single pair: splitting the
English into sentences and making the key sets of both sides (English words, stemmed; CC-CEDICT's
translations of the Chinese tokens; numbers), with the memos warm. No weighing and no search. Each is shown
as a share of segmenting the Chinese units (`Segmenter.tokens`), the best of 3 runs of CPU time:
`align_speed.py` times the whole of alignment the same way.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from align_speed import ROOT, _loaded, _units

from flashcards.align import Aligner
from flashcards.corpus import read_article
from flashcards.sentences import split_english


def best_of(runs: int, work) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.process_time()
        work()
        best = min(best, time.process_time() - started)
    return best


def main(folder: Path) -> None:
    segmenter, dictionary = _loaded()
    articles = [read_article(path) for path in sorted(folder.glob("*.txt"))]
    aligner = Aligner(segmenter=segmenter, dictionary=dictionary)
    anchors = aligner.anchors
    texts = [text for article in articles for text in _units(aligner, article)]
    tokens = {text: segmenter.tokens(text) for text in texts}
    paragraphs = [paragraph for article in articles for paragraph in article.english]
    sentences = [sentence for paragraph in paragraphs for sentence in split_english(paragraph)]
    for sentence in sentences:  # the memos warm, as on a long run
        anchors.english_keys(sentence)

    segment = best_of(3, lambda: [segmenter.tokens(text) for text in texts])
    steps = {
        "split the English": best_of(3, lambda: [split_english(paragraph) for paragraph in paragraphs]),
        "English key sets": best_of(3, lambda: [anchors.english_keys(sentence) for sentence in sentences]),
        "Chinese key sets": best_of(3, lambda: [anchors.chinese_keys(text, tokens[text]) for text in texts]),
    }
    print(f"{folder}: {len(articles)} articles, {len(texts)} Chinese units, {len(sentences)} English sentences")
    print(f"{'segment':18} {segment:6.3f} s")
    for name, seconds in steps.items():
        print(f"{name:18} {seconds:6.3f} s {seconds / segment:5.0%} of segmentation")
    floor = sum(steps.values())
    print(f"{'floor':18} {floor:6.3f} s {floor / segment:5.0%} of segmentation, before any weighing or search"
          f" (the target for all of alignment: 10%, {0.1 * segment:.3f} s)")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if sys.argv[1:] else ROOT / "seeds")
