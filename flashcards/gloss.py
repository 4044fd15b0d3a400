"""Context meaning: the words of the aligned English sentence that translate a term.

The dictionary meanings of every word of the Chinese sentence, and of their characters, are matched against
the stemmed English words. The term's matches that no neighbouring word explains better, nearest to where
word order puts the term, make its span; parts of the term that match nothing stretch the span over the
unclaimed words beside it, and a term that matches nothing takes the unclaimed words between the English
of its neighbours. A quoted term (“副帅”) takes the quoted English phrase ("deputy commander").
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .dictionary import Dictionary
from .english import EnglishWord, Stemmer
from .segment import Token

# How much a match counts: the whole term's or a word's own gloss, a part of the term, one character.
WORD_MATCH = 1.0
PART_MATCH = 1.0
CHAR_MATCH = 0.6
# Unmatched English words a span may bridge or stretch over.
MAX_BRIDGE = 2
MAX_STRETCH = 3
MAX_GAP_FILL = 4
_HAN = re.compile(r"[\u3400-\u9fff]")
_BREAK = re.compile(r"[,;:.!?()\"“”‘’—]|\s'|'\s")
_ZH_QUOTES = re.compile(r"“([^”]*)”|「([^」]*)」|‘([^’]*)’")
_EN_QUOTES = re.compile(r"\"([^\"]+)\"|“([^”]+)”")
_ENUMERATION = re.compile(r"[、·・\s]")
# What may stand between the words of an enumeration: "greater, faster, better and more economical".
_ENUMERATION_GAP = re.compile(r"^\s*,?\s*(?:and|or)?\s*$")
# Function words (particles, prepositions, conjunctions, adverbs, pronouns, numbers, measure words): the
# long gloss lists of single characters ("了: to finish; to achieve ...", "就") would claim English words
# they do not translate. Longer ones (立即 "immediately", 根据 "according to") keep their say.
FUNCTION_TAGS = ("u", "p", "c", "d", "r", "y", "e", "x", "m", "q", "f")
ALWAYS_FUNCTION_TAGS = ("u", "y", "e", "x")


def _is_function(token: Token) -> bool:
    return token.pos.startswith(ALWAYS_FUNCTION_TAGS) or (len(token.word) == 1 and token.pos.startswith(FUNCTION_TAGS))


def _is_content(token: Token) -> bool:
    """A Chinese word that may translate on its own: not a function word."""
    return bool(_HAN.search(token.word)) and not _is_function(token)


@dataclass(frozen=True)
class ContextSpan:
    """The English words that translate a term: exact text of the translation and its offsets."""

    text: str
    start: int
    end: int
    score: float


@dataclass(frozen=True)
class _Gloss:
    word: frozenset[str]  # content stems of the word's own senses
    chars: frozenset[str]  # content stems of its characters' senses
    function: frozenset[str]  # function-word stems of its senses ("from" for 由)
    word_keys: frozenset[str] = frozenset()  # the stems and their prefixes, for matching
    char_keys: frozenset[str] = frozenset()


@dataclass(frozen=True)
class _Unit:
    start: int
    end: int
    text: str
    is_term: bool
    tag: str = ""


@dataclass(frozen=True)
class _Words:
    """A sentence's tokens and where each starts (and the last ends); its content words as units, the
    number of each one's token, and their matches in one English sentence."""

    tokens: Sequence[Token]
    offsets: list[int]
    units: list[_Unit]
    token_of: list[int]
    scores: list[dict[int, float]]


