"""The on-disk cache: entries read back for their key only, and entries no run uses removed in time."""

from __future__ import annotations

import os
import time

from flashcards import cache


def _age(path, days):
    then = time.time() - days * 86_400
    os.utime(path, (then, then))


def test_an_entry_is_read_back_for_its_key_only(tmp_path):
    assert cache.cached("numbers", key="v1", build=lambda: [1, 2], folder=tmp_path) == [1, 2]
    assert cache.cached("numbers", key="v1", build=lambda: [3], folder=tmp_path) == [1, 2]
    assert cache.load("numbers", key="v2", folder=tmp_path) is None  # a new version builds it again
    (tmp_path / "numbers.marshal").write_bytes(b"\x00broken")
    assert cache.cached("numbers", key="v1", build=lambda: [4], folder=tmp_path) == [4]


def test_writing_an_entry_removes_those_unused_for_a_month_and_keeps_the_rest(tmp_path):
    cache.store("old", {"a": 1}, key="k", folder=tmp_path)
    cache.store("recent", {"b": 2}, key="k", folder=tmp_path)
    _age(tmp_path / "old.marshal", cache.UNUSED_DAYS + 1)
    _age(tmp_path / "recent.marshal", cache.UNUSED_DAYS - 1)
    (tmp_path / "notes.txt").write_text("not an entry", encoding="utf-8")
    _age(tmp_path / "notes.txt", 400)
    cache.store("new", [1], key="k", folder=tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.marshal", "notes.txt", "recent.marshal"]


def test_reading_an_entry_marks_it_in_use(tmp_path):
    cache.store("dictionary", {"土法": 1}, key="k", folder=tmp_path)
    _age(tmp_path / "dictionary.marshal", cache.UNUSED_DAYS + 5)
    assert cache.load("dictionary", key="k", folder=tmp_path) == {"土法": 1}
    cache.store("other", [1], key="k", folder=tmp_path)  # prunes: the entry just read stays
    assert (tmp_path / "dictionary.marshal").is_file()
