"""Aligns the Chinese sentences of an article with the English sentences that translate them.

Dynamic programming over beads (1-1, 1-2, 2-1, 2-2, 1-0, 0-1, and 1-3, 3-1 for clause pieces) whose cost
adds three things, all in nats:

- a Gale-Church length cost: English characters against Chinese characters, the ratio fitted per article;
- a prior for the bead's shape (a 1-0 bead is rarer than a 1-1 bead); joining a soft piece (a clause cut at
  ；or `:`) back to its sentence is free, and joining across a paragraph break costs extra;
- lexical anchors (see `anchors`): every content token on either side either finds a translation on the
  other side of the bead or not, and scores the log-likelihood ratio of that under "these sentences are
  translations" against "they are not". A token that matches half the article says little; a name or a
  number that matches one sentence says a lot.

The headline is aligned with the title parts; the body paragraph by paragraph when both halves have as many
paragraphs of matching lengths. When they do not, the paragraphs themselves are aligned first by the same
search (a paragraph split, merged or left out by the translator), then the sentences within each group;
when the paragraphs are too unlike for that (the English as one block), the whole body at once.
Every search keeps to a band around the diagonal that the texts' lengths draw. When only some units are
wanted (`Aligner.align_some`) and the body is aligned paragraph by paragraph, only their paragraphs are
searched.

Each pair's score is the logistic of its evidence margin (lexical evidence less length and shape costs);
pairs below `CONFIDENT_SCORE` are marked not confident and cards do not show their English.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from itertools import chain, pairwise

from .anchors import Anchors
from .corpus import Article
from .dictionary import Dictionary
from .segment import Segmenter, Token
from .sentences import Piece, chinese_pieces, english_pieces, split_english_dateline

# English characters per Chinese character: fitted per article from its totals, but kept within the range
# translations show, so that a long passage left out does not skew it (the seeds: 4.3 and 4.9).
CHARS_PER_HANZI = 4.6
RATIO_RANGE = (3.0, 6.5)
# Variance of English characters per Chinese character (Gale-Church's s²; fitted on the seed beads).
VARIANCE = 6.0
# -log prior of each bead shape over a plain 1-1 bead.
BEAD_PENALTY = {(1, 1): 0.0, (1, 2): 2.3, (2, 1): 2.3, (2, 2): 4.6, (1, 0): 5.0, (0, 1): 5.0,
                (1, 3): 5.0, (3, 1): 5.0}
MOST_UNITS_JOINED = max(zh for zh, _ in BEAD_PENALTY)  # Chinese units in one bead
# (di, dj, penalty, cost and margin when fixed): a 1-0 or 0-1 bead costs its shape alone, wherever it is
_SHAPES = tuple((di, dj, penalty, (penalty, -penalty) if di == 0 or dj == 0 else None)
                for (di, dj), penalty in BEAD_PENALTY.items())
SOFT_JOIN_REFUND = 2.3  # joining a clause piece back to its sentence costs what a 1-1 bead costs
PARAGRAPH_CROSSING = 4.0  # a bead that joins units across a paragraph break
# P(a content token finds its translation in the sentence aligned with it), and the floor of P(it finds one
# in an unrelated sentence) below which a match counts no more.
P_ALIGNED = 0.6
P_RANDOM_FLOOR = 0.02
PRIOR_P_RANDOM, PRIOR_WEIGHT = 0.1, 4.0
# Beads of several units are not scored when their shape and length costs alone pass this (a correct
# bead's length cost is rarely above 2).
MAX_PRIOR_COST = 10.0
# The search keeps to a band around the diagonal drawn by the texts' lengths: as a share of the block, at
# least BAND_MIN units either side for the whole body and PARAGRAPH_BAND within a paragraph.
BAND = 0.1
BAND_MIN = 5
PARAGRAPH_BAND = 3
# A pair is confident when its lexical evidence outweighs its length and shape costs by this margin.
CONFIDENT_SCORE = 0.5
_SCORE_SCALE = 3.0


@dataclass(frozen=True)
class Pair:
    """One Chinese unit and the English that translates it (empty when the translator left it out).

    `score` is the confidence in the English (0-1); `confident` is False when cards should not show it.
    The first pair of the body carries the datelines (新华社昆明10日电 / "Xinhua News Agency, Kunming,
    10th—") apart from its text; `tokens` are the segmented words of `zh` when the aligner segmented them, and
    `starts` where each Chinese unit it joins (see `chinese_units`) starts in `zh`."""

    zh: str
    en: str
    score: float
    paragraph: int
    confident: bool
    zh_dateline: str = ""
    en_dateline: str = ""
    tokens: tuple[Token, ...] = field(default=(), compare=False, repr=False)
    starts: tuple[int, ...] = field(default=(0,), compare=False, repr=False)

    @property
    def source_zh(self) -> str:
        """The Chinese as printed, dateline included."""
        return f"{self.zh_dateline}\u3000{self.zh}" if self.zh_dateline else self.zh

    @property
    def source_en(self) -> str:
        """The English as printed, dateline included."""
        if not self.en_dateline:
            return self.en
        joiner = "" if self.en_dateline.endswith(("—", "-", "–")) or not self.en else " "
        return self.en_dateline + joiner + self.en


class Aligner:
    """Holds the segmenter, the dictionary and the anchor caches, so that many articles share them."""

    def __init__(self, *, segmenter: Segmenter | None = None, dictionary: Dictionary | None = None) -> None:
        self.segmenter = segmenter or Segmenter()
        self.anchors = Anchors(dictionary=dictionary or Dictionary())

    def align(self, article: Article, *,
              tokenize: Callable[[str], Sequence[Token]] | None = None) -> tuple[Pair, ...]:
        return tuple(pair for _, pair in _align(article, anchors=self.anchors,
                                                tokenize=tokenize or self.segmenter.tokens))

    def align_some(self, article: Article, wanted: Collection[int], *,
                   tokenize: Callable[[str], Sequence[Token]] | None = None) -> list[tuple[int, Pair]]:
        """The pairs that hold the Chinese units `wanted` (their numbers in `chinese_units`), each with the
        number of its first unit: the pairs of their paragraphs, the same as `align` gives, when the body is
        aligned paragraph by paragraph; every pair when it is not."""
        return _align(article, anchors=self.anchors, tokenize=tokenize or self.segmenter.tokens, wanted=wanted)


def align_article(article: Article, *, aligner: Aligner | None = None, segmenter: Segmenter | None = None,
                  dictionary: Dictionary | None = None) -> tuple[Pair, ...]:
    """One `Pair` per Chinese unit of the article, in reading order.

    Pass an `Aligner` (or the segmenter and dictionary already loaded) to reuse them across articles; each
    pair's `tokens` are then the segmented words of its Chinese, so callers need not segment again."""
    aligner = aligner or Aligner(segmenter=segmenter, dictionary=dictionary)
    return aligner.align(article)


@dataclass
class _Unit:
    text: str
    paragraph: int
    soft: bool
    number: int = -1  # a Chinese unit's place in `chinese_units`
    tokens: tuple[Token, ...] = ()
    keys: list[frozenset[str]] = field(default_factory=list)  # once weighed: ordered by chance class
    classes: list[list[frozenset[str]]] = field(default_factory=list)  # key sets by chance class (`_P_LEVELS`)
    union: frozenset[str] = frozenset()
    table: tuple = ()  # the gains of the key sets' classes (see `_table`)
    size: int = field(init=False)  # characters without blanks

    def __post_init__(self) -> None:
        self.size = len(self.text.replace(" ", "").replace("\u3000", ""))


def _units(pieces: Sequence[Piece], paragraph: int) -> list[_Unit]:
    return [_Unit(p.text, paragraph, p.soft) for p in pieces]


def chinese_units(article: Article) -> list[str]:
    """The Chinese units of the article in reading order (the headline parts, then the sentences and clause
    pieces of each paragraph): what `align_article` pairs, one or more to a `Pair`."""
    head, body = _chinese_units(article)
    return [unit.text for unit in chain(head, *body)]


def unit_joiners(headline: int, units: int) -> list[str | None]:
    """For each of an article's `units` Chinese units (`chinese_units`), the first `headline` of them its
    headline's parts, what joins it to the next one when a `Pair` holds them both (at most
    `MOST_UNITS_JOINED` do); None where no pair can (the headline is aligned apart from the body)."""
    head = min(headline, units)
    joiners: list[str | None] = [_joiner(0)] * head + [_joiner(1)] * (units - head)
    for last in (head - 1, units - 1):
        if last >= 0:
            joiners[last] = None
    return joiners


def _joiner(paragraph: int) -> str:
    return " " if paragraph == 0 else ""  # the headline parts, as printed apart


def _chinese_units(article: Article) -> tuple[list[_Unit], list[list[_Unit]]]:
    head = [_Unit(part, 0, False) for part in article.headline]
    return head, [_units(chinese_pieces(text), number) for number, text in enumerate(article.chinese, start=1)]


def _align(article: Article, *, anchors: Anchors, tokenize: Callable[[str], Sequence[Token]],
           wanted: Collection[int] | None = None) -> list[tuple[int, Pair]]:
    """The article's pairs, each with the number of its first Chinese unit; only those of the paragraphs
    that hold the `wanted` units when the body is aligned paragraph by paragraph (see `Aligner.align_some`)."""
    zh_head, zh_body = _chinese_units(article)
    en_head = [_Unit(part, 0, False) for part in article.english_title_parts]
    en_dateline, en_paragraphs = _english_body(article.english, dated=bool(article.dateline))
    en_body = [_units(english_pieces(text), number) for number, text in enumerate(en_paragraphs, start=1)]
    zh_all = zh_head + [u for p in zh_body for u in p]
    en_all = en_head + [u for p in en_body for u in p]
    for number, unit in enumerate(zh_all):
        unit.number = number
    ratio = sum(u.size for u in en_all) / max(1, sum(u.size for u in zh_all))
    ratio = min(max(ratio, RATIO_RANGE[0]), RATIO_RANGE[1]) if zh_all and en_all else CHARS_PER_HANZI
    by_paragraph = len(zh_body) == len(en_body) and _paragraphs_agree(zh_body, en_body, ratio)
    # Each paragraph's search is then its own: only the paragraphs of the wanted units are searched (the
    # chances of a match by accident are still counted over the whole body). 0 is the headline.
    paragraphs = None if wanted is None or not by_paragraph else {zh_all[number].paragraph for number in wanted}
    for unit in zh_all:
        unit.tokens = tuple(tokenize(unit.text))
        unit.keys = anchors.chinese_keys(unit.text, unit.tokens)
    for unit in en_all:
        unit.keys = anchors.english_keys(unit.text)
    # chance matches are counted within the headline and within the body: a headline is all topic words
    _weigh(zh_head, en_head, paragraphs=paragraphs)
    _weigh(zh_all[len(zh_head):], en_all[len(en_head):], paragraphs=paragraphs)

    beads: list[tuple[list[_Unit], list[_Unit], float]] = []
    datelines = {"zh_dateline": article.dateline, "en_dateline": en_dateline}  # with the body's first pair
    if paragraphs is None or 0 in paragraphs:
        beads += _best_beads(zh_head, en_head, ratio=ratio)
    if by_paragraph:
        for number, (zh_paragraph, en_paragraph) in enumerate(zip(zh_body, en_body), start=1):
            if paragraphs is None or number in paragraphs:
                beads += _best_beads(zh_paragraph, en_paragraph, ratio=ratio, band=PARAGRAPH_BAND)
        first_body = next((units[0].paragraph for units in zh_body if units), None)
        if paragraphs is not None and first_body not in paragraphs:
            datelines = {"zh_dateline": "", "en_dateline": ""}  # the body's first pair is not among these
    elif min(len(zh_body), len(en_body)) >= 2 and max(len(zh_body), len(en_body)) <= 1.5 * min(
            len(zh_body), len(en_body)):
        for zh_group, en_group in _paragraph_groups(zh_body, en_body, ratio):
            beads += _best_beads(zh_group, en_group, ratio=ratio, band=PARAGRAPH_BAND)
    else:  # paragraphs too unlike to be aligned as such (say, the English as one block): the whole body
        beads += _best_beads([u for p in zh_body for u in p], [u for p in en_body for u in p], ratio=ratio,
                             band=BAND_MIN)
    return list(_pairs(beads, **datelines))


def _paragraph_groups(zh: list[list[_Unit]], en: list[list[_Unit]], ratio: float):
    """When the paragraph counts differ: align the paragraphs first (a paragraph the translator split,
    merged or left out), then the sentences within each group of paragraphs."""
    members: dict[int, list[_Unit]] = {}
    halves = []
    for paragraphs in (zh, en):
        wholes = []
        for units in paragraphs:
            if units:
                wholes.append(_whole(units))
                members[id(wholes[-1])] = units
        halves.append(wholes)
    for zh_wholes, en_wholes, _ in _best_beads(halves[0], halves[1], ratio=ratio, band=BAND_MIN):
        yield ([u for whole in zh_wholes for u in members[id(whole)]],
               [u for whole in en_wholes for u in members[id(whole)]])


def _whole(units: list[_Unit]) -> _Unit:
    """A paragraph as one unit: its text, and all its tokens' keys."""
    whole = _Unit(" ".join(u.text for u in units), units[0].paragraph, False)
    _set_classes(whole, [[key_set for unit in units for key_set in unit.classes[level]]
                         for level in range(len(_P_LEVELS))])
    return whole


def _english_body(paragraphs: Sequence[str], *, dated: bool) -> tuple[str, list[str]]:
    """The English dateline, apart, and the body paragraphs without it (only looked for when the Chinese
    has one: an opening such as "In 1958, output rose by 25:" is not a dateline)."""
    if not paragraphs or not dated:
        return "", list(paragraphs)
    dateline, rest = split_english_dateline(paragraphs[0])
    return dateline, ([rest] if rest else []) + list(paragraphs[1:])


def _weigh(zh: list[_Unit], en: list[_Unit], *, paragraphs: Collection[int] | None = None) -> None:
    """Keep only keys the other half can match, and give each token its chance of a match by accident
    (counted over all the units; given only to those of `paragraphs`, when named)."""
    en_frequency = Counter(chain.from_iterable(_union(unit.keys) for unit in en))
    zh_kept = _kept(zh, frozenset(en_frequency))
    zh_frequency = Counter(chain.from_iterable(_union(kept) for kept in zh_kept))
    levels = _chance_levels(len(en))
    for unit, kept in zip(zh, zh_kept):
        if paragraphs is None or unit.paragraph in paragraphs:
            _set_chances(unit, kept, en_frequency, levels)
    levels = _chance_levels(len(zh))
    if paragraphs is not None:
        en = [unit for unit in en if unit.paragraph in paragraphs]
    for unit, kept in zip(en, _kept(en, frozenset(zh_frequency))):
        _set_chances(unit, kept, zh_frequency, levels)


def _kept(units: list[_Unit], vocabulary: frozenset[str]) -> list[list[frozenset[str]]]:
    """Each unit's key sets cut down to the keys in `vocabulary`, empty ones left out. A word's key set is one
    object wherever the word stands, and an article repeats its words: each is cut once."""
    memo: dict[frozenset[str], frozenset[str]] = {}
    out = []
    for unit in units:
        kept = []
        for key_set in unit.keys:
            cut = memo.get(key_set)
            if cut is None:
                cut = memo[key_set] = key_set & vocabulary
            if cut:
                kept.append(cut)
        out.append(kept)
    return out


def _chance_levels(units: int) -> list[int]:
    """The chance class of a key set by how many of the `units` of the other half match it (the one it
    translates included); a count past the end matches nearly everywhere and tells nothing."""
    # matches in the other units but the one it translates, smoothed towards a prior for short texts
    prior, scale = PRIOR_WEIGHT * PRIOR_P_RANDOM, 1 / (max(0, units - 1) + PRIOR_WEIGHT)
    levels = []
    for count in itertools.count():
        p_random = max(P_RANDOM_FLOOR, (max(0, count - 1) + prior) * scale)
        if p_random >= P_ALIGNED:
            return levels
        levels.append(bisect.bisect(_P_BOUNDS, p_random))
    raise AssertionError  # unreachable: p_random grows with the count


def _set_chances(unit: _Unit, keys: list[frozenset[str]], document_frequency: Counter, levels: list[int]) -> None:
    classes: list[list[frozenset[str]]] = [[] for _ in _P_LEVELS]
    frequency, limit = document_frequency.__getitem__, len(levels)
    for key_set in keys:
        count = sum(map(frequency, key_set))
        if count < limit:
            classes[levels[count]].append(key_set)
    _set_classes(unit, classes)


def _set_classes(unit: _Unit, classes: list[list[frozenset[str]]]) -> None:
    unit.classes = classes
    unit.keys = [key_set for group in classes for key_set in group]
    unit.union = _union(unit.keys)
    unit.table = _table(classes)


def _union(keys: list[frozenset[str]]) -> frozenset[str]:
    return frozenset().union(*keys) if keys else frozenset()


def _paragraphs_agree(zh: list[list[_Unit]], en: list[list[_Unit]], ratio: float) -> bool:
    # Paragraph counts can agree by chance (one paragraph split, another merged): check the lengths too.
    for zh_paragraph, en_paragraph in zip(zh, en):
        zh_size = sum(u.size for u in zh_paragraph)
        en_size = sum(u.size for u in en_paragraph)
        if not 0.5 < en_size / max(1.0, zh_size * ratio) < 2.0:
            return False
    return True


# Tokens are scored in classes of P(chance match), so that a bead's evidence is a few bit counts.
_P_LEVELS = (0.02, 0.04, 0.08, 0.16, 0.32, 0.5)
_P_BOUNDS = tuple(math.sqrt(a * b) for a, b in pairwise(_P_LEVELS))  # geometric midpoints
_MAX_WIDTH = 3


class _Scorer:
    """Bead costs for one block of units. Each unit's tokens are ordered by chance-match class, so the
    tokens matched against some units are one integer mask and a bead's evidence is a few bit counts."""

    def __init__(self, zh: list[_Unit], en: list[_Unit], ratio: float, band: int) -> None:
        self.zh, self.en, self.ratio = zh, en, ratio
        self._zh_sizes = _prefix([u.size for u in zh])
        self._en_sizes = _prefix([u.size for u in en])
        # the English units j (first, last) a bead may start at after Chinese unit i: a band around the
        # diagonal the lengths draw, or everything
        rows, cols = len(zh), len(en)
        centres = _diagonal(self._zh_sizes, self._en_sizes) if band else [0] * (rows + 1)
        width = max(band, int(BAND * max(rows, cols))) if band else rows + cols
        self.spans = [(max(0, centre - width), min(cols, centre + width)) for centre in centres]
        self._zh_joins = _joins(zh)
        self._en_joins = _joins(en)
        self._zh_tables = [u.table for u in zh]
        self._en_tables = [u.table for u in en]
        zh_windows, en_windows = _windows(self.spans, rows, cols)
        self._zh_masks = _masks(zh, en, zh_windows)
        self._en_masks = _masks(en, zh, en_windows)
        self._memo: dict[tuple[int, int, int], float] = {}

    def lexical(self, i: int, di: int, j: int, dj: int) -> float:
        """Log-likelihood ratio of the tokens of units i..i+di and j..j+dj (higher: more alike)."""
        total = 0.0
        memo = self._memo
        for a in range(i, i + di):
            row = self._zh_masks[a]
            mask = row[j]
            for b in range(j + 1, j + dj):
                mask |= row[b]
            if not mask:  # no token matched: the evidence is the table's base
                total += self._zh_tables[a][1][dj]
                continue
            key = (a, mask, dj)
            value = memo.get(key)
            if value is None:
                value = memo[key] = _evidence(self._zh_tables[a], mask, dj)
            total += value
        for b in range(j, j + dj):
            row = self._en_masks[b]
            mask = row[i]
            for a in range(i + 1, i + di):
                mask |= row[a]
            if not mask:
                total += self._en_tables[b][1][di]
                continue
            key = (-1 - b, mask, di)
            value = memo.get(key)
            if value is None:
                value = memo[key] = _evidence(self._en_tables[b], mask, di)
            total += value
        return total

    def bead(self, i: int, di: int, j: int, dj: int, penalty: float) -> tuple[float, float] | None:
        """(cost, evidence margin) of a bead: its shape and length costs against its lexical evidence;
        None for a bead of several units whose lengths alone rule it out."""
        shape = penalty + self._zh_joins[i][di] + self._en_joins[j][dj]
        shape = max(0.0, shape)
        if di == 0 or dj == 0:
            return shape, -shape
        zh_size = self._zh_sizes[i + di] - self._zh_sizes[i]
        en_size = self._en_sizes[j + dj] - self._en_sizes[j]
        delta = (en_size - zh_size * self.ratio) / math.sqrt(max(1, zh_size) * self.ratio * VARIANCE)
        length = delta * delta / 2
        if length + shape > MAX_PRIOR_COST and di + dj > 2:
            return None
        lexical = self.lexical(i, di, j, dj)
        return shape + length - lexical, lexical - length - shape


def _windows(spans: list[tuple[int, int]], rows: int, cols: int) -> tuple[list[int], list[int]]:
    """For each unit, the units of the other half that it can share a bead with in the band, as bit masks."""
    zh_windows, en_windows = [0] * rows, [0] * cols
    for i, (first, last) in enumerate(spans):
        end = min(cols, last + _MAX_WIDTH)
        zh_bits = ((1 << (min(rows, i + _MAX_WIDTH) - i)) - 1) << i
        en_bits = ((1 << max(0, end - first)) - 1) << first
        for a in range(i, min(rows, i + _MAX_WIDTH)):
            zh_windows[a] |= en_bits
        for b in range(first, end):
            en_windows[b] |= zh_bits
    return zh_windows, en_windows


def _masks(units: list[_Unit], others: list[_Unit], windows: list[int]) -> list[list[int]]:
    """For each unit, which of its tokens each unit of the other half matches, as a bit mask per other unit
    (only for the units its window holds: no bead in the band reads the others). Built through an index of
    the other half's keys, so that unrelated pairs cost nothing."""
    index: dict[str, int] = {}  # key -> bit mask of the other units that hold it
    for position, other in enumerate(others):
        for key in other.union:
            index[key] = index.get(key, 0) | 1 << position
    vocabulary = frozenset(index)
    out = []
    for unit, window in zip(units, windows):
        row = [0] * len(others)
        matched = unit.union & vocabulary
        if matched:
            tokens_by_hits: dict[int, int] = {}  # many tokens match the same units (a paragraph's topic)
            for bit, key_set in enumerate(unit.keys):
                if key_set.isdisjoint(matched):
                    continue
                hits = 0
                for key in key_set & matched:
                    hits |= index[key]
                hits &= window
                tokens_by_hits[hits] = tokens_by_hits.get(hits, 0) | 1 << bit
            for hits, tokens in tokens_by_hits.items():
                while hits:
                    lowest = hits & -hits
                    row[lowest.bit_length() - 1] |= tokens
                    hits ^= lowest
        out.append(row)
    return out


def _prefix(values: list[int]) -> list[int]:
    out = [0]
    for value in values:
        out.append(out[-1] + value)
    return out


def _join_cost(units: list[_Unit], k: int) -> float:
    """What joining unit k to unit k-1 in one bead adds to the bead's shape cost."""
    if k == 0:
        return 0.0
    if units[k].paragraph != units[k - 1].paragraph:
        return PARAGRAPH_CROSSING
    return -SOFT_JOIN_REFUND if units[k].soft else 0.0


def _joins(units: list[_Unit]) -> list[tuple[float, ...]]:
    """For each unit i, what joining the next d-1 units to it adds, by d (0 to `_MAX_WIDTH`)."""
    costs = [_join_cost(units, k) for k in range(len(units))] + [0.0] * 3
    return [(0.0, 0.0, costs[i + 1], costs[i + 1] + costs[i + 2]) for i in range(len(units) + 1)]


def _level_gains(level: int) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """(hit gain less miss gain, miss gain) per bead width for a token of chance class `level`."""
    gains, misses = [0.0], [0.0]
    for width in range(1, _MAX_WIDTH + 1):
        # against `width` units at once a chance match is `width` times as likely, so it proves less
        p_random = min(0.95, _P_LEVELS[level] * width)
        hit, miss = math.log(P_ALIGNED / p_random), math.log((1 - P_ALIGNED) / (1 - p_random))
        gains.append(hit - miss)
        misses.append(miss)
    return tuple(gains), tuple(misses)


_LEVEL_GAINS = tuple(_level_gains(level) for level in range(len(_P_LEVELS)))


def _table(classes: list[list[frozenset[str]]]):
    """([(shift, field mask, gain per width)], base per width) of a unit's key sets grouped by class: the
    key sets of a class are one bit field of a match mask."""
    fields = []
    base = [0.0] * (_MAX_WIDTH + 1)
    shift = 0
    for level, group in enumerate(classes):
        if not group:
            continue
        count = len(group)
        gains, misses = _LEVEL_GAINS[level]
        for width in range(1, _MAX_WIDTH + 1):
            base[width] += count * misses[width]
        fields.append((shift, (1 << count) - 1, gains))
        shift += count
    return fields, base


def _evidence(table, mask: int, width: int) -> float:
    fields, base = table
    total = base[width]
    for shift, field_mask, gains in fields:
        total += ((mask >> shift) & field_mask).bit_count() * gains[width]
    return total


def _best_beads(zh: list[_Unit], en: list[_Unit], *, ratio: float, band: int = 0):
    """Least-cost sequence of beads as (zh units, en units, evidence margin)."""
    rows, cols = len(zh), len(en)
    if not rows:
        return []
    if not cols:
        return [([unit], [], -BEAD_PENALTY[(1, 0)]) for unit in zh]
    scorer = _Scorer(zh, en, ratio, band)
    cost = [[math.inf] * (cols + 1) for _ in range(rows + 1)]
    cost[0][0] = 0.0
    back: list[list[tuple[int, int, float] | None]] = [[None] * (cols + 1) for _ in range(rows + 1)]
    for i, (first, last) in enumerate(scorer.spans):
        for j in range(first, last + 1):
            here = cost[i][j]
            if here == math.inf:
                continue  # not reached
            for di, dj, penalty, fixed in _SHAPES:
                ni, nj = i + di, j + dj
                if ni > rows or nj > cols:
                    continue
                bead = fixed or scorer.bead(i, di, j, dj, penalty)
                if bead is None:
                    continue
                total = here + bead[0]
                if total < cost[ni][nj]:
                    cost[ni][nj] = total
                    back[ni][nj] = (di, dj, bead[1])
    if cost[rows][cols] == math.inf:  # the band missed the corner: search the whole block
        return _best_beads(zh, en, ratio=ratio)
    beads = []
    i, j = rows, cols
    while i or j:
        di, dj, margin = back[i][j]
        beads.append((zh[i - di:i], en[j - dj:j], margin))
        i, j = i - di, j - dj
    return list(reversed(beads))


def _diagonal(zh_sizes: list[int], en_sizes: list[int]) -> list[int]:
    """For each Chinese unit boundary, the English boundary at the same share of the text."""
    centres, j = [], 0
    for size in zh_sizes:
        share = size / max(1, zh_sizes[-1])
        while j < len(en_sizes) - 1 and en_sizes[j + 1] / max(1, en_sizes[-1]) <= share:
            j += 1
        centres.append(j)
    return centres


def _pairs(beads, *, zh_dateline: str, en_dateline: str):
    dated = False
    for zh_units, en_units, margin in beads:
        if not zh_units:
            continue  # English the Chinese does not have: no Chinese unit to attach it to
        english = " ".join(u.text for u in en_units)
        score = 1 / (1 + math.exp(-margin / _SCORE_SCALE)) if english else 0.0
        paragraph = zh_units[0].paragraph
        joiner = _joiner(paragraph)
        datelines = {}
        if paragraph > 0 and not dated:
            datelines = {"zh_dateline": zh_dateline, "en_dateline": en_dateline}
            dated = True
        starts = tuple(itertools.accumulate((len(u.text) + len(joiner) for u in zh_units[:-1]), initial=0))
        pair = Pair(zh=joiner.join(u.text for u in zh_units), en=english, score=round(score, 3),
                    paragraph=paragraph, confident=bool(english) and score >= CONFIDENT_SCORE,
                    tokens=tuple(chain.from_iterable(u.tokens for u in zh_units)), starts=starts, **datelines)
        yield zh_units[0].number, pair
