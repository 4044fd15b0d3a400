"""Alignment F1 on the seed articles after the edits translators make: a sentence left out (1-0), two
sentences merged into one (2-1), one Chinese sentence rendered as two (1-2), a paragraph left out, the
English run together as one paragraph.

    python benchmarks/align_robustness.py

Each edit is applied to the English half (and the gold beads changed to match); F1 is computed as
`../shared/eval/score.py align` computes it. Prints one line per kind of edit: mean and worst F1.
"""

from __future__ import annotations

import dataclasses
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flashcards.align import Aligner
from flashcards.corpus import read_article

GOLD = {"000_2c7f8c069069e595.txt": ROOT / "tests/fixtures/gold_align.json",
        "001_a99b8aefc4dcd4b2.txt": ROOT / "tests/fixtures/gold_align_001.json"}
_TOKEN = re.compile(r"[a-z0-9]+")


def _bow(text: str) -> Counter:
    return Counter(_TOKEN.findall(text.lower().replace("’", "'")))


def _f1(a: Counter, b: Counter) -> float:
    if not a or not b:
        return 1.0 if not a and not b else 0.0
    inter = sum((a & b).values())
    if not inter:
        return 0.0
    p, r = inter / sum(a.values()), inter / sum(b.values())
    return 2 * p * r / (p + r)


def _key(text: str) -> str:
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", text))


def score(units: list[dict], gold: list[dict]) -> tuple[float, float]:
    """(weighted F1, share of gold beads covered), as the project's scorer computes them."""
    total = weight = 0.0
    covered: set[int] = set()
    for unit in units:
        zs = _key(unit["zh"])
        if not zs:
            continue
        english: list[str] = []
        matched = False
        for index, bead in enumerate(gold):
            if any(_key(z) in zs or zs in _key(z) for z in bead["zh"]):
                english.extend(bead["en"])
                covered.add(index)
                matched = True
        if matched:
            total += _f1(_bow(unit["en"]), _bow(" ".join(english))) * len(zs)
            weight += len(zs)
    return total / max(1.0, weight), len(covered) / max(1, len(gold))


def units_of(pairs) -> list[dict]:
    return [{"zh": p.source_zh, "en": p.source_en} for p in pairs]


def _edit_english(article, old: str, new: str):
    paragraphs = [p.replace(old, new) for p in article.english]
    assert paragraphs != list(article.english), old
    return dataclasses.replace(article, english=tuple(" ".join(p.split()) for p in paragraphs if p.strip()))


def variants(article, gold: list[dict]):
    """(kind, edited article, edited gold) for every applicable edit of the body beads."""
    body = [i for i, b in enumerate(gold) if len(b["en"]) == 1 and not b["zh"][0].startswith("新华社")
            and i >= 3]
    for i in body:  # the translator leaves a sentence out
        edited = [dict(b) for b in gold]
        edited[i] = {"zh": gold[i]["zh"], "en": []}
        yield "1-0", _edit_english(article, gold[i]["en"][0], ""), edited
    for i in body:  # the translator merges two sentences into one
        if i + 1 not in body:
            continue
        first, second = gold[i]["en"][0], gold[i + 1]["en"][0]
        if not any(f"{first} {second}" in p for p in article.english):
            continue
        merged = first.rstrip(".") + ", and " + second[0].lower() + second[1:]
        edited = gold[:i] + [{"zh": gold[i]["zh"] + gold[i + 1]["zh"], "en": [merged]}] + gold[i + 2:]
        yield "2-1", _edit_english(article, f"{first} {second}", merged), edited
    for i in body:  # the translator splits one sentence in two at its first ", and "
        sentence = gold[i]["en"][0]
        if ", and " not in sentence:
            continue
        head, tail = sentence.split(", and ", 1)
        split = [head + ".", tail[0].upper() + tail[1:]]
        edited = [dict(b) for b in gold]
        edited[i] = {"zh": gold[i]["zh"], "en": split}
        yield "1-2", _edit_english(article, sentence, " ".join(split)), edited


def main() -> None:
    aligner = Aligner()
    results: dict[str, list[float]] = {}
    for name, gold_file in GOLD.items():
        article = read_article(ROOT / "seeds" / name)
        gold = json.loads(gold_file.read_text(encoding="utf-8"))[name]
        f1, cover = score(units_of(aligner.align(article)), gold)
        results.setdefault("unedited", []).append(f1)
        for kind, edited, edited_gold in variants(article, gold):
            f1, cover = score(units_of(aligner.align(edited)), edited_gold)
            results.setdefault(kind, []).append(min(f1, cover))
        # a whole English paragraph left out: paragraph counts no longer agree
        total = sum(len(p) for p in article.english)
        for index in range(1, len(article.english)):
            if len(article.english[index]) > total / 4:
                continue  # leaving out most of an article is not a translation any more
            dropped = set(_bow(article.english[index]))
            edited = dataclasses.replace(article, english=article.english[:index] + article.english[index + 1:])
            edited_gold = [{"zh": b["zh"], "en": [] if b["en"] and all(
                set(_bow(e)) <= dropped for e in b["en"]) else b["en"]} for b in gold]
            f1, cover = score(units_of(aligner.align(edited)), edited_gold)
            results.setdefault("paragraph-0", []).append(min(f1, cover))
        # the English as one block: paragraphs cannot anchor anything
        joined = dataclasses.replace(article, english=(" ".join(article.english),))
        f1, cover = score(units_of(aligner.align(joined)), gold)
        results.setdefault("one-block", []).append(min(f1, cover))
    for kind, values in results.items():
        print(f"{kind:12} n={len(values):3}  mean F1 {sum(values) / len(values):.3f}  worst {min(values):.3f}")


if __name__ == "__main__":
    main()
