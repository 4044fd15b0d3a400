"""Candidate terms of segmented sentences: jieba's own words, and the multi-word terms that it splits.

Multi-word terms are found by their form, never by a list of terms: text in quotation marks (“副帅”, and
enumerations “小、土、群” read as 小土群), four-character frames of parallel rhetoric with one-character slots
(由土到洋, 重洋轻土, 全党全民, 钢铜并举), parallel items of an enumeration (政治挂帅、书记动手), runs of
adjacent content words that recur (土法炼铜), and dictionary words that jieba cut apart (技术革新运动 read as
技术 / 革新运动). Each candidate knows how often it occurs, in how many files, and which longer candidates hold
it, so that the ranking can put a term above its fragments.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field

from .parallel import can_fork, forked_map, parts
from .segment import Token

HAN = re.compile(r"^[\u3400-\u9fff]+$")
QUOTED = re.compile(r"[“「『‘]([^“”「」『』‘’]{1,24})[”」』’]")
CLAUSE = re.compile(r"[^，,；;。！？!?：:]+")
ENUMERATION_MARKS = re.compile(r"[、·・\s]")
# Four-character frames of parallel rhetoric; {} is a one-character slot.
FRAMES = ("由{}到{}", "从{}到{}", "重{}轻{}", "厚{}薄{}", "以{}为{}", "先{}后{}", "边{}边{}", "又{}又{}",
          "全{}全{}", "大{}大{}", "亦{}亦{}", "半{}半{}", "能{}能{}", "{}{}并举", "{}{}结合", "{}{}兼顾")
# One lookahead for all frames, so that overlapping frames are all found; no two frames match at one place
# (their third characters differ, or their first: 由{}到{}, 从{}到{}). A slot matches any character here and
# is checked for a hanzi after the match: the same finds, and a pattern that compiles in a tenth of the time
# (each character class of hanzi costs a millisecond to compile, on every run).
ANY_FRAME = re.compile("(?=(" + "|".join(frame.replace("{}", ".") for frame in FRAMES) + "))")
CLAUSE_BETWEEN_COMMAS = re.compile(r"[^，、；]+")
# Characters that cannot fill a slot: function words and pronouns.
NOT_A_SLOT = frozenset("的了是在和与及或也都就而之其此这那个些我你他她它们不没很着过把被将对于")
# Tags of tokens that cannot be part of a term: function words, pronouns, numbers, time words.
NOT_CONTENT = frozenset({"m", "mq", "q", "t", "r", "p", "c", "u", "uj", "ul", "uz", "ug", "uv", "ud", "y", "e",
                         "o", "x", "w", "eng", "f", "d", "zg", "k", "h"})
NAME_TAGS = frozenset({"nr", "nrfg", "nrt", "ns"})  # jieba's guesses; 卫星/nr and 上山/ns are no names
NOMINAL = frozenset({"n", "nz", "vn", "an", "j", "l", "i", "ng", "nt", "s"}) | NAME_TAGS
MIN_RECURRENCE = 2  # a run of words becomes a candidate when it recurs
LONGEST = 6  # characters of a run of words or a split dictionary word


@dataclass(frozen=True, slots=True)  # there is one for each word an archive has, tens of thousands
class Candidate:
    """A string that may be a term, with where and how it was found."""

    hanzi: str
    count: int  # occurrences in the input
    standalone: int  # occurrences not inside a longer candidate
    in_files: int  # how many files (articles) it occurs in
    evidence: frozenset[str]  # word, quoted, enumeration, frame, collocation, split word
    pos: str  # jieba's tag for a single word, "" for a multi-word term
    parents: tuple[str, ...] = ()  # longer candidates that hold it
    forms: tuple[str, ...] = ()  # other spellings in the text: 小、土、群 for 小土群
    crossed: int = 0  # occurrences that a split dictionary word cuts across (jieba's segmentation erred)


# The evidence of a candidate found only as a word. frozenset() gives this same object back, so the
# candidates share it (a set and a frozenset each took 11 MB of 1,000 articles of varied words).
JUST_A_WORD = frozenset({"word"})


@dataclass(frozen=True)
class Lexicon:
    """What the extractor asks of the dictionaries and of the modern reference."""

    is_word: Callable[[str], bool]  # a dictionary lists the string
    is_rare: Callable[[str], bool] = lambda word: False  # rare in modern Chinese
    is_name: Callable[[str], bool] = lambda word: True  # a name of a person or place (asked of nr/ns tokens)


class _Sentence:
    """One sentence's words, text and word boundaries; what only some sentences need is worked out on demand."""

    def __init__(self, tokens: Sequence[Token], memo: _Memo) -> None:
        self.tokens = tokens
        self.words = [token.word for token in tokens]
        self.text = "".join(self.words)
        self.starts = list(itertools.accumulate(map(len, self.words), initial=0))[:-1]  # offset of each token
        self.content = [memo.content[token.word, token.pos] for token in tokens]  # per token: may be in a term

    @functools.cached_property
    def boundaries(self) -> frozenset[int]:
        """Offsets where a token begins or the text ends."""
        return frozenset((*self.starts, len(self.text)))

    @functools.cached_property
    def mask(self) -> list[bool]:
        """Per character: does it belong to a Chinese content word."""
        mask: list[bool] = []
        for word, content in zip(self.words, self.content):
            mask.extend([content] * len(word))
        return mask


