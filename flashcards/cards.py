"""Annotates chosen terms: pinyin as read, dictionary meaning, context meaning, the best example, source."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .dictionary import Dictionary, DictionaryEntry
from .levels import hsk_level, level_label
from .pinyin import Reading, read_words
from .segment import Segmenter, Token
from .vocab import Term

BLANK = "［…］"
# Senses that only point elsewhere or name a classifier: noise on a card.
_UNHELPFUL_SENSE = re.compile(r"^(CL:|variant of|old variant of|see |also written|abbr\. for|Taiwan pr\.)", re.I)
MAX_SENSES = 3


@dataclass(frozen=True)
class Source:
    file: str
    title: str
    date: str
    page: str


@dataclass(frozen=True)
class Sentence:
    """A Chinese unit of an article, its aligned English and its tokens: what examples are made of."""

    zh: str
    en: str
    confident: bool
    tokens: tuple[Token, ...]
    source: Source


@dataclass(frozen=True)
class Entry:
    """Everything a card or a list shows of one term. Plain text only; HTML is added by the writers."""

    hanzi: str
    traditional: str
    pinyin: str
    pinyin_numbered: str
    zhuyin: str
    meaning: str
    context_meaning: str
    example: str
    example_pinyin: str
    example_translation: str
    source: Source | None
    note: str
    level: str
    count: int
    score: float
    reasons: tuple[str, ...]
    kind: str = "term"
    sources: tuple[Source, ...] = ()
    reading: Reading | None = field(default=None, compare=False, repr=False)
    example_reading: Reading | None = field(default=None, compare=False, repr=False)

    @property
    def example_blank(self) -> str:
        """The example with the term blanked out, for the Sentence card ('' when there is no example)."""
        return self.example.replace(self.hanzi, BLANK) if self.hanzi in self.example else ""

    def as_json(self) -> dict:
        """The vocabulary JSON object of DESIGN.md."""
        return {
            "hanzi": self.hanzi, "traditional": self.traditional, "pinyin": self.pinyin,
            "pinyin_numbered": self.pinyin_numbered, "zhuyin": self.zhuyin, "meaning": self.meaning,
            "context_meaning": self.context_meaning, "example": self.example,
            "example_pinyin": self.example_pinyin, "example_translation": self.example_translation,
            "source": _source_json(self.source), "note": self.note, "level": self.level,
            "count": self.count, "score": self.score, "reasons": list(self.reasons), "kind": self.kind,
            "sources": [_source_json(s) for s in self.sources],
        }


def _source_json(source: Source | None) -> dict:
    if source is None:
        return {"file": "", "title": "", "date": "", "page": ""}
    return {"file": source.file, "title": source.title, "date": source.date, "page": source.page}


def annotate(terms: Sequence[Term], sentences: Sequence[Sentence], *, dictionary: Dictionary,
             segmenter: Segmenter) -> list[Entry]:
    """One entry per term, in the order of the terms."""
    return [annotate_term(term, sentences, dictionary=dictionary, segmenter=segmenter) for term in terms]


def annotate_term(term: Term, sentences: Sequence[Sentence], *, dictionary: Dictionary,
                  segmenter: Segmenter) -> Entry:
    holding = [s for s in sentences if any(form in s.zh for form in (term.hanzi, *term.forms))]
    example = best_example(term.hanzi, holding)
    reading = read_words(_words_of_term(term.hanzi, example, segmenter))
    entries = dictionary.lookup(term.hanzi)
    chosen = _entry_for_reading(entries, reading)
    meaning = short_meaning(chosen) if chosen else composed_meaning(term.hanzi, dictionary)
    example_reading = read_words([t.word for t in example.tokens]) if example else None
    sources = tuple(dict.fromkeys(s.source for s in holding))
    return Entry(
        hanzi=term.hanzi,
        traditional=chosen.traditional if chosen else _traditional_of_parts(term.hanzi, dictionary),
        pinyin=reading.marked,
        pinyin_numbered=reading.numbered,
        zhuyin=reading.zhuyin,
        meaning=meaning,
        context_meaning="",
        example=example.zh if example else "",
        example_pinyin=example_reading.marked if example_reading else "",
        example_translation=example.en if example and example.confident else "",
        source=example.source if example else None,
        note="; ".join(term.reasons),
        level=level_label(hsk_level(term.hanzi)),
        count=term.count,
        score=term.score,
        reasons=term.reasons,
        kind=term.kind,
        sources=sources,
        reading=reading,
        example_reading=example_reading,
    )


def best_example(hanzi: str, sentences: Sequence[Sentence]) -> Sentence | None:
    """The sentence that best shows the term: confidently aligned, complete and not too long."""
    def badness(sentence: Sentence) -> tuple:
        length = len(sentence.zh)
        too_long = max(0, length - 60)
        too_short = max(0, 12 - length)
        return (not sentence.confident, too_long + too_short * 2, length)

    return min(sentences, key=badness, default=None)


def _words_of_term(hanzi: str, example: Sentence | None, segmenter: Segmenter) -> list[str]:
    """The term's words as its example segments them, so pypinyin reads them in context."""
    if example:
        position = 0
        start = example.zh.find(hanzi)
        words: list[str] = []
        for token in example.tokens:
            end = position + len(token.word)
            if start < end and position < start + len(hanzi):
                words.append(token.word)
            position = end
        if "".join(words) == hanzi:
            return words
    return [token.word for token in segmenter.tokens(hanzi)]


def _entry_for_reading(entries: Sequence[DictionaryEntry], reading: Reading) -> DictionaryEntry | None:
    if not entries:
        return None
    wanted = reading.numbered.lower().replace("v", "u:")
    for entry in entries:
        if entry.pinyin.lower().replace("5", "") == wanted.replace("5", ""):
            return entry
    common = [e for e in entries if not e.is_proper_name]
    return (common or list(entries))[0]


def short_meaning(entry: DictionaryEntry) -> str:
    senses = [s for s in entry.senses if not _UNHELPFUL_SENSE.match(s)] or list(entry.senses)
    return "; ".join(senses[:MAX_SENSES])


def composed_meaning(hanzi: str, dictionary: Dictionary) -> str:
    """A meaning built from the longest dictionary words inside the term, marked as composed."""
    parts = []
    for part in _longest_parts(hanzi, dictionary):
        entries = dictionary.lookup(part)
        chosen = next((e for e in entries if not e.is_proper_name), entries[0] if entries else None)
        gloss = short_meaning(chosen).split(";")[0] if chosen else "?"
        parts.append(f"{part} {gloss}")
    return "(composed) " + " + ".join(parts)


def _longest_parts(hanzi: str, dictionary: Dictionary) -> list[str]:
    parts, start = [], 0
    while start < len(hanzi):
        end = len(hanzi)
        while end > start + 1 and (hanzi[start:end] not in dictionary or end - start == len(hanzi)):
            end -= 1
        parts.append(hanzi[start:end])
        start = end
    return parts


def _traditional_of_parts(hanzi: str, dictionary: Dictionary) -> str:
    pieces = []
    for part in _longest_parts(hanzi, dictionary):
        entries = dictionary.lookup(part)
        pieces.append(entries[0].traditional if entries else part)
    return "".join(pieces)
