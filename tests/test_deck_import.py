"""Decks are checked the way a learner uses them: imported into a real collection of the `anki` library."""

from __future__ import annotations

import pytest

from flashcards.anki import FIELDS, MODEL_ID, note_guid, write_deck

anki_collection = pytest.importorskip("anki.collection")


def import_deck(collection_path, deck_path):
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

    collection = Collection(str(collection_path))
    request = ImportAnkiPackageRequest(package_path=str(deck_path), options=ImportAnkiPackageOptions())
    collection.import_anki_package(request)
    return collection


def test_built_deck_imports_with_the_contract_note_type(tmp_path, seed_vocabulary):
    deck = tmp_path / "leap.apkg"
    count = write_deck(seed_vocabulary.entries, output=deck, deck_name="Leap")
    assert count >= 30
    collection = import_deck(tmp_path / "collection.anki2", deck)
    try:
        models = [m for m in collection.models.all() if m["id"] == MODEL_ID]
        assert len(models) == 1
        assert tuple(field["name"] for field in models[0]["flds"]) == FIELDS
        assert [t["name"] for t in models[0]["tmpls"]] == ["Recognition", "Recall", "Sentence"]
        assert ".tone1" in models[0]["css"] and ".tone5" in models[0]["css"]
        note_ids = collection.find_notes(f"mid:{MODEL_ID}")
        assert len(note_ids) == count
        first = seed_vocabulary.entries[0]
        note = collection.get_note(collection.find_notes(f'"Hanzi:*{first.hanzi[0]}*"')[0])
        assert note.guid in {note_guid(e.hanzi) for e in seed_vocabulary.entries}
        card = collection.get_card(collection.find_cards(f"mid:{MODEL_ID}")[0])
        rendered = card.question()
        hanzi = collection.get_note(card.nid).guid
        assert hanzi and any(ch in rendered for ch in first.hanzi + "".join(e.hanzi for e in seed_vocabulary.entries))
        every_note_filled = [collection.get_note(nid) for nid in note_ids]
        assert all(n["Hanzi"] and n["Pinyin"] and n["Meaning"] and n["Example"] for n in every_note_filled)
    finally:
        collection.close()


def test_guid_comes_from_the_simplified_headword_alone():
    assert note_guid("土法") == note_guid("土法")
    assert note_guid("土法") != note_guid("炼铜")
