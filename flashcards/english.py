"""English words for matching dictionary glosses against a translation: tokens with offsets, stems.

Stemming uses the Snowball (Porter2) English stemmer from `snowballstemmer`, a small pure-Python package
made for exactly this: "smelt", "smelting" and "smelted" all become "smelt", "technology" and
"technological" both "technolog", so a gloss matches the translation's inflected words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

# Hyphenated and apostrophed words stay one token ("on-site", "high-yield"); their parts are matched.
_WORD = re.compile(r"[A-Za-z0-9]+(?:[-'’][A-Za-z0-9]+)*")
_PART = re.compile(r"[A-Za-z0-9]+")
# Function words: they never anchor a match on their own, and a span does not begin or end with them.
# (Modal verbs are not among them: "should" translates 应当.)
STOPWORDS = frozenset("""
a an the of to in on at for with by from and or as is are was were be been being it its this that these
those into onto than then so such not no nor but if up out over under about between which who whom whose
what when where how there their they them he she his her we our you your i my me us do does did done has
have had sth sb one one's oneself etc used also very all
""".split())  # noqa: SIM905 (a word list reads better as text)
# Comparatives a stemmer leaves alone; regular ones (faster, larger, bigger) lose their ending in _bases.
_IRREGULAR = {"better": "good", "best": "good", "worse": "bad", "worst": "bad", "more": "much", "most": "much",
              "less": "little", "least": "little", "further": "far", "farther": "far"}
# Dictionary shorthand that is not English to match: "lit.", "fig.", "abbr.", "CL:".
_GLOSS_NOISE = re.compile(r"\b(lit|fig|abbr|esp|usu|opp|pr)\.|\bCL:\S*|[\u3400-\u9fff|]+(\[[^\]]*\])?|\[[^\]]*\]")


@dataclass(frozen=True)
class EnglishWord:
    """A word of an English sentence: its text, character offsets, and the stems of its parts."""

    text: str
    start: int
    end: int
    stems: frozenset[str]
    is_stop: bool


class Stemmer:
    """English stemming with per-instance caches: the same words and glosses come back again and again."""

    def __init__(self) -> None:
        self._cache: dict[str, str] = {}
        self._word_stems: dict[str, tuple[frozenset[str], bool]] = {}  # a word as written -> stems, is_stop
        self._sense_stems: dict[str, tuple[frozenset[str], frozenset[str]]] = {}

    @cached_property
    def _stemmer(self):
        import snowballstemmer

        return snowballstemmer.stemmer("english")

    def stem(self, word: str) -> str:
        word = word.lower().replace("’", "'")
        word = word.removesuffix("'s")
        found = self._cache.get(word)
        if found is None:
            found = self._cache[word] = self._stemmer.stemWord(word)
        return found

    def words(self, text: str) -> list[EnglishWord]:
        """The words of `text` with offsets; a hyphenated word's stems are those of its content parts."""
        out = []
        for match in _WORD.finditer(text):
            word = match.group()
            found = self._word_stems.get(word)
            if found is None:
                found = self._word_stems[word] = self._word_stems_of(word)
            out.append(EnglishWord(word, match.start(), match.end(), *found))
        return out

    def _word_stems_of(self, word: str) -> tuple[frozenset[str], bool]:
        parts = [p.lower() for p in _PART.findall(word) if len(p) > 1 or p.isdigit()]
        parts = parts or [word.lower()]
        content = [p for p in parts if p not in STOPWORDS]
        return frozenset(stem for p in (content or parts) for stem in self._bases(p)), not content

    def _bases(self, word: str) -> set[str]:
        """The stem of a word and, for a comparative, of its base: "faster" -> fast, "better" -> good."""
        stems = {self.stem(word)}
        if word in _IRREGULAR:
            stems.add(self.stem(_IRREGULAR[word]))
        for ending in ("er", "est"):
            base = word[:-len(ending)]
            if word.endswith(ending) and len(base) >= 3:
                stems.add(self.stem(base))  # faster -> fast
                stems.add(self.stem(base + "e"))  # larger -> large
                if len(base) >= 4 and base[-1] == base[-2]:
                    stems.add(self.stem(base[:-1]))  # bigger -> big
        return stems

    def gloss_stems(self, senses: tuple[str, ...] | list[str]) -> tuple[frozenset[str], frozenset[str]]:
        """(content stems, function words) of dictionary senses, shorthand and Chinese removed; a function
        word counts only when it is a whole sense (由: "from")."""
        content: set[str] = set()
        function: set[str] = set()
        for sense in senses:
            found = self._sense_stems.get(sense)
            if found is None:
                found = self._sense_stems[sense] = self._one_gloss_stems(sense)
            content |= found[0]
            function |= found[1]
        return frozenset(content), frozenset(function)

    def _one_gloss_stems(self, sense: str) -> tuple[frozenset[str], frozenset[str]]:
        content: set[str] = set()
        function: set[str] = set()
        if sense.startswith(("variant of", "old variant of", "see ", "surname ", "classifier for")):
            return frozenset(), frozenset()  # a measure word's gloss lists the nouns it counts, not its meaning
        found = [p.lower() for p in _PART.findall(_GLOSS_NOISE.sub(" ", sense))]
        for part in found:
            if part.isdigit() or len(part) < 2:
                continue
            if part not in STOPWORDS:
                content.add(self.stem(part))
            elif len(found) == 1:  # a sense that is one function word: 由 "from"
                function.add(part)
        return frozenset(content), frozenset(function)
