"""Aligns the Chinese sentences of an article with the English sentences that translate them.

Dynamic programming over beads (1-1, 1-2, 2-1, 2-2, 1-0, 0-1) with a Gale-Church length cost: Chinese
characters against English characters.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .corpus import Article
from .sentences import split_chinese, split_english

# English characters per Chinese character in these translations, and the variance of that ratio
# (fitted on the hand-aligned seed article; the mean is refitted per article from its own totals).
CHARS_PER_HANZI = 4.8
VARIANCE = 14.5
# Extra cost of each bead shape over a plain 1-1 bead (-log of its prior probability).
BEAD_PENALTY = {(1, 1): 0.0, (1, 2): 2.3, (2, 1): 2.3, (2, 2): 3.5, (1, 0): 4.5, (0, 1): 4.5}
# Pairs whose cost per Chinese unit is above this are shown without translation on cards.
CONFIDENT_SCORE = 0.2


@dataclass(frozen=True)
class Pair:
    """One Chinese unit and the English that translates it (empty when the translator left it out)."""

    zh: str
    en: str
    score: float
    paragraph: int
    confident: bool


def chinese_units(article: Article) -> list[tuple[str, int]]:
    """The Chinese units in reading order: headline parts, then body sentences, with paragraph numbers.

    Paragraph 0 is the headline; body paragraphs count from 1."""
    units = [(part, 0) for part in article.headline]
    for number, paragraph in enumerate(article.chinese, start=1):
        units.extend((sentence, number) for sentence in split_chinese(paragraph))
    return units


def english_units(article: Article) -> list[str]:
    units = list(article.english_title_parts)
    for paragraph in article.english:
        units.extend(split_english(paragraph))
    return units


def align_article(article: Article) -> tuple[Pair, ...]:
    """One `Pair` per Chinese unit of the article, in reading order."""
    zh = chinese_units(article)
    en = english_units(article)
    if not en:
        return tuple(Pair(text, "", 0.0, paragraph, False) for text, paragraph in zh)
    zh_lengths, en_lengths = [len(text) for text, _ in zh], [len(text) for text in en]
    ratio = sum(en_lengths) / max(1, sum(zh_lengths)) or CHARS_PER_HANZI
    beads = _best_beads(zh_lengths, en_lengths, ratio=ratio)
    pairs: list[Pair] = []
    for (zi, zn), (ei, en_count), cost in beads:
        english = " ".join(en[ei:ei + en_count])
        for offset in range(zn):
            text, paragraph = zh[zi + offset]
            score = math.exp(-cost / max(1, zn))
            pairs.append(Pair(text, english if offset == 0 else "", round(score, 3), paragraph,
                              score >= CONFIDENT_SCORE and bool(english)))
    return tuple(pairs)


def _length_cost(zh_chars: int, en_chars: int, ratio: float) -> float:
    if zh_chars == 0 and en_chars == 0:
        return 0.0
    mean = (zh_chars + en_chars / ratio) / 2
    delta = (en_chars - zh_chars * ratio) / math.sqrt(max(mean, 1) * VARIANCE)
    return delta * delta / 2


def _best_beads(zh_lengths: list[int], en_lengths: list[int], *, ratio: float):
    """Least-cost sequence of beads as ((zh start, zh count), (en start, en count), cost)."""
    rows, cols = len(zh_lengths), len(en_lengths)
    cost = [[math.inf] * (cols + 1) for _ in range(rows + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (cols + 1) for _ in range(rows + 1)]
    cost[0][0] = 0.0
    for i in range(rows + 1):
        for j in range(cols + 1):
            if cost[i][j] == math.inf:
                continue
            for (dz, de), penalty in BEAD_PENALTY.items():
                ni, nj = i + dz, j + de
                if ni > rows or nj > cols:
                    continue
                bead = _length_cost(sum(zh_lengths[i:ni]), sum(en_lengths[j:nj]), ratio) + penalty
                if cost[i][j] + bead < cost[ni][nj]:
                    cost[ni][nj] = cost[i][j] + bead
                    back[ni][nj] = (dz, de)
    beads = []
    i, j = rows, cols
    while i or j:
        dz, de = back[i][j]
        beads.append(((i - dz, dz), (j - de, de), cost[i][j] - cost[i - dz][j - de]))
        i, j = i - dz, j - de
    return list(reversed(beads))
