"""A deck that lives in a learner's collection: rebuilt and imported again into a real `anki` collection, it
never duplicates notes, overwrites the learner's edits or loses reviews."""

from __future__ import annotations

import dataclasses
import shutil
import time
import zipfile

import pytest
from click.testing import CliRunner

from flashcards.anki import MODEL_ID, MODEL_NAME, deck_notes, write_deck
from flashcards.cli import main
from flashcards.manifest import FIRST_ISSUE, Manifest, ManifestError, Stamp, read_manifest, restamp

from .conftest import SEED_000, SEEDS

pytest.importorskip("anki.collection")

DECK = "Leap"


@pytest.fixture(scope="module")
def one_article(resources):
    from flashcards import build_vocabulary

    return build_vocabulary([SEED_000], resources=resources)


def open_collection(path):
    from anki.collection import Collection

    return Collection(str(path))


def import_package(collection, package):
    """Import as Anki's import dialog does by default ("update if newer"); returns the import log."""
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    request = ImportAnkiPackageRequest(package_path=str(package), options=ImportAnkiPackageOptions())
    return collection.import_anki_package(request).log


def review_first_card(collection) -> int:
    """Answer the first due card "Good" through the scheduler, as a learner does; returns the card id."""
    from anki.scheduler.v3 import CardAnswer

    collection.decks.select(collection.decks.id_for_name(DECK))
    queued = collection.sched.get_queued_cards(fetch_limit=1).cards[0]
    card = collection.get_card(queued.card.id)
    card.start_timer()
    collection.sched.answer_card(collection.sched.build_answer(card=card, states=queued.states,
                                                               rating=CardAnswer.GOOD))
    return card.id


def note_by_guid(collection, guid):
    return collection.get_note(collection.db.scalar("select id from notes where guid = ?", guid))


def test_rebuilds_never_duplicate_overwrite_edits_or_lose_reviews(tmp_path, one_article, seed_vocabulary):
    deck = tmp_path / "decks" / f"{DECK}.apkg"
    first = write_deck(one_article.entries, output=deck, deck_name=DECK)
    first_hashes = {note.guid: note.content_hash for note in deck_notes(one_article.entries, deck_name=DECK)}
    later_notes = deck_notes(seed_vocabulary.entries, deck_name=DECK)
    later_hashes = {note.guid: note.content_hash for note in later_notes}
    # The learner edits a note that the two-article build leaves as it was (a changed one is meant to update).
    unchanged = [guid for guid, digest in first_hashes.items() if later_hashes.get(guid) == digest]
    assert unchanged, "the two-article build should leave some one-article notes as they were"
    edited_guid = unchanged[0]

    collection = open_collection(tmp_path / "collection.anki2")
    try:
        log = import_package(collection, deck)
        assert len(log.new) == first.notes == len(one_article.entries)

        reviewed = review_first_card(collection)
        reviewed_state = collection.get_card(reviewed)
        assert collection.db.scalar("select count() from revlog where cid = ?", reviewed) == 1
        note = note_by_guid(collection, edited_guid)
        note["Meaning"] = "my own gloss"
        collection.update_note(note)

        # The same input again: nothing new, nothing updated; the edit and the review stay.
        again = write_deck(one_article.entries, output=deck, deck_name=DECK)
        assert (again.new, again.changed) == (0, 0)
        log = import_package(collection, deck)
        assert (len(log.new), len(log.updated), len(log.duplicate)) == (0, 0, first.notes)
        assert note_by_guid(collection, edited_guid)["Meaning"] == "my own gloss"
        assert collection.db.scalar("select count() from revlog where cid = ?", reviewed) == 1
        kept = collection.get_card(reviewed)
        assert (kept.reps, kept.type, kept.due, kept.ivl) == (reviewed_state.reps, reviewed_state.type,
                                                              reviewed_state.due, reviewed_state.ivl)

        # A build from two articles: only the new terms are added, changed ones updated, the edit kept.
        known = set(collection.db.list("select guid from notes"))
        write_deck(seed_vocabulary.entries, output=deck, deck_name=DECK)
        log = import_package(collection, deck)
        new_guids = set(later_hashes) - known
        changed = {g for g in later_hashes if g in first_hashes and first_hashes[g] != later_hashes[g]}
        assert len(log.new) == len(new_guids) > 0
        assert {collection.get_note(n.id.nid).guid for n in log.new} == new_guids
        assert {collection.get_note(n.id.nid).guid for n in log.updated} == changed
        assert len(log.conflicting) == 0
        assert note_by_guid(collection, edited_guid)["Meaning"] == "my own gloss"
        assert collection.db.scalar("select count() from revlog where cid = ?", reviewed) == 1
        assert [m["id"] for m in collection.models.all() if m["name"].startswith(MODEL_NAME)] == [MODEL_ID]
        assert collection.db.scalar("select count(distinct mid) from notes") == 1
        guids = collection.db.list("select guid from notes")
        assert len(guids) == len(set(guids)) == len(known | new_guids)
    finally:
        collection.close()


