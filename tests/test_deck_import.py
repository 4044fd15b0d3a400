"""Decks are checked the way a learner uses them: imported into a real collection of the `anki` library."""

from __future__ import annotations

import pytest

from flashcards.anki import DEFAULT_DECK_NAME, FIELDS, MODEL_ID, MODEL_NAME, note_guid, write_deck
from flashcards.lists import render_list

anki_collection = pytest.importorskip("anki.collection")


def import_deck(collection_path, deck_path):
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

    collection = Collection(str(collection_path))
    request = ImportAnkiPackageRequest(package_path=str(deck_path), options=ImportAnkiPackageOptions())
    collection.import_anki_package(request)
    return collection


def test_built_deck_imports_with_the_contract_note_type(tmp_path, seed_vocabulary):
    deck = tmp_path / "leap.apkg"
    count = write_deck(seed_vocabulary.entries, output=deck, deck_name="Leap").notes
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


def test_anki_text_format_has_the_headers_and_the_deck_guids(tmp_path, seed_vocabulary):
    text = render_list(seed_vocabulary.entries, format="anki")
    lines = text.splitlines()
    headers = [line for line in lines if line.startswith("#")]
    assert headers == ["#separator:tab", "#html:true", f"#notetype:{MODEL_NAME}",
                       f"#deck:{DEFAULT_DECK_NAME}", f"#tags column:{len(FIELDS) + 2}", "#guid column:1"]
    rows = lines[len(headers):]
    assert len(rows) == len(seed_vocabulary.entries)
    assert [row.split("\t")[0] for row in rows] == [note_guid(e.hanzi) for e in seed_vocabulary.entries]


def test_anki_text_import_matches_the_notes_of_the_deck(tmp_path, seed_vocabulary):
    """Imported after the deck, the text file finds every note by its GUID: nothing new, nothing doubled."""
    from anki.collection import ImportCsvRequest

    deck = tmp_path / "deck.apkg"
    write_deck(seed_vocabulary.entries, output=deck, deck_name=DEFAULT_DECK_NAME)
    listing = tmp_path / "vocabulary.txt"
    listing.write_text(render_list(seed_vocabulary.entries, format="anki"), encoding="utf-8")
    collection = import_deck(tmp_path / "collection.anki2", deck)
    try:
        metadata = collection.get_csv_metadata(str(listing), None)
        assert metadata.global_notetype.id == MODEL_ID
        assert list(metadata.global_notetype.field_columns) == list(range(2, len(FIELDS) + 2))
        log = collection.import_csv(ImportCsvRequest(path=str(listing), metadata=metadata)).log
        assert (len(log.new), len(log.conflicting)) == (0, 0)
        assert len(log.duplicate) + len(log.updated) == len(seed_vocabulary.entries)
        assert collection.note_count() == len(seed_vocabulary.entries)
        note = collection.get_note(collection.find_notes(f"mid:{MODEL_ID}")[0])
        assert "period::1958" in note.tags
    finally:
        collection.close()


def test_vocab_command_writes_the_anki_text_format(tmp_path):
    from click.testing import CliRunner

    from flashcards.cli import main

    from .conftest import SEED_000

    target = tmp_path / "vocabulary.txt"
    result = CliRunner().invoke(main, ["vocab", str(SEED_000), "--format", "anki", "-o", str(target)])
    assert result.exit_code == 0, result.output
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "#separator:tab" and lines[5] == "#guid column:1"
    assert all(len(line.split("\t")) == len(FIELDS) + 2 for line in lines[6:])
