"""Vocabulary lists for teachers and other tools. Every format holds the same entries as the JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence

from .cards import Entry

FORMATS = ("json", "anki")


def render_list(entries: Sequence[Entry], *, format: str) -> str:
    """The entries in one of `FORMATS`, as text."""
    if format == "json":
        return json.dumps([entry.as_json() for entry in entries], ensure_ascii=False, indent=1) + "\n"
    if format == "anki":
        from .anki_text import render_anki_text
        return render_anki_text(entries)
    raise ValueError(f"unknown list format {format!r}")
