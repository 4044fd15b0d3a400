"""Word segmentation with the project's own jieba tokenizer (never jieba's global one)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from math import inf, log
from pathlib import Path

from .cache import cached, entry_for, file_key

# Distinct out-of-dictionary stretches remembered by the tagger before it starts afresh (bounds memory).
MEMO_LIMIT = 200_000
# jieba's dictionary is kept as one dict, word or prefix -> count << TAG_BITS | the number of the word's tag
# (a prefix that is no word: 0). Its tags as a dict of their own took about a third of the time the cache
# takes to load (a third of a million strings hashed and inserted again), on every run.
TAG_BITS = 8
TAG_MASK = (1 << TAG_BITS) - 1


@dataclass(frozen=True, slots=True)
class Token:
    """A segmented word and its part-of-speech tag (jieba's ICTCLAS-style tags: n, v, nr, ns, m ...)."""

    word: str
    pos: str

    def __reduce__(self):
        # Tokens cross from the reading workers by the tens of thousands. Rebuilt by `interned_token`, they
        # load in a third of the time that the __setstate__ dataclasses give frozen slotted classes takes,
        # and the main process keeps one object per word and tag whichever worker segmented it.
        return interned_token, (self.word, self.pos)


# One Token object per distinct (word, tag) in this process, made by any segmenter or sent by any worker: an
# archive repeats its words, so its tokens stay small. 3,000 articles of varied words (jieba's dictionary's)
# read by two workers peaked at 644 MB with a copy of each token per task, 535 MB with one per process.
_TOKENS: dict[tuple[str, str], Token] = {}
# Past this many, the table starts again: the tokens in use live on, and only those made afterwards are shared
# anew. An archive of varied words has a token for most of jieba's dictionary (80,000, 11 MB, in 3,000 articles).
TOKENS_KEPT = 50_000


def interned_token(word: str, pos: str) -> Token:
    """The process's Token of the word and tag."""
    key = (word, pos)
    token = _TOKENS.get(key)
    if token is None:
        token = _new_token(key)
    return token


def _new_token(key: tuple[str, str]) -> Token:
    if len(_TOKENS) >= TOKENS_KEPT:
        _TOKENS.clear()
    token = _TOKENS[key] = Token(*key)
    return token


def interned_tokens(words: Sequence[str], tags: Sequence[str]) -> list[Token]:
    """The process's Tokens of the words and their tags (`interned_token` of each, looked up at once)."""
    found = list(map(_TOKENS.get, zip(words, tags)))
    if not all(found):  # a Token is true; `None in` would compare each one
        found = [token or interned_token(word, pos) for token, word, pos in zip(found, words, tags)]
    return found


class Segmenter:
    """Wraps one `jieba.Tokenizer`; the dictionary loads on first use, its cache in the user's cache folder."""

    def __init__(self, *, cache_dir: Path | None = None) -> None:
        self._cache_dir = cache_dir

    def __getstate__(self) -> dict:
        # A worker process gets the settings, not the loaded dictionaries: it loads its own from the cache.
        return {"_cache_dir": self._cache_dir}

    @cached_property
    def tokenizer(self):
        jieba = import_jieba()

        # jieba's own initialize() reads its cache through marshal.load on a file object, which costs three
        # times what marshal.loads of the same bytes does; the prefix dictionary comes from our cache instead.
        tokenizer = jieba.Tokenizer()
        entries, tokenizer.total, _ = self._dictionary
        tokenizer.FREQ = _Counts(entries)
        tokenizer.initialized = True
        return tokenizer

    @cached_property
    def _dictionary(self) -> tuple[dict[str, int], int, tuple[str, ...]]:
        """jieba's dictionary as one cache entry: its words and their prefixes, each with its count and tag
        number folded into one int (see `TAG_BITS`), the total of the counts, and the tags by number."""
        import logging

        jieba = import_jieba()
        jieba.setLogLevel(logging.WARNING)  # jieba logs to stderr otherwise
        with jieba.Tokenizer().get_dict_file() as file:
            dictionary = Path(file.name)
        # one entry per installed dictionary file, as for CC-CEDICT: another environment's does not push it out
        return cached(entry_for("jieba-dictionary", dictionary),
                      key=f"jieba {jieba.__version__} {file_key(dictionary)} tagged counts",
                      build=lambda: _read_dictionary(dictionary), folder=self._cache_dir)

    @cached_property
    def _pos_tokenizer(self):
        entries, total, tags = self._dictionary
        return _PosCutter(entries, total, tags)

    def tokens(self, text: str) -> list[Token]:
        """Words of a text with POS tags, in order; concatenated they give the text back."""
        interned = _TOKENS  # `interned_token`, written out: a call for every token would cost more
        out = []
        for key in self._pos_tokenizer.cut(text):
            token = interned.get(key)
            if token is None:
                token = _new_token(key)
            out.append(token)
        return out

    def parts(self, word: str) -> list[str]:
        """The shorter dictionary words inside a word (jieba's search mode): 英国首相 -> 英国, 首相."""
        return [part for part in self.tokenizer.lcut_for_search(word) if part != word]

    def dictionary_tag(self, word: str) -> str:
        """jieba's dictionary tag of a word out of context ("ns" for 英国), "" when it is not listed."""
        entries, _, tags = self._dictionary
        tag = entries.get(word, 0) & TAG_MASK
        return tags[tag] if tag else ""

    def frequency(self, word: str) -> int:
        """The count of a word in jieba's dictionary (0 when it is not listed)."""
        return self._dictionary[0].get(word, 0) >> TAG_BITS

    @property
    def total(self) -> int:
        return self.tokenizer.total


def import_jieba():
    """jieba, imported without pkg_resources: jieba imports it only to open its own data files, falls back
    to their path when it is missing, and importing it costs 65 ms of every run (a fifth of loading jieba)."""
    import sys

    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    refusal = _RefusePkgResources()
    sys.meta_path.insert(0, refusal)
    try:
        import jieba
    finally:
        sys.meta_path.remove(refusal)
    return jieba


class _RefusePkgResources:
    """An import finder that makes `import pkg_resources` fail in the thread that made it, and only there:
    another thread of the program that imports it meanwhile gets it as usual."""

    def __init__(self) -> None:
        import threading

        self._thread = threading.get_ident()

    def find_spec(self, name, path=None, target=None):  # any other module: None, the usual finders
        import threading

        if name == "pkg_resources" and threading.get_ident() == self._thread:
            raise ModuleNotFoundError("left out by flashcards: jieba does without it", name=name)


def _read_dictionary(dictionary: Path) -> tuple[dict[str, int], int, tuple[str, ...]]:
    """(entries, total, tags by number) of jieba's dictionary file (lines "word count tag"): jieba's prefix
    dictionary (word -> count, prefix -> 0) with each word's tag folded into its entry."""
    jieba = import_jieba()

    with open(dictionary, "rb") as file:
        counts, total = jieba.Tokenizer.gen_pfdict(file)
    tags: dict[str, int] = {"": 0}  # tag -> number; 0: no tag
    entries = {word: count << TAG_BITS for word, count in counts.items()}
    with open(dictionary, encoding="utf-8") as lines:
        for line in lines:
            parts = line.split()
            if len(parts) == 3:
                number = tags.setdefault(parts[2], len(tags))
                if number > TAG_MASK:
                    raise ValueError(f"{dictionary}: more than {TAG_MASK} part-of-speech tags")
                entries[parts[0]] = entries[parts[0]] & ~TAG_MASK | number
    return entries, total, tuple(tags)


class _Counts:
    """jieba's prefix dictionary (word -> count, prefix -> 0) read off the entries, for jieba's own cutting
    (`Segmenter.parts`): what jieba.Tokenizer asks of its FREQ."""

    def __init__(self, entries: dict[str, int]) -> None:
        self._entries = entries

    def __contains__(self, word: str) -> bool:
        return word in self._entries

    def __getitem__(self, word: str) -> int:
        return self._entries[word] >> TAG_BITS

    def get(self, word: str, default: int | None = None) -> int | None:
        entry = self._entries.get(word)
        return default if entry is None else entry >> TAG_BITS


# jieba's POS tagging (jieba.posseg, 0.42), in our own code for two reasons: importing jieba.posseg builds
# jieba's global tagger, which reads the whole dictionary file again (half a second on every run); and the
# HMM tagger (a Viterbi search over some 250 states a character), most of the cost, only runs on stretches
# of characters that are not dictionary words, which an archive repeats (names, rare terms), so each distinct
# stretch is tagged once. The output is exactly jieba.posseg's (tests/test_segment.py compares them).
_HAN_BLOCK = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._]+)")
_SPACE = re.compile("(\r\n|\\s)")
_HAN_DETAIL = re.compile("([\u4E00-\u9FD5]+)")
_SKIP_DETAIL = re.compile("([\\.0-9]+|[a-zA-Z0-9]+)")
_NUMBER = re.compile("[\\.0-9]+")
_LATIN = re.compile("[a-zA-Z0-9]+")


