"""Makes a synthetic corpus in the seeds' format: their aligned sentence pairs shuffled into new articles.

    python benchmarks/make_corpus.py OUT_DIR --articles 300 [--seed 1958] [--varied]

Each article gets ~920 Chinese characters, so 300 articles hold about 270k characters, as the targets of
the performance issue assume. The pairs come from `flashcards.align_article` on the files in `seeds/`.

The seeds' sentences repeat the words of two articles (520 distinct words and tags in all), so memory that
grows with the vocabulary hardly grows on such a corpus. `--varied` writes Chinese of words drawn from
jieba's dictionary instead (words of two characters or more, as often as its counts say), with the seeds'
English: a vocabulary that keeps growing with the archive, as a real one's does. It is not Chinese anyone
wrote, and its English does not translate it.
"""

from __future__ import annotations

import argparse
import itertools
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
    return article_text(number, chosen)


def article_text(number: int, chosen: list[tuple[str, str]]) -> str:
    """The file of article `number` holding the (Chinese, English) sentences, three to a paragraph."""
    paragraphs = [chosen[i:i + 3] for i in range(0, len(chosen), 3)]
    headline_zh = chosen[0][0].split("，")[0].rstrip("。")[:30]
    english = "\n\n".join(" ".join(en for _, en in paragraph) for paragraph in paragraphs)
    chinese = "\n".join("    " + "".join(zh for zh, _ in paragraph) for paragraph in paragraphs)
    return (f"Title: Synthetic article {number}\nAuthor:\nDate: 1958-{1 + number % 12:02d}-{1 + number % 28:02d}\n"
            f"Page: {1 + number % 8}\n\n{english}\n\n<hr /> \n\nOriginal: \n\n\n### {headline_zh}\n\n"
            f"1958-01-01\n第1版()\n专栏：\n\n    {headline_zh}\n    新华社北京1日电\u3000{chinese.lstrip()}\n")


def dictionary_words() -> tuple[list[str], list[int]]:
    """jieba's dictionary words of two or more Chinese characters, and their counts added up (the cumulative
    weights `random.choices` takes)."""
    import jieba

    words, counts = [], []
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as lines:
        for line in lines:
            word, count = line.split()[:2]
            if len(word) >= 2 and all("\u4e00" <= character <= "\u9fff" for character in word):
                words.append(word)
                counts.append(int(count))
    return words, list(itertools.accumulate(counts))


def make_varied_article(number: int, pairs: list[tuple[str, str]], words: tuple[list[str], list[int]],
                        rng: random.Random) -> str:
    """An article of the layout `make_article` writes, its Chinese sentences made of dictionary words."""
    chosen: list[tuple[str, str]] = []
    while sum(len(zh) for zh, _ in chosen) < CHARACTERS_PER_ARTICLE:
        clauses = ["".join(rng.choices(words[0], cum_weights=words[1], k=rng.randint(2, 5)))
                   for _ in range(rng.randint(2, 4))]
        chosen.append(("，".join(clauses) + "。", rng.choice(pairs)[1]))
    return article_text(number, chosen)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1958)
    parser.add_argument("--varied", action="store_true", help="Chinese of jieba's dictionary words, not the seeds'")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    pairs = sentence_pairs()
    words = dictionary_words() if args.varied else None
    args.out.mkdir(parents=True, exist_ok=True)
    for number in range(args.articles):
        text = make_varied_article(number, pairs, words, rng) if words else make_article(number, pairs, rng)
        (args.out / f"{number:05d}.txt").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
