"""Picks the vocabulary that is characteristic of the articles compared with modern Chinese.

Each candidate (see candidates.py) gets a "simple maths" keyness (Kilgarriff 2009): the log ratio of its
frequency in the articles to its frequency in modern Chinese (wordfreq), both per million and smoothed by
a constant, so that one rare word does not outrank the campaign's key terms. Evidence of form (quotation
marks, parallel frames, enumerations), CC-CEDICT's period markers and idioms, and spread over several
articles add to it. A multi-word term outranks its own fragments; a fragment that never stands alone is
kept only when it is a word in its own right.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache

from .candidates import Candidate, CandidateCounts, Lexicon, count_candidates, extract_candidates
from .dictionary import Dictionary
from .reference import ModernReference
from .segment import Segmenter, Token

NAME_TAGS = frozenset({"nr", "nrfg", "nrt", "ns", "nt"})
NUMBER_TAGS = frozenset({"m", "mq", "q"})
TIME_TAGS = frozenset({"t"})
FUNCTION_TAGS = frozenset({"r", "p", "c", "u", "uj", "ul", "uz", "ug", "uv", "ud", "y", "e", "o", "d", "f",
                           "zg", "k", "h"})
# Administrative units, like names of places: 省市, 全省, 各县.
ADMINISTRATIVE = re.compile(r"^[全各本该省市县区乡镇][省市县区乡镇]$")
# Out-of-dictionary tokens holding a particle are jieba's mistakes (了插 in 开展了插红旗).
PARTICLE = re.compile(r"[了的着过地得吗呢吧]")
FILTERS = frozenset({"names", "numbers", "time", "function"})
# Numbers and counted things (十万人, 一百多万, 近几个月); numbered slogans (三面红旗, 一大二公) are kept.
NUMBER_LIKE = re.compile(r"^第?[零〇一二三四五六七八九十百千万亿两几多余半数]+[个名位批项种次人天年月日吨斤亩元座台件倍成]?$|"
                         r"[零〇一二三四五六七八九十百千万亿两几][个名位批项种]")
# "Simple maths" smoothing, in occurrences per million: keeps one rare word from topping the list.
# 10 puts the focus on rare words (Kilgarriff 2009 suggests trying 1, 10, 100, 1000).
SMOOTHING_PER_MILLION = 10.0
# Evidence of form and of the dictionary, in the units of keyness (log2).
BONUS = {"quoted": 3.0, "quoted enumeration": 3.0, "frame": 3.0, "enumeration": 2.0, "split word": 1.0,
         "idiom": 1.0, "period gloss": 4.0, "period family": 3.0}
SINGLE_CHARACTER_MIN_COUNT = 3  # a one-character word must recur to be a candidate
# Multi-word terms whose pieces are whole words (unlike frames and quotations, which cut across words).
WHOLE_WORD_EVIDENCE = frozenset({"word", "collocation", "split word", "enumeration"})
COMMON_PER_MILLION = 20.0  # the halves of a free phrase are at least this common
FREE_PHRASE_PENALTY = 1.0
RARE_PER_MILLION = 10.0  # a verb this rare in modern Chinese may begin a term (深翻土地)
# Terms are mostly nominal: verbs, adjectives and adverbs need more evidence than nouns.
NOT_NOMINAL = {"v": 1.0, "vd": 1.0, "vi": 1.0, "a": 1.0, "ad": 1.0, "an": 0.5}


@dataclass(frozen=True)
class VocabOptions:
    """How many terms to choose and which to leave out."""

    top: int | None = None  # None: a default that grows with the size of the input
    min_count: int = 1
    hsk_max: int | None = None  # leave out words at or below this HSK level
    known: frozenset[str] = frozenset()
    include: tuple[str, ...] = ()
    exclude: frozenset[str] = frozenset()
    filters: frozenset[str] = FILTERS  # which of names, numbers, time, function words to leave out


@dataclass(frozen=True, slots=True)  # one is scored for each candidate
class Term:
    """A chosen term with the evidence for it."""

    hanzi: str
    count: int
    score: float
    reasons: tuple[str, ...]
    kind: str = "term"  # term, slogan, idiom
    in_files: int = field(default=0, compare=False)  # how many articles it occurs in
    forms: tuple[str, ...] = field(default=(), compare=False)  # spellings in the text: 小、土、群 for 小土群


def default_top(chinese_characters: int) -> int:
    """About one term per 30 characters, at least 50 (a one-page article) and at most 300."""
    return max(50, min(300, chinese_characters // 30))


def term_lexicon(*, segmenter: Segmenter, reference: ModernReference) -> Lexicon:
    """What candidate extraction asks of jieba's dictionary, CC-CEDICT and wordfreq (the same in every worker
    that counts candidates with `candidates.count_candidates`)."""
    # Each answer remembered for the lexicon's life: it serves article after article of one archive.
    return Lexicon(is_word=cache(lambda text: _is_word(text, segmenter=segmenter, reference=reference)),
                   is_rare=cache(lambda word: reference.per_million(word) < RARE_PER_MILLION),
                   is_name=cache(lambda word: reference.is_place_or_person(word)
                                 or not reference.is_common_word(word)))


def _is_word(text: str, *, segmenter: Segmenter, reference: ModernReference) -> bool:
    return segmenter.frequency(text) > 0 or reference.is_common_word(text)


def select_terms(tokenized: Iterable[tuple[str, Sequence[Token]]], *, segmenter: Segmenter,
                 dictionary: Dictionary | None = None, reference: ModernReference | None = None,
                 options: VocabOptions = VocabOptions(), counts: CandidateCounts | None = None, jobs: int = 1,
                 progress: Callable[[int, int], None] | None = None) -> list[Term]:
    """Rank the candidate terms of tokenized sentences (file, tokens) by keyness and evidence, best first.

    Pass `reference` (or at least `dictionary`) to share the loaded resources between calls, and `counts` when
    the candidates of the sentences have been counted already (by a `CandidateCounter` with `term_lexicon`, or
    `count_candidates` per article, merged in the order of the sentences). The pass that places multi-word
    terms runs in `jobs` processes for a large corpus, calling `progress(done, total)` over the sentences."""
    sentences = tokenized if isinstance(tokenized, Sequence) else list(tokenized)  # read twice
    reference = reference or ModernReference(dictionary=dictionary or Dictionary())

    def is_word(text: str) -> bool:
        return _is_word(text, segmenter=segmenter, reference=reference)

    lexicon = term_lexicon(segmenter=segmenter, reference=reference)
    counts = count_candidates(sentences, lexicon=lexicon) if counts is None else counts
    candidates = extract_candidates(sentences, lexicon=lexicon, counts=counts, jobs=jobs, progress=progress)
    # every token is counted by its word and tag: the totals come from those counts, not another pass
    total = max(1, sum(count for (_, tag), count in counts.word_pos.items() if tag not in {"x", "w", "eng"}))
    characters = sum(len(word) * count for (word, _), count in counts.word_pos.items())
    by_hanzi = {c.hanzi: c for c in candidates}
    scored: dict[str, Term] = {}
    for candidate in candidates:
        if _left_out(candidate, options=options, reference=reference, segmenter=segmenter, is_word=is_word):
            continue
        scored[candidate.hanzi] = _score(candidate, total=total, reference=reference)
    terms = _rank_fragments(scored, by_hanzi, is_word=is_word, reference=reference)
    terms = [t for t in terms if _wanted(t, options)]
    terms.sort(key=lambda term: (-term.score, -term.count, term.hanzi))
    chosen = [_explained(term, by_hanzi[term.hanzi], total=total, reference=reference)
              for term in terms[:options.top or default_top(characters)]]
    for word in options.include:
        if word not in {term.hanzi for term in chosen}:
            found = by_hanzi.get(word)
            chosen.append(Term(word, found.count if found else 0, 0.0, ("included by request",), "term",
                               found.in_files if found else 0, found.forms if found else ()))
    return chosen


def _left_out(candidate: Candidate, *, options: VocabOptions, reference: ModernReference, segmenter: Segmenter,
              is_word) -> bool:
    """Names, numbers, time words and function words (as configured), and one-character words seen rarely."""
    word, tag = candidate.hanzi, candidate.pos
    if len(word) == 1 and (candidate.count < SINGLE_CHARACTER_MIN_COUNT or tag != "n"):
        return True
    filters = options.filters
    if PARTICLE.search(word) and not is_word(word) and candidate.evidence == {"word"}:
        return True
    if word[-1] in "着了过" and len(word) > 2 and is_word(word[:-1]):  # 闪烁着 is 闪烁 with an aspect particle
        return True
    if "function" in filters and tag in FUNCTION_TAGS:
        return True
    if "time" in filters and tag in TIME_TAGS:
        return True
    if "numbers" in filters and (tag in NUMBER_TAGS or (NUMBER_LIKE.search(word)
                                                        and word not in reference.dictionary)):
        return True
    return "names" in filters and _is_name(candidate, reference=reference, segmenter=segmenter)


def _is_name(candidate: Candidate, *, reference: ModernReference, segmenter: Segmenter) -> bool:
    word = candidate.hanzi
    if reference.is_place_or_person(word) or ADMINISTRATIVE.match(word):
        return True
    if candidate.pos in NAME_TAGS - {"nt"} and not reference.is_common_word(word):
        return True
    if candidate.pos in NAME_TAGS:  # an organisation named after a place: 中共云南省委
        return any(_names(word[i:j], reference=reference, segmenter=segmenter)
                   for i in range(len(word)) for j in range(i + 2, len(word) + 1) if (i, j) != (0, len(word)))
    if (not candidate.pos or len(word) >= 4) and word not in reference.dictionary:  # 英国首相, 云南省委
        return any(_names(part, reference=reference, segmenter=segmenter) for part in segmenter.parts(word))
    return False


def _names(part: str, *, reference: ModernReference, segmenter: Segmenter) -> bool:
    """A place or person by CC-CEDICT's gloss, or by jieba's dictionary tag when CC-CEDICT only has it
    capitalised (英国 "Britain")."""
    return reference.is_place_or_person(part) or (
        segmenter.dictionary_tag(part) in NAME_TAGS - {"nt"} and not reference.is_common_word(part))


def _score(candidate: Candidate, *, total: int, reference: ModernReference, explain: bool = False) -> Term:
    """The candidate's term with its score; with its reasons only when `explain` (every candidate is scored,
    tens of thousands of them on a large corpus, and only the few chosen are shown: their reasons took 9.7 MB
    of 1,000 varied articles' 42,000 terms)."""
    reasons: list[str] = []
    # a reason is written out only when explaining: `say(text, *values)` is text.format(*values)
    say = (lambda text, *values: reasons.append(text.format(*values))) if explain else _say_nothing
    word = candidate.hanzi
    in_articles = candidate.count / total * 1e6
    modern = reference.per_million(word)
    keyness = math.log2((in_articles + SMOOTHING_PER_MILLION) / (modern + SMOOTHING_PER_MILLION))
    score = keyness
    evidence = candidate.evidence
    if "quoted enumeration" in evidence:
        score += BONUS["quoted enumeration"]
        say("quoted enumeration (“、” between its parts)")
    elif "quoted" in evidence:
        score += BONUS["quoted"]
        say("quoted slogan" if len(word) >= 3 else "quoted term")
    if "frame" in evidence:
        score += BONUS["frame"]
        say("parallel four-character frame")
    if "enumeration" in evidence:
        score += BONUS["enumeration"]
        say("item of a parallel enumeration (、)")
    if "split word" in evidence:
        score += BONUS["split word"]
        say("dictionary word that the segmenter split")
    if "collocation" in evidence:
        say("recurring collocation ({} times)", candidate.count)
    say("keyness {:.1f} against modern Chinese ({:.1f} per million in wordfreq)", keyness, modern)
    word_class = _word_class(candidate, reference)
    if word_class in NOT_NOMINAL:
        score -= NOT_NOMINAL[word_class]
        say("ranked lower as a verb or adjective")
    if _free_phrase(word, reference):
        score -= FREE_PHRASE_PENALTY
        say("ranked lower as a free phrase of common words")
    idiom = reference.is_idiom(word) or (candidate.pos == "i" and len(word) == 4 and word in reference.dictionary)
    if idiom:
        score += BONUS["idiom"]
        say("idiom (CC-CEDICT)")
    glosses = reference.period_glosses(word)
    if glosses:
        score += BONUS["period gloss"]
        say("CC-CEDICT: {}", _short(glosses[0]))
    else:
        family = _period_family(word, reference)
        if family:
            score += BONUS["period family"]
            say("CC-CEDICT: {}, {}", family[0], _short(family[1]))
    if candidate.in_files > 1:
        score += math.log2(candidate.in_files)
        say("in {} articles", candidate.in_files)
    kind = "idiom" if idiom else "slogan" if evidence & {"quoted enumeration", "frame", "enumeration"} or (
        "quoted" in evidence and len(word) >= 3) else "term"
    return Term(word, candidate.count, round(score, 3), tuple(reasons), kind, candidate.in_files, candidate.forms)