class Glosser:
    """Finds context meanings; keeps the stems of each word it has looked up."""

    def __init__(self, *, dictionary: Dictionary, stemmer: Stemmer | None = None) -> None:
        self.dictionary = dictionary
        self.stemmer = stemmer or Stemmer()
        self._glosses: dict[str, _Gloss] = {}
        self._words: dict[str, list[EnglishWord]] = {}
        self._scores: dict[tuple[str, bool, str], dict[int, float]] = {}  # (word, is term, English)
        self._prefixes: dict[frozenset[str], frozenset[str]] = {}
        self._parts: dict[str, tuple[str, ...]] = {}
        self._sentences: dict[tuple[str, str, int], _Words] = {}  # (zh, en, id(tokens)), see `_words_of`

    def english_words(self, en: str) -> list[EnglishWord]:
        found = self._words.get(en)
        if found is None:
            found = self._words[en] = self.stemmer.words(en)
        return found

    def _words_of(self, zh: str, tokens: Sequence[Token], en: str) -> _Words:
        """The sentence's content words as units, with their matches in `en`: the same for all its terms."""
        key = (zh, en, id(tokens))
        found = self._sentences.get(key)
        if found is None or found.tokens is not tokens:  # the tokens kept in it keep their id from reuse
            offsets = list(itertools.accumulate((len(token.word) for token in tokens), initial=0))
            units, token_of = [], []
            for index, token in enumerate(tokens):
                if _is_content(token):
                    units.append(_Unit(offsets[index], offsets[index + 1], token.word, False, token.pos))
                    token_of.append(index)
            found = self._sentences[key] = _Words(tokens, offsets, units, token_of,
                                                  [self._sentence_scores(unit, en) for unit in units])
        return found

    def _sentence_scores(self, unit: _Unit, en: str) -> dict[int, float]:
        """The unit's matches in the whole English sentence (the same for every term of the sentence)."""
        key = (unit.text, unit.is_term, en)
        found = self._scores.get(key)
        if found is None:
            found = self._scores[key] = self._unit_scores(unit, self.english_words(en))
        return found

    def gloss(self, word: str) -> _Gloss:
        found = self._glosses.get(word)
        if found is None:
            content, function = self.stemmer.gloss_stems(self._senses(word))
            chars: set[str] = set()
            if len(word) > 1:
                for char in word:
                    chars |= self.gloss(char).word
            found = self._glosses[word] = _Gloss(content, frozenset(chars), function, _keys(content),
                                                 _keys(frozenset(chars)))
        return found

    def _senses(self, word: str) -> list[str]:
        entries = self.dictionary.lookup(word)
        common = [e for e in entries if not e.is_proper_name]
        if common:
            return [sense for entry in common for sense in entry.senses]
        # a name translates as its first words ("Huize county in Qujing, Yunnan" -> "Huize county"), not
        # as the places its gloss mentions
        return [" ".join(e.senses[0].split(",")[0].split()[:2]) for e in entries if e.senses]

    def parts(self, word: str) -> tuple[str, ...]:
        """The dictionary words a term is made of (fewest parts), for matching what the whole does not."""
        found = self._parts.get(word)
        if found is None:
            found = self._parts[word] = tuple(split_into_words(word, self.dictionary))
        return found

    # -- matching -------------------------------------------------------------------------------------

    def _unit_scores(self, unit: _Unit, words: Sequence[EnglishWord]) -> dict[int, float]:
        glosses = [(self.gloss(unit.text), WORD_MATCH)]
        if len(unit.text) > 1 and (unit.is_term or unit.text not in self.dictionary):
            glosses += [(self.gloss(part), PART_MATCH) for part in self.parts(unit.text) if part != unit.text]
        scores: dict[int, float] = {}
        for index, word in enumerate(words):
            if word.is_stop:
                continue
            stems, prefixes = word.stems, self._prefixes_of(word.stems)
            best = 0.0
            for gloss, weight in glosses:
                # a shared stem, or stems one or two letters apart where the stemmer splits a family
                # (produce -> "produc", production -> "product"): the keys hold the gloss's prefixes
                if not stems.isdisjoint(gloss.word_keys) or not prefixes.isdisjoint(gloss.word):
                    best = max(best, weight)
                elif not stems.isdisjoint(gloss.char_keys) or not prefixes.isdisjoint(gloss.chars):
                    best = max(best, CHAR_MATCH)
            if best:
                scores[index] = best
        return scores

    def _units(self, zh: str, start: int, end: int, words: _Words,
               en: str) -> tuple[list[_Unit], list[dict[int, float]]]:
        """The sentence's words with the term as one unit (pieces of words the term cuts become units), and
        the matches of each in `en`."""
        offsets = words.offsets
        # the tokens that the term overlaps: first to last (positions add up the tokens' lengths)
        first = bisect.bisect_right(offsets, start) - 1
        last = min(bisect.bisect_left(offsets, end), len(words.tokens)) - 1
        if first >= len(words.tokens):  # the term is past the tokens' end: after all of them
            before, after = len(words.units), len(words.units)
            pieces = [_Unit(start, end, zh[start:end], True)]
        else:
            before, after = bisect.bisect_left(words.token_of, first), bisect.bisect_right(words.token_of, last)
            pieces = []
            if offsets[first] < start:
                pieces.append(_Unit(offsets[first], start, zh[offsets[first]:start], False))
            pieces.append(_Unit(start, end, _ENUMERATION.sub("", zh[start:end]), True))
            if offsets[last + 1] > end:
                pieces.append(_Unit(end, offsets[last + 1], zh[end:offsets[last + 1]], False))
        units = words.units[:before] + pieces + words.units[after:]
        scores = words.scores[:before] + [self._sentence_scores(u, en) for u in pieces] + words.scores[after:]
        return units, scores

    def _prefixes_of(self, stems: frozenset[str]) -> frozenset[str]:
        found = self._prefixes.get(stems)
        if found is None:
            found = self._prefixes[stems] = _prefixes(stems)
        return found

    def support(self, tokens: Sequence[Token], en: str) -> float:
        """Evidence that `en` translates the sentence, whatever its length says: the harmonic mean of the
        share of its Chinese content words whose meaning shows up in the English and the share of the
        English content words so explained (a neighbouring sentence on the same topic shares some words,
        not most)."""
        units = [_Unit(0, 0, t.word, False) for t in tokens if _is_content(t)]
        words = self.english_words(en)
        content = {i for i, word in enumerate(words) if not word.is_stop}
        if not units or not content:
            return 0.0
        explained: set[int] = set()
        found = 0
        for unit in units:
            scores = self._sentence_scores(unit, en)
            found += bool(scores)
            explained.update(scores)
        chinese, english = found / len(units), len(explained & content) / len(content)
        return 0.0 if not chinese or not english else 2 * chinese * english / (chinese + english)

    def context_span(self, *, zh: str, start: int, end: int, tokens: Sequence[Token],
                     en: str) -> ContextSpan | None:
        """The words of `en` that translate zh[start:end], the term, in a sentence segmented as `tokens`."""
        words = self.english_words(en)
        if not words or start >= end:
            return None
        quoted = self._quoted(zh, start, end, en)
        if quoted:
            return quoted
        units, scores = self._units(zh, start, end, self._words_of(zh, tokens, en), en)
        term_index = next(i for i, u in enumerate(units) if u.is_term)
        term_scores = scores[term_index]
        claimed, rival_distance = _claims(units, term_index, scores, len(zh), len(words))
        place = (units[term_index].start + units[term_index].end) / 2 / max(1, len(zh))
        term_distance = {index: abs(place - (index + 0.5) / len(words)) for index in term_scores}
        anchors_at = _own_words(term_scores, claimed, rival_distance, term_distance, words)
        if units[term_index].text in self.dictionary and any(term_scores[i] >= PART_MATCH for i in anchors_at):
            # a dictionary word whose own meaning matched keeps a character's match only right beside it
            # ("indigenous methods" for 土法, not "keep up to ensure" for 保证)
            anchors_at = {i for i in anchors_at if term_scores[i] >= PART_MATCH or any(
                term_scores.get(j, 0.0) >= PART_MATCH and j in anchors_at for j in (i - 1, i + 1))}
        anchors = {i: term_scores[i] for i in anchors_at}
        expected = (start + end) / 2 / max(1, len(zh)) * len(words)
        if anchors:
            first, last, score = self._best_cluster(anchors, claimed, words, en, expected)
            first, last = self._stretch(units[term_index], first, last, words, en, claimed, anchors)
        else:
            found = self._between_neighbours(units, term_index, scores, words, en, expected, claimed)
            if not found:
                return None
            first, last, score = found
        term_text = units[term_index].text
        function = self.gloss(term_text).function.union(*(self.gloss(p).function for p in self.parts(term_text)))
        first, last = self._trim(first, last, words, function)
        if first > last:
            return None
        return ContextSpan(en[words[first].start:words[last].end], words[first].start, words[last].end, score)

    def _best_cluster(self, anchors: dict[int, float], claimed: dict[int, float], words, en: str,
                      expected: float) -> tuple[int, int, float]:
        positions = sorted(anchors)
        clusters: list[list[int]] = [[positions[0]]]
        for index in positions[1:]:
            previous = clusters[-1][-1]
            between = range(previous + 1, index)
            free = not any(i in claimed for i in between)
            if free and (index - previous - 1 <= MAX_BRIDGE and not _breaks(en, words, previous, index)
                         or _ENUMERATION_GAP.match(en[words[previous].end:words[index].start])):
                clusters[-1].append(index)
            else:
                clusters.append([index])

        def value(cluster: list[int]) -> float:
            centre = (cluster[0] + cluster[-1]) / 2
            return sum(anchors[i] for i in cluster) * (1 - 0.5 * abs(centre - expected) / max(1, len(words)))

        best = max(clusters, key=value)
        return best[0], best[-1], round(value(best), 3)

    def _stretch(self, term: _Unit, first: int, last: int, words, en: str, claimed: dict[int, float],
                 anchors: dict[int, float]) -> tuple[int, int]:
        """Stretch the span over free words on the side of the term's parts that matched nothing."""
        parts = self.parts(term.text)
        if len(parts) < 2 or term.text in self.dictionary:
            return first, last  # a dictionary word's own meaning already matched
        # a word's score does not depend on the words around it: the part's scores over the whole sentence
        # (kept for the sentence's other terms) tell which words of the span it matches
        everywhere = [self._sentence_scores(_Unit(0, 0, p, False), en) for p in parts]
        matched = [any(first <= i <= last for i in scores) for scores in everywhere]
        if all(matched) or not any(matched):
            return first, last
        # a part whose English stands elsewhere in the clause ("movement of ... copper smelting") is
        # translated there, not by the words beside the span
        clause = range(_clause_edge(first, -1, words, en), _clause_edge(last, +1, words, en) + 1)
        for elsewhere, found in zip(everywhere, matched):
            if not found and any(i in clause and score >= PART_MATCH for i, score in elsewhere.items()):
                return first, last
        first_match = matched.index(True)
        last_match = len(matched) - 1 - matched[::-1].index(True)
        if last_match < len(parts) - 1:  # the end of the term matched nothing: stretch right
            last = _free_run(last, +1, words, en, claimed)
        if first_match > 0:
            first = _free_run(first, -1, words, en, claimed)
        return first, last

    def _between_neighbours(self, units: list[_Unit], term_index: int, scores: list[dict[int, float]],
                            words, en: str, expected: float,
                            claimed: dict[int, float]) -> tuple[int, int, float] | None:
        """A term that matches nothing: the free words between its neighbours' English (their own
        meanings' matches, not their characters')."""
        strong = [{i for i, score in unit_scores.items() if score >= PART_MATCH} for unit_scores in scores]
        before = next((strong[i] for i in range(term_index - 1, -1, -1) if strong[i]), None)
        after = next((strong[i] for i in range(term_index + 1, len(units)) if strong[i]), None)
        if not before or not after:
            return None
        options = []
        for p in before:
            for q in after:
                gap = q - p - 1
                if 1 <= gap <= MAX_GAP_FILL and not _breaks(en, words, p, q) and (
                        gap > 1 or not words[p + 1].is_stop) and all(
                        claimed.get(i, 0.0) < PART_MATCH for i in range(p + 1, q)):
                    options.append((gap, abs((p + q) / 2 - expected), p, q))
        if not options:
            return None
        _, _, p, q = min(options)
        return p + 1, q - 1, 0.3

    def _trim(self, first: int, last: int, words, function: frozenset[str]) -> tuple[int, int]:
        while first <= last and words[first].is_stop and not (words[first].stems & function):
            first += 1
        while last >= first and words[last].is_stop and not (words[last].stems & function):
            last -= 1
        if first > 0 and words[first - 1].is_stop and words[first - 1].stems & function:
            first -= 1  # "from" for 由 in 由土到洋
        return first, last

    def _quoted(self, zh: str, start: int, end: int, en: str) -> ContextSpan | None:
        """A term that is the whole of a Chinese quotation takes the English quotation that renders it."""
        zh_quotes = list(_ZH_QUOTES.finditer(zh))
        inside = [i for i, q in enumerate(zh_quotes) if q.start() < start and end < q.end()
                  and _ENUMERATION.sub("", q.group()[1:-1]) == _ENUMERATION.sub("", zh[start:end])]
        if not inside:
            return None
        en_quotes = list(_EN_QUOTES.finditer(en))
        if not en_quotes:
            return None
        term = _ENUMERATION.sub("", zh[start:end])
        wanted = [self.gloss(term)] + [self.gloss(p) for p in self.parts(term)]
        overlaps = []
        for quote in en_quotes:
            stems = {s for w in self.stemmer.words(quote.group()) if not w.is_stop for s in w.stems}
            overlaps.append(sum(bool(stems & (g.word | g.chars)) for g in wanted))
        if max(overlaps) > 0:
            chosen = en_quotes[overlaps.index(max(overlaps))]
        elif len(en_quotes) == len(zh_quotes):
            chosen = en_quotes[inside[0]]
        else:
            return None
        text = chosen.group(1) or chosen.group(2)
        text_start = chosen.start() + 1
        stripped = text.strip().rstrip(".,;:!?")
        offset = text_start + (len(text) - len(text.lstrip()))
        return ContextSpan(stripped, offset, offset + len(stripped), 1.0)