class _Memo:
    """The lexicon's answers and each word's tests, worked out once per string: a corpus repeats its words."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.is_word = functools.cache(lexicon.is_word)
        self.is_rare = functools.cache(lexicon.is_rare)
        self.han = _Cache(lambda word: bool(HAN.match(word)))  # a Chinese word
        self.content = _Cache(lambda key: self.han[key[0]] and key[1] not in NOT_CONTENT
                              and not (key[1] in NAME_TAGS and lexicon.is_name(key[0])))  # by (word, tag)


class _Cache(dict):
    """A dict that works out a missing value on first look-up (a plain dict look-up after that)."""

    def __init__(self, work: Callable) -> None:
        super().__init__()
        self._work = work

    def __missing__(self, key):
        value = self[key] = self._work(key)
        return value


class _Runs:
    """Per run of words: how often it occurs and whether it always has the same neighbour on one side."""

    def __init__(self) -> None:
        self.count: Counter[str] = Counter()
        self.befores: dict[str, str | None] = {}  # the one content word always before it; None: it varies
        self.afters: dict[str, str | None] = {}

    def add(self, hanzi: str, before: str, after: str) -> None:
        self.count[hanzi] += 1
        for seen, word in ((self.befores, before), (self.afters, after)):
            if hanzi not in seen:
                seen[hanzi] = word
            elif seen[hanzi] != word:
                seen[hanzi] = None

    def merge(self, other: _Runs) -> None:
        self.count.update(other.count)
        for seen, others in ((self.befores, other.befores), (self.afters, other.afters)):
            for hanzi, word in others.items():
                if hanzi not in seen:
                    seen[hanzi] = word
                elif seen[hanzi] != word:
                    seen[hanzi] = None

    def free(self, hanzi: str) -> bool:
        """Not always the same content word before it (or after it): that would make it a piece of a longer run."""
        return not self.befores[hanzi] and not self.afters[hanzi]


class RunSightings:
    """Which runs of words have been seen more than once, without keeping those seen once: most runs of an
    archive are (94,946 of the 96,266 of 1,000 articles of varied words, 20 MB of their counts). Each run seen
    sets bits of a Bloom filter sized for the files to come; a run whose bits are all set already, or that a
    stretch holds twice, may recur. Those are counted again, exactly, over the sentences (`_recounted_runs`): a run the
    filter takes for another only costs that count. Fed by the main process (its hash is the process's own)."""

    # Sized for the files to come: ten bits a run, for 200 runs a file, takes one run in 85 for another with
    # four hashes (an article of 1,000 varied ones had 96: one in 1,000); 250 bytes a file, 2.5 MB for 10,000.
    BITS_PER_FILE = 2_000
    MIN_BITS = 1 << 20
    HASHES = 4

    def __init__(self, *, files: int) -> None:
        self._size = max(self.MIN_BITS, files * self.BITS_PER_FILE)
        self._bits = bytearray(self._size // 8 + 1)
        self.recurring: set[str] = set()

    def add(self, hanzi: str, before: str, after: str) -> None:
        self._see(hanzi, 1)

    def merge(self, other: _Runs) -> None:
        """Add the runs of a stretch counted elsewhere (in a worker), with every run's count."""
        for hanzi, count in other.count.items():
            self._see(hanzi, count)

    def _see(self, hanzi: str, count: int) -> None:
        if hanzi in self.recurring:
            return
        digest = hash(hanzi) & 0xFFFF_FFFF_FFFF_FFFF
        step = (digest >> 32) | 1
        seen = True
        bits = self._bits
        for number in range(self.HASHES):
            bit = (digest + number * step) % self._size
            byte, mask = bit >> 3, 1 << (bit & 7)
            if not bits[byte] & mask:
                seen = False
                bits[byte] |= mask
        if seen or count > 1:
            self.recurring.add(hanzi)


class CandidateCounts:
    """What the first pass finds in a stretch of sentences (say, one article): words with their tags and files,
    multi-word terms found by their form, runs of words. Counts of consecutive stretches merge, in input order,
    into the counts of the whole input, so that the first pass can run article by article (in workers)."""

    def __init__(self, *, sightings_for: int | None = None) -> None:
        self.sentences = 0
        self.word_pos: Counter[tuple[str, str]] = Counter()  # every token, Chinese or not
        # of each Chinese word, how many files it occurs in (a file's sentences come together): a count, not
        # the files, which took 20 MB of 3,000 varied articles and are only ever counted
        self.word_file_count: Counter[str] = Counter()
        self.evidence: dict[str, set[str]] = {}  # of the multi-word terms found by their form
        self.forms: dict[str, set[str]] = {}
        self.places: dict[int, list[tuple[str, int, int]]] = {}  # per sentence: the multi-word finds
        # every run with its count and neighbours, or, given the number of files to come (`sightings_for`),
        # only which ones may recur (counted again afterwards): what an archive's counts need, however long
        self.runs: _Runs | RunSightings = _Runs() if sightings_for is None else RunSightings(files=sightings_for)

    def merge(self, later: CandidateCounts) -> CandidateCounts:
        """Add the counts of the sentences that follow these; returns self."""
        self.word_pos.update(later.word_pos)
        self.word_file_count.update(later.word_file_count)
        _merge_sets(self.evidence, later.evidence)
        _merge_sets(self.forms, later.forms)
        self.places.update((self.sentences + index, found) for index, found in later.places.items())
        self.runs.merge(later.runs)
        self.sentences += later.sentences
        return self


def count_candidates(tokenized: Iterable[tuple[str, Sequence[Token]]], *, lexicon: Lexicon) -> CandidateCounts:
    """The first pass over (file, tokens) sentences, such as those of one article."""
    counter = CandidateCounter(lexicon=lexicon)
    for file, tokens in tokenized:
        counter.add(file, tokens)
    return counter.counts


class CandidateCounter:
    """The first pass fed one sentence at a time, as the articles arrive (from workers, say), so that it
    runs while the rest of them are still being read; `counts` when all have been added."""

    def __init__(self, *, lexicon: Lexicon, sightings_for: int | None = None) -> None:
        self.lexicon = lexicon
        self._memo = _Memo(lexicon)
        self._counts = CandidateCounts(sightings_for=sightings_for)  # see `CandidateCounts.runs`
        self._file: str | None = None
        self._file_words: set[str] = set()  # the words of the current file
        self._file_counted: set[str] = set()  # those of them whose file is counted already (`counts`)

    def add(self, file: str, tokens: Sequence[Token]) -> None:
        counts, memo = self._counts, self._memo
        if file != self._file:
            self._count_file()
            self._file_words.clear()
            self._file_counted.clear()
            self._file = file
        index = counts.sentences
        counts.sentences += 1
        sentence = _Sentence(tokens, memo)
        counts.word_pos.update(zip(sentence.words, (token.pos for token in tokens)))
        self._file_words.update(sentence.words)
        for hanzi, start, end, how in _multi_word(sentence, memo=memo):
            counts.places.setdefault(index, []).append((hanzi, start, end))
            counts.evidence.setdefault(hanzi, set()).add(how)
            spelled = sentence.text[start:end]
            if spelled != hanzi:
                counts.forms.setdefault(hanzi, set()).add(spelled)
        for hanzi, before, after in _runs(sentence, is_rare=memo.is_rare):
            counts.runs.add(hanzi, before, after)

    def add_counts(self, counts: CandidateCounts) -> None:
        """Add the counts of the sentences that follow those added so far, counted elsewhere (in a worker)."""
        self.counts.merge(counts)  # `counts` first notes the files of the words added so far
        self._file = None

    @property
    def counts(self) -> CandidateCounts:
        """The counts of the sentences added so far (a later `add` goes on counting)."""
        self._count_file()
        return self._counts

    def _count_file(self) -> None:
        """Count the current file for each of its Chinese words not counted yet (only those can be candidates:
        an archive's numbers and Latin words need no count)."""
        new = self._file_words - self._file_counted
        self._counts.word_file_count.update(word for word in new if self._memo.han[word])
        self._file_counted |= new


def extract_candidates(tokenized: Iterable[tuple[str, Sequence[Token]]], *, lexicon: Lexicon,
                       counts: CandidateCounts | None = None, jobs: int = 1,
                       progress: Callable[[int, int], None] | None = None) -> list[Candidate]:
    """Candidates of (file, tokens) sentences, sorted by hanzi. Pass `counts` when the first pass has been done
    already (by a `CandidateCounter`, or `count_candidates` of its parts merged in order). The second pass runs
    in `jobs` processes for a large corpus; `progress(done, total)` is called as its sentences are done.

    Two passes: the first counts the words and finds the multi-word terms by their form; the second finds
    every other occurrence of a multi-word term on word boundaries and decides which occurrences stand alone.
    Only the places of multi-word terms are kept, never those of every word."""
    sentences = tokenized if isinstance(tokenized, Sequence) else list(tokenized)  # read twice
    counts = count_candidates(sentences, lexicon=lexicon) if counts is None else counts
    memo = _Memo(lexicon)
    if counts.sentences != len(sentences):
        raise ValueError(f"counts of {counts.sentences} sentences for {len(sentences)} sentences")
    word_count: Counter[str] = Counter()
    for (word, _), count in counts.word_pos.items():
        if memo.han[word]:
            word_count[word] += count
    evidence = {hanzi: set(how) for hanzi, how in counts.evidence.items()}
    runs = counts.runs
    if isinstance(runs, RunSightings):
        runs = _recounted_runs(sentences, runs.recurring, memo=memo, jobs=jobs)
    for hanzi, count in runs.count.items():
        if count >= MIN_RECURRENCE and hanzi not in word_count and hanzi not in evidence and runs.free(hanzi):
            evidence[hanzi] = {"collocation"}  # its places are all on word boundaries: the second pass finds them
    for word in word_count:
        found = evidence.get(word)
        if found is None:
            evidence[word] = JUST_A_WORD  # most candidates: one set for them all, not one each
        else:
            found.add("word")
    multi = {hanzi for hanzi, how in evidence.items() if how != JUST_A_WORD}
    return _with_coverage(sentences, multi=multi, found_places=counts.places, word_count=word_count,
                          word_file_count=counts.word_file_count, evidence=evidence,
                          pos=_commonest_tags(counts.word_pos, word_count), forms=counts.forms, memo=memo,
                          jobs=jobs, progress=progress)


def _recounted_runs(sentences, recurring: set[str], *, memo: _Memo, jobs: int = 1) -> _Runs:
    """The runs of `recurring` counted, with their neighbours, over the sentences; in `jobs` processes
    forked for a large corpus."""
    spans = parts(len(sentences), jobs=jobs, per_job=SCANS_PER_JOB, smallest=MIN_SCAN)
    # a run begins with a whole word: a sentence without the beginning of any of them holds none
    firsts = {hanzi[:size] for hanzi in recurring for size in range(1, len(hanzi))}
    recount = functools.partial(_recount, sentences=sentences, recurring=recurring, firsts=firsts, memo=memo)
    if jobs > 1 and len(sentences) >= PARALLEL_SENTENCES and can_fork():
        found = forked_map(recount, spans, jobs=jobs)
    else:
        found = map(recount, spans)
    runs = _Runs()
    for part in found:
        runs.merge(part)
    return runs


def _recount(span: range, *, sentences, recurring: set[str], firsts: set[str], memo: _Memo) -> _Runs:
    """The runs of `recurring` in the sentences of `span`, looked for only where one of them may begin."""
    runs = _Runs()
    for index in span:
        tokens = sentences[index][1]
        if firsts.isdisjoint([token.word for token in tokens]):
            continue
        for hanzi, before, after in _runs(_Sentence(tokens, memo), is_rare=memo.is_rare, begins=firsts):
            if hanzi in recurring:
                runs.add(hanzi, before, after)
    return runs


def _commonest_tags(word_pos: Counter[tuple[str, str]], words: Counter[str]) -> dict[str, str]:
    """Each word's most frequent tag; of equally frequent tags, the one seen first."""
    best: dict[str, tuple[int, str]] = {}
    for (word, tag), count in word_pos.items():
        if word not in words:
            continue
        if word not in best or count > best[word][0]:
            best[word] = (count, tag)
    return {word: tag for word, (_, tag) in best.items()}


def _with_coverage(sentences, *, multi, found_places, word_count, word_file_count, evidence, pos, forms,
                   memo, jobs: int = 1, progress: Callable[[int, int], None] | None = None) -> list[Candidate]:
    """The second pass: places of the multi-word terms, and which occurrences a longer candidate holds; in
    `jobs` processes forked for a large corpus (the parts add up to the same)."""
    scan = functools.partial(_scan, sentences=sentences, multi=multi, found_places=found_places, memo=memo,
                             prefixes={hanzi[:size] for hanzi in multi for size in range(1, len(hanzi) + 1)},
                             split={hanzi for hanzi in multi if "split word" in evidence[hanzi]})
    spans = parts(len(sentences), jobs=jobs, per_job=SCANS_PER_JOB, smallest=MIN_SCAN)
    if jobs > 1 and len(sentences) >= PARALLEL_SENTENCES and can_fork():
        found = forked_map(scan, spans, jobs=jobs)
    else:
        found = map(scan, spans)
    coverage = _Coverage()
    for part, span in zip(found, spans):
        coverage.add(part)
        if progress:
            progress(span.stop, len(sentences))
    count, multi_files, held, crossed, parents = (coverage.count, coverage.files, coverage.held,
                                                  coverage.crossed, coverage.parents)
    candidates = []
    for hanzi in sorted(evidence):
        is_multi = hanzi in multi
        total = count[hanzi] if is_multi else word_count[hanzi]
        in_files = len(multi_files.get(hanzi, ())) if is_multi else word_file_count[hanzi]
        tag = pos.get(hanzi, "") if not is_multi else ""
        candidates.append(Candidate(hanzi=hanzi, count=total, standalone=total - held[hanzi],
                                    in_files=in_files,
                                    evidence=frozenset(evidence[hanzi]), pos=tag,
                                    parents=tuple(sorted(parents.get(hanzi, ()))), crossed=crossed[hanzi],
                                    forms=tuple(sorted(forms.get(hanzi, ())))))
    return candidates


# The second pass over a large corpus runs in forked processes, in parts of at least MIN_SCAN sentences
# (measured: 1,000 articles 0.35 s -> 0.25 s, 300 articles no faster).
PARALLEL_SENTENCES = 10_000  # about 500 articles: below it, forking costs what it saves
SCANS_PER_JOB = 8
MIN_SCAN = 500


@dataclass
class _Coverage:
    """What the second pass finds in some of the sentences; the parts of a corpus add up."""

    count: Counter[str] = field(default_factory=Counter)
    files: dict[str, set[str]] = field(default_factory=dict)
    held: Counter[str] = field(default_factory=Counter)  # occurrences not standing alone
    crossed: Counter[str] = field(default_factory=Counter)
    parents: dict[str, set[str]] = field(default_factory=dict)

    def add(self, other: _Coverage) -> None:
        self.count.update(other.count)
        self.held.update(other.held)
        self.crossed.update(other.crossed)
        _merge_sets(self.files, other.files)
        _merge_sets(self.parents, other.parents)


def _merge_sets(mine: dict[str, set[str]], theirs: dict[str, set[str]]) -> None:
    for hanzi, values in theirs.items():
        mine.setdefault(hanzi, set()).update(values)


def _scan(span: range, *, sentences, multi, prefixes, split, found_places, memo) -> _Coverage:
    """The second pass over the sentences of `span` (indices of the whole list)."""
    found = _Coverage()
    count, multi_files, held, crossed, parents = found.count, found.files, found.held, found.crossed, found.parents
    for index in span:
        file, tokens = sentences[index]
        words = [token.word for token in tokens]
        if prefixes.isdisjoint(words) and index not in found_places:
            continue
        text = "".join(words)
        starts = list(itertools.accumulate(map(len, words), initial=0))
        places = dict.fromkeys(found_places.get(index, ()))
        for first in [i for i, word in enumerate(words) if word in prefixes]:  # places on word boundaries
            start = starts[first]
            for last in range(first + 1, len(words) + 1):
                piece = text[start:starts[last]]
                if piece not in prefixes:
                    break
                if piece in multi:
                    places[(piece, start, starts[last])] = None
        if not places:
            continue
        spans = [(start, end, hanzi) for hanzi, start, end in places]
        cuts = [(start, end) for start, end, hanzi in spans if hanzi in split]
        for hanzi, _, _ in places:
            count[hanzi] += 1
            multi_files.setdefault(hanzi, set()).add(file)
        affected = set()  # words that a longer candidate may hold or cut across; the others stand alone
        for start, end, _ in spans:
            first = bisect.bisect_right(starts, start) - 1
            affected.update(range(first, bisect.bisect_left(starts, end, lo=first) + 1))
        for word_index in sorted(affected):
            word = words[word_index] if word_index < len(words) else ""
            if word and word not in multi and memo.han[word]:
                places[(word, starts[word_index], starts[word_index + 1])] = None
        widest = max(end - start for start, end, _ in spans)
        for hanzi, start, end in places:
            holders = {other for s, e, other in spans if s <= start and end <= e and (e - s) > (end - start)
                       } if end - start < widest else ()
            crossing = bool(cuts) and any(s < start < e < end or start < s < end < e for s, e in cuts)
            if holders:
                parents.setdefault(hanzi, set()).update(holders)
            if crossing:
                crossed[hanzi] += 1
            if holders or crossing:  # most places stand alone: nothing to count (a Counter's default is 0)
                held[hanzi] += 1
    return found


def _multi_word(sentence: _Sentence, *, memo: _Memo):
    """(hanzi, start, end, how) of the multi-word terms of one sentence found by their form."""
    text = sentence.text
    if "“" in text or "「" in text or "『" in text or "‘" in text:
        for match in QUOTED.finditer(text):
            offset = match.start(1)
            for clause in CLAUSE.finditer(match.group(1)):  # “人人炼钢，户户出铁” holds two slogans
                inner = clause.group()
                squeezed = ENUMERATION_MARKS.sub("", inner)
                if 2 <= len(squeezed) <= 8 and HAN.match(squeezed):
                    yield (squeezed, offset + clause.start(), offset + clause.end(),
                           "quoted enumeration" if squeezed != inner else "quoted")
    for match in ANY_FRAME.finditer(text):
        start, end = match.start(1), match.start(1) + 4
        hanzi = text[start:end]
        if not HAN.match(hanzi):
            continue
        frame = next(f for f in FRAMES if all(c == "{}" or c == h for c, h in zip(_frame_slots(f), hanzi)))
        slots = [c for c, f in zip(hanzi, _frame_slots(frame)) if f == "{}"]
        if start not in sentence.boundaries or end not in sentence.boundaries or any(c in NOT_A_SLOT for c in slots):
            continue
        if frame.startswith("{}{}") and not memo.is_rare(hanzi[:2]):
            continue  # 紧密结合 is a common word and a verb, not two coordinated morphemes
        yield hanzi, start, end, "frame"
    if "、" in text:
        yield from _enumeration_items(sentence)
    yield from _parallel_clauses(sentence)
    yield from _split_words(sentence, is_word=memo.is_word)


@functools.cache
def _frame_slots(frame: str) -> tuple[str, ...]:
    """A frame as four places: a fixed character or a slot "{}"."""
    return tuple(re.findall(r"\{\}|.", frame))


def _enumeration_items(sentence: _Sentence):
    """Parallel items on both sides of 、: 3 to 6 characters of content words, of the same lengths in the same
    order or one of them a single word (政治挂帅、书记动手; 大炼钢铁、深耕种麦; not 大搞铜、铝生产)."""
    text, boundaries, content = sentence.text, sentence.boundaries, sentence.mask
    index = -1
    while (index := text.find("、", index + 1)) >= 0:
        size = 0  # the item after 、 runs as far as content words go
        while index + 1 + size < len(text) and content[index + 1 + size]:
            size += 1
        if not 3 <= size <= LONGEST or index < size:
            continue
        items = ((index + 1, text[index + 1:index + 1 + size]), (index - size, text[index - size:index]))
        shapes = {tuple(b - start for b in sorted(boundaries) if start <= b <= start + size) for start, _ in items}
        whole = (0, size)  # an item that is one word matches any shape: 大炼钢铁、深耕种麦
        if len(shapes - {whole}) == 1 and all(
                all(content[start:start + size]) and start in boundaries and start + size in boundaries
                for start, _ in items):
            for start, item in items:
                yield item, start, start + size, "enumeration"


def _parallel_clauses(sentence: _Sentence):
    """Runs of two or more four-character clauses of content words between commas: 书记挂帅，全民动手，日夜奋战."""
    text = sentence.text
    clauses = [(m.start(), m.group()) for m in CLAUSE_BETWEEN_COMMAS.finditer(text)]
    if sum(len(clause) == 4 for _, clause in clauses) < 2:
        return
    boundaries, content = sentence.boundaries, sentence.mask
    fits = [len(clause) == 4 and all(content[start:start + 4]) and start in boundaries
            and start + 4 in boundaries and start + 4 < len(text) for start, clause in clauses]
    for index, (start, clause) in enumerate(clauses):
        if fits[index] and ((index > 0 and fits[index - 1]) or (index + 1 < len(fits) and fits[index + 1])):
            yield clause, start, start + 4, "enumeration"


def _split_words(sentence: _Sentence, *, is_word: Callable[[str], bool]):
    """Dictionary words of 3 to 6 characters that jieba cut across: they begin on a word boundary and end
    inside a later word, or begin inside a word and end on a later boundary. Only content words count, and
    what is left of the word that jieba cut must be a word of two or more characters too (革新运动 - 革新 = 运动),
    or the dictionary word is a chance overlap (小型机 in 小型 / 机械化)."""
    text, starts, content = sentence.text, sentence.starts, sentence.content
    ends = (*starts[1:], len(text))
    count = len(starts)
    # The word cut into has three characters or more (two of them left over): only the tokens within
    # LONGEST - 1 of such a word can begin or end a term, as every word between has a character at least.
    cut = [index for index, word in enumerate(sentence.words) if len(word) >= 3 and content[index]]
    if not cut:
        return
    firsts = sorted({first for index in cut for first in range(max(0, index - LONGEST + 1), index)})
    lasts = sorted({last for index in cut for last in range(index + 1, min(count, index + LONGEST))}, reverse=True)
    for first in firsts:  # from a boundary into a later word
        if not content[first]:
            continue
        start = starts[first]
        for token in range(first + 1, count):  # the word that the term ends inside
            inside, after = starts[token], ends[token]
            if not content[token] or inside - start >= LONGEST:
                break
            for end in range(max(inside + 1, start + 3), min(after - 1, start + LONGEST + 1)):
                if is_word(text[end:after]) and is_word(text[start:end]):
                    yield text[start:end], start, end, "split word"
    for last in lasts:  # from inside an earlier word to a boundary
        if not content[last]:
            continue
        end = ends[last]
        for token in range(last - 1, -1, -1):  # the word that the term begins inside
            before, inside = starts[token], ends[token]
            if not content[token] or end - inside >= LONGEST:
                break
            for start in range(max(before + 2, end - LONGEST), min(inside, end - 2)):
                if is_word(text[before:start]) and is_word(text[start:end]):
                    yield text[start:end], start, end, "split word"


def _runs(sentence: _Sentence, *, is_rare: Callable[[str], bool], begins: Collection[str] | None = None):
    """(hanzi, before, after) of runs of two or three adjacent content words, 3 to 6 characters long, with
    their neighbours that are content words (a run always after 的 is still a whole term); only those whose
    first word is one of `begins`, when given."""
    tokens, content, text = sentence.tokens, sentence.content, sentence.text
    offsets = (*sentence.starts, len(text))
    count = len(tokens)
    firsts = range(count - 1) if begins is None else [i for i, word in enumerate(sentence.words[:-1]) if word in begins]
    for first in firsts:
        if not content[first]:
            continue
        for size in (2, 3):
            last = first + size
            if last > count or not content[last - 1]:
                break
            # the length first: most runs are too short or too long, and need not be joined
            if 3 <= offsets[last] - offsets[first] <= LONGEST and _noun_phrase(tokens[first:last], is_rare=is_rare):
                before = tokens[first - 1].word if first and content[first - 1] else ""
                after = tokens[last].word if last < count and content[last] else ""
                yield text[offsets[first]:offsets[last]], before, after


def _noun_phrase(window: tuple[Token, ...], *, is_rare: Callable[[str], bool]) -> bool:
    """Terms are noun phrases: a nominal last word, and no common verb or adjective first (产量提高,
    依靠人民 are not terms). A verb rare in modern Chinese may stand first or last (深翻土地, 土法冶炼)."""
    first, last = window[0], window[-1]
    return ((last.pos in NOMINAL or is_rare(last.word))
            and (first.pos not in {"v", "vd", "vi", "a", "ad"} or is_rare(first.word)))
