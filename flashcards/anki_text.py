"""Anki's own text import format: header lines, then one note per line with the deck's GUIDs.

Importing this file (File ▸ Import in Anki) fills the same note type as the .apkg and matches the same notes,
so a teacher's spreadsheet round trip and the deck never duplicate each other.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from .anki import DEFAULT_DECK_NAME, FIELDS, MODEL_NAME, note_fields, note_guid, note_tags
from .cards import Entry

GUID_COLUMN = 1
TAGS_COLUMN = len(FIELDS) + 2  # after the GUID and the fields


def render_anki_text(entries: Sequence[Entry], *, deck_name: str = DEFAULT_DECK_NAME) -> str:
    """The entries as a tab-separated Anki text import with `#` header lines (columns: GUID, fields, tags)."""
    out = io.StringIO()
    for header in ("separator:tab", "html:true", f"notetype:{MODEL_NAME}", f"deck:{deck_name}",
                   f"tags column:{TAGS_COLUMN}", f"guid column:{GUID_COLUMN}"):
        out.write(f"#{header}\n")
    writer = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    for entry in entries:
        fields = [_one_line(value) for value in note_fields(entry)]
        writer.writerow([note_guid(entry.hanzi), *fields, " ".join(note_tags(entry))])
    return out.getvalue()


def _one_line(value: str) -> str:
    # A line is a note: breaks inside a field become HTML breaks, tabs spaces.
    return value.replace("\r\n", "<br>").replace("\n", "<br>").replace("\r", "<br>").replace("\t", " ")