def _say_nothing(text: str, *values) -> None:
    pass


def _explained(term: Term, candidate: Candidate, *, total: int, reference: ModernReference) -> Term:
    """The chosen term with the reasons for its score, before those it was given as a fragment."""
    reasons = _score(candidate, total=total, reference=reference, explain=True).reasons
    return replace(term, reasons=reasons + term.reasons)


def _word_class(candidate: Candidate, reference: ModernReference) -> str:
    """"v" when CC-CEDICT's first sense of the word is a verb ("to ..."), "n" for its other words; a phrase
    that CC-CEDICT lacks is a verb phrase when it begins with a verb or an adverb ("vigorously": 大力推广,
    打下基础); else jieba's tag (which often errs on words out of context: 基建/a, 卫星/nr)."""
    word = candidate.hanzi
    entries = [e for e in reference.dictionary.lookup(word) if not e.is_proper_name]
    if entries:
        return "v" if entries[0].senses[0].startswith("to ") else "n"
    if len(word) >= 4 and candidate.pos:
        first = [e for e in reference.dictionary.lookup(word[:2]) if not e.is_proper_name]
        sense = first[0].senses[0] if first else ""
        return "v" if sense.startswith("to ") or sense.endswith("ly") else "n"
    return candidate.pos


def _free_phrase(word: str, reference: ModernReference) -> bool:
    """Two common words side by side that CC-CEDICT does not list as a whole (迫切需要, 上述情况): their
    rarity in modern Chinese says little about the period."""
    if len(word) != 4 or word in reference.dictionary:
        return False
    return all(reference.per_million(half) >= COMMON_PER_MILLION and reference.is_common_word(half)
               for half in (word[:2], word[2:]))