def test_a_changed_note_is_updated_on_import(tmp_path, one_article):
    deck = tmp_path / f"{DECK}.apkg"
    write_deck(one_article.entries, output=deck, deck_name=DECK)
    collection = open_collection(tmp_path / "collection.anki2")
    try:
        import_package(collection, deck)
        target = one_article.entries[1]
        revised = [dataclasses.replace(e, meaning="a better meaning") if e is target else e
                   for e in one_article.entries]
        built = write_deck(revised, output=deck, deck_name=DECK, now=int(time.time()) + 1)
        assert (built.new, built.changed) == (0, 1)
        log = import_package(collection, deck)
        assert (len(log.new), len(log.updated)) == (0, 1)
        updated = note_by_guid(collection, deck_notes([target], deck_name=DECK)[0].guid)
        assert updated["Meaning"] == "a better meaning"
    finally:
        collection.close()


def test_manifest_records_hash_and_time_of_each_note(tmp_path, one_article):
    deck = tmp_path / f"{DECK}.apkg"
    write_deck(one_article.entries, output=deck, deck_name=DECK)
    manifest = read_manifest(tmp_path / f"{DECK}.json")
    notes = deck_notes(one_article.entries, deck_name=DECK)
    assert {guid: stamp.hash for guid, stamp in manifest.notes.items()} == {
        n.guid: n.content_hash for n in notes}
    assert {stamp.mod for stamp in manifest.notes.values()} == {FIRST_ISSUE}
    changed = [dataclasses.replace(one_article.entries[0], note="revised"), *one_article.entries[1:]]
    write_deck(changed, output=deck, deck_name=DECK, now=FIRST_ISSUE + 5000)
    after = read_manifest(tmp_path / f"{DECK}.json")
    assert after.notes[notes[0].guid].mod == FIRST_ISSUE + 5000
    assert all(after.notes[n.guid] == manifest.notes[n.guid] for n in notes[1:])


def test_same_input_gives_byte_identical_packages(tmp_path, one_article):
    first, second = tmp_path / "a" / "deck.apkg", tmp_path / "b" / "deck.apkg"
    write_deck(one_article.entries, output=first, deck_name=DECK)
    time.sleep(1.1)  # a clock-stamped build would now differ
    write_deck(one_article.entries, output=second, deck_name=DECK)
    with zipfile.ZipFile(first) as a, zipfile.ZipFile(second) as b:
        assert a.read("collection.anki2") == b.read("collection.anki2")
    assert first.read_bytes() == second.read_bytes()

    import sqlite3

    (tmp_path / "c.anki2").write_bytes(zipfile.ZipFile(first).read("collection.anki2"))
    rows = sqlite3.connect(tmp_path / "c.anki2").execute(
        "select n.guid, n.mod from cards c join notes n on n.id = c.nid where c.ord = 0 order by c.due"
    ).fetchall()
    # Best term first: new cards come in the order of the vocabulary.
    assert [guid for guid, _ in rows] == [n.guid for n in deck_notes(one_article.entries, deck_name=DECK)]
    assert {mod for _, mod in rows} == {FIRST_ISSUE}


def test_split_by_article_makes_a_sub_deck_per_article(tmp_path, seed_vocabulary):
    deck = tmp_path / f"{DECK}.apkg"
    write_deck(seed_vocabulary.entries, output=deck, deck_name=DECK, split_by="article")
    collection = open_collection(tmp_path / "collection.anki2")
    try:
        import_package(collection, deck)
        titles = {e.source.title for e in seed_vocabulary.entries if e.source}
        assert len(titles) == 2
        names = {d.name for d in collection.decks.all_names_and_ids()}
        assert {f"{DECK}::{title}" for title in titles} <= names
        decks_of_cards = set(collection.db.list("select distinct did from cards"))
        assert {collection.decks.name(did) for did in decks_of_cards} == {f"{DECK}::{t}" for t in titles}
    finally:
        collection.close()


def test_notes_carry_every_source_and_tags_for_period_date_file_and_kind(seed_vocabulary):
    several = [e for e in seed_vocabulary.entries if len(e.sources) > 1]
    assert several, "some term of the seeds appears in both articles"
    note = deck_notes(several[:1], deck_name=DECK)[0]
    source_field = note.fields[10]
    assert all(source.title in source_field for source in several[0].sources)
    assert "period::1958" in note.tags and f"kind::{several[0].kind}" in note.tags
    assert {f"date::{s.date}" for s in several[0].sources} <= set(note.tags)
    assert sum(tag.startswith("file::") for tag in note.tags) == len(several[0].sources)


