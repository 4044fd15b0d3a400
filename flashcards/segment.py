"""Word segmentation with the project's own jieba tokenizer (never jieba's global one)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .cache import cache_dir as default_cache_dir
from .cache import cached, file_key

# Distinct out-of-dictionary stretches remembered by the tagger before it starts afresh (bounds memory).
MEMO_LIMIT = 200_000


@dataclass(frozen=True, slots=True)
class Token:
    """A segmented word and its part-of-speech tag (jieba's ICTCLAS-style tags: n, v, nr, ns, m ...)."""

    word: str
    pos: str


class Segmenter:
    """Wraps one `jieba.Tokenizer`; the dictionary loads on first use, its cache in the user's cache folder."""

    def __init__(self, *, cache_dir: Path | None = None) -> None:
        self._cache_dir = cache_dir
        # One Token object per distinct (word, tag): an archive repeats its words, so its tokens stay small.
        self._interned: dict[tuple[str, str], Token] = {}

    def __getstate__(self) -> dict:
        # A worker process gets the settings, not the loaded dictionaries: it loads its own from the cache.
        return {"_cache_dir": self._cache_dir, "_interned": {}}

    @cached_property
    def tokenizer(self):
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)  # jieba logs its load time to stderr otherwise
        tokenizer = jieba.Tokenizer()
        folder = self._cache_dir or default_cache_dir()
        folder.mkdir(parents=True, exist_ok=True)
        tokenizer.tmp_dir = str(folder)
        tokenizer.initialize()
        return tokenizer

    @cached_property
    def _pos_tokenizer(self):
        import jieba

        tokenizer = self.tokenizer
        dictionary = Path(tokenizer.get_dict_file().name)
        word_tags = cached("jieba-word-tags", key=f"jieba {jieba.__version__} {file_key(dictionary)}",
                           build=lambda: _read_word_tags(dictionary), folder=self._cache_dir)
        return _memo_pos_tokenizer(tokenizer, word_tags)

    def tokens(self, text: str) -> list[Token]:
        """Words of a text with POS tags, in order; concatenated they give the text back."""
        interned = self._interned
        out = []
        for pair in self._pos_tokenizer.cut(text):
            key = (pair.word, pair.flag)
            token = interned.get(key)
            if token is None:
                token = interned[key] = Token(pair.word, pair.flag)
            out.append(token)
        return out

    def parts(self, word: str) -> list[str]:
        """The shorter dictionary words inside a word (jieba's search mode): 英国首相 -> 英国, 首相."""
        return [part for part in self.tokenizer.lcut_for_search(word) if part != word]

    def dictionary_tag(self, word: str) -> str:
        """jieba's dictionary tag of a word out of context ("ns" for 英国), "" when it is not listed."""
        return self._pos_tokenizer.word_tag_tab.get(word, "")

    def frequency(self, word: str) -> int:
        """The count of a word in jieba's dictionary (0 when it is not listed)."""
        return self.tokenizer.FREQ.get(word, 0) or 0

    @property
    def total(self) -> int:
        return self.tokenizer.total


def _read_word_tags(dictionary: Path) -> dict[str, str]:
    """word -> part-of-speech tag from jieba's dictionary file (lines "word count tag")."""
    tags = {}
    with open(dictionary, encoding="utf-8") as lines:
        for line in lines:
            parts = line.split()
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
    return tags


def _memo_tokenizer_class():
    from jieba import posseg

    class MemoPOSTokenizer(posseg.POSTokenizer):
        """jieba's POS tokenizer, with its word tags from our cache and its HMM remembered per stretch.

        The HMM tagger (a Viterbi search over some 250 states per character) is most of jieba's POS cost;
        it only runs on stretches of characters that are not dictionary words, and an archive repeats those
        (names of people and places, rare terms), so each distinct stretch is tagged once. The output is
        exactly jieba's."""

        def __init__(self, tokenizer, word_tags: dict[str, str]) -> None:
            self.tokenizer = tokenizer
            self.word_tag_tab = word_tags
            self._memo: dict[str, list] = {}

        # posseg calls `self.__cut_detail(buf)` on each unknown stretch; Python spells that name like this.
        def _POSTokenizer__cut_detail(self, sentence):
            found = self._memo.get(sentence)
            if found is None:
                if len(self._memo) >= MEMO_LIMIT:
                    self._memo.clear()
                found = self._memo[sentence] = list(super()._POSTokenizer__cut_detail(sentence))
            return iter(found)

    return MemoPOSTokenizer


def _memo_pos_tokenizer(tokenizer, word_tags):
    # The class is made on first use: it derives from jieba's, and jieba is imported only when needed.
    return _memo_tokenizer_class()(tokenizer, word_tags)
