"""Makes a synthetic corpus in the seeds' format: their aligned sentence pairs shuffled into new articles.

    python benchmarks/make_corpus.py OUT_DIR --articles 300 [--seed 1958]

Each article gets ~920 Chinese characters, so 300 articles hold about 270k characters, as the targets of
the performance issue assume. The pairs come from `flashcards.align_article` on the files in `seeds/`.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import flashcards

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
CHARACTERS_PER_ARTICLE = 920


def sentence_pairs() -> list[tuple[str, str]]:
    pairs = []
    for path in sorted(SEEDS.glob("*.txt")):
        article = flashcards.read_article(path)
        pairs.extend((p.zh, p.en) for p in flashcards.align_article(article) if p.paragraph > 0 and p.en)
    return pairs


def make_article(number: int, pairs: list[tuple[str, str]], rng: random.Random) -> str:
    chosen: list[tuple[str, str]] = []
    while sum(len(zh) for zh, _ in chosen) < CHARACTERS_PER_ARTICLE:
        chosen.append(rng.choice(pairs))
    paragraphs = [chosen[i:i + 3] for i in range(0, len(chosen), 3)]
    headline_zh = chosen[0][0].split("，")[0].rstrip("。")[:30]
    english = "\n\n".join(" ".join(en for _, en in paragraph) for paragraph in paragraphs)
    chinese = "\n".join("    " + "".join(zh for zh, _ in paragraph) for paragraph in paragraphs)
    return (f"Title: Synthetic article {number}\nAuthor:\nDate: 1958-{1 + number % 12:02d}-{1 + number % 28:02d}\n"
            f"Page: {1 + number % 8}\n\n{english}\n\n<hr /> \n\nOriginal: \n\n\n### {headline_zh}\n\n"
            f"1958-01-01\n第1版()\n专栏：\n\n    {headline_zh}\n    新华社北京1日电\u3000{chinese.lstrip()}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1958)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    pairs = sentence_pairs()
    args.out.mkdir(parents=True, exist_ok=True)
    for number in range(args.articles):
        (args.out / f"{number:05d}.txt").write_text(make_article(number, pairs, rng), encoding="utf-8")


if __name__ == "__main__":
    main()
