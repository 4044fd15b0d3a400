"""Pinyin of words as the sentence reads them: tone marks, numbered, zhuyin and tone-coloured HTML."""

from __future__ import annotations

import html
from dataclasses import dataclass


@dataclass(frozen=True)
class Syllable:
    hanzi: str
    marked: str  # "tǔ"
    numbered: str  # "tu3"
    zhuyin: str  # "ㄊㄨˇ"

    @property
    def tone(self) -> int:
        """1-4, or 5 for the neutral tone (and for anything that is not a syllable)."""
        last = self.numbered[-1:]
        return int(last) if last in "1234" else 5


@dataclass(frozen=True)
class Reading:
    """The reading of a term: its words, each a tuple of syllables."""

    words: tuple[tuple[Syllable, ...], ...]

    @property
    def syllables(self) -> tuple[Syllable, ...]:
        return tuple(s for word in self.words for s in word)

    @property
    def marked(self) -> str:
        """Tone marks, syllables of a word written together: "tǔfǎ", "gāngtóng bìngjǔ"."""
        return " ".join(_join_word([s.marked for s in word]) for word in self.words)

    @property
    def numbered(self) -> str:
        return " ".join(s.numbered for s in self.syllables)

    @property
    def zhuyin(self) -> str:
        return " ".join(s.zhuyin for s in self.syllables)

    def hanzi_html(self) -> str:
        return "".join(_tone_span(s.tone, s.hanzi) for s in self.syllables)

    def pinyin_html(self) -> str:
        return " ".join("".join(_tone_span(s.tone, s.marked) for s in word) for word in self.words)


def _tone_span(tone: int, text: str) -> str:
    return f'<span class="tone{tone}">{html.escape(text)}</span>'


def _join_word(syllables: list[str]) -> str:
    # An apostrophe marks a syllable boundary before a, o, e (xī'ān), as pinyin orthography asks.
    out = ""
    for syllable in syllables:
        if out and syllable[:1].lower() in "aāáǎàoōóǒòeēéěè":
            out += "'"
        out += syllable
    return out


def read_words(words: list[str]) -> Reading:
    """The reading of a sequence of segmented words (pypinyin on each word, so its phrase table applies)."""
    from pypinyin import Style, pinyin

    result = []
    for word in words:
        marked = [item[0] for item in pinyin(word, style=Style.TONE, errors=lambda chars: list(chars))]
        numbered = [item[0] for item in pinyin(word, style=Style.TONE3, neutral_tone_with_five=True,
                                               errors=lambda chars: list(chars))]
        zhuyin = [item[0] for item in pinyin(word, style=Style.BOPOMOFO, errors=lambda chars: list(chars))]
        if not (len(marked) == len(numbered) == len(zhuyin) == len(word)):
            # pypinyin keeps runs of non-Chinese text together; fall back to a character at a time
            marked, numbered, zhuyin = _per_character(word)
        result.append(tuple(Syllable(h, m, n, z) for h, m, n, z in zip(word, marked, numbered, zhuyin)))
    return Reading(tuple(result))


def _per_character(word: str) -> tuple[list[str], list[str], list[str]]:
    from pypinyin import Style, pinyin

    marked, numbered, zhuyin = [], [], []
    for char in word:
        marked.append(pinyin(char, style=Style.TONE, errors=lambda c: [c])[0][0])
        numbered.append(pinyin(char, style=Style.TONE3, neutral_tone_with_five=True, errors=lambda c: [c])[0][0])
        zhuyin.append(pinyin(char, style=Style.BOPOMOFO, errors=lambda c: [c])[0][0])
    return marked, numbered, zhuyin
