"""Pinyin of words as the sentence reads them: tone marks, numbered, zhuyin and tone-coloured HTML."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .dictionary import Dictionary
    from .english import Stemmer


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
        out = ""
        glue = True
        for word in self.words:
            text = _join_word([s.marked for s in word])
            # punctuation sticks to its word: "liàntóng。", "“fùshuài”", not "liàntóng 。"
            opening = text in _OPENING
            out += text if glue or (_PUNCTUATION.match(text) and not opening) else " " + text
            glue = opening
        return out

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


# Readings that a single-character word takes in one grammatical role (jieba's POS tag), where pypinyin's
# default reading of the character alone is another one. Keys: (character, tag prefix) -> numbered pinyin.
POLYPHONE_BY_TAG: dict[tuple[str, str], str] = {
    ("得", "u"): "de5",  # complement particle: 跑得快
    ("着", "u"): "zhe5",  # aspect particle: 看着
    ("了", "u"): "le5",  # aspect particle: 来了
    ("都", "d"): "dou1",  # adverb "all": 大家都来 (not dū, "capital")
    ("还", "d"): "hai2",  # adverb "still": 还没有 (not huán, "to return")
    ("长", "n"): "zhang3",  # noun "head, chief": 一长制, 厂长 (not cháng, "long")
    ("长", "j"): "zhang3",
}


# Readings a character takes at the end of a word that neither pypinyin's phrase table nor CC-CEDICT
# holds, where its reading alone is another one: verb + 为 "to make into, to regard as" (举为, 选为).
WORD_FINAL: dict[str, str] = {"为": "wei2"}


def read_words(words: Sequence[str], *, tags: Sequence[str] | None = None,
               dictionary: Dictionary | None = None, english: str = "") -> Reading:
    """The reading of a sequence of segmented words: pypinyin on each word, so its phrase table applies,
    then three general corrections:

    - a parallel four-character pattern (重洋轻土: 重…轻, 洋…土) is read a character at a time, whatever
      the segmentation (重洋 "seas" is chóngyáng, but 重 "to value" is zhòng);
    - a single character is read as its part of speech asks (`tags`, jieba's, one per word): 都 as an
      adverb is dōu, 长 as a noun zhǎng (POLYPHONE_BY_TAG); 地 between an adverbial and a verb is de;
    - with a `dictionary`, a word whose pypinyin reading is none of its CC-CEDICT readings takes the
      dictionary's reading when that is the only one;
    - with a `dictionary` and the `english` translation of the sentence, a single character whose other
      CC-CEDICT reading has a sense the translation uses, and whose own reading has none, takes the other
      reading (干 in "the clothes are dry" is gān); verbs, adjectives and nouns only;
    - a word that no dictionary holds ends as WORD_FINAL says (举为 jǔwéi);
    - 一 and 不 keep their citation tones (yīdìng, bùnéng), as dictionaries write them.
    """
    return Reader(dictionary=dictionary).read(words, tags=tags, english=english)


class Reader:
    """`read_words` for many terms: keeps what it found of each word (pypinyin's reading, its syllables,
    its CC-CEDICT readings and senses) and the stems of each translation, and shares one English stemmer."""

    def __init__(self, *, dictionary: Dictionary | None = None, stemmer: Stemmer | None = None) -> None:
        from .english import Stemmer

        self.dictionary = dictionary
        self.stemmer = stemmer or Stemmer()
        self._numbered: dict[str, tuple[str, ...]] = {}
        self._syllables: dict[tuple[str, str], Syllable] = {}
        self._by_dictionary: dict[str, list[str] | None] = {}
        self._senses: dict[str, dict[str, list[str]]] = {}
        self._english: dict[str, frozenset[str]] = {}

    def read(self, words: Sequence[str], *, tags: Sequence[str] | None = None, english: str = "") -> Reading:
        """The reading of a sequence of segmented words, as `read_words` gives it."""
        dictionary = self.dictionary
        used = self._english_stems(english) if english and dictionary is not None else frozenset()
        tag_list = list(tags) if tags is not None else [""] * len(words)
        words, tag_list = _split_parallel(list(words), tag_list, dictionary)
        result = []
        for index, (word, tag) in enumerate(zip(words, tag_list)):
            numbered = self._numbered_of(word)
            numbered = (_adverbial_de(words, tag_list, index) or _by_tag(word, tag)
                        or self._dictionary_reading(word, numbered) or self._by_translation(word, tag, numbered, used)
                        or _word_final(word, numbered, dictionary) or _citation(word, numbered))
            result.append(tuple(self._syllable(h, n) for h, n in zip(word, numbered)))
        return Reading(tuple(result))

    def _numbered_of(self, word: str) -> list[str]:
        found = self._numbered.get(word)
        if found is None:
            found = self._numbered[word] = tuple(_numbered(word))
        return list(found)

    def _syllable(self, hanzi: str, numbered: str) -> Syllable:
        found = self._syllables.get((hanzi, numbered))
        if found is None:
            found = self._syllables[(hanzi, numbered)] = _syllable(hanzi, numbered)
        return found

    def _dictionary_reading(self, word: str, numbered: list[str]) -> list[str] | None:
        # `numbered` is pypinyin's reading of `word`, so the word alone decides
        if word not in self._by_dictionary:
            self._by_dictionary[word] = _by_dictionary(word, numbered, self.dictionary)
        found = self._by_dictionary[word]
        return list(found) if found is not None else None

    def _english_stems(self, english: str) -> frozenset[str]:
        found = self._english.get(english)
        if found is None:
            found = self._english[english] = frozenset(
                stem for word in self.stemmer.words(english) if not word.is_stop for stem in word.stems)
        return found

    def _by_translation(self, word: str, tag: str, numbered: list[str], used: frozenset[str]) -> list[str] | None:
        # content words only: a function word's (和 "and") other readings (hè "to join in") would match by chance
        if not used or self.dictionary is None or len(word) != 1 or not tag.startswith(("v", "a", "n")):
            return None
        senses = self._senses_by_reading(word)
        ours = numbered[0].lower()
        if len(senses) < 2 or not any(_same_reading((ours,), (r,)) for r in senses):
            return None
        matching = [r for r, found in senses.items() if self.stemmer.gloss_stems(found)[0] & used]
        if len(matching) == 1 and not _same_reading((ours,), (matching[0],)):
            return matching
        return None

    def _senses_by_reading(self, word: str) -> dict[str, list[str]]:
        found = self._senses.get(word)
        if found is None:
            found = self._senses[word] = {}
            for entry in self.dictionary.lookup(word):
                if not entry.is_proper_name:
                    reading = entry.pinyin.lower().replace("u:", "v")
                    found.setdefault(reading, []).extend(s for s in entry.senses if not _is_reference(s))
        return found


def _numbered(word: str) -> list[str]:
    from pypinyin import Style, pinyin

    numbered = [item[0] for item in pinyin(word, style=Style.TONE3, neutral_tone_with_five=True,
                                           errors=lambda chars: list(chars))]
    if len(numbered) != len(word):
        # pypinyin keeps runs of non-Chinese text together; read a character at a time
        numbered = [pinyin(char, style=Style.TONE3, neutral_tone_with_five=True, errors=lambda c: [c])[0][0]
                    for char in word]
    return numbered


# pypinyin writes the tone sandhi of 一 and 不 (yídìng, búshì); dictionaries and learners' lists write the
# citation tone (yīdìng, bùshì), as CC-CEDICT does.
_CITATION = {"一": "yi1", "不": "bu4"}


def _citation(word: str, numbered: list[str]) -> list[str]:
    return [_CITATION.get(h, n) if n[:-1] == _CITATION.get(h, "")[:-1] else n for h, n in zip(word, numbered)]


def _syllable(hanzi: str, numbered: str) -> Syllable:
    """A syllable from numbered pinyin ("zhang3", "de5"); anything that is not pinyin stays as it is."""
    from pypinyin import Style
    from pypinyin.contrib.tone_convert import to_tone
    from pypinyin.style import convert

    if not _NUMBERED.match(numbered):
        return Syllable(hanzi, hanzi, hanzi, hanzi)
    numbered = numbered.replace("u:", "v").lower()
    marked = to_tone(numbered)
    zhuyin = convert(marked, Style.BOPOMOFO, strict=True)
    return Syllable(hanzi, marked, numbered if numbered[-1].isdigit() else numbered + "5", zhuyin)


_PUNCTUATION = re.compile(r"^[\W_]+$")
_OPENING = frozenset("“‘（(《「『〈【")
_NUMBERED = re.compile(r"^[a-zA-Zü:]+[1-5]?$")


# Words before 地 that make it "ground" (这块地, 三亩地, 各处地), not the adverbial particle.
_GROUND_BEFORE = ("r", "m", "q", "f", "s", "t", "ns", "nr", "x", "p")


def _adverbial_de(words: Sequence[str], tags: Sequence[str], index: int) -> list[str] | None:
    """地 between an adverbial and the verb it modifies is the particle de (认真地学习, 热情地投入);
    jieba tags every lone 地 alike, so the neighbours decide."""
    if words[index] != "地" or not tags[index] or index == 0 or index + 1 >= len(words):
        return None
    before, after = tags[index - 1], tags[index + 1]
    if before.startswith(_GROUND_BEFORE) or not before:
        return ["di4"]
    if after.startswith(("v", "p", "d", "a")) and not after.startswith("vn"):
        return ["de5"]
    return None


def _by_tag(word: str, tag: str) -> list[str] | None:
    if len(word) != 1 or not tag:
        return None
    for (char, prefix), reading in POLYPHONE_BY_TAG.items():
        if char == word and tag.startswith(prefix):
            return [reading]
    return None


def _by_dictionary(word: str, numbered: list[str], dictionary: Dictionary | None) -> list[str] | None:
    if dictionary is None or len(word) < 2:
        return None
    readings = {tuple(e.pinyin.lower().replace("u:", "v").split()) for e in dictionary.lookup(word)
                if not e.is_proper_name and not all(_is_reference(s) for s in e.senses)}
    readings = {r for r in readings if len(r) == len(word)}
    ours = tuple(n.lower() for n in numbered)
    if not readings or any(_same_reading(ours, r) for r in readings) or len(readings) != 1:
        return None
    return list(next(iter(readings)))


def _word_final(word: str, numbered: list[str], dictionary: Dictionary | None) -> list[str] | None:
    final = WORD_FINAL.get(word[-1:])
    if not final or len(word) < 2 or dictionary is None or word in dictionary:
        return None
    return _citation(word[:-1], numbered[:-1]) + [final]


def _same_reading(ours: tuple[str, ...], theirs: tuple[str, ...]) -> bool:
    """Equal syllables; a neutral tone on either side matches any tone (书记 shūjì / shūji)."""
    if len(ours) != len(theirs):
        return False
    for a, b in zip(ours, theirs):
        if a.rstrip("12345") != b.rstrip("12345"):
            return False
        if a[-1:] != b[-1:] and "5" not in (a[-1:], b[-1:]) and a[-1:].isdigit() and b[-1:].isdigit():
            return False
    return True


def _is_reference(sense: str) -> bool:
    return sense.startswith(("variant of", "old variant of", "see ", "also written"))


def _split_parallel(words: list[str], tags: list[str],
                    dictionary: Dictionary | None) -> tuple[list[str], list[str]]:
    """Split parallel four-character patterns ABCD (A,C and B,D are pairs: 重…轻 and 洋…土) into characters,
    whether jieba kept them whole or cut them AB + CD."""
    if dictionary is None:
        return words, tags
    out_words: list[str] = []
    out_tags: list[str] = []
    i = 0
    while i < len(words):
        end = _parallel_run(words, i, dictionary)
        if end:
            chars = "".join(words[i:end])
            out_words.extend(chars)
            out_tags.extend([""] * len(chars))
            i = end
        else:
            out_words.append(words[i])
            out_tags.append(tags[i])
            i += 1
    return out_words, out_tags


def _parallel_run(words: list[str], i: int, dictionary: Dictionary) -> int:
    """The end of the run of words from `i` that makes a parallel four-character pattern, or 0."""
    text = ""
    for j in range(i, len(words)):
        text += words[j]
        if len(text) == 4:
            whole_word = j == i
            return j + 1 if _parallel(text, dictionary) and not (whole_word and text in dictionary) else 0
        if len(text) > 4:
            return 0
    return 0


def _parallel(four: str, dictionary: Dictionary) -> bool:
    a, b, c, d = four
    if four in dictionary or not all("\u4e00" <= ch <= "\u9fff" for ch in four) or a == c:
        return False
    return (a + c in dictionary or c + a in dictionary) and (b + d in dictionary or d + b in dictionary)
