"""The Anki note type of DESIGN.md and the deck written with genanki, so that it can live in a collection.

A learner rebuilds the deck as articles arrive and imports it again. Anki matches notes by GUID and replaces a
note only when the package's copy is newer, so: GUIDs come from the simplified headword, each note's
modification time comes from the build manifest (it moves only when the note's content does), and ids,
order and the package bytes depend on the input alone.
"""

from __future__ import annotations

import copy
import hashlib
import html
import json
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from .cards import BLANK, Entry, Source
from .manifest import FIRST_ISSUE, Manifest, manifest_path, read_manifest, render_manifest, restamp
from .output import is_special_file, write_atomically

if TYPE_CHECKING:
    from .audio import Sound

# Fixed forever: learners' collections know the note type by this id (DESIGN.md, "Anki note type").
MODEL_ID = 1958_1111_01
MODEL_NAME = "flashcards: Chinese period vocabulary"
FIELDS = ("Hanzi", "Traditional", "Pinyin", "Zhuyin", "Meaning", "ContextMeaning", "Example", "ExamplePinyin",
          "ExampleTranslation", "ExampleBlank", "Source", "Note", "Level", "Audio")
DEFAULT_DECK_NAME = "People's Daily 1958"
SPLITS = ("article",)
# Note and card ids: FIRST_ISSUE in milliseconds plus a hash of the GUID (Anki shows ids as "added" dates).
_ID_SPAN = 10**10

_DETAILS_TEMPLATE = """
<div class="reading"><span class="pinyin">{{Pinyin}}</span> {{Audio}}</div>
<div class="zhuyin">{{Zhuyin}}</div>
{{#Traditional}}<div class="traditional">{{Traditional}}</div>{{/Traditional}}
{meaning}
{{#Example}}<div class="example-block">
<div class="example">{{Example}}</div>
<div class="example-pinyin">{{ExamplePinyin}}</div>
{{#ExampleTranslation}}<div class="example-translation">{{ExampleTranslation}}</div>{{/ExampleTranslation}}
</div>{{/Example}}
<div class="footer">
{{#Level}}<div class="level">{{Level}}</div>{{/Level}}
{{#Note}}<div class="note">{{Note}}</div>{{/Note}}
<div class="source">{{Source}}</div>
</div>
"""
_MEANING = ('<div class="meaning">{{Meaning}}</div>\n'
            '{{#ContextMeaning}}<div class="context">“{{ContextMeaning}}”</div>{{/ContextMeaning}}')
_DETAILS = _DETAILS_TEMPLATE.replace("{meaning}", _MEANING)
_DETAILS_NO_MEANING = _DETAILS_TEMPLATE.replace("{meaning}\n", "")  # the Recall card asked with the meaning
TEMPLATES = (
    {"name": "Recognition",
     "qfmt": '<div class="hanzi">{{Hanzi}}</div>',
     "afmt": '{{FrontSide}}<hr id="answer">' + _DETAILS},
    {"name": "Recall",
     "qfmt": '<div class="prompt">{{Meaning}}</div>'
             '{{#ContextMeaning}}<div class="context">“{{ContextMeaning}}”</div>{{/ContextMeaning}}',
     "afmt": '{{FrontSide}}<hr id="answer"><div class="hanzi">{{Hanzi}}</div>' + _DETAILS_NO_MEANING},
    {"name": "Sentence",
     "qfmt": '{{#ExampleBlank}}<div class="example cloze">{{ExampleBlank}}</div>'
             '<div class="example-translation">{{ExampleTranslation}}</div>{{/ExampleBlank}}',
     "afmt": '{{FrontSide}}<hr id="answer"><div class="hanzi">{{Hanzi}}</div>' + _DETAILS},
)


