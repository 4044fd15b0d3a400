"""The articles of a run and their segmented units, kept on disk from the reading to the last example.

A run goes through its sentences three times after reading them: to place the multi-word terms, to find the
chosen terms' sentences and to align the articles their examples come from. Held in memory, the articles'
text and tokens took 25 KB an article (250 MB of 10,000); here each article is one record of a temporary
file, written once and read back an article at a time, and only the offsets stay in memory. The file is
unlinked as it is made: nothing is left on disk when the run ends, however it ends.

Records are written by whoever read the article (`pack`, in a worker) and only stored by the main process,
which need not unpickle them. Forked processes read the same file (`os.pread` leaves its position alone).
"""

from __future__ import annotations

import bisect
import errno
import os
import pickle
import tempfile
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .cards import Sentence, Source
from .corpus import Article
from .errors import FlashcardsError
from .segment import Token, interned_tokens


def article_source(article: Article) -> Source:
    """What a card says of where its example comes from."""
    return Source(file=article.name, title=article.title, date=article.date, page=article.page)


@dataclass(frozen=True)
class Packed:
    """An article and its units (`pipeline.article_units`) as one record, with what the main process needs
    of it without reading the record."""

    file: str
    warnings: tuple[str, ...]
    units: int
    headline: int  # parts of the headline (the first units)
    record: bytes


def pack(article: Article, units: Sequence[Sentence]) -> Packed:
    # An article's distinct tokens once, each unit's as their numbers there: read back with a look-up per
    # distinct token, not a call per token (0.27 ms an article of the synthetic archive, against 0.57 ms).
    numbers: dict[Token, int] = {}
    packed_units = [(unit.zh, array("I", [numbers.setdefault(token, len(numbers)) for token in unit.tokens]).tobytes())
                    for unit in units]
    record = pickle.dumps((article, [token.word for token in numbers], [token.pos for token in numbers],
                           packed_units), protocol=pickle.HIGHEST_PROTOCOL)
    return Packed(file=article.file, warnings=article.warnings, units=len(units),
                  headline=len(article.headline), record=record)


def _unpack(record: tuple) -> tuple[Article, list[Sentence]]:
    article, words, tags, packed_units = record
    source = article_source(article)
    tokens = interned_tokens(words, tags)
    return article, [Sentence(zh=zh, en="", confident=False, tokens=tuple(map(tokens.__getitem__, _numbers(packed))),
                              source=source) for zh, packed in packed_units]


def _unpack_unit(record: tuple, position: int) -> Sentence:
    article, words, tags, packed_units = record
    zh, packed = packed_units[position]
    numbers = _numbers(packed)
    tokens = interned_tokens([words[n] for n in numbers], [tags[n] for n in numbers])
    return Sentence(zh=zh, en="", confident=False, tokens=tuple(tokens), source=article_source(article))


def _numbers(packed: bytes) -> array:
    numbers = array("I")
    numbers.frombytes(packed)
    return numbers


class ArticleStore:
    """Packed articles in the order they were added, by number; their units numbered across all of them."""

    def __init__(self, *, folder: Path | None = None) -> None:
        self.folder, self._file = _temporary_file(folder)
        self._offsets = array("q", [0])  # where each record starts, and where the last ends
        self._first_units = array("q", [0])  # each article's first unit, and the number of units
        self._loaded: tuple[int, Article, list[Sentence]] | None = None  # the article loaded last
        self._read: tuple[int, tuple] | None = None  # the record read last

    def add(self, packed: Packed) -> int:
        """Store one article; returns its number."""
        try:
            self._write_at_end(packed.record)
        except OSError as error:
            where = self.folder or tempfile.gettempdir()
            raise FlashcardsError(f"{where}: cannot keep the articles read on disk: "
                                  f"{error.strerror or error}") from None
        self._offsets.append(self._offsets[-1] + len(packed.record))
        self._first_units.append(self._first_units[-1] + packed.units)
        return len(self._offsets) - 2

    def __len__(self) -> int:
        return len(self._offsets) - 1

    @property
    def unit_count(self) -> int:
        return self._first_units[-1]

    def span(self, number: int) -> range:
        """The numbers of the article's units."""
        return range(self._first_units[number], self._first_units[number + 1])

    def article_of_unit(self, index: int) -> int:
        if not 0 <= index < self.unit_count:
            raise IndexError(index)
        return bisect.bisect_right(self._first_units, index) - 1

    def load(self, number: int) -> tuple[Article, list[Sentence]]:
        """The article and its units (the same objects again while no other article is loaded)."""
        if self._loaded is not None and self._loaded[0] == number:
            return self._loaded[1:]
        article, units = _unpack(self.record(number))
        self._loaded = number, article, units
        return article, units

    def unit(self, index: int) -> Sentence:
        """One unit; of an article not loaded, only its own tokens are made (examples are looked up one by one,
        in many articles)."""
        number = self.article_of_unit(index)
        position = index - self._first_units[number]
        if self._loaded is not None and self._loaded[0] == number:
            return self._loaded[2][position]
        return _unpack_unit(self.record(number), position)

    def record(self, number: int) -> tuple:
        """The article's record as `pack` made it, unpickled."""
        if self._read is None or self._read[0] != number:
            start, end = self._offsets[number], self._offsets[number + 1]
            self._read = number, pickle.loads(self._read_at(start, end - start))
        return self._read[1]

    def close(self) -> None:
        self._file.close()

    @property
    def articles(self) -> StoredArticles:
        return StoredArticles(self)

    @property
    def units(self) -> StoredUnits:
        return StoredUnits(self)

    @property
    def tokenized(self) -> StoredTokenized:
        return StoredTokenized(self)

    def _read_at(self, offset: int, size: int) -> bytes:
        if hasattr(os, "pread"):  # forked readers share the file's position: pread leaves it alone
            return os.pread(self._file.fileno(), size, offset)
        self._file.seek(offset)  # where there is no pread, nor forked processes
        return self._file.read(size)

    def _write_at_end(self, record: bytes) -> None:
        if not hasattr(os, "pwrite"):  # where there is no pwrite, nor forked processes
            self._file.seek(self._offsets[-1])
            self._file.write(record)
            return
        written = 0
        while written < len(record):  # pwrite may write less than it is given
            more = os.pwrite(self._file.fileno(), memoryview(record)[written:], self._offsets[-1] + written)
            if not more:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            written += more


