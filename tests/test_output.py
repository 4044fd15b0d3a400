"""Nothing lost (atomic writes) and nothing hostile passed through (escaped Anki fields and lists)."""

from __future__ import annotations

import html
import json
import os
import shutil
import stat

import pytest
from click.testing import CliRunner

from flashcards import build_vocabulary, render_list
from flashcards.anki import FIELDS, note_fields
from flashcards.cards import Entry, Source
from flashcards.cli import main
from flashcards.errors import OutputError
from flashcards.lists import FORMATS, list_parts
from flashcards.output import write_atomically, write_parts_atomically, write_text_atomically

from .conftest import SEED_000

OLD_DECK = b"an existing deck the learner has; must survive any failed run\n" * 100


def _leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


# --- atomic writes -------------------------------------------------------------------------------------

def test_a_write_that_fails_half_way_leaves_the_old_file_byte_identical(tmp_path):
    target = tmp_path / "deck.apkg"
    target.write_bytes(OLD_DECK)

    def fail_half_way(path):
        path.write_bytes(b"half a deck")
        raise OSError(28, "No space left on device")

    with pytest.raises(OutputError, match="deck.apkg: cannot write \\(No space left on device\\)"):
        write_atomically(target, fail_half_way)
    assert target.read_bytes() == OLD_DECK
    assert _leftovers(tmp_path) == []


def test_ctrl_c_during_a_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "list.json"
    target.write_bytes(OLD_DECK)

    def interrupted(path):
        path.write_bytes(b"[")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, interrupted)
    assert target.read_bytes() == OLD_DECK
    assert _leftovers(tmp_path) == []


def test_a_list_written_in_pieces_that_fails_half_way_leaves_the_old_file(tmp_path):
    target = tmp_path / "list.json"
    target.write_bytes(OLD_DECK)

    def pieces():
        yield "[\n" + "{}" * 10_000
        raise OSError(28, "No space left on device")

    with pytest.raises(OutputError, match="list.json: cannot write"):
        write_parts_atomically(target, pieces())
    assert target.read_bytes() == OLD_DECK
    assert _leftovers(tmp_path) == []


def test_the_json_list_comes_one_term_a_piece_and_reads_back_whole(seed_vocabulary):
    entries = seed_vocabulary.entries[:5]
    pieces = list(list_parts(entries, format="json"))
    assert len(pieces) == len(entries) + 1  # one a term, and the closing bracket: never the whole list at once
    assert [item["hanzi"] for item in json.loads("".join(pieces))] == [e.hanzi for e in entries]
    assert "".join(pieces) == render_list(entries, format="json")
    assert list(list_parts([], format="json")) == ["[]\n"]


def test_a_new_file_gets_normal_permissions_and_a_replaced_one_keeps_its_own(tmp_path):
    umask = os.umask(0o022)
    os.umask(umask)
    fresh = tmp_path / "new.json"
    write_text_atomically(fresh, "[]\n")
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask
    kept = tmp_path / "kept.json"
    kept.write_text("old", encoding="utf-8")
    kept.chmod(0o640)
    write_text_atomically(kept, "new")
    assert (kept.read_text(encoding="utf-8"), stat.S_IMODE(kept.stat().st_mode)) == ("new", 0o640)
    assert _leftovers(tmp_path) == []


def test_an_output_folder_that_cannot_be_made_is_a_clear_error(tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="cannot write here"):
        write_text_atomically(tmp_path / "file" / "sub" / "list.json", "[]")
    with pytest.raises(OutputError, match="is a folder"):
        write_text_atomically(tmp_path, "[]")


