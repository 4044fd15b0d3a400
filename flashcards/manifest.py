"""The build manifest beside a deck: per note a content hash and the time its content last changed.

Anki imports a package note over an existing one only when the package's note is newer ("update if newer").
A note's modification time must therefore move only when its generated content moves, or every rebuild would
overwrite what the learner edited. The manifest remembers, per GUID, the hash of the content last written and
its time; a rebuild keeps the time of unchanged notes and gives changed ones the build time.

A note met for the first time gets `FIRST_ISSUE`, a fixed time in the past, not the build time: two fresh
builds of the same input are then identical, and a deck built without its manifest (a new machine, another
output path) can never overwrite a learner's edit — at worst it leaves an old version in place.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from .errors import FlashcardsError

FORMAT = 1
# 2025-01-01T00:00:00Z: the modification time of a note (or note type) no earlier build has issued.
FIRST_ISSUE = 1_735_689_600


class ManifestError(FlashcardsError):
    """A manifest that exists but cannot be read; the message names the file."""


@dataclass(frozen=True)
class Stamp:
    """The hash of generated content and the time (Unix seconds) it last changed."""

    hash: str
    mod: int


@dataclass(frozen=True)
class Manifest:
    """Stamps of the notes (by GUID) and of the note type. Notes no longer built are kept, so a term that
    leaves the deck and comes back unchanged keeps its time."""

    notes: Mapping[str, Stamp] = field(default_factory=lambda: MappingProxyType({}))
    model: Stamp | None = None


def manifest_path(deck: Path) -> Path:
    """Where the manifest of the deck file `deck` lives: beside it, `decks/<name>.json`."""
    if deck.suffix.lower() == ".json":  # never the deck itself
        return deck.with_suffix(".manifest.json")
    return deck.with_suffix(".json")


def read_manifest(path: Path) -> Manifest:
    """The manifest at `path`; an empty one when there is none yet."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, NotADirectoryError):
        return Manifest()
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ManifestError(f"{path}: cannot read the build manifest ({error}); move it away to start afresh")
    try:
        if data.get("format") != FORMAT:
            raise ValueError(f"unknown format {data.get('format')!r}")
        notes = {str(guid): _stamp(value) for guid, value in data["notes"].items()}
        model = _stamp(data["model"]) if data.get("model") else None
    except (AttributeError, KeyError, TypeError, ValueError) as error:
        raise ManifestError(f"{path}: not a build manifest ({error}); move it away to start afresh")
    return Manifest(notes=MappingProxyType(notes), model=model)


def _stamp(value: Mapping) -> Stamp:
    return Stamp(hash=str(value["hash"]), mod=int(value["mod"]))


def restamp(previous: Manifest, *, notes: Mapping[str, str], model: str, now: int) -> Manifest:
    """The manifest after a build whose notes have the content hashes `notes` (by GUID) and whose note type
    has the hash `model`, built at `now`."""
    stamps = dict(previous.notes)
    for guid, digest in notes.items():
        stamps[guid] = _next_stamp(stamps.get(guid), digest, now=now)
    return Manifest(notes=MappingProxyType(stamps), model=_next_stamp(previous.model, model, now=now))


def _next_stamp(old: Stamp | None, digest: str, *, now: int) -> Stamp:
    if old is None:
        return Stamp(hash=digest, mod=FIRST_ISSUE)
    if old.hash == digest:
        return old
    # Strictly newer than what the learner's collection holds from the last build, even with a slow clock.
    return Stamp(hash=digest, mod=max(now, old.mod + 1))


def render_manifest(manifest: Manifest) -> str:
    """The manifest as JSON text, keys sorted so that an unchanged build writes the same bytes."""
    data = {
        "format": FORMAT,
        "model": {"hash": manifest.model.hash, "mod": manifest.model.mod} if manifest.model else None,
        "notes": {guid: {"hash": s.hash, "mod": s.mod} for guid, s in sorted(manifest.notes.items())},
    }
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