def _temporary_file(folder: Path | None):
    """(its folder, the file): in `folder`, else in the user's cache folder (on disk, where /tmp may be held in
    memory), else in the system's folder for temporary files."""
    from .cache import cache_dir

    for where in ([folder] if folder else [cache_dir(), None]):
        try:
            if where is not None:
                where.mkdir(parents=True, exist_ok=True)
            # it lives as long as the store, and goes with it: no context manager
            return where, tempfile.TemporaryFile(prefix="flashcards-articles-", dir=where)
        except OSError as error:
            problem = error
    where = folder or tempfile.gettempdir()
    raise FlashcardsError(f"{where}: cannot make a temporary file for the articles read: "
                          f"{problem.strerror or problem}")


class StoredArticles(Sequence[Article]):
    """The store's articles, read as they are asked for."""

    def __init__(self, store: ArticleStore) -> None:
        self.store = store

    def __len__(self) -> int:
        return len(self.store)

    def __getitem__(self, number):
        if isinstance(number, slice):
            return [self[n] for n in range(len(self))[number]]
        return self.store.load(range(len(self))[number])[0]

    def __iter__(self) -> Iterator[Article]:
        for number in range(len(self)):
            yield self.store.load(number)[0]


class StoredUnits(Sequence[Sentence]):
    """The store's units, numbered across the articles, read an article at a time as they are asked for
    (in order, each article is read once)."""

    def __init__(self, store: ArticleStore) -> None:
        self.store = store

    def __len__(self) -> int:
        return self.store.unit_count

    def __getitem__(self, index):
        store = self.store
        if isinstance(index, slice):
            wanted = range(len(self))[index]
            if wanted.step == 1 and wanted:  # most often an article's own units: one list slice
                number = store.article_of_unit(wanted.start)
                span = store.span(number)
                if wanted.stop <= span.stop:
                    return store.load(number)[1][wanted.start - span.start:wanted.stop - span.start]
            return [self[i] for i in wanted]
        return store.unit(index + len(self) if index < 0 else index)

    def __iter__(self) -> Iterator[Sentence]:
        for number in range(len(self.store)):
            yield from self.store.load(number)[1]

    def texts(self, span: range) -> list[str]:
        """The Chinese of the units of `span` (consecutive), read without their tokens."""
        store, texts = self.store, []
        if not span:
            return texts
        for number in range(store.article_of_unit(span.start), store.article_of_unit(span.stop - 1) + 1):
            own = store.span(number)
            packed_units = store.record(number)[3]
            texts.extend(zh for zh, _ in packed_units[max(span.start, own.start) - own.start:
                                                      min(span.stop, own.stop) - own.start])
        return texts

    def texts_and_sources(self) -> Iterator[tuple[str, Source]]:
        """(Chinese, source) of each unit, in order: read without their tokens, in a fifth of the time."""
        store = self.store
        for number in range(len(store)):
            article, _, _, packed_units = store.record(number)
            source = article_source(article)
            for zh, _ in packed_units:
                yield zh, source


class StoredTokenized(Sequence[tuple[str, tuple[Token, ...]]]):
    """The store's units as term selection takes them: (file, tokens)."""

    def __init__(self, store: ArticleStore) -> None:
        self.units = StoredUnits(store)

    def __len__(self) -> int:
        return len(self.units)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [(unit.source.file, unit.tokens) for unit in self.units[index]]
        # read in order (a part of the sentences at a time): the unit's article loaded whole
        store = self.units.store
        index = index + len(self) if index < 0 else index
        number = store.article_of_unit(index)
        unit = store.load(number)[1][index - store.span(number).start]
        return unit.source.file, unit.tokens

    def __iter__(self) -> Iterator[tuple[str, tuple[Token, ...]]]:
        for unit in self.units:
            yield unit.source.file, unit.tokens
