"""Annotates every gold term of the shared eval (not only those the vocabulary picks) and writes the entries
as vocabulary JSON, so that card content can be scored on all gold terms:

    python benchmarks/gold_terms.py ../shared/eval seeds/000_2c7f8c069069e595.txt > g.json
    python ../shared/eval/score.py content 000_2c7f8c069069e595.txt g.json
    python ../shared/eval/score.py pinyin g.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from flashcards.cards import annotate
from flashcards.corpus import read_article
from flashcards.pipeline import Resources, article_sentences
from flashcards.vocab import Term


def main(eval_dir: str, article_file: str) -> None:
    folder = Path(eval_dir)
    words: dict[str, None] = {}
    for name in ("gold_pinyin.json", "gold_context.json"):
        words.update(dict.fromkeys(json.loads((folder / name).read_text(encoding="utf-8"))["terms"]))
    resources = Resources()
    sentences = article_sentences(read_article(Path(article_file)), segmenter=resources.segmenter)
    terms = [Term(word, 1, 0.0, ("gold term",)) for word in words]
    entries = annotate(terms, sentences, dictionary=resources.dictionary, segmenter=resources.segmenter)
    json.dump([entry.as_json() for entry in entries], sys.stdout, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main(*sys.argv[1:3])
