"""CC-CEDICT parsed with every reading kept, and its senses tidied for cards."""

from __future__ import annotations

import gzip
import marshal
import re

import pytest

from flashcards import dictionary as dictionary_module
from flashcards.dictionary import Dictionary, classifiers, is_pointer, period_notes, tidy_sense


def test_every_reading_is_kept(resources):
    readings = {entry.pinyin for entry in resources.dictionary.lookup("重")}
    assert {"zhong4", "chong2"} <= readings
    readings = {entry.pinyin for entry in resources.dictionary.lookup("长")}
    assert {"zhang3", "chang2"} <= readings


def test_names_are_told_from_common_words(resources):
    entries = resources.dictionary.lookup("土")
    assert any(e.is_proper_name for e in entries) and any(not e.is_proper_name for e in entries)


def test_unknown_words_have_no_entry(resources):
    assert resources.dictionary.lookup("炼铜") == ()
    assert "炼铜" not in resources.dictionary


def test_cross_references_are_shortened():
    assert tidy_sense("variant of 乾|干[gan1]") == "variant of 干 (gan1)"
    assert tidy_sense("abbr. for 中國共產黨|中国共产党[Zhong1 guo2 Gong4 chan3 dang3], Chinese Communist Party") \
        == "abbr. for 中国共产党 (Zhong1 guo2 Gong4 chan3 dang3), Chinese Communist Party"
    assert tidy_sense("to smelt") == "to smelt"


def test_pointers_and_classifiers():
    assert is_pointer("variant of 群[qun2]") and is_pointer("CL:個|个[ge4]") and is_pointer("see 土法[tu3 fa3]")
    assert not is_pointer("copper (chemistry)")
    assert classifiers(["satellite", "CL:顆|颗[ke1],個|个[ge4]"]) == ["颗", "个"]


def test_period_notes_come_from_the_glosses(resources):
    senses = [s for e in resources.dictionary.lookup("放卫星") for s in e.senses]
    notes = period_notes(senses)
    assert notes and "Great Leap Forward" in notes[0]
    assert period_notes(["copper (chemistry)"]) == []


# -- the parsed dictionary kept in a cache ----------------------------------------------------------------

CEDICT_LINES = """# CC-CEDICT
# a comment line
重 重 [zhong4] /heavy/serious/
重 重 [chong2] /to repeat/again/
土法 土法 [tu3 fa3] /indigenous method/
土 土 [Tu3] /surname Tu/
"""


def _data_file(folder, text=CEDICT_LINES):
    path = folder / "cedict.txt.gz"
    path.write_bytes(gzip.compress(text.encode("utf-8")))
    return path


def _readings(dictionary, word):
    return [(e.traditional, e.simplified, e.pinyin, e.senses) for e in dictionary.lookup(word)]


def test_the_entries_kept_are_bounded_and_made_again_the_same(tmp_path, monkeypatch):
    monkeypatch.setattr(dictionary_module, "LOOKUPS_KEPT", 2)
    dictionary = Dictionary(path=_data_file(tmp_path), cache=False)
    first = {word: dictionary.lookup(word) for word in ("重", "土法", "土", "炼铜")}
    assert len(dictionary._looked_up) <= 2  # an archive of varied words looks up most of CC-CEDICT
    assert {word: dictionary.lookup(word) for word in first} == first
    assert first["炼铜"] == () and [entry.pinyin for entry in first["重"]] == ["zhong4", "chong2"]


def test_the_cache_is_written_and_read_back(tmp_path):
    data, cache = _data_file(tmp_path), tmp_path / "cache"
    first = Dictionary(path=data, cache_dir=cache)
    cache_file = first.cache_file
    assert cache_file.parent == cache and cache_file != Dictionary(cache_dir=cache).cache_file
    assert _readings(first, "重") == [("重", "重", "zhong4", ("heavy", "serious")),
                                      ("重", "重", "chong2", ("to repeat", "again"))]
    assert cache_file.is_file()
    # a second dictionary reads the cache, not the data file: a planted record shows through
    key, records = marshal.loads(cache_file.read_bytes())
    cache_file.write_bytes(marshal.dumps((key, {**records, "炼铜": "煉銅\tlian4 tong2\tto smelt copper".encode()})))
    second = Dictionary(path=data, cache_dir=cache)
    assert _readings(second, "炼铜") == [("煉銅", "炼铜", "lian4 tong2", ("to smelt copper",))]
    assert _readings(second, "重") == _readings(first, "重")
    assert list(second.headwords()) == ["重", "土法", "土"] + ["炼铜"]