@dataclass(frozen=True)
class DeckNote:
    """One note as it goes into the package: its identity, content and the deck of its cards."""

    guid: str
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    deck: str

    @property
    def content_hash(self) -> str:
        """Hash of what an import would write into the learner's note: fields and tags."""
        text = json.dumps([self.fields, self.tags], ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class DeckBuild:
    """What a build wrote: the number of notes, how many are new or changed since the last build, and the
    manifest beside the deck (None for a deck written to a device or a pipe)."""

    notes: int
    new: int
    changed: int
    manifest: Path | None


def card_css() -> str:
    return resources.files("flashcards").joinpath("templates/card.css").read_text(encoding="utf-8")


def note_model():
    import genanki

    # genanki writes ords into the template dicts: hand it copies, not our constants.
    return genanki.Model(MODEL_ID, MODEL_NAME, fields=[{"name": name} for name in FIELDS],
                         templates=copy.deepcopy(list(TEMPLATES)), css=card_css(), sort_field_index=0)


def model_hash() -> str:
    """Hash of the note type's templates and styling: a new version updates the learner's note type."""
    text = json.dumps([MODEL_NAME, FIELDS, TEMPLATES, card_css()], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def deck_id(name: str) -> int:
    """A deck id fixed by the deck's name, so a rebuilt deck lands in the same Anki deck."""
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


def note_guid(hanzi: str) -> str:
    """The note's GUID: from the simplified headword alone (DESIGN.md, "Note identity")."""
    import genanki

    return genanki.guid_for("flashcards", hanzi)


def note_fields(entry: Entry, *, audio: str = "") -> list[str]:
    """The 14 field values of a note: text escaped, markup added by us raw. `audio` is the Audio field."""
    escape = html.escape
    reading = entry.reading
    return [
        reading.hanzi_html() if reading else escape(entry.hanzi),
        escape(entry.traditional if entry.traditional != entry.hanzi else ""),
        reading.pinyin_html() if reading else escape(entry.pinyin),
        escape(entry.zhuyin),
        escape(entry.meaning),
        escape(entry.context_meaning),
        highlight(entry.example, entry.example_term or entry.hanzi,
                  start=entry.example_span[0] if entry.example_span else None),
        escape(entry.example_pinyin),
        highlight(entry.example_translation, entry.context_meaning,
                  start=entry.context_start if entry.context_start >= 0 else None),
        escape(entry.example_blank).replace(escape(BLANK), f'<span class="blank">{escape(BLANK)}</span>'),
        "<br>".join(escape(source_label(source)) for source in entry_sources(entry)),
        escape(stable_note(entry.note)),
        escape(entry.level),
        audio,
    ]


def stable_note(note: str) -> str:
    """The note without its figures ("keyness 9.4 against modern Chinese"): they describe this build's corpus
    and would change the note, and so overwrite the learner's copy, with every article added."""
    return "; ".join(part for part in note.split("; ") if part and not any(ch.isdigit() for ch in part))


def entry_sources(entry: Entry) -> list[Source]:
    """Every article the term comes from, the one of its example first."""
    first = [entry.source] if entry.source else []
    return list(dict.fromkeys(first + list(entry.sources)))


def source_label(source: Source) -> str:
    details = ", ".join(part for part in (source.date, f"p. {source.page}" if source.page else "") if part)
    return f"{source.title or source.file} ({details})" if details else (source.title or source.file)


def highlight(text: str, part: str, *, start: int | None = None) -> str:
    """Escape `text` and wrap `part` in a highlight span: at `start` when it stands there (the occurrence
    the term or its context meaning was found at), else its first occurrence (case-insensitive)."""
    if not part:
        return html.escape(text)
    if start is None or text[start:start + len(part)].lower() != part.lower():
        start = text.lower().find(part.lower())
    if start < 0:
        return html.escape(text)
    end = start + len(part)
    return (html.escape(text[:start]) + f'<span class="hl">{html.escape(text[start:end])}</span>'
            + html.escape(text[end:]))


def note_tags(entry: Entry) -> list[str]:
    """Tags for the kind of term, the period, each article's date and each source file."""
    tags = ["flashcards", f"kind::{_tag_part(entry.kind)}"]
    for source in entry_sources(entry):
        if source.date:
            tags.append(f"period::{_tag_part(source.date[:4])}")
            tags.append(f"date::{_tag_part(source.date)}")
        tags.append("file::" + _tag_part(source.file))
    return sorted(set(tags))


def _tag_part(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in text) or "_"


def note_deck(entry: Entry, *, deck_name: str, split_by: str | None = None) -> str:
    """The deck of the note's cards: `deck_name`, or with `split_by="article"` a sub-deck named after the
    article of the term's example."""
    if split_by is None or entry.source is None:
        return deck_name
    if split_by != "article":
        raise ValueError(f"unknown split {split_by!r}")
    title = " ".join((entry.source.title or entry.source.file).replace("::", ":").split())
    return f"{deck_name}::{title}"


def deck_notes(entries: Sequence[Entry], *, deck_name: str, split_by: str | None = None,
               sounds: Mapping[str, str] | None = None) -> list[DeckNote]:
    """The notes of a deck in the order of the entries (best first); `sounds` maps a headword to its
    Audio field."""
    sounds = sounds or {}
    return [DeckNote(guid=note_guid(entry.hanzi),
                     fields=tuple(note_fields(entry, audio=sounds.get(entry.hanzi, ""))),
                     tags=tuple(note_tags(entry)),
                     deck=note_deck(entry, deck_name=deck_name, split_by=split_by))
            for entry in one_per_term(entries)]


def one_per_term(entries: Sequence[Entry]) -> list[Entry]:
    """The first (best) entry of each headword: one note per term, whatever the entries repeat."""
    unique: dict[str, Entry] = {}
    for entry in entries:
        unique.setdefault(entry.hanzi, entry)
    return list(unique.values())


def write_deck(entries: Sequence[Entry], *, output: Path, deck_name: str = DEFAULT_DECK_NAME,
               split_by: str | None = None, audio: bool = False, now: int | None = None) -> DeckBuild:
    """Write the entries as an .apkg at `output` and its build manifest beside it (both atomically).

    `now` (Unix seconds, default the clock) is the modification time of notes whose content changed since the
    manifest was written. With `audio`, each note gets its sound made by espeak-ng."""
    entries = one_per_term(entries)
    with tempfile.TemporaryDirectory(prefix="flashcards-audio-") as folder:
        sounds = _make_sounds(entries, folder=Path(folder)) if audio else {}
        notes = deck_notes(entries, deck_name=deck_name, split_by=split_by,
                           sounds={hanzi: sound.field for hanzi, sound in sounds.items()})
        # a deck written to a device or a pipe (/dev/null, say) is not kept: no manifest beside it
        where = None if is_special_file(output) else manifest_path(output)
        previous = read_manifest(where) if where else Manifest()
        manifest = restamp(previous, notes={note.guid: note.content_hash for note in notes},
                           model=model_hash(), now=int(time.time()) if now is None else now)
        media = sorted({sound.name: sound.path for sound in sounds.values()}.items())
        write_atomically(output,
                         lambda path: write_package(notes, manifest=manifest, media=media, target=path))
    if where:
        write_atomically(where, lambda path: path.write_text(render_manifest(manifest), encoding="utf-8"))
    changed = sum(1 for note in notes if note.guid in previous.notes
                  and previous.notes[note.guid].hash != note.content_hash)
    return DeckBuild(notes=len(notes), new=sum(1 for note in notes if note.guid not in previous.notes),
                     changed=changed, manifest=where)


def _make_sounds(entries: Sequence[Entry], *, folder: Path) -> dict[str, Sound]:
    from .audio import find_engine, speak

    engine = find_engine()
    return {entry.hanzi: speak(entry.pinyin_numbered, folder=folder, engine=engine)
            for entry in entries if entry.pinyin_numbered}


def write_package(notes: Sequence[DeckNote], *, manifest: Manifest, media: Iterable[tuple[str, Path]] = (),
                  target: Path) -> None:
    """Write the .apkg: genanki's collection schema, our ids and times, a zip with fixed dates."""
    import genanki

    model = note_model()
    stamped_note = _stamped_note_class()
    decks: dict[str, genanki.Deck] = {}
    taken_notes: set[int] = set()
    taken_cards: set[int] = set()
    for position, note in enumerate(notes, start=1):
        if note.deck not in decks:
            decks[note.deck] = genanki.Deck(deck_id(note.deck), note.deck)
        stamp = manifest.notes[note.guid]
        decks[note.deck].add_note(stamped_note(
            model=model, fields=list(note.fields), tags=list(note.tags), guid=note.guid, due=position,
            mod=stamp.mod, note_id=_stable_id(note.guid, taken_notes),
            card_ids={ord_: _stable_id(f"{note.guid}/{ord_}", taken_cards)
                      for ord_ in range(len(TEMPLATES))}))
    model_mod = manifest.model.mod if manifest.model else FIRST_ISSUE
    media = list(media)
    with tempfile.TemporaryDirectory(prefix="flashcards-apkg-") as folder:
        database = Path(folder) / "collection.anki2"
        connection = sqlite3.connect(database)
        try:
            # The package timestamp is only the note type's modification time here; notes carry their own.
            genanki.Package(list(decks.values())).write_to_db(connection.cursor(), model_mod, iter(()))
            connection.commit()
        finally:
            connection.close()
        # opened write-only: zipfile would open a path for reading too, which a pipe allows without a reader,
        # and what it wrote was lost when the reader came after it had closed the pipe
        with open(target, "wb") as stream, zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as package:
            _add_to_zip(package, "collection.anki2", database.read_bytes())
            names = {str(index): name for index, (name, _) in enumerate(media)}
            _add_to_zip(package, "media", json.dumps(names).encode())
            for index, (_, path) in enumerate(media):
                _add_to_zip(package, str(index), path.read_bytes())


def _add_to_zip(package: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))  # fixed: same input, same bytes
    info.compress_type = zipfile.ZIP_DEFLATED
    package.writestr(info, data)


def _stable_id(key: str, taken: set[int]) -> int:
    """An id fixed by `key`, unique among `taken` (which it joins)."""
    digest = int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big")
    candidate = FIRST_ISSUE * 1000 + digest % _ID_SPAN
    while candidate in taken:
        candidate += 1
    taken.add(candidate)
    return candidate


def _stamped_note_class():
    import genanki

    class StampedNote(genanki.Note):
        """A genanki note written with its own modification time and fixed ids instead of the clock's."""

        def __init__(self, *, mod: int, note_id: int, card_ids: Mapping[int, int], **kwargs) -> None:
            super().__init__(**kwargs)
            self.mod = mod
            self.note_id = note_id
            self.card_ids = dict(card_ids)

        def write_to_db(self, cursor, timestamp, deck_id, id_gen) -> None:
            ids = iter([self.note_id] + [self.card_ids[card.ord] for card in self.cards])
            super().write_to_db(cursor, self.mod, deck_id, ids)

    return StampedNote
