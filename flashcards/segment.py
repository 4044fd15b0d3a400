"""Word segmentation with the project's own jieba tokenizer (never jieba's global one)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path


@dataclass(frozen=True)
class Token:
    """A segmented word and its part-of-speech tag (jieba's ICTCLAS-style tags: n, v, nr, ns, m ...)."""

    word: str
    pos: str


class Segmenter:
    """Wraps one `jieba.Tokenizer`; the dictionary loads on first use, its cache in the user's cache folder."""

    def __init__(self, *, cache_dir: Path | None = None) -> None:
        self._cache_dir = cache_dir

    @cached_property
    def tokenizer(self):
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)  # jieba logs its load time to stderr otherwise
        tokenizer = jieba.Tokenizer()
        cache_dir = self._cache_dir or _default_cache_dir()
        cache_dir.mkdir(parents=True, exist_ok=True)
        tokenizer.tmp_dir = str(cache_dir)
        tokenizer.initialize()
        return tokenizer

    @cached_property
    def _pos_tokenizer(self):
        from jieba import posseg

        return posseg.POSTokenizer(self.tokenizer)

    def tokens(self, text: str) -> list[Token]:
        """Words of a text with POS tags, in order; concatenated they give the text back."""
        return [Token(pair.word, pair.flag) for pair in self._pos_tokenizer.cut(text)]

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


def _default_cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("flashcards"))
