"""Annotates chosen terms: pinyin as read, dictionary meaning, context meaning, the best example, source."""

from __future__ import annotations

import bisect
import dataclasses
import functools
import heapq
import itertools
import math
import re
from array import array
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from .dictionary import (
    PERIOD_MARKERS,
    Dictionary,
    DictionaryEntry,
    classifiers,
    is_pointer,
    period_notes,
    tidy_sense,
)
from .english import Stemmer
from .gloss import ContextSpan, Glosser, split_into_words
from .levels import hsk_level, level_label
from .parallel import can_fork, forked_map, parts
from .pinyin import Reader, Reading
from .segment import Segmenter, Token
from .vocab import Term

BLANK = "［…］"
MAX_SENSES = 3
MAX_SENSE_CHARS = 60  # a sense longer than this is cut at a word boundary: a card is read at a glance
MAX_MEANING_CHARS = 110


@dataclass(frozen=True)
class Source:
    file: str
    title: str
    date: str
    page: str


@dataclass(frozen=True)
class Sentence:
    """An aligned sentence of an article (one or more Chinese units), its English and its tokens: what
    examples are made of. A unit that has no English yet has "" (see `Untranslated`)."""

    zh: str
    en: str
    confident: bool
    tokens: tuple[Token, ...]
    source: Source


# A sentence as an example shows it: the aligned sentence that holds it (itself, or it joined with the
# sentences that share its English) and where it starts there.
Shown = tuple[Sentence, int]


@dataclass(frozen=True)
class Untranslated:
    """Sentences that are Chinese units without their English yet, and how they get it: aligning an article
    costs three times segmenting it, and the examples of a few hundred terms come from a fraction of an
    archive's articles.

    `translate(indices)` gives units (by their indices) as shown, and every other unit of the aligned
    sentences they are in (say, of their whole articles); `finish()` is called when no more are wanted.
    `joiners[i]` joins unit i to unit i + 1 when one aligned sentence holds them both, None where none can;
    one holds at most `most_joined` units."""

    translate: Callable[[Sequence[int]], Mapping[int, Shown]]
    joiners: Sequence[str | None]
    most_joined: int
    finish: Callable[[], None] = lambda: None


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
    example_span: tuple[int, int] | None = field(default=None, compare=False, repr=False)  # term in example
    context_start: int = field(default=-1, compare=False, repr=False)  # context meaning in the translation

    @property
    def example_term(self) -> str:
        """The term as the example writes it (“小、土、群” for 小土群)."""
        if self.example_span:
            return self.example[self.example_span[0]:self.example_span[1]]
        return self.hanzi if self.hanzi in self.example else ""

    @property
    def example_blank(self) -> str:
        """The example with the term blanked out, for the Sentence card ('' when there is no example)."""
        term = self.example_term
        return self.example.replace(term, BLANK) if term else ""

    def as_json(self, *, sources: bool = True) -> dict:
        """The vocabulary JSON object of DESIGN.md (without its last field, `sources`, if not `sources`)."""
        fields = {
            "hanzi": self.hanzi, "traditional": self.traditional, "pinyin": self.pinyin,
            "pinyin_numbered": self.pinyin_numbered, "zhuyin": self.zhuyin, "meaning": self.meaning,
            "context_meaning": self.context_meaning, "example": self.example,
            "example_pinyin": self.example_pinyin, "example_translation": self.example_translation,
            "source": source_json(self.source), "note": self.note, "level": self.level,
            "count": self.count, "score": self.score, "reasons": list(self.reasons), "kind": self.kind,
        }
        if sources:
            fields["sources"] = [source_json(s) for s in self.sources]
        return fields


def source_json(source: Source | None) -> dict:
    if source is None:
        return {"file": "", "title": "", "date": "", "page": ""}
    return {"file": source.file, "title": source.title, "date": source.date, "page": source.page}


