"""Words the learner already knows, read from a plain list, a Pleco export or an Anki text export."""

from __future__ import annotations

import re
from pathlib import Path

from .errors import FlashcardsError

_TAG = re.compile(r"<[^>]*>")
_HAN = re.compile(r"[\u3400-\u9fff]")
_TRADITIONAL = re.compile(r"\[[^\]]*\]$")  # Pleco writes 头[頭]


class KnownWordsError(FlashcardsError):
    """A known-words file that cannot be read."""


def read_known_words(path: str | Path) -> frozenset[str]:
    """The headwords of a file: one word a line, or the first Chinese column of a tab-separated Pleco export
    (`word[trad]<TAB>pinyin<TAB>meaning`, `//` category lines) or Anki text export (`#` header lines)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not UTF-8 text"
        raise KnownWordsError(f"{path}: cannot read the known words ({reason})") from None
    return frozenset(word for line in text.splitlines() if (word := _headword(line)))


def _headword(line: str) -> str:
    """The first column that holds Chinese (an Anki export may start with a note id or a deck name)."""
    if line.startswith(("#", "//")):
        return ""
    for column in line.split("\t"):
        text = _TAG.sub("", column).replace("&nbsp;", " ").strip().strip('"').strip()
        if _HAN.search(text):
            return _TRADITIONAL.sub("", text).strip()
    return ""
