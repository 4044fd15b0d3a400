"""The Anki note type of DESIGN.md and the deck written with genanki."""

from __future__ import annotations

import hashlib
import html
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from .cards import BLANK, Entry
from .output import write_atomically

# Fixed forever: learners' collections know the note type by this id (DESIGN.md, "Anki note type").
MODEL_ID = 1958_1111_01
MODEL_NAME = "flashcards: Chinese period vocabulary"
FIELDS = ("Hanzi", "Traditional", "Pinyin", "Zhuyin", "Meaning", "ContextMeaning", "Example", "ExamplePinyin",
          "ExampleTranslation", "ExampleBlank", "Source", "Note", "Level", "Audio")

_DETAILS = """
<div class="pinyin">{{Pinyin}}</div>
<div class="zhuyin">{{Zhuyin}}</div>
{{#Traditional}}<div class="traditional">{{Traditional}}</div>{{/Traditional}}
<div class="meaning">{{Meaning}}</div>
{{#ContextMeaning}}<div class="context">“{{ContextMeaning}}”</div>{{/ContextMeaning}}
{{#Example}}<div class="example">{{Example}}</div>
<div class="example-pinyin">{{ExamplePinyin}}</div>
<div class="example-translation">{{ExampleTranslation}}</div>{{/Example}}
{{Audio}}
<div class="level">{{Level}}</div>
<div class="note">{{Note}}</div>
<div class="source">{{Source}}</div>
"""
TEMPLATES = (
    {"name": "Recognition",
     "qfmt": '<div class="hanzi">{{Hanzi}}</div>',
     "afmt": '{{FrontSide}}<hr id="answer">' + _DETAILS},
    {"name": "Recall",
     "qfmt": '<div class="meaning">{{Meaning}}</div>'
             '{{#ContextMeaning}}<div class="context">“{{ContextMeaning}}”</div>{{/ContextMeaning}}',
     "afmt": '{{FrontSide}}<hr id="answer"><div class="hanzi">{{Hanzi}}</div>' + _DETAILS},
    {"name": "Sentence",
     "qfmt": '{{#ExampleBlank}}<div class="example">{{ExampleBlank}}</div>'
             '<div class="example-translation">{{ExampleTranslation}}</div>{{/ExampleBlank}}',
     "afmt": '{{FrontSide}}<hr id="answer"><div class="hanzi">{{Hanzi}}</div>' + _DETAILS},
)


def card_css() -> str:
    return resources.files("flashcards").joinpath("templates/card.css").read_text(encoding="utf-8")


def note_model():
    import genanki

    return genanki.Model(MODEL_ID, MODEL_NAME, fields=[{"name": name} for name in FIELDS],
                         templates=list(TEMPLATES), css=card_css(), sort_field_index=0)


def deck_id(name: str) -> int:
    """A deck id fixed by the deck's name, so a rebuilt deck lands in the same Anki deck."""
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


def note_guid(hanzi: str) -> str:
    """The note's GUID: from the simplified headword alone (DESIGN.md, "Note identity")."""
    import genanki

    return genanki.guid_for("flashcards", hanzi)


def note_fields(entry: Entry) -> list[str]:
    """The 14 field values of a note: text escaped, markup added by us raw."""
    escape = html.escape
    reading = entry.reading
    source = ""
    if entry.source:
        source = escape(f"{entry.source.title} ({entry.source.date}, p. {entry.source.page})".strip())
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
        source,
        escape(entry.note),
        escape(entry.level),
        "",
    ]


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
    tags = ["flashcards", f"kind::{entry.kind}"]
    for source in entry.sources or ([entry.source] if entry.source else []):
        if source.date:
            tags.append(f"period::{source.date[:4]}")
            tags.append(f"date::{source.date}")
        tags.append("file::" + "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in source.file))
    return sorted(set(tags))


def write_deck(entries: Sequence[Entry], *, output: Path, deck_name: str) -> int:
    """Write the entries as an .apkg at `output` (atomically); returns the number of notes."""
    import genanki

    model = note_model()
    deck = genanki.Deck(deck_id(deck_name), deck_name)
    for entry in entries:
        deck.add_note(genanki.Note(model=model, fields=note_fields(entry), guid=note_guid(entry.hanzi),
                                   tags=note_tags(entry)))
    package = genanki.Package(deck)
    write_atomically(output, lambda path: package.write_to_file(str(path)))
    return len(entries)