def _claims(units: list[_Unit], term_index: int, scores: list[dict[int, float]], zh_length: int,
            en_length: int) -> tuple[dict[int, float], dict[int, float]]:
    """For each English word, the best score another word of the sentence gives it, and how far (in relative
    position) the nearest word with that score stands from it."""
    claimed: dict[int, float] = {}
    distance_of: dict[int, float] = {}
    for i, unit_scores in enumerate(scores):
        if i == term_index:
            continue
        place = (units[i].start + units[i].end) / 2 / max(1, zh_length)
        for index, score in unit_scores.items():
            distance = abs(place - (index + 0.5) / en_length)
            if score > claimed.get(index, 0.0):
                claimed[index], distance_of[index] = score, distance
            elif score == claimed[index]:
                distance_of[index] = min(distance_of[index], distance)
    return claimed, distance_of


def _own_words(term_scores: dict[int, float], claimed: dict[int, float], rival_distance: dict[int, float],
               term_distance: dict[int, float], words: Sequence[EnglishWord]) -> set[int]:
    """The English words that are the term's: those it matches better than any other word does; those it
    matches as well as another word when they stand next to its own (基本建设 and 基建 both match
    "construction": "basic construction" is 基本建设's); failing both, those nearer to it than to the rival."""
    sure = {i for i, score in term_scores.items() if score > claimed.get(i, 0.0)}
    tied = {i for i, score in term_scores.items() if i not in sure and score == claimed[i]}
    own = set(sure)
    growing = True
    while growing:
        growing = False
        for i in sorted(tied - own):
            if _next_to(i, own, words):
                own.add(i)
                growing = True
    return own or {i for i in tied if term_distance[i] < rival_distance[i]}


