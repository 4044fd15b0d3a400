"""Picks the vocabulary that is characteristic of the articles compared with modern Chinese."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from .segment import Segmenter, Token

# Tags of words that are never vocabulary: names of people, places and organisations, numbers,
# counters, time words, pronouns, function words, punctuation and non-Chinese text.
EXCLUDED_POS = frozenset({"nr", "nrfg", "nrt", "ns", "nt", "nz_name", "m", "mq", "q", "t", "r", "p", "c",
                          "u", "uj", "ul", "uz", "ug", "uv", "ud", "y", "e", "o", "x", "w", "eng", "f"})
HAN_WORD = re.compile(r"^[\u3400-\u9fff]{2,}$")
# "Simple maths" keyness smoothing, in occurrences per million: keeps one rare word from topping the list.
SMOOTHING_PER_MILLION = 100.0


@dataclass(frozen=True)
class VocabOptions:
    top: int | None = None  # None: a default that grows with the size of the input
    min_count: int = 1
    hsk_max: int | None = None  # leave out words at or below this HSK level
    known: frozenset[str] = frozenset()
    include: tuple[str, ...] = ()
    exclude: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Term:
    """A chosen term with the evidence for it."""

    hanzi: str
    count: int
    score: float
    reasons: tuple[str, ...]
    kind: str = "term"  # term, slogan, idiom
    files: tuple[str, ...] = field(default=(), compare=False)


def default_top(chinese_characters: int) -> int:
    """About one term per 60 characters, at least 30 and at most 200."""
    return max(30, min(200, chinese_characters // 60))


def select_terms(tokenized: Iterable[tuple[str, list[Token]]], *, segmenter: Segmenter,
                 options: VocabOptions = VocabOptions()) -> list[Term]:
    """Rank the candidate words of tokenized sentences (file, tokens) by keyness, best first."""
    counts: Counter[str] = Counter()
    files: dict[str, set[str]] = {}
    characters = 0
    for file, tokens in tokenized:
        for token in tokens:
            characters += len(token.word)
            if token.pos in EXCLUDED_POS or not HAN_WORD.match(token.word):
                continue
            counts[token.word] += 1
            files.setdefault(token.word, set()).add(file)
    total_words = max(1, sum(counts.values()))
    terms = []
    for word, count in counts.items():
        if count < options.min_count or word in options.exclude or word in options.known:
            continue
        if options.hsk_max is not None and _at_or_below(word, options.hsk_max):
            continue
        score, reasons = _keyness(word, count, total_words, segmenter)
        terms.append(Term(word, count, round(score, 3), reasons, "term", tuple(sorted(files[word]))))
    terms.sort(key=lambda term: (-term.score, -term.count, term.hanzi))
    top = options.top or default_top(characters)
    chosen = terms[:top]
    for word in options.include:
        if word not in {term.hanzi for term in chosen}:
            chosen.append(Term(word, counts.get(word, 0), 0.0, ("included by request",), "term",
                               tuple(sorted(files.get(word, ())))))
    return chosen


def _keyness(word: str, count: int, total_words: int, segmenter: Segmenter) -> tuple[float, tuple[str, ...]]:
    per_million = count / total_words * 1e6
    reference = segmenter.frequency(word) / segmenter.total * 1e6
    ratio = (per_million + SMOOTHING_PER_MILLION) / (reference + SMOOTHING_PER_MILLION)
    score = math.log2(ratio)
    return score, (f"keyness {score:.1f} against modern Chinese",)


def _at_or_below(word: str, level: int) -> bool:
    from .levels import hsk_level

    found = hsk_level(word)
    return found is not None and found <= level