def best_route(block: str, entries: dict[str, int], log_total: float) -> list[int]:
    """For each character of a block, the end of the word that starts there on the likeliest path: what
    jieba's Tokenizer.get_DAG and calc (0.42) find, in one pass from the end that looks each fragment up once
    (the words starting at a character are weighed as they are found). The sums are those of jieba, in its
    order, and ties go to the longer word as in its max() of (logp, end). `entries` are the dictionary's
    (count << TAG_BITS | tag)."""
    length = len(block)
    best = [0.0] * (length + 1)  # log probability of the best path from each character to the end
    ends = [0] * length
    get = entries.get
    for start in range(length - 1, -1, -1):
        top, top_end = -inf, 0
        end = start + 1
        entry = get(block[start])
        while entry is not None:  # a word or the prefix of one (count 0)
            if entry > TAG_MASK:
                value = log(entry >> TAG_BITS) - log_total + best[end]
                if value >= top:
                    top, top_end = value, end
            if end == length:
                break
            end += 1
            entry = get(block[start:end])
        if top_end == 0:  # a character the dictionary does not have alone: a word of one, count 1
            count = get(block[start], 0) >> TAG_BITS
            top, top_end = log(count or 1) - log_total + best[start + 1], start + 1
        best[start], ends[start] = top, top_end
    return ends