def _next_to(index: int, group: set[int], words: Sequence[EnglishWord]) -> bool:
    """Whether a word stands beside one of `group`, or one function word away ("small to large")."""
    if index - 1 in group or index + 1 in group:
        return True
    return any(0 <= index + step < len(words) and index + 2 * step in group and words[index + step].is_stop
               for step in (-1, 1))


def split_into_words(word: str, dictionary: Dictionary) -> list[str]:
    """`word` as the fewest dictionary words (single characters always allowed), the whole word excluded
    when it is longer than one character; ties go to the split whose longest part comes first."""
    n = len(word)
    best: list[tuple[int, list[str]] | None] = [None] * (n + 1)
    best[0] = (0, [])
    for i in range(n):
        if best[i] is None:
            continue
        count, parts = best[i]
        for j in range(n, i, -1):
            piece = word[i:j]
            if j - i > 1 and (piece not in dictionary or (i == 0 and j == n)):
                continue
            candidate = (count + 1, parts + [piece])
            if best[j] is None or candidate[0] < best[j][0]:
                best[j] = candidate
    return best[n][1] if best[n] else list(word)


MIN_PREFIX = 5


def _keys(stems: frozenset[str]) -> frozenset[str]:
    """Stems with their prefixes one and two letters shorter (of at least MIN_PREFIX letters)."""
    return stems | _prefixes(stems)