def test_headwords_are_found_by_what_their_entries_mention(tmp_path):
    data = _data_file(tmp_path, CEDICT_LINES + "土高爐 土高炉 [tu3 gao1 lu2] /backyard furnace, see 土法[tu3 fa3]/\n")
    again, tu_fa, furnace, smelt = (re.compile(text) for text in ("again", "土法", "高爐", "smelt"))
    for cache in (False, True, True):  # parsed afresh, then the answers kept and read back
        dictionary = Dictionary(path=data, cache_dir=tmp_path / "cache", cache=cache)
        assert dictionary.headwords_matching(again) == ["重"]
        assert dictionary.headwords_matching(tu_fa) == ["土法", "土高炉"]  # a traditional form, a sense
        assert dictionary.headwords_matching(furnace) == ["土高炉"]
        assert dictionary.headwords_matching(smelt) == []
        assert dictionary.headwords_matching(re.compile("AGAIN", re.IGNORECASE)) == ["重"]  # the flags count
    # each answer is kept apart and read back: a planted one shows through
    entries = list((tmp_path / "cache").glob("cedict-matching-*.marshal"))
    assert len(entries) == 5
    for entry in entries:
        key, found = marshal.loads(entry.read_bytes())
        entry.write_bytes(marshal.dumps((key, found + ["planted"])))
    assert Dictionary(path=data, cache_dir=tmp_path / "cache").headwords_matching(again) == ["重", "planted"]
    # a changed data file is scanned afresh
    _data_file(tmp_path, CEDICT_LINES + "煉銅 炼铜 [lian4 tong2] /to smelt copper/\n")
    assert Dictionary(path=data, cache_dir=tmp_path / "cache").headwords_matching(smelt) == ["炼铜"]


def test_a_changed_data_file_rebuilds_the_cache(tmp_path):
    data, cache = _data_file(tmp_path), tmp_path / "cache"
    assert "炼铜" not in Dictionary(path=data, cache_dir=cache)
    _data_file(tmp_path, CEDICT_LINES + "煉銅 炼铜 [lian4 tong2] /to smelt copper/\n")
    assert _readings(Dictionary(path=data, cache_dir=cache), "炼铜") == [
        ("煉銅", "炼铜", "lian4 tong2", ("to smelt copper",))]


@pytest.mark.parametrize("content", [b"", b"\x00garbage\xff" * 10, marshal.dumps([1, 2, 3]),
                                     marshal.dumps(("wrong key", {"重": "x"}))])
def test_a_corrupt_cache_is_ignored_and_rebuilt(tmp_path, content):
    data, cache = _data_file(tmp_path), tmp_path / "cache"
    cache.mkdir()
    cache_file = Dictionary(path=data, cache_dir=cache).cache_file
    cache_file.write_bytes(content)
    dictionary = Dictionary(path=data, cache_dir=cache)
    assert [e.pinyin for e in dictionary.lookup("重")] == ["zhong4", "chong2"]
    _, records = marshal.loads(cache_file.read_bytes())  # rewritten whole
    assert "土法" in records


def test_a_truncated_cache_is_ignored(tmp_path):
    data, cache = _data_file(tmp_path), tmp_path / "cache"
    Dictionary(path=data, cache_dir=cache).lookup("重")
    cache_file = Dictionary(path=data, cache_dir=cache).cache_file
    whole = cache_file.read_bytes()
    cache_file.write_bytes(whole[:len(whole) // 2])
    assert [e.pinyin for e in Dictionary(path=data, cache_dir=cache).lookup("重")] == ["zhong4", "chong2"]


def test_an_unwritable_cache_folder_means_no_cache(tmp_path):
    data = _data_file(tmp_path)
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    dictionary = Dictionary(path=data, cache_dir=blocker / "cache")  # the folder cannot be made
    assert [e.pinyin for e in dictionary.lookup("土法")] == ["tu3 fa3"]
    cache = tmp_path / "cache"
    cache_file = Dictionary(path=data, cache_dir=cache).cache_file
    cache_file.mkdir(parents=True)  # the cache file's place is taken by a folder: unreadable too
    assert "土法" in Dictionary(path=data, cache_dir=cache)
    assert cache_file.is_dir() and not list(cache.glob(".*.part"))


def test_without_cache_nothing_is_written(tmp_path):
    data, cache = _data_file(tmp_path), tmp_path / "cache"
    assert "土" in Dictionary(path=data, cache_dir=cache, cache=False)
    assert not cache.exists()


def test_period_glosses_are_those_of_every_sense_tested(tmp_path):
    from flashcards.reference import PERIOD_GLOSS, ModernReference

    data = _data_file(tmp_path, CEDICT_LINES
                      + "放衛星 放卫星 [fang4 wei4 xing1] /to launch a satellite/(fig.) to make exaggerated claims"
                        " (Great Leap Forward)/\n"
                      + "大鍋飯 大锅饭 [da4 guo1 fan4] /food cooked in a big pot/(dated) communal meals/\n"
                      + "衛星 卫星 [wei4 xing1] /satellite/\n")
    for cache in (False, True, True):
        dictionary = Dictionary(path=data, cache_dir=tmp_path / "cache", cache=cache)
        reference = ModernReference(dictionary=dictionary, cache=False)
        every_sense_tested = {word: tuple(sense for entry in dictionary.lookup(word) for sense in entry.senses
                                          if PERIOD_GLOSS.search(sense)) for word in dictionary.headwords()}
        assert {word: reference.period_glosses(word) for word in dictionary.headwords()} == every_sense_tested
        assert reference.period_glosses("大锅饭") == ("(dated) communal meals",)
        assert reference.period_glosses("卫星") == () and reference.period_glosses("炼铜") == ()
        assert reference.great_leap_headwords == {
            "放卫星": "(fig.) to make exaggerated claims (Great Leap Forward)"}