def _period_family(word: str, reference: ModernReference) -> tuple[str, str] | None:
    """A longer CC-CEDICT headword with a period marker that holds the word (卫星 in 放卫星)."""
    if len(word) < 2:
        return None
    for headword, gloss in reference.great_leap_headwords.items():
        if word in headword and len(headword) == len(word) + 1:
            return headword, gloss
    return None


def _short(gloss: str) -> str:
    return gloss if len(gloss) <= 80 else gloss[:77].rstrip() + "..."


def _rank_fragments(scored: dict[str, Term], candidates: dict[str, Candidate], *, is_word,
                    reference: ModernReference) -> list[Term]:
    """Fragments that never stand alone are kept, below their best parent, when they are words in their own
    right and the parent is made of whole words (a run, an enumeration item); they are dropped when the parent
    is a frame or a quotation (钢铜 and 并举 of “钢铜并举”, 重洋 of 重洋轻土) unless CC-CEDICT marks them."""
    kept = []
    for word, term in scored.items():
        candidate = candidates[word]
        parents = sorted((scored[p] for p in candidate.parents if p in scored), key=lambda t: (-t.score, t.hanzi))
        if candidate.standalone or not parents:
            if candidate.standalone or not candidate.crossed:  # cut across by a split word: jieba erred
                kept.append(term)
            continue
        of_words = any(candidates[p.hanzi].evidence <= WHOLE_WORD_EVIDENCE for p in parents)
        if is_word(word) and (of_words or reference.period_glosses(word)):
            kept.append(Term(term.hanzi, term.count, round(min(term.score, parents[0].score - 0.01), 3),
                             (*term.reasons, f"part of {parents[0].hanzi}"), term.kind, term.in_files, term.forms))
    return kept


def _wanted(term: Term, options: VocabOptions) -> bool:
    if term.count < options.min_count or term.hanzi in options.exclude or term.hanzi in options.known:
        return False
    return options.hsk_max is None or not _at_or_below(term.hanzi, options.hsk_max)


def _at_or_below(word: str, level: int) -> bool:
    from .levels import hsk_level

    found = hsk_level(word)
    return found is not None and found <= level
