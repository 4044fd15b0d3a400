"""CC-CEDICT parsed with every reading kept, and its senses tidied for cards."""

from __future__ import annotations

from flashcards.dictionary import classifiers, is_pointer, period_notes, tidy_sense


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