def _prefixes(stems: frozenset[str]) -> frozenset[str]:
    """The prefixes one and two letters shorter of the stems (of at least MIN_PREFIX letters)."""
    return frozenset(stem[:cut] for stem in stems for cut in (-1, -2) if len(stem) + cut >= MIN_PREFIX)


def _breaks(en: str, words: Sequence[EnglishWord], left: int, right: int) -> bool:
    """Whether punctuation stands between two words (a span does not cross a clause)."""
    return bool(_BREAK.search(en[words[left].end:words[right].start]))


def _clause_edge(index: int, step: int, words, en: str) -> int:
    """The first or last word of the clause that holds word `index`."""
    while 0 <= index + step < len(words) and not _breaks(en, words, min(index, index + step),
                                                         max(index, index + step)):
        index += step
    return index


def _free_run(index: int, step: int, words, en: str, claimed: dict[int, float]) -> int:
    """Walk from `index` over up to MAX_STRETCH words no other word claims by its own meaning (a character's
    gloss does not hold a word), stopping at punctuation."""
    for _ in range(MAX_STRETCH):
        nxt = index + step
        if not 0 <= nxt < len(words) or claimed.get(nxt, 0.0) >= PART_MATCH:
            break
        if _breaks(en, words, min(index, nxt), max(index, nxt)):
            break
        index = nxt
    return index