def _read_fifo_in_background(fifo):
    import threading

    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    return reader, received


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_or_device_is_written_as_it_is_never_replaced(tmp_path):
    # renaming a finished file onto /dev/null or /dev/stdout would replace the device itself
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader, received = _read_fifo_in_background(fifo)
    write_parts_atomically(fifo, ["[\n", "{}", "\n]\n"])
    reader.join(timeout=10)
    assert received == [b"[\n{}\n]\n"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert _leftovers(tmp_path) == []


def test_a_symbolic_link_stays_and_the_file_it_points_to_is_replaced(tmp_path):
    real = tmp_path / "shared" / "list.json"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "list.json"
    link.symlink_to(real)
    write_text_atomically(link, "new")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"
    assert _leftovers(tmp_path) == [] and _leftovers(real.parent) == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_deck_built_into_a_pipe_leaves_no_manifest_and_the_pipe_stays(tmp_path, seed_vocabulary):
    import io
    import threading
    import zipfile

    from flashcards.anki import write_deck

    fifo = tmp_path / "deck"
    os.mkfifo(fifo)
    built = []
    writer = threading.Thread(target=lambda: built.append(write_deck(seed_vocabulary.entries[:5], output=fifo)),
                              daemon=True)
    writer.start()
    writer.join(timeout=0.5)
    assert writer.is_alive()  # it waits for a reader: what it wrote before one came would be lost
    received = fifo.read_bytes()
    writer.join(timeout=30)
    with zipfile.ZipFile(io.BytesIO(received)) as package:  # a whole package came through
        assert package.testzip() is None and "collection.anki2" in package.namelist()
    assert built[0].manifest is None
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck"]


def test_a_failed_build_leaves_an_existing_deck_byte_identical(tmp_path, monkeypatch):
    deck = tmp_path / "deck.apkg"
    deck.write_bytes(OLD_DECK)
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(SEED_000, articles / "good.txt")
    (articles / "bad.txt").write_bytes(b"\x00")
    runner = CliRunner()
    # 1. --strict and a bad file: fails before writing
    strict = runner.invoke(main, ["build", str(articles), "--strict", "-o", str(deck)])
    assert strict.exit_code == 1 and "bad.txt: binary file" in strict.stderr
    assert deck.read_bytes() == OLD_DECK
    # 2. the disk fills while the package is written (fault injected into the real writer)
    import flashcards.anki

    def disk_full(notes, *, target, **options):
        with open(target, "wb") as stream:
            stream.write(b"PK\x03\x04 partial zip")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(flashcards.anki, "write_package", disk_full)
    full = runner.invoke(main, ["build", str(articles), "-o", str(deck)])
    assert full.exit_code == 1
    assert full.stderr.splitlines()[-1] == f"error: {deck}: cannot write (No space left on device)"
    assert "Traceback" not in full.output
    assert deck.read_bytes() == OLD_DECK
    assert _leftovers(tmp_path) == []


def test_a_failed_vocab_run_leaves_an_existing_list_byte_identical(tmp_path):
    listing = tmp_path / "vocabulary.json"
    listing.write_bytes(OLD_DECK)
    (tmp_path / "bad.txt").write_bytes(b"")
    shutil.copy(SEED_000, tmp_path / "good.txt")
    for arguments in (["--strict"], []):
        paths = [str(tmp_path)] if arguments else [str(tmp_path / "bad.txt")]
        result = CliRunner().invoke(main, ["vocab", *paths, *arguments, "-o", str(listing)])
        assert result.exit_code == 1
        assert listing.read_bytes() == OLD_DECK


@pytest.mark.parametrize("command", [["build"], ["vocab"]])
def test_an_output_path_whose_folder_cannot_be_made_fails_cleanly(tmp_path, command):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    output = tmp_path / "file" / "out"
    result = CliRunner().invoke(main, [*command, str(SEED_000), "-o", str(output)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith(f"error: {output}: cannot write here (")
    assert "Traceback" not in result.output


# --- hostile text --------------------------------------------------------------------------------------

HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>&amp;"
RAW_MARKUP = ("<script", "<img", "</script")


def _hostile_entry() -> Entry:
    source = Source(file=HOSTILE, title=HOSTILE, date=HOSTILE, page=HOSTILE)
    return Entry(hanzi="土法" + HOSTILE, traditional=HOSTILE, pinyin=HOSTILE, pinyin_numbered=HOSTILE,
                 zhuyin=HOSTILE, meaning=HOSTILE, context_meaning=HOSTILE, example="土法" + HOSTILE,
                 example_pinyin=HOSTILE, example_translation=HOSTILE, source=source, note=HOSTILE,
                 level=HOSTILE, count=1, score=1.0, reasons=(HOSTILE,), sources=(source,))


def assert_anki_fields_inert(fields: list[str]) -> None:
    """No field of a note holds markup that came from the text: it is all escaped."""
    assert len(fields) == len(FIELDS)
    for name, value in zip(FIELDS, fields):
        assert not any(tag in value for tag in RAW_MARKUP), (name, value)


def test_every_anki_field_escapes_hostile_text():
    fields = note_fields(_hostile_entry())
    assert_anki_fields_inert(fields)
    # the text itself survives, escaped (and `&amp;` is not taken for an entity)
    assert fields[FIELDS.index("Meaning")] == html.escape(HOSTILE)
    assert html.escape(HOSTILE) in fields[FIELDS.index("Source")]


# How each list format must keep hostile text inert: markup formats escape it, data formats carry it
# verbatim as data. A new format must be added here (the test below fails for an unknown one).
MARKUP_FORMATS = {"html", "md", "anki"}
DATA_FORMATS = {"json", "csv", "tsv", "pleco"}


def assert_list_keeps_hostile_text_inert(format: str, text: str) -> None:
    assert format in MARKUP_FORMATS | DATA_FORMATS, f"say how {format!r} treats hostile text"
    if format in MARKUP_FORMATS:
        assert not any(tag in text for tag in RAW_MARKUP)
    elif format == "json":
        assert HOSTILE in json.dumps(json.loads(text), ensure_ascii=False)
    else:
        assert HOSTILE in text


@pytest.mark.parametrize("format", FORMATS)
def test_every_list_format_keeps_hostile_text_inert(format):
    assert_list_keeps_hostile_text_inert(format, render_list([_hostile_entry()], format=format))


def test_a_hostile_article_gives_inert_cards_and_lists(tmp_path, resources):
    text = SEED_000.read_text(encoding="utf-8")
    text = text.replace("Title: Meeting", f"Title: {HOSTILE} Meeting", 1)
    text = text.replace("Xinhua News Agency", f"{HOSTILE} Xinhua News Agency", 1)
    text = text.replace("冶金工业部最近", "<script>alert(3)</script>冶金工业部<b>最近</b>", 1)
    (tmp_path / "hostile.txt").write_text(text, encoding="utf-8")
    vocabulary = build_vocabulary([tmp_path], resources=resources)
    assert vocabulary.entries
    assert vocabulary.articles[0].title.startswith(HOSTILE)
    for entry in vocabulary.entries:
        assert_anki_fields_inert(note_fields(entry))
    assert any(html.escape(HOSTILE) in note_fields(e)[FIELDS.index("Source")] for e in vocabulary.entries)
    for format in sorted(set(FORMATS) & MARKUP_FORMATS):
        rendered = render_list(vocabulary.entries, format=format)
        assert not any(tag in rendered for tag in RAW_MARKUP)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_whose_reader_goes_away_ends_the_command_quietly(tmp_path):
    import subprocess
    import sys
    import threading

    from .conftest import SEEDS

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)

    def read_a_little():
        with open(fifo, "rb") as stream:
            stream.read(100)  # then closes it, as `head -c 100` does: the list is 170 KB

    reader = threading.Thread(target=read_a_little, daemon=True)
    reader.start()
    run = subprocess.run([sys.executable, "-m", "flashcards", "vocab", str(SEEDS), "--format", "json", "-o",
                          str(fifo), "--quiet"], capture_output=True, text=True, timeout=120, check=False)
    reader.join(timeout=10)
    assert run.returncode == 1 and run.stderr == ""  # as `flashcards vocab ... | head` ends
    assert stat.S_ISFIFO(fifo.stat().st_mode)