def annotate(terms: Sequence[Term], sentences: Sequence[Sentence], *, dictionary: Dictionary,
             segmenter: Segmenter, jobs: int = 1, progress: Callable[[int, int], None] | None = None,
             untranslated: Untranslated | None = None) -> list[Entry]:
    """One entry per term, in the order of the terms; in `jobs` processes forked once the terms' sentences are
    found (each entry is worked out from the sentences alone, so the result is the same).
    `progress(done, total)` is called after each entry.

    The sentences carry their English, or are `untranslated` units: those that may become examples get their
    English before any entry is made."""
    annotator = Annotator(sentences, dictionary=dictionary, segmenter=segmenter, untranslated=untranslated)
    annotator.find_all(terms, jobs=jobs)
    annotator.translate_examples(terms)
    annotator.keep_examples_of(terms)
    if jobs > 1 and len(terms) >= PARALLEL_TERMS and can_fork():
        # the first entry here: it loads what every entry needs (the HSK lists, the patterns), and the
        # workers forked after it share that instead of each loading its own
        rest = terms[1:]
        parts = forked_map(annotator.entry_in_parts, rest, jobs=jobs, chunksize=max(1, len(rest) // (4 * jobs)))
        made = itertools.chain([annotator.entry(terms[0])], itertools.starmap(annotator.with_sources, parts))
    else:
        made = map(annotator.entry, terms)
    entries = []
    for entry in made:
        entries.append(entry)
        if progress:
            progress(len(entries), len(terms))
    return entries


# Below this many terms, forking workers costs more than it saves.
PARALLEL_TERMS = 100
# Below this many sentences, finding the terms' sentences in forked workers costs more than it saves (on
# 60,000 sentences, the 300 terms' take a second).
PARALLEL_FINDING = 20_000


def annotate_term(term: Term, sentences: Sequence[Sentence], *, dictionary: Dictionary,
                  segmenter: Segmenter, glosser: Glosser | None = None) -> Entry:
    return Annotator(sentences, dictionary=dictionary, segmenter=segmenter, glosser=glosser).entry(term)


class Annotator:
    """Annotates many terms against the same sentences. The sentences are ranked once by shape (the example
    candidates of a term are the best shaped of its sentences) and numbered by source; a term's sentences
    are found among those holding all its characters (`_find`); what is found of a word or a translation is
    kept for the next term. One instance serves one `annotate` call."""

    def __init__(self, sentences: Sequence[Sentence], *, dictionary: Dictionary, segmenter: Segmenter,
                 glosser: Glosser | None = None, untranslated: Untranslated | None = None) -> None:
        # read once here, for their text and source, then only those that may become examples: an archive's
        # sentences may be read from disk (`article_store`)
        self.sentences = sentences if isinstance(sentences, Sequence) else list(sentences)
        self.dictionary = dictionary
        self.segmenter = segmenter
        self.glosser = glosser or Glosser(dictionary=dictionary)
        self.reader = Reader(dictionary=dictionary, stemmer=self.glosser.stemmer)
        self._sources: list[Source] = []
        self._source_of = array("I")  # each sentence's source, by its number in `_sources`
        # The order in which a term's sentences are tried as its example: best shaped first, then in reading
        # order (as `choose_example` ranks them). An untranslated unit is placed as well as any aligned
        # sentence that may hold it could be (see `translate_examples`).
        self._untranslated = untranslated
        self._rank = _ranks(self._numbering_sources(), untranslated)
        self._shown: dict[int, Shown] = {}  # the aligned units kept (`keep_examples_of`)
        self._aligned = bytearray(len(self._rank))  # 1 for each unit aligned: its rank is then final
        self._example_readings: dict[tuple[int, str], tuple[Sentence, Reading]] = {}
        self._holding_of: dict[str, array] = {}
        self._best_of: dict[str, list[int]] = {}
        self._ordered: dict[int, tuple[Sequence[int], list[int], tuple]] = {}  # see `_best`

    def _numbering_sources(self) -> Iterator[str]:
        """The sentences' Chinese, read once, as their sources are numbered."""
        numbers: dict[Source, int] = {}
        last: tuple[Source | None, int] = (None, -1)
        # units kept on disk are read without their tokens (`StoredUnits.texts_and_sources`)
        read = getattr(self.sentences, "texts_and_sources", None)
        for text, source in read() if read else ((sentence.zh, sentence.source) for sentence in self.sentences):
            if source is not last[0]:  # an article's units come together, with one Source: hashed once
                last = source, numbers.setdefault(source, len(numbers))
                if last[1] == len(self._sources):
                    self._sources.append(source)
            self._source_of.append(last[1])
            yield text

    def _found(self, hanzi: str) -> tuple[array, list[int]]:
        """The sentences that hold the term, and of those the `CANDIDATES` best shaped, best first (each
        sentence as shown once): what `choose_example` would rank of them all."""
        holding = self._holding_of.get(hanzi)
        if holding is None:
            holding = self._holding_of[hanzi] = self._find([hanzi])[0]
        best = self._best_of.get(hanzi)
        if best is None:
            best = self._best_of[hanzi] = self._best(holding)
        return holding, best

    def _best(self, holding: Sequence[int], count: int | None = None) -> list[int]:
        """The `count` (default `CANDIDATES`) best ranked of the sentences, each as shown once: the first of
        them in the order of (rank, index)."""
        count = count or CANDIDATES
        rank = self._rank
        # The order found last time for these sentences still holds its start: a unit aligned since only
        # ranks lower, so every sentence past that order's last stays past it.
        known = self._ordered.get(id(holding))
        if known is not None and known[0] is holding:
            _, order, boundary = known
            still = sorted((index for index in order if (rank[index], index) < boundary),
                           key=lambda index: (rank[index], index))
            best = self._distinct(still)
            if len(best) >= count or len(order) == len(holding):
                return best[:count]
        # a longer order than needed, found at about the same cost, serves the next rounds' calls
        wanted = ORDER_KEPT * count
        while True:
            ranked = heapq.nsmallest(wanted, holding, key=rank.__getitem__)  # ties in the order of the indices
            best = self._distinct(ranked)
            if len(best) >= count or len(ranked) == len(holding):
                break
            wanted *= 2
        boundary = (rank[ranked[-1]], ranked[-1]) if len(ranked) < len(holding) else (math.inf, math.inf)
        self._ordered[id(holding)] = (holding, ranked, boundary)
        return best[:count]

    def _distinct(self, ranked: list[int]) -> list[int]:
        """The sentences in order, each unit of an aligned sentence after its first left out (they are ranked
        alike)."""
        best, joined = [], set()
        for index in ranked:
            if self._aligned[index]:
                if self._rank[index] in joined:
                    continue
                joined.add(self._rank[index])
            best.append(index)
        return best

    def translate_examples(self, terms: Sequence[Term], *, jobs: int = 1) -> None:
        """Give their English to the untranslated units that the terms' examples are chosen from. A unit is
        ranked as well as it could be shown (`_best_placed`); aligned, it may be shown in a worse shaped
        sentence, and the next best of its terms are aligned too, until the best of every term are aligned:
        the examples of all the articles aligned. The terms' sentences are first found (`find_all`), in `jobs`
        processes on a large corpus."""
        if self._untranslated is None:
            return
        self.find_all(terms, jobs=jobs)
        try:
            self._align_best(terms)
        finally:
            self._untranslated.finish()

    def _align_best(self, terms: Sequence[Term]) -> None:
        # A term whose best are not all aligned after a round has its next best aligned with them, twice as
        # many each round: a sentence that the archive repeats, joined with another in every article, then
        # costs a few rounds, not one for every eight articles. Of those, only the units placed before the
        # worst that can still be among its best (`_worst_shown`) are aligned: of 300 synthetic articles,
        # 956 units get their English instead of 1,248, with the same best.
        pending = {term.hanzi: CANDIDATES for term in terms}
        while pending:
            wanted = set()
            for hanzi, depth in pending.items():
                holding, best = self._found(hanzi)
                if depth == CANDIDATES:  # the first time: its best, none of them aligned yet
                    ranked, worst = best, math.inf
                else:
                    ranked = self._best(holding, depth)
                    worst = self._worst_shown(ranked)
                wanted.update(index for index in ranked if not self._aligned[index] and self._rank[index] < worst)
            if not wanted:
                return
            aligned = self._untranslated.translate(sorted(wanted))
            first = -1
            for index in sorted(aligned):
                sentence, start = aligned[index]
                first = index if start == 0 else first  # every unit of the sentence is given, the first first
                self._rank[index] = _rank(_shape_badness(sentence), first)
                self._aligned[index] = 1
            self._shown.update(aligned)
            pending = {hanzi: 2 * depth for hanzi, depth in pending.items() if self._best_moved(hanzi, aligned)}

    def _worst_shown(self, ranked: list[int]) -> float:
        """The rank of the worst sentence that can still be among the term's best (`_worst_of_best` of its
        sentences aligned already), from its best `ranked` (`_best`): every aligned sentence ranked before
        their last is among them, so the eighth aligned of them is the term's, or none of them comes after
        the term's. A unit ranked after it cannot be among the best whatever its alignment shows, since
        aligned it only ranks lower: it need not be aligned."""
        return _worst_of_best(self._rank[index] for index in ranked if self._aligned[index])

    def find_all(self, terms: Sequence[Term], *, jobs: int = 1) -> None:
        """Find the sentences of each term and its best (`_found`), in `jobs` processes on a large corpus."""
        words = list(dict.fromkeys(term.hanzi for term in terms if term.hanzi not in self._holding_of))
        for word, holding in zip(words, self._find(words, jobs=jobs)):
            self._holding_of[word] = holding
        for word in words:
            self._found(word)

    def _find(self, words: Sequence[str], *, jobs: int = 1) -> list[array]:
        """The sentences (their indices, in order) that hold each word: the sentences are gone through in parts,
        each part's text read and indexed by the words' characters, and let go (an archive's text and its
        index took 27 MB of 3,000 synthetic articles, held through the examples); the parts in `jobs`
        processes on a large corpus."""
        if not words:
            return []
        spans = parts(len(self._rank), jobs=jobs, per_job=FINDS_PER_JOB, smallest=MIN_FIND)
        find = functools.partial(self._find_in, words)
        if jobs > 1 and len(self._rank) >= PARALLEL_FINDING and can_fork():
            found = forked_map(find, spans, jobs=jobs)
        else:
            found = map(find, spans)
        holding = [array("I") for _ in words]  # 4 bytes a sentence, where a list held 8 and an int object
        for part in found:
            for whole, more in zip(holding, part):
                whole.extend(more)
        return holding

    def _find_in(self, words: Sequence[str], span: range) -> list[array]:
        """`_find` in the sentences of `span`."""
        read = getattr(self.sentences, "texts", None)  # units kept on disk: their text without their tokens
        texts = read(span) if read else [sentence.zh for sentence in self.sentences[span.start:span.stop]]
        wanted = set("".join(words))
        with_char: dict[str, list[int]] = {char: [] for char in wanted}
        for index, text in enumerate(texts):
            for char in wanted.intersection(text):
                with_char[char].append(index)
        return [array("I", [span.start + index for index in _holding(word, texts, with_char)]) for word in words]

    def _best_moved(self, hanzi: str, aligned: Mapping[int, Shown]) -> bool:
        """Whether the best of the term, some of them just aligned, now holds units not aligned yet (a unit
        aligned only ranks lower: when none of the term's best were, they stay its best)."""
        if not any(index in aligned for index in self._best_of[hanzi]):
            return False
        best = self._best_of[hanzi] = self._best(self._holding_of[hanzi])
        return any(not self._aligned[index] for index in best)

    def keep_examples_of(self, terms: Sequence[Term]) -> None:
        """Let go of the aligned sentences that none of the terms' best are shown in (`_found`): the entries
        of these terms alone are made after. Aligning the best of every term aligns whole paragraphs, and
        most of their units are no term's best: of 3,000 varied articles, 47,403 units were aligned and 1,960
        were among the best."""
        best = {index for term in terms for index in self._found(term.hanzi)[1]}
        self._shown = {index: self._shown[index] for index in best if index in self._shown}

    def _as_shown(self, index: int, hanzi: str) -> tuple[Sentence, tuple[int, int]]:
        sentence = self.sentences[index]
        start, end = find_term(sentence.zh, hanzi)
        if index in self._shown:
            shown, offset = self._shown[index]
        elif self._aligned[index]:
            raise LookupError(f"the aligned sentence of unit {index} was let go (`keep_examples_of`): "
                              f"{hanzi} was not among the terms kept")
        else:
            shown, offset = sentence, 0
        return shown, (start + offset, end + offset)

    def holding(self, hanzi: str) -> list[tuple[Sentence, tuple[int, int]]]:
        """The sentences that hold the term, in order, with where it stands in each (`find_term`)."""
        indices = self._holding_of[hanzi] if hanzi in self._holding_of else self._find([hanzi])[0]
        return [(sentence, find_term(sentence.zh, hanzi)) for sentence in map(self.sentences.__getitem__, indices)]

    def example_reading(self, example: Sentence, english: str) -> Reading:
        key = (id(example), english)
        found = self._example_readings.get(key)
        if found is None or found[0] is not example:  # the example kept in it keeps its id from reuse
            found = self._example_readings[key] = example, self.reader.read(
                [t.word for t in example.tokens], tags=[t.pos for t in example.tokens], english=english)
        return found[1]

    def entry(self, term: Term) -> Entry:
        """The entry of one term."""
        return self.with_sources(*self.entry_in_parts(term))

    def with_sources(self, entry: Entry, numbers: tuple[int, ...]) -> Entry:
        """The entry with the articles it comes from, by their numbers (see `entry_in_parts`)."""
        return dataclasses.replace(entry, sources=tuple(self._sources[n] for n in numbers))

    def entry_in_parts(self, term: Term) -> tuple[Entry, tuple[int, ...]]:
        """The entry without its sources, and the numbers of its articles: what a worker sends back. The Source
        objects are here already, and sent back each would be pickled again with every task (on 3,000
        articles, that made the workers slower than one process)."""
        dictionary, glosser = self.dictionary, self.glosser
        found, best = self._found(term.hanzi)
        chosen_example = choose_example(term.hanzi, [self._as_shown(i, term.hanzi) for i in best], glosser=glosser)
        example = chosen_example.sentence if chosen_example else None
        span = chosen_example.span if chosen_example else None
        english = chosen_example.translation if chosen_example else ""
        words, tags = _words_of_term(term.hanzi, example, span, self.segmenter)
        reading = self.reader.read(words, tags=tags, english=english)
        context = chosen_example.context if chosen_example else None
        entries = _entries_for_reading(dictionary.lookup(term.hanzi), reading, english=english,
                                       tags=tags, stemmer=glosser.stemmer)
        meaning = short_meaning(entries, english=english, stemmer=glosser.stemmer) if entries else \
            composed_meaning(term.hanzi, dictionary, english=english, stemmer=glosser.stemmer, reading=reading)
        example_reading = self.example_reading(example, english) if example else None
        return Entry(
            hanzi=term.hanzi,
            traditional=entries[0].traditional if entries else _traditional_of_parts(term.hanzi, dictionary,
                                                                                       reading=reading),
            pinyin=reading.marked,
            pinyin_numbered=reading.numbered,
            zhuyin=reading.zhuyin,
            meaning=meaning,
            context_meaning=context.text if context else "",
            example=example.zh if example else "",
            example_pinyin=example_reading.marked if example_reading else "",
            example_translation=english,
            source=example.source if example else None,
            note=_note(term, entries),
            level=level_label(hsk_level(term.hanzi)),
            count=term.count,
            score=term.score,
            reasons=term.reasons,
            kind=term.kind,
            reading=reading,
            example_reading=example_reading,
            example_span=span,
            context_start=context.start if context else -1,
        ), tuple(dict.fromkeys(map(self._source_of.__getitem__, found)))


# The sentences are gone through in parts of at least MIN_FIND when their terms are looked for.
FINDS_PER_JOB = 8
MIN_FIND = 2_000


def _holding(hanzi: str, texts: Sequence[str], with_char: Mapping[str, list[int]]) -> list[int]:
    """Those of the `texts` (their indices, in order) that hold the term, found among those that hold all its
    characters (`with_char`: the texts that hold each of them) as `find_term` finds it."""
    if not hanzi:
        return list(range(len(texts)))
    lists = sorted((with_char[char] for char in set(hanzi)), key=len)
    if len(hanzi) == 1:
        return list(lists[0])  # a single character: every sentence that has it
    # one list for a term of one character repeated (人人, 爹爹): not every sentence with it holds the term
    candidates = lists[0] if len(lists) == 1 else sorted(set(lists[0]).intersection(*lists[1:]))
    # every candidate holds the first and last characters: find_term comes down to these two tests
    found = [index for index in candidates if hanzi in texts[index]]
    if len(found) < len(candidates):  # the rest may spell it with enumeration marks: one search through them
        held = set(found)
        others = [index for index in candidates if index not in held and _ENUMERATION_MARK.search(texts[index])]
        if others:
            found = sorted(found + _matching(others, texts, _enumeration_pattern(hanzi)))
    return found


def _matching(indices: list[int], texts: Sequence[str], pattern: re.Pattern) -> list[int]:
    """Those of the texts of `indices` where `pattern` (which cannot match a line break) matches, in order."""
    some = [texts[index] for index in indices]
    starts = list(itertools.accumulate((len(text) + 1 for text in some), initial=0))
    matched = dict.fromkeys(bisect.bisect_right(starts, match.start()) - 1
                            for match in pattern.finditer("\n".join(some)))
    return [indices[position] for position in matched]


def find_term(zh: str, hanzi: str) -> tuple[int, int] | None:
    """Where the term stands in a sentence, also when enumeration marks part its characters (“小、土、群”)."""
    start = zh.find(hanzi)
    if start >= 0:
        return start, start + len(hanzi)
    if len(hanzi) < 2 or hanzi[0] not in zh or hanzi[-1] not in zh:
        return None
    match = _enumeration_pattern(hanzi).search(zh)
    return (match.start(), match.end()) if match else None


_ENUMERATION_MARKS = "[、·・ “”「」]"
_ENUMERATED = _ENUMERATION_MARKS + "?"  # 小、土、群 and “小、土、群”方针
_ENUMERATION_MARK = re.compile(_ENUMERATION_MARKS)


def _enumeration_pattern(hanzi: str) -> re.Pattern:
    return re.compile(_ENUMERATED.join(map(re.escape, hanzi)))


@dataclass(frozen=True)
class Example:
    """A sentence chosen to show a term: where the term is, the English shown, the term's context span."""

    sentence: Sentence
    span: tuple[int, int]
    translation: str
    context: ContextSpan | None


# A complete sentence ends as one; a headline or a cut fragment does not.
_SENTENCE_END = re.compile(r"[。！？；…][”’」』）)]*$")
IDEAL_LENGTH = (15, 60)
# Glosser.support that confirms a doubtful alignment: on the seed articles the right English scores
# 0.55-0.95, the English of a neighbouring sentence 0.2-0.69 (mostly below 0.6).
SUPPORTED = 0.6
CANDIDATES = 8  # sentences per term that the context meaning is looked for in
ORDER_KEPT = 4  # a term's sentences put in order, for the best `count`: `ORDER_KEPT * count` (see `_best`)


def choose_example(hanzi: str, holding: Sequence[tuple[Sentence, tuple[int, int]]], *,
                   glosser: Glosser) -> Example | None:
    """The sentence that best shows the term: its English shown (aligned confidently, or confirmed by the
    words it shares with the Chinese), the term a word of its own there, its English found, the sentence
    complete and not too long."""
    if not holding:
        return None
    ranked = heapq.nsmallest(CANDIDATES, holding, key=lambda pair: _shape_badness(pair[0]))  # sorted()[:n]
    examples = []
    for sentence, span in ranked:
        shown = bool(sentence.en) and (sentence.confident or
                                       glosser.support(sentence.tokens, sentence.en) >= SUPPORTED)
        translation = sentence.en if shown else ""
        context = (glosser.context_span(zh=sentence.zh, start=span[0], end=span[1], tokens=sentence.tokens,
                                        en=translation) if translation else None)
        examples.append(Example(sentence, span, translation, context))

    def badness(example: Example) -> tuple:
        # evidence for the context meaning counts in whole matched words: 1.9 and 1.2 are alike
        evidence = math.floor(example.context.score) if example.context else 0
        return (not example.translation, not _whole_words(example.sentence, example.span),
                example.context is None, -evidence, _shape_badness(example.sentence))

    return min(examples, key=badness)


def _whole_words(sentence: Sentence, span: tuple[int, int]) -> bool:
    """Whether the term stands as whole words in the sentence (土 in 由土到洋, not inside 土法)."""
    edges = {0}
    position = 0
    for token in sentence.tokens:
        position += len(token.word)
        edges.add(position)
    return span[0] in edges and span[1] in edges


def best_example(hanzi: str, sentences: Sequence[Sentence], *, glosser: Glosser) -> Sentence | None:
    """The best example sentence among `sentences` (None when none holds the term)."""
    holding = [(s, span) for s in sentences if (span := find_term(s.zh, hanzi))]
    chosen = choose_example(hanzi, holding, glosser=glosser)
    return chosen.sentence if chosen else None


def _shape_badness(sentence: Sentence) -> tuple:
    return _text_shape(sentence.zh)


def _text_shape(zh: str) -> tuple:
    return _shape_of(len(zh), ends=bool(_SENTENCE_END.search(zh)))


def _shape_of(length: int, *, ends: bool) -> tuple:
    outside = max(0, length - IDEAL_LENGTH[1]) + 2 * max(0, IDEAL_LENGTH[0] - length)
    return (not ends, outside, length)


def _rank(shape: tuple, first: int) -> int:
    """A sentence's place in the order examples are tried in: by shape (`_shape_badness`), then by its first
    unit, as one number (a term's best are picked out of thousands of sentences on an archive, and numbers
    compare faster than tuples of tuples)."""
    unended, outside, length = shape
    return (((unended << _BITS | min(outside, _MOST)) << _BITS | min(length, _MOST)) << 2 * _BITS) | first


_BITS = 24  # a sentence is shorter than 16 million characters, and an archive has fewer than 2**48 of them
_MOST = (1 << _BITS) - 1


def _worst_of_best(ranks: Iterable[int]) -> float:
    """The `CANDIDATES`-th best of the ranks of some aligned sentences, each counted once (the units of one
    sentence share its rank); infinity while there are fewer. A term's best can only be better."""
    distinct = set(ranks)
    return heapq.nsmallest(CANDIDATES, distinct)[-1] if len(distinct) >= CANDIDATES else math.inf


def _ranks(texts: Iterable[str], untranslated: Untranslated | None) -> list[int]:
    """Each unit's rank: by its shape, or, while its English is still to be found, as well placed as it can be
    (`_best_placed`). The texts are read as they come and only those a unit may be joined with are held, not
    an archive's text."""
    if untranslated is None:
        return [_rank(_text_shape(text), index) for index, text in enumerate(texts)]
    reach = untranslated.most_joined - 1  # the units either side of one that a pair holding it may hold
    recent = _RecentTexts(keep=2 * reach + 1)
    ranks = []
    for text in texts:
        recent.append(text)
        if len(recent) > reach:  # the units after the next one to rank have come
            ranks.append(_best_placed(len(ranks), recent, untranslated))
    ranks.extend(_best_placed(index, recent, untranslated) for index in range(len(ranks), len(recent)))
    return ranks


class _RecentTexts(Sequence[str]):
    """The texts appended so far, indexed as all of them, of which only the last `keep` are held."""

    def __init__(self, *, keep: int) -> None:
        self._held: deque[str] = deque(maxlen=keep)
        self._count = 0

    def append(self, text: str) -> None:
        self._held.append(text)
        self._count += 1

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index):
        position = index - (self._count - len(self._held))
        if not 0 <= position < len(self._held):
            raise IndexError(f"text {index} is not held")
        return self._held[position]


def _best_placed(index: int, texts: Sequence[str], untranslated: Untranslated) -> int:
    """The best rank (`_rank`) of any aligned sentence that may hold the unit (of the units' Chinese
    `texts`): the unit alone, or joined with the units around it, which may end it as a sentence or bring it
    to a good length."""
    text = texts[index]
    ends = bool(_SENTENCE_END.search(text))
    if ends and len(text) >= IDEAL_LENGTH[0]:
        return _rank(_shape_of(len(text), ends=True), index)  # joined, it would only be longer
    joiners, most = untranslated.joiners, untranslated.most_joined
    ranks = []
    for first in range(index, max(-1, index - most), -1):
        if first < index and joiners[first] is None:
            break
        for last in range(index, min(len(texts), first + most)):
            if last > index and joiners[last - 1] is None:
                break
            text = "".join(texts[k] + joiners[k] for k in range(first, last)) + texts[last]
            ranks.append(_rank(_shape_of(len(text), ends=bool(_SENTENCE_END.search(text))), first))
    return min(ranks)


def _words_of_term(hanzi: str, example: Sentence | None, span: tuple[int, int] | None,
                   segmenter: Segmenter) -> tuple[list[str], list[str]]:
    """The term's words and tags as its example segments them, so they are read in context."""
    if example and span:
        position = 0
        words: list[str] = []
        tags: list[str] = []
        for token in example.tokens:
            end = position + len(token.word)
            if span[0] < end and position < span[1] and _HAN.search(token.word):
                words.append(token.word)
                tags.append(token.pos)
            position = end
        if "".join(words) == hanzi:
            return words, tags
    tokens = segmenter.tokens(hanzi)
    return [t.word for t in tokens], [t.pos for t in tokens]


_HAN = re.compile(r"[\u3400-\u9fff]")


def _entries_for_reading(entries: Sequence[DictionaryEntry], reading: Reading, *, english: str = "",
                         tags: Sequence[str] = (), stemmer: Stemmer | None = None) -> list[DictionaryEntry]:
    """The entries of the reading in context, pointers ("variant of") last. A word CC-CEDICT lists only as
    a name (中共, 国务院, 日产 "Nissan") keeps that entry when the sentence names it: tagged as a name, or
    the name's words in the English; otherwise it is read as its parts."""
    if not entries:
        return []
    wanted = _plain(reading.numbered)
    same = [e for e in entries if _plain(e.pinyin) == wanted] or list(entries)
    common = [e for e in same if not e.is_proper_name]
    if not common:
        named = any(tag.startswith(("nr", "ns", "nt", "nz")) for tag in tags)
        in_english = not english or (stemmer is not None and bool(
            stemmer.gloss_stems([s for e in same for s in e.senses])[0] & _stems_of(english, stemmer)))
        if not (named or in_english):
            return []
        common = same
    return sorted(common, key=lambda e: all(is_pointer(s) for s in e.senses))


def _plain(numbered: str) -> str:
    return numbered.lower().replace("u:", "v").replace("5", "").replace(" ", "")


def short_meaning(entries: Sequence[DictionaryEntry], *, english: str = "", stemmer: Stemmer | None = None) -> str:
    """The senses of the entries, those the English of the example uses first, at most MAX_SENSES."""
    senses = [tidy_sense(s) for e in entries for s in e.senses if not is_pointer(s)]
    if not senses:
        senses = [tidy_sense(s) for e in entries for s in e.senses if not s.startswith("CL:")]
    senses = list(dict.fromkeys(senses))
    if english and stemmer:
        used = _stems_of(english, stemmer)
        senses.sort(key=lambda sense: not _used_in(sense, used, stemmer))
    kept: list[str] = []
    for sense in senses[:MAX_SENSES]:
        sense = _cut(_without_period_notes(sense) or sense, MAX_SENSE_CHARS)
        if kept and len("; ".join([*kept, sense])) > MAX_MEANING_CHARS:
            break
        kept.append(sense)
    return "; ".join(kept)


def _stems_of(english: str, stemmer: Stemmer) -> frozenset[str]:
    """The stems of every word of the English, function words too."""
    return frozenset(stem for word in stemmer.words(english) for stem in word.stems)


def _used_in(sense: str, used: frozenset[str], stemmer: Stemmer) -> bool:
    """Whether the English (its stems `used`) uses a word of the sense (a sense that is one function word
    counts: 由 "from")."""
    content, function = stemmer.gloss_stems([sense])
    return bool((content | function) & used)


def _without_period_notes(sense: str) -> str:
    """A sense without its bracketed period note, which the Note field carries: "(fig.) to achieve ..."."""
    return re.sub(r"\s*\([^()]*\)", lambda m: "" if PERIOD_MARKERS.search(m.group()) else m.group(),
                  sense).strip()


def _cut(text: str, limit: int) -> str:
    """`text` cut at the last word boundary before `limit`, marked with an ellipsis."""
    if len(text) <= limit:
        return text
    head = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:(")
    return head + "…"


def composed_meaning(hanzi: str, dictionary: Dictionary, *, english: str = "", stemmer: Stemmer | None = None,
                     reading: Reading | None = None) -> str:
    """A meaning built from the dictionary words inside the term, each in its reading in context and in the
    sense the example's English uses when it uses one, marked as composed:
    炼铜 -> "smelt + copper (composed: 炼 + 铜)"."""
    parts = composition(hanzi, dictionary, reading=reading)
    used = _stems_of(english, stemmer) if english and stemmer else frozenset()
    glosses = [_part_gloss(part, dictionary, used=used, stemmer=stemmer, numbered=numbered)
               for part, numbered in parts]
    return f"{' + '.join(glosses)} (composed: {' + '.join(part for part, _ in parts)})"


def composition(hanzi: str, dictionary: Dictionary, *,
                reading: Reading | None = None) -> list[tuple[str, str]]:
    """The parts of a term with their numbered readings: the words it is read as (its segmentation in the
    example), each split further into dictionary words when the dictionary does not hold it."""
    words = ([("".join(s.hanzi for s in word), " ".join(s.numbered for s in word)) for word in reading.words]
             if reading and "".join(s.hanzi for s in reading.syllables) == hanzi else [(hanzi, "")])
    parts: list[tuple[str, str]] = []
    for word, numbered in words:
        if len(words) > 1 and word in dictionary:
            parts.append((word, numbered))
            continue
        syllables = numbered.split()
        position = 0
        for piece in split_into_words(word, dictionary):
            parts.append((piece, " ".join(syllables[position:position + len(piece)])))
            position += len(piece)
    return parts


def _part_gloss(part: str, dictionary: Dictionary, *, used: frozenset[str], stemmer: Stemmer | None,
                numbered: str = "") -> str:
    entries = [e for e in dictionary.lookup(part) if not e.is_proper_name]
    in_reading = [e for e in entries if numbered and _plain(e.pinyin) == _plain(numbered)]
    senses = [s for e in (in_reading or entries) for s in e.senses if not is_pointer(s)]
    if not senses:
        return "?"
    if used and stemmer:
        senses = sorted(senses, key=lambda sense: not _used_in(sense, used, stemmer))
    return next((bare for bare in map(_bare, senses) if bare), "?")


def _bare(sense: str) -> str:
    """A sense cut to its core for a composed meaning: no notes in brackets, no leading "to"."""
    sense = re.sub(r"\([^)]*\)", "", tidy_sense(sense)).strip(" ;,")
    return re.sub(r"^to ", "", sense.split(";")[0]).strip()


def _note(term: Term, entries: Sequence[DictionaryEntry]) -> str:
    """Why the term is on the list, then what CC-CEDICT says of its period, then its measure words."""
    parts = list(term.reasons)
    senses = [s for e in entries for s in e.senses]
    parts += [f"CC-CEDICT: {note}" for note in period_notes(senses)]
    measure = classifiers(senses)
    if measure:
        parts.append("measure word: " + ", ".join(measure))
    return "; ".join(dict.fromkeys(parts))


def _traditional_of_parts(hanzi: str, dictionary: Dictionary, *, reading: Reading | None = None) -> str:
    pieces = []
    for part, numbered in composition(hanzi, dictionary, reading=reading):
        entries = sorted(dictionary.lookup(part), key=lambda e: (
            _plain(e.pinyin) != _plain(numbered), e.is_proper_name, all(is_pointer(s) for s in e.senses)))
        pieces.append(entries[0].traditional if entries else part)
    return "".join(pieces)