class _PosCutter:
    def __init__(self, entries: dict[str, int], total: int, tags: tuple[str, ...]) -> None:
        self._entries = entries
        self._tags = ("x", *tags[1:])  # a word without a tag is tagged "x", as jieba.posseg does
        self._log_total = log(total)
        self._memo: dict[str, list[tuple[str, str]]] = {}

    @cached_property
    def _hmm(self):
        # posseg's model files, loaded as plain modules so that the package's __init__ does not run
        import importlib.util

        folder = Path(import_jieba().__file__).parent / "posseg"

        def load(name: str):
            spec = importlib.util.spec_from_file_location(f"flashcards._jieba_posseg_{name}", folder / f"{name}.py")
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            return module

        viterbi = load("viterbi").viterbi
        tables = [load(name).P for name in ("char_state_tab", "prob_start", "prob_trans", "prob_emit")]
        return lambda text: viterbi(text, *tables)

    def cut(self, text: str) -> list[tuple[str, str]]:
        """(word, tag) of each word of the text, in order. Built into one list by plain calls rather than
        nested generators: a token passed through three generators cost a fifth of the time."""
        out: list[tuple[str, str]] = []
        for block in _HAN_BLOCK.split(text):
            if _HAN_BLOCK.match(block):
                self._cut_block(block, out)
                continue
            for piece in _SPACE.split(block):
                if _SPACE.match(piece):
                    out.append((piece, "x"))
                    continue
                for char in piece:
                    if _NUMBER.match(char):
                        out.append((char, "m"))
                    elif _LATIN.match(piece):
                        out.append((char, "eng"))
                    else:
                        out.append((char, "x"))
        return out

    def _cut_block(self, block: str, out: list[tuple[str, str]]) -> None:
        entries, tags = self._entries, self._tags
        ends = best_route(block, entries, self._log_total)
        start, stretch, length = 0, "", len(block)
        while start < length:
            end = ends[start]
            word = block[start:end]
            if end - start == 1:
                stretch += word
            else:
                if stretch:
                    self._cut_stretch(stretch, out)
                    stretch = ""
                out.append((word, tags[entries.get(word, 0) & TAG_MASK]))
            start = end
        if stretch:
            self._cut_stretch(stretch, out)

    def _cut_stretch(self, stretch: str, out: list[tuple[str, str]]) -> None:
        """Single characters the dictionary route left alone: one word, or characters, or the HMM's words."""
        entries, tags = self._entries, self._tags
        if len(stretch) == 1:
            out.append((stretch, tags[entries.get(stretch, 0) & TAG_MASK]))
        elif entries.get(stretch, 0) > TAG_MASK:  # a word of the dictionary
            out.extend((char, tags[entries.get(char, 0) & TAG_MASK]) for char in stretch)
        else:
            found = self._memo.get(stretch)
            if found is None:
                if len(self._memo) >= MEMO_LIMIT:
                    self._memo.clear()
                found = self._memo[stretch] = list(self._cut_unknown(stretch))
            out.extend(found)

    def _cut_unknown(self, stretch: str) -> Iterator[tuple[str, str]]:
        for block in _HAN_DETAIL.split(stretch):
            if _HAN_DETAIL.match(block):
                yield from self._hmm_words(block)
                continue
            for piece in _SKIP_DETAIL.split(block):
                if piece:
                    yield piece, "m" if _NUMBER.match(piece) else "eng" if _LATIN.match(piece) else "x"

    def _hmm_words(self, text: str) -> Iterator[tuple[str, str]]:
        _, states = self._hmm(text)
        begin = following = 0
        for index, char in enumerate(text):
            position, tag = states[index]
            if position == "B":
                begin = index
            elif position == "E":
                yield text[begin:index + 1], tag
                following = index + 1
            elif position == "S":
                yield char, tag
                following = index + 1
        if following < len(text):
            yield text[following:], states[following][1]
