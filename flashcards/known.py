"""Words the learner already knows, read from a plain list, a Pleco export or an Anki text export."""

from __future__ import annotations

import re
from pathlib import Path

from .errors import FlashcardsError

_TAG = re.compile(r"<[^>]*>")
_TRADITIONAL = re.compile(r"\[[^\]]*\]$")  # Pleco writes 头[頭]


class KnownWordsError(FlashcardsError):
    """A known-words file that cannot be read."""


def read_known_words(path: str | Path) -> frozenset[str]:
    """The headwords of a file: one word a line, or the first column of a tab-separated Pleco export
    (`word[trad]<TAB>pinyin<TAB>meaning`, `//` category lines) or Anki text export (`#` header lines)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not UTF-8 text"
        raise KnownWordsError(f"{path}: cannot read the known words ({reason})") from None
    return frozenset(word for line in text.splitlines() if (word := _headword(line)))


def _headword(line: str) -> str:
    if line.startswith(("#", "//")):
        return ""
    first = line.split("\t", 1)[0]
    first = _TAG.sub("", first).replace("&nbsp;", " ").strip().strip('"').strip()
    return _TRADITIONAL.sub("", first).strip()
