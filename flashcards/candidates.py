"""Candidate terms of segmented sentences: jieba's own words, and the multi-word terms that it splits.

Multi-word terms are found by their form, never by a list of terms: text in quotation marks (“副帅”, and
enumerations “小、土、群” read as 小土群), four-character frames of parallel rhetoric with one-character slots
(由土到洋, 重洋轻土, 全党全民, 钢铜并举), parallel items of an enumeration (政治挂帅、书记动手), runs of
adjacent content words that recur (土法炼铜), and dictionary words that jieba cut apart (技术革新运动 read as
技术 / 革新运动). Each candidate knows how often it occurs, in which files, and which longer candidates hold
it, so that the ranking can put a term above its fragments.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .segment import Token

HAN = re.compile(r"^[\u3400-\u9fff]+$")
HAN_CHAR = "[\u3400-\u9fff]"
QUOTED = re.compile(r"[“「『‘]([^“”「」『』‘’]{1,24})[”」』’]")
CLAUSE = re.compile(r"[^，,；;。！？!?：:]+")
ENUMERATION_MARKS = re.compile(r"[、·・\s]")
# Four-character frames of parallel rhetoric; {} is a one-character slot.
FRAMES = ("由{}到{}", "从{}到{}", "重{}轻{}", "厚{}薄{}", "以{}为{}", "先{}后{}", "边{}边{}", "又{}又{}",
          "全{}全{}", "大{}大{}", "亦{}亦{}", "半{}半{}", "能{}能{}", "{}{}并举", "{}{}结合", "{}{}兼顾")
FRAME_PATTERNS = tuple(  # a lookahead, so that overlapping frames are all found
    (frame, re.compile("(?=(" + frame.replace("{}", HAN_CHAR) + "))")) for frame in FRAMES)
# Characters that cannot fill a slot: function words and pronouns.
NOT_A_SLOT = frozenset("的了是在和与及或也都就而之其此这那个些我你他她它们不没很着过把被将对于")
# Tags of tokens that cannot be part of a term: function words, pronouns, numbers, time words.
NOT_CONTENT = frozenset({"m", "mq", "q", "t", "r", "p", "c", "u", "uj", "ul", "uz", "ug", "uv", "ud", "y", "e",
                         "o", "x", "w", "eng", "f", "d", "zg", "k", "h"})
NAME_TAGS = frozenset({"nr", "nrfg", "nrt", "ns"})  # jieba's guesses; 卫星/nr and 上山/ns are no names
NOMINAL = frozenset({"n", "nz", "vn", "an", "j", "l", "i", "ng", "nt", "s"}) | NAME_TAGS
MIN_RECURRENCE = 2  # a run of words becomes a candidate when it recurs
LONGEST = 6  # characters of a run of words or a split dictionary word


@dataclass(frozen=True)
class Candidate:
    """A string that may be a term, with where and how it was found."""

    hanzi: str
    count: int  # occurrences in the input
    standalone: int  # occurrences not inside a longer candidate
    files: tuple[str, ...]
    evidence: frozenset[str]  # word, quoted, enumeration, frame, collocation, split word
    pos: str  # jieba's tag for a single word, "" for a multi-word term
    parents: tuple[str, ...] = ()  # longer candidates that hold it
    forms: tuple[str, ...] = ()  # other spellings in the text: 小、土、群 for 小土群
    crossed: int = 0  # occurrences that a split dictionary word cuts across (jieba's segmentation erred)


@dataclass(frozen=True)
class Lexicon:
    """What the extractor asks of the dictionaries and of the modern reference."""

    is_word: Callable[[str], bool]  # a dictionary lists the string
    is_rare: Callable[[str], bool] = lambda word: False  # rare in modern Chinese
    is_name: Callable[[str], bool] = lambda word: True  # a name of a person or place (asked of nr/ns tokens)


@dataclass(frozen=True)
class _Sentence:
    file: str
    text: str
    tokens: tuple[Token, ...]
    starts: tuple[int, ...]  # character offset of each token
    content: tuple[bool, ...]  # per token: a Chinese content word, which may be part of a term
    boundaries: frozenset[int]  # offsets where a token begins or the text ends


def extract_candidates(tokenized: Iterable[tuple[str, list[Token]]], *, lexicon: Lexicon) -> list[Candidate]:
    """Candidates of (file, tokens) sentences, sorted by hanzi."""
    sentences = [_sentence(file, tokens, lexicon) for file, tokens in tokenized]
    found: dict[str, dict[tuple[int, int, int], None]] = {}
    evidence: dict[str, set[str]] = {}
    pos: dict[str, Counter[str]] = {}
    forms: dict[str, set[str]] = {}

    def add(hanzi: str, where: tuple[int, int, int], how: str) -> None:
        found.setdefault(hanzi, {})[where] = None
        evidence.setdefault(hanzi, set()).add(how)
        spelled = sentences[where[0]].text[where[1]:where[2]]
        if spelled != hanzi:
            forms.setdefault(hanzi, set()).add(spelled)

    runs: Counter[str] = Counter()
    run_places: dict[str, list[tuple[int, int, int]]] = {}
    neighbours: dict[str, list[tuple[str, str]]] = {}
    for index, sentence in enumerate(sentences):
        for token, start in zip(sentence.tokens, sentence.starts):
            if HAN.match(token.word):
                add(token.word, (index, start, start + len(token.word)), "word")
                pos.setdefault(token.word, Counter())[token.pos] += 1
        for hanzi, start, end, how in _multi_word(sentence, lexicon=lexicon):
            add(hanzi, (index, start, end), how)
        for hanzi, start, end, before, after in _runs(sentence, is_rare=lexicon.is_rare):
            runs[hanzi] += 1
            run_places.setdefault(hanzi, []).append((index, start, end))
            neighbours.setdefault(hanzi, []).append((before, after))
    for hanzi, count in runs.items():
        if count >= MIN_RECURRENCE and hanzi not in found and _closed(neighbours[hanzi]):
            for where in run_places[hanzi]:
                add(hanzi, where, "collocation")

    multi = {hanzi for hanzi, how in evidence.items() if how != {"word"}}
    by_first: dict[str, list[str]] = {}
    for hanzi in sorted(multi):
        by_first.setdefault(hanzi[0], []).append(hanzi)
    for index, sentence in enumerate(sentences):  # every other place on word boundaries counts too
        boundaries = sentence.boundaries
        for start in sorted(boundaries):
            for hanzi in by_first.get(sentence.text[start:start + 1], ()):
                if sentence.text.startswith(hanzi, start) and start + len(hanzi) in boundaries:
                    found[hanzi].setdefault((index, start, start + len(hanzi)), None)
    return _with_coverage(found, evidence, pos, multi, sentences, forms)


def _with_coverage(found, evidence, pos, multi, sentences, forms) -> list[Candidate]:
    spans_by_sentence: dict[int, list[tuple[int, int, str]]] = {}
    split_by_sentence: dict[int, list[tuple[int, int]]] = {}
    for hanzi in multi:
        for index, start, end in found[hanzi]:
            spans_by_sentence.setdefault(index, []).append((start, end, hanzi))
            if "split word" in evidence[hanzi]:
                split_by_sentence.setdefault(index, []).append((start, end))
    candidates = []
    for hanzi in sorted(found):
        places = found[hanzi]
        parents: set[str] = set()
        standalone = crossed = 0
        for index, start, end in places:
            holders = {other for s, e, other in spans_by_sentence.get(index, ())
                       if s <= start and end <= e and (e - s) > (end - start)}
            crossing = any(s < start < e < end or start < s < end < e for s, e in split_by_sentence.get(index, ()))
            parents |= holders
            crossed += crossing
            standalone += not holders and not crossing
        files = tuple(sorted({sentences[index].file for index, _, _ in places}))
        tag = pos[hanzi].most_common(1)[0][0] if hanzi in pos and hanzi not in multi else ""
        candidates.append(Candidate(hanzi=hanzi, count=len(places), standalone=standalone, files=files,
                                    evidence=frozenset(evidence[hanzi]), pos=tag,
                                    parents=tuple(sorted(parents)), crossed=crossed,
                                    forms=tuple(sorted(forms.get(hanzi, ())))))
    return candidates


def _sentence(file: str, tokens: list[Token], lexicon: Lexicon) -> _Sentence:
    starts, offset = [], 0
    for token in tokens:
        starts.append(offset)
        offset += len(token.word)
    content = tuple(bool(HAN.match(t.word)) and t.pos not in NOT_CONTENT
                    and not (t.pos in NAME_TAGS and lexicon.is_name(t.word)) for t in tokens)
    return _Sentence(file, "".join(t.word for t in tokens), tuple(tokens), tuple(starts), content,
                     frozenset((*starts, offset)))


def _multi_word(sentence: _Sentence, *, lexicon: Lexicon):
    """(hanzi, start, end, how) of the multi-word terms of one sentence found by their form."""
    text, boundaries = sentence.text, sentence.boundaries
    for match in QUOTED.finditer(text):
        offset = match.start(1)
        for clause in CLAUSE.finditer(match.group(1)):  # “人人炼钢，户户出铁” holds two slogans
            inner = clause.group()
            squeezed = ENUMERATION_MARKS.sub("", inner)
            if 2 <= len(squeezed) <= 8 and HAN.match(squeezed):
                yield (squeezed, offset + clause.start(), offset + clause.end(),
                       "quoted enumeration" if squeezed != inner else "quoted")
    for frame, pattern in FRAME_PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.start(1), match.start(1) + 4
            hanzi = text[start:end]
            slots = [c for c, f in zip(hanzi, frame) if f == "{}"]
            if start not in boundaries or end not in boundaries or any(c in NOT_A_SLOT for c in slots):
                continue
            if frame.startswith("{}{}") and not lexicon.is_rare(hanzi[:2]):
                continue  # 紧密结合 is a common word and a verb, not two coordinated morphemes
            yield hanzi, start, end, "frame"
    yield from _enumeration_items(sentence)
    yield from _parallel_clauses(sentence)
    yield from _split_words(sentence, is_word=lexicon.is_word)


def _enumeration_items(sentence: _Sentence):
    """Parallel items on both sides of 、: 3 to 6 characters of content words, of the same lengths in the same
    order or one of them a single word (政治挂帅、书记动手; 大炼钢铁、深耕种麦; not 大搞铜、铝生产)."""
    text, boundaries = sentence.text, sentence.boundaries
    content = _content_mask(sentence)
    for index, char in enumerate(text):
        if char != "、":
            continue
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
    text, boundaries = sentence.text, sentence.boundaries
    content = _content_mask(sentence)
    clauses = [(m.start(), m.group()) for m in re.finditer(r"[^，、；]+", text)]
    fits = [len(clause) == 4 and all(content[start:start + 4]) and start in boundaries
            and start + 4 in boundaries and start + 4 < len(text) for start, clause in clauses]
    for index, (start, clause) in enumerate(clauses):
        if fits[index] and ((index > 0 and fits[index - 1]) or (index + 1 < len(fits) and fits[index + 1])):
            yield clause, start, start + 4, "enumeration"


def _split_words(sentence: _Sentence, *, is_word: Callable[[str], bool]):
    """Dictionary words of 3 to 6 characters that jieba cut across: they begin on a word boundary and end
    inside a later word, or begin inside a word and end on a later boundary. Only content words count."""
    text, boundaries = sentence.text, sentence.boundaries
    content = _content_mask(sentence)
    for start in sorted(boundaries):
        for length in range(3, LONGEST + 1):
            end = start + length
            if end > len(text) or not all(content[start:end]):
                break
            inner = any(start < b < end for b in boundaries)
            rest = text[end:min(b for b in boundaries if b > end)] if end not in boundaries else ""
            if inner and rest and _is_rest_word(rest, is_word) and is_word(text[start:end]):
                yield text[start:end], start, end, "split word"
    for end in sorted(boundaries):
        for length in range(3, LONGEST + 1):
            start = end - length
            if start < 0 or not all(content[start:end]):
                break
            inner = any(start < b < end for b in boundaries)
            rest = text[max(b for b in boundaries if b < start):start] if start not in boundaries else ""
            if inner and rest and _is_rest_word(rest, is_word) and is_word(text[start:end]):
                yield text[start:end], start, end, "split word"


def _is_rest_word(rest: str, is_word: Callable[[str], bool]) -> bool:
    """What is left of the word that jieba cut must be a word too (革新运动 - 革新 = 运动), or the dictionary
    word is a chance overlap (小型机 in 小型 / 机械化)."""
    return len(rest) >= 2 and is_word(rest)


def _content_mask(sentence: _Sentence) -> list[bool]:
    """Per character: does it belong to a Chinese content word."""
    mask: list[bool] = []
    for token, content in zip(sentence.tokens, sentence.content):
        mask.extend([content] * len(token.word))
    return mask


def _runs(sentence: _Sentence, *, is_rare: Callable[[str], bool]):
    """Runs of two or three adjacent content words, 3 to 6 characters long."""
    tokens = sentence.tokens
    for first in range(len(tokens)):
        for size in (2, 3):
            window = tokens[first:first + size]
            if len(window) < size or not all(sentence.content[first:first + size]):
                continue
            hanzi = "".join(t.word for t in window)
            if 3 <= len(hanzi) <= LONGEST and _noun_phrase(window, is_rare=is_rare):
                # neighbours that are content words (a run always after 的 is still a whole term)
                before = tokens[first - 1].word if first and sentence.content[first - 1] else ""
                after = tokens[first + size].word if first + size < len(tokens) and sentence.content[first + size] else ""
                yield hanzi, sentence.starts[first], sentence.starts[first] + len(hanzi), before, after


def _noun_phrase(window: tuple[Token, ...], *, is_rare: Callable[[str], bool]) -> bool:
    """Terms are noun phrases: a nominal last word, and no common verb or adjective first (产量提高,
    依靠人民 are not terms). A verb rare in modern Chinese may stand first or last (深翻土地, 土法冶炼)."""
    first, last = window[0], window[-1]
    return ((last.pos in NOMINAL or is_rare(last.word))
            and (first.pos not in {"v", "vd", "vi", "a", "ad"} or is_rare(first.word)))


def _closed(neighbours: list[tuple[str, str]]) -> bool:
    """A run that always has the same content word before it (or after it) is a piece of a longer run."""
    befores = {before for before, _ in neighbours}
    afters = {after for _, after in neighbours}
    return not (len(befores) == 1 and "" not in befores) and not (len(afters) == 1 and "" not in afters)

