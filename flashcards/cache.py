"""A small on-disk cache in the user's cache folder for data that is slow to parse and rarely changes.

Each entry is one marshal file holding (key, data): the key names what the data was built from (package
versions, data file size and time), so a new version of either rebuilds it. The cache is an optimisation
only: a missing, stale, corrupt or unwritable entry means the data is built again, never an error. Reading
an entry marks it as in use; writing one removes those that no run has read for `UNUSED_DAYS`.
"""

from __future__ import annotations

import marshal
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

# marshal's format may change between Python versions: the version is part of every key.
_FORMAT = f"flashcards-cache-1/marshal-{marshal.version}"


def cache_dir() -> Path:
    """The user's cache folder for flashcards (e.g. ~/.cache/flashcards)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("flashcards"))


def entry_for(prefix: str, path: Path | str) -> str:
    """The name of an entry kept per data file (or installed package): `prefix` and a digest of its path, so
    that another one (a test's data file, another environment's package) does not push it out."""
    import hashlib

    return f"{prefix}-{hashlib.blake2b(str(path).encode('utf-8', 'surrogatepass'), digest_size=6).hexdigest()}"


def file_key(path: Path) -> str:
    """What identifies a data file's content cheaply: its path, size and modification time."""
    stat = path.stat()
    return f"{path}:{stat.st_size}:{stat.st_mtime_ns}"


def cached(name: str, *, key: str, build: Callable[[], T], folder: Path | None = None) -> T:
    """The data stored under `name` when it was built for `key`; else `build()`, stored for next time.

    `build` must return plain values (dicts, lists, tuples, strings, numbers) that marshal can store."""
    data = load(name, key=key, folder=folder)
    if data is None:
        data = build()
        store(name, data, key=key, folder=folder)
    return data


def load(name: str, *, key: str, folder: Path | None = None):
    """The data stored under `name` for `key`, or None when there is none (or only a stale or broken one)."""
    path = _path(name, folder)
    try:
        stored_key, data = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None  # no entry yet, or a broken one
    if stored_key != f"{_FORMAT}|{key}":
        return None
    try:
        os.utime(path)  # in use: see `_prune`
    except OSError:
        pass
    return data


def store(name: str, data, *, key: str, folder: Path | None = None) -> None:
    """Keep `data` under `name` for `key`; a read-only or full disk only costs the next run the time again."""
    from .errors import FlashcardsError
    from .output import write_bytes_atomically

    try:
        write_bytes_atomically(_path(name, folder), marshal.dumps((f"{_FORMAT}|{key}", data)))
    except (OSError, ValueError, FlashcardsError):
        return
    _prune(_path(name, folder).parent)


# An entry no run has read for this long is removed when another is written: each installation keeps its
# own entries (`entry_for`: CC-CEDICT is 10 MB), and one removed or upgraded would otherwise stay for ever.
UNUSED_DAYS = 30


def _prune(folder: Path) -> None:
    cutoff = time.time() - UNUSED_DAYS * 86_400
    try:
        entries = list(folder.glob("*.marshal"))
    except OSError:
        return
    for entry in entries:
        try:
            if entry.stat().st_mtime < cutoff:
                entry.unlink()
        except OSError:
            pass  # gone already, or not ours to remove


def _path(name: str, folder: Path | None) -> Path:
    return (folder or cache_dir()) / f"{name}.marshal"
