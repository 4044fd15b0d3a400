"""Lexical anchors between a Chinese text and its English translation: what a word may be rendered as.

A Chinese token's *keys* are the English words it may be rendered as (the stems of its CC-CEDICT senses),
the pinyin of a name (马继孔 → "majikong", matched by "Ma Jikong"), and number values (三百一十八 and 318
both give "#318"). An English word's keys are its stem, its lower-case form, its number value, and the
join of a capitalised pair ("Ma Jikong" → "majikong").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from operator import attrgetter

from .dictionary import Dictionary
from .segment import Token

# Snowball's English stop-word list (snowballstem.org/algorithms/english/stop.txt) and the words
# CC-CEDICT uses to describe an entry rather than to translate it: neither tells sentences apart.
_STOP_WORDS = """
i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers
herself it its itself they them their theirs themselves what which who whom this that these those am is
are was were be been being have has had having do does did doing would should could ought a an the and but
if or because as until while of at by for with about against between into through during before after above
below to from up down in out on off over under again further then once here there when where why how all
any both each few more most other some such no nor not only own same so than too very s t can will just don
one also upon within without may might must shall etc
particle classifier variant surname used abbr pr cl sb sth one's oneself see lit fig literary bound form
old name kind sort type something someone person thing things place etc word expression indicate
"""
_STOP = frozenset(_STOP_WORDS.split())
_HAN = re.compile(r"[\u3400-\u9fff]")
_GLOSS_WORD = re.compile(r"[A-Za-z]+")
_NOISE_SENSE = re.compile(r"^(CL:|variant of|old variant|see |also written|also pr|abbr\. for|Taiwan pr)", re.IGNORECASE)
_BRACKETED = re.compile(r"\[[^\]]*\]|[\u3400-\u9fff|]+")
# Parts of speech whose words never carry the content of a sentence (particles, prepositions,
# conjunctions, punctuation, interjections, onomatopoeia), and those of names.
_FUNCTION_POS = ("u", "p", "c", "x", "y", "e", "o", "w")
_NAME_POS = ("nr", "ns", "nt", "nz")
_SENSES_PER_ENTRY = 6

_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
           "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_MYRIADS = {"万": 10_000, "亿": 100_000_000}
# A Chinese number: Arabic digits (10, 1958, 1.5万) or a run of numerals; 多/余 ("more than") are read
# through (一百多万 → 1,000,000). A lone 一 or unit (统一, 万一) is a word, not a number.
CHINESE_NUMBER = re.compile(
    r"[0-9０-９]+(?:\.[0-9]+)?[万亿]?|[〇零一二两三四五六七八九十百千万亿多余]{2,}|[二两三四五六七八九]")
_NUMERAL_WORD = re.compile(r"^[0-9０-９.〇零一二两三四五六七八九十百千万亿多余几个年月日号时分]+$")

_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
         "sixteen seventeen eighteen nineteen")
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety"
_MONTH_NAMES = "january february march april may june july august september october november december"
_EN_NUMBERS = {w: n for n, w in enumerate(_ONES.split())}
_EN_NUMBERS.update({w: 10 * n for n, w in enumerate(_TENS.split(), start=2)})
_EN_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
# "may" is far more often the verb than the month
_MONTHS = {m: n for n, m in enumerate(_MONTH_NAMES.split(), start=1) if m != "may"}
_EN_TOKEN = re.compile(r"\d[\d,]*(?:\.\d+)?(?:st|nd|rd|th)?|[A-Za-z]+(?:'[a-z]+)?")


def chinese_number(text: str) -> float | None:
    """The value of a Chinese or Arabic numeral (三百一十八 → 318, 一九五八 → 1958, 1.5万 → 15000)."""
    text = text.translate(str.maketrans("０１２３４５６７８９", "0123456789")).replace("多", "").replace("余", "")
    if not text:
        return None
    if text[0].isdigit():
        scale = _MYRIADS.get(text[-1], 1)
        try:
            return float(text.rstrip("万亿")) * scale
        except ValueError:
            return None
    if not any(ch in _UNITS or ch in _MYRIADS for ch in text):
        # read digit by digit, as years are: 一九五八
        return float("".join(str(_DIGITS[ch]) for ch in text)) if all(ch in _DIGITS for ch in text) else None
    total = section = 0.0
    digit = None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            section += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
        elif ch in _MYRIADS:
            total = (total + section + (digit or 0)) * _MYRIADS[ch]
            section, digit = 0.0, None
    return total + section + (digit or 0)


def english_numbers(words: list[str]) -> dict[int, float]:
    """Number values in a list of lower-case English words, by the index of the word that ends them
    ("two hundred" → 200, "twenty-eight" split by the tokenizer as two words → 28, "1,200" → 1200)."""
    values: dict[int, float] = {}
    total = current = 0.0
    start = None
    for index, word in enumerate(words):
        if word in _EN_NUMBERS:
            current += _EN_NUMBERS[word]
        elif word in _EN_SCALES and start is not None:
            current = max(current, 1) * _EN_SCALES[word]
            if _EN_SCALES[word] >= 1000:
                total, current = total + current, 0.0
        elif word == "and" and start is not None:
            continue
        else:
            if start is not None:
                values[index - 1] = total + current
            total = current = 0.0
            start = None
            digits = word.rstrip("stndrh").replace(",", "")
            if word[:1].isdigit():
                try:
                    values[index] = float(digits)
                except ValueError:
                    pass
            elif word in _MONTHS:
                values[index] = float(_MONTHS[word])
            continue
        start = index if start is None else start
    if start is not None:
        values[len(words) - 1] = total + current
    return values


def _number_key(value: float) -> str:
    return f"#{value:g}"


@dataclass(frozen=True, slots=True)
class _EnglishWord:
    """What `english_keys` needs of one English word, worked out once per spelling."""

    lower: str
    keys: frozenset[str]  # empty for stop words and number words
    numeric: bool  # a digit, number word or month: the sentence's numbers must be read
    capital: bool
    counting: bool  # a number word ("two", "twenty"): its value depends on the words around it
    value: float | None  # a digit's or a month's own value


_NUMERIC = attrgetter("numeric")


class Anchors:
    """Keys of Chinese tokens and English words, memoised per word: one instance serves many articles.

    The memos are caches only, so a pickled copy (for a worker process) leaves them behind."""

    def __init__(self, *, dictionary: Dictionary) -> None:
        self._dictionary = dictionary
        self._init_caches()

    def _init_caches(self) -> None:
        self._word_keys: dict[tuple[str, str], frozenset[str]] = {}
        self._numeral_keys: dict[str, frozenset[str]] = {}
        self._gloss_keys: dict[str, frozenset[str]] = {}
        self._stems: dict[str, str] = {}
        self._english_words: dict[str, _EnglishWord] = {}
        self._stemmer = None

    def __getstate__(self) -> dict:
        return {"_dictionary": self._dictionary}

    def __setstate__(self, state: dict) -> None:
        self._dictionary = state["_dictionary"]
        self._init_caches()

    def stem(self, word: str) -> str:
        stem = self._stems.get(word)
        if stem is None:
            if self._stemmer is None:
                import snowballstemmer

                self._stemmer = snowballstemmer.stemmer("english")
            stem = self._stems[word] = self._stemmer.stemWord(word)
        return stem

    def chinese_keys(self, text: str, tokens: Iterable[Token]) -> list[frozenset[str]]:
        """One key set per content token of a Chinese unit, numbers included (tokens without keys left out)."""
        out = []
        numeral_keys = self._numeral_keys
        for numeral in CHINESE_NUMBER.findall(text):
            keys = numeral_keys.get(numeral)
            if keys is None:
                value = chinese_number(numeral)
                keys = numeral_keys[numeral] = (frozenset((_number_key(value),)) if value is not None and value != 1
                                                else frozenset())
            if keys:
                out.append(keys)
        word_keys = self._word_keys
        for token in tokens:
            keys = word_keys.get((token.word, token.pos))
            if keys is None:
                keys = word_keys[(token.word, token.pos)] = self._content_keys(token)
            if keys:
                out.append(keys)
        return out

    def _content_keys(self, token: Token) -> frozenset[str]:
        if token.pos.startswith(_FUNCTION_POS) or not _HAN.search(token.word) or _NUMERAL_WORD.match(token.word):
            return frozenset()  # numerals are read as numbers from the text
        return self._token_keys(token)

    def _token_keys(self, token: Token) -> frozenset[str]:
        word = token.word
        entries = self._dictionary.lookup(word)
        keys: set[str] = set()
        for entry in entries:
            if entry.is_proper_name:
                keys.add(re.sub(r"[^a-z]", "", entry.pinyin.lower()))
            else:
                keys |= self._senses_keys(entry.senses)
        if not entries:
            for char in word:
                keys |= self._char_keys(char)
        if token.pos.startswith(_NAME_POS) or (not entries and len(word) >= 2):
            keys |= _name_keys(word)
        return frozenset(keys)

    def _char_keys(self, char: str) -> frozenset[str]:
        cached = self._gloss_keys.get(char)
        if cached is None:
            keys: set[str] = set()
            for entry in self._dictionary.lookup(char):
                if not entry.is_proper_name:
                    keys |= self._senses_keys(entry.senses[:3])
            cached = self._gloss_keys[char] = frozenset(keys)
        return cached

    def _senses_keys(self, senses: Iterable[str]) -> set[str]:
        keys: set[str] = set()
        for sense in list(senses)[:_SENSES_PER_ENTRY]:
            if _NOISE_SENSE.match(sense):
                continue
            for word in _GLOSS_WORD.findall(_BRACKETED.sub(" ", sense)):
                lower = word.lower()
                if lower not in _STOP and len(lower) > 1:
                    keys.add(self.stem(lower))
        return keys

    def english_keys(self, text: str) -> list[frozenset[str]]:
        """One key set per content word of an English unit (stop words left out)."""
        memo = self._english_words
        words = [memo.get(spelling) or self._english_word(spelling) for spelling in _EN_TOKEN.findall(text)]
        numbers: dict[int, float] = {}
        if any(map(_NUMERIC, words)):
            if any(word.counting for word in words):  # "two hundred": the words are read together
                numbers = english_numbers([w.lower for w in words])
            else:  # digits and months alone: each its own value, as english_numbers gives them
                numbers = {index: word.value for index, word in enumerate(words) if word.value is not None}
        out: list[frozenset[str]] = []
        for index, word in enumerate(words):
            if numbers and index in numbers:
                if numbers[index] != 1:
                    out.append(frozenset((_number_key(numbers[index]),)))
                continue
            keys = word.keys
            if not keys:
                continue
            if word.capital:  # "Ma Jikong" → majikong
                if index + 1 < len(words) and words[index + 1].capital:
                    keys = keys | {word.lower + words[index + 1].lower}
                if index > 0 and words[index - 1].capital:
                    keys = keys | {words[index - 1].lower + word.lower}
            out.append(keys)
        return out

    def _english_word(self, spelling: str) -> _EnglishWord:
        """Works out a spelling's keys and remembers them."""
        lower = spelling.lower()
        numeric = lower in _EN_NUMBERS or lower in _MONTHS or lower[:1].isdigit()
        plain = lower in _STOP or lower in _EN_NUMBERS or lower in _EN_SCALES or lower[:1].isdigit()
        keys = frozenset() if plain else frozenset((lower, self.stem(lower)))
        value = english_numbers([lower]).get(0) if numeric and lower not in _EN_NUMBERS else None
        word = self._english_words[spelling] = _EnglishWord(lower, keys, numeric, spelling[:1].isupper(),
                                                            lower in _EN_NUMBERS, value)
        return word


def _name_keys(word: str) -> set[str]:
    from pypinyin import lazy_pinyin

    syllables = [s for s in lazy_pinyin(word) if s.isalpha()]
    keys = {"".join(syllables)}
    if len(syllables) >= 3:
        keys.add("".join(syllables[:-1]))  # 云南省 → yunnan
        keys.add("".join(syllables[1:]))  # a given name alone
    return {k for k in keys if len(k) > 2}