def test_sentence_card_only_when_the_example_blank_is_filled(tmp_path, one_article):
    with_example = one_article.entries[0]
    without = dataclasses.replace(one_article.entries[1], example="", example_pinyin="",
                                  example_translation="")
    deck = tmp_path / f"{DECK}.apkg"
    write_deck([with_example, without], output=deck, deck_name=DECK)
    collection = open_collection(tmp_path / "collection.anki2")
    try:
        import_package(collection, deck)
        cards = dict(collection.db.all("select n.sfld, count() from cards c join notes n on n.id = c.nid "
                                       "group by c.nid"))
        assert sorted(cards.values()) == [2, 3]
        model = collection.models.get(MODEL_ID)
        assert ".nightMode" in model["css"] and "@media" in model["css"]
        card = collection.get_card(collection.find_cards(f"mid:{MODEL_ID} card:Recognition")[0])
        assert 'class="tone' in card.question()
    finally:
        collection.close()


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_audio_puts_sound_made_by_espeak_in_the_package(tmp_path, one_article):
    deck = tmp_path / f"{DECK}.apkg"
    entries = one_article.entries[:2]
    write_deck(entries, output=deck, deck_name=DECK, audio=True)
    collection = open_collection(tmp_path / "collection.anki2")
    try:
        import_package(collection, deck)
        for note in deck_notes(entries, deck_name=DECK):
            audio = note_by_guid(collection, note.guid)["Audio"]
            assert audio.startswith("[sound:") and audio.endswith(".wav]")
            sound = collection.media.dir() + "/" + audio[len("[sound:"):-1]
            with open(sound, "rb") as file:
                assert file.read(4) == b"RIFF"
    finally:
        collection.close()


def test_audio_without_the_speech_engine_is_a_one_line_error(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no espeak-ng on this PATH
    result = CliRunner().invoke(main, ["build", str(SEED_000), "-o", str(tmp_path / "d.apkg"), "--audio"])
    assert result.exit_code == 1
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("error: --audio needs the speech engine espeak-ng")
    assert not (tmp_path / "d.apkg").exists()


def test_build_command_splits_and_names_the_deck(tmp_path):
    output = tmp_path / "out.apkg"
    result = CliRunner().invoke(main, ["build", str(SEEDS), "-o", str(output), "--deck", "Steel",
                                       "--split-by", "article"])
    assert result.exit_code == 0, result.output
    assert output.exists() and (tmp_path / "out.json").exists()
    with zipfile.ZipFile(output) as package:
        assert b"Steel::" in package.read("collection.anki2")


def test_restamp_moves_the_time_only_of_what_changed():
    first = restamp(Manifest(), notes={"a": "h1", "b": "h2"}, model="m1", now=FIRST_ISSUE + 10)
    assert first.notes == {"a": Stamp("h1", FIRST_ISSUE), "b": Stamp("h2", FIRST_ISSUE)}
    assert first.model == Stamp("m1", FIRST_ISSUE)
    second = restamp(first, notes={"a": "h1", "b": "h3"}, model="m2", now=FIRST_ISSUE + 50)
    assert second.notes["a"] == first.notes["a"]
    assert second.notes["b"] == Stamp("h3", FIRST_ISSUE + 50)
    assert second.model == Stamp("m2", FIRST_ISSUE + 50)
    # A clock behind the last change still gives a strictly newer time; a note left out is remembered.
    third = restamp(second, notes={"b": "h4"}, model="m2", now=FIRST_ISSUE)
    assert third.notes["b"].mod == FIRST_ISSUE + 51 and third.notes["a"] == first.notes["a"]


def test_a_broken_manifest_is_a_one_line_error_and_no_deck(tmp_path):
    (tmp_path / "d.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ManifestError):
        read_manifest(tmp_path / "d.json")
    result = CliRunner().invoke(main, ["build", str(SEED_000), "-o", str(tmp_path / "d.apkg")])
    assert result.exit_code == 1
    assert "d.json: cannot read the build manifest" in result.stderr
    assert not (tmp_path / "d.apkg").exists()


def test_a_new_version_of_the_note_type_updates_the_learners_note_type(tmp_path, one_article, monkeypatch):
    import flashcards.anki

    deck = tmp_path / f"{DECK}.apkg"
    write_deck(one_article.entries, output=deck, deck_name=DECK)
    collection = open_collection(tmp_path / "collection.anki2")
    try:
        import_package(collection, deck)
        assert collection.models.get(MODEL_ID)["mod"] == FIRST_ISSUE
        # A later release restyles the cards.
        restyled = flashcards.anki.card_css() + "\n.hanzi { font-weight: bold; }\n"
        monkeypatch.setattr(flashcards.anki, "card_css", lambda: restyled)
        now = int(time.time()) + 1
        write_deck(one_article.entries, output=deck, deck_name=DECK, now=now)
        log = import_package(collection, deck)
        assert (len(log.new), len(log.updated)) == (0, 0)
        collection.close()
        collection = open_collection(tmp_path / "collection.anki2")  # the Python side caches note types
        model = collection.models.get(MODEL_ID)
        assert (model["css"], model["mod"]) == (restyled, now)
        assert [m["id"] for m in collection.models.all() if m["name"].startswith(MODEL_NAME)] == [MODEL_ID]
    finally:
        collection.close()
