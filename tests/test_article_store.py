"""The articles of a run and their units, kept on disk: read back as they were, by any process, and nothing
left behind."""

from __future__ import annotations

import errno
import os
import shutil

import pytest

from flashcards import build_vocabulary
from flashcards.article_store import ArticleStore, article_source, pack
from flashcards.corpus import read_article
from flashcards.errors import FlashcardsError
from flashcards.parallel import can_fork, forked_map
from flashcards.pipeline import article_units

from .conftest import FIXTURES, SEEDS


def _as_stored(unit):
    return unit.zh, unit.en, unit.confident, unit.tokens, unit.source


@pytest.fixture(scope="module")
def read(resources):
    """(article, its units) of the seeds and of every fixture article that reads."""
    found = []
    for path in sorted(SEEDS.glob("*.txt")) + sorted(FIXTURES.glob("*.txt")):
        try:
            article = read_article(path)
        except FlashcardsError:
            continue
        found.append((article, article_units(article, segmenter=resources.segmenter)))
    assert len(found) >= 4
    return found


@pytest.fixture
def store(tmp_path, read):
    made = ArticleStore(folder=tmp_path)
    for article, units in read:
        made.add(pack(article, units))
    yield made
    made.close()


def test_articles_and_units_come_back_as_they_were_stored(store, read):
    units = [unit for _, article_own in read for unit in article_own]
    assert len(store) == len(read) and len(store.units) == len(units)
    assert list(store.articles) == [article for article, _ in read]
    assert [_as_stored(unit) for unit in store.units] == [_as_stored(unit) for unit in units]
    # one at a time, out of order, as the examples are looked up: each unit with only its own tokens made
    for index in [len(units) - 1, 0, len(units) // 2, 3, len(units) // 2 + 1, -1]:
        assert _as_stored(store.units[index]) == _as_stored(units[index])
    assert [(file, tokens) for file, tokens in store.tokenized] == [(u.source.file, u.tokens) for u in units]
    assert store.tokenized[5] == (units[5].source.file, units[5].tokens)
    assert list(store.units.texts_and_sources()) == [(unit.zh, unit.source) for unit in units]
    for span in [range(len(units)), range(3, 4), range(5, len(units) - 2), range(7, 7)]:  # across articles
        assert store.units.texts(span) == [unit.zh for unit in units[span.start:span.stop]]
    with pytest.raises(IndexError):
        store.units[len(units)]


def test_an_articles_units_are_numbered_across_the_store(store, read):
    start = 0
    for number, (article, units) in enumerate(read):
        span = store.span(number)
        assert span == range(start, start + len(units))
        assert [_as_stored(u) for u in store.units[span.start:span.stop]] == [_as_stored(u) for u in units]
        assert store.load(number)[0] == article and store.articles[number] == article
        assert {store.article_of_unit(index) for index in span} <= {number}
        assert all(unit.source == article_source(article) for unit in store.load(number)[1])
        start = span.stop
    # a slice across articles, and one with a step
    assert [u.zh for u in store.units[1:start:7]] == [u.zh for _, units in read for u in units][1:start:7]


@pytest.mark.skipif(not can_fork(), reason="processes are not forked here")
def test_forked_processes_read_the_store_while_this_one_does(store, read):
    units = [unit for _, article_own in read for unit in article_own]
    indices = list(range(len(units)))[::-1]  # in another order than this process reads them

    def zh_of(index):
        return store.units[index].zh

    assert list(forked_map(zh_of, indices, jobs=2, chunksize=3)) == [units[i].zh for i in indices]
    assert store.units[0].zh == units[0].zh  # the file's position is the workers' and this one's alike


def test_the_store_leaves_no_file_behind(tmp_path, read):
    made = ArticleStore(folder=tmp_path)
    made.add(pack(*read[0]))
    assert list(tmp_path.iterdir()) == []  # unlinked as it is made: gone whatever happens to the run
    made.close()


def test_a_store_that_cannot_be_made_or_written_says_where_and_why(tmp_path, read, monkeypatch):
    blocked = tmp_path / "a file"
    blocked.write_text("")
    with pytest.raises(FlashcardsError, match="a file/store: cannot make a temporary file for the articles read: "):
        ArticleStore(folder=blocked / "store")
    made = ArticleStore(folder=tmp_path)

    def disk_full(*args):  # the fault injected into the real store
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "pwrite", disk_full)
    with pytest.raises(FlashcardsError, match=f"{tmp_path}: cannot keep the articles read on disk: "
                                              f"{os.strerror(errno.ENOSPC)}"):
        made.add(pack(*read[0]))
    assert len(made) == 0
    made.close()


def test_a_vocabularys_articles_are_read_from_its_store(tmp_path, resources):
    for path in SEEDS.glob("*.txt"):
        shutil.copy(path, tmp_path / path.name)
    vocabulary = build_vocabulary([tmp_path], resources=resources)
    assert list(vocabulary.articles) == [read_article(path) for path in sorted(tmp_path.glob("*.txt"))]
    assert vocabulary.articles[-1] == read_article(max(tmp_path.glob("*.txt")))
