"""Splits Chinese and English paragraphs into sentences (the units that are aligned and shown on cards)."""

from __future__ import annotations

import re

# A Chinese sentence ends at 。！？ (or ！？ doubled) and keeps any closing quotes or brackets after it.
_CHINESE_END = re.compile(r"[^。！？!?]*(?:[。！？!?]+[”’」』）)]*|$)")
# An English sentence ends at . ! ? followed by optional closing quotes, then space and a capital or a quote.
_ENGLISH_END = re.compile(r"(?<=[.!?])[\"”’')]*\s+(?=[\"“‘(]?[A-Z0-9])")
_ABBREVIATIONS = ("No.", "Mr.", "Mrs.", "Dr.", "St.", "p.", "pp.", "i.e.", "e.g.", "etc.", "vs.", "Vol.", "Co.")


def split_chinese(paragraph: str) -> list[str]:
    """Chinese sentences of a paragraph, each with its end punctuation and closing quotes."""
    pieces = [m.group(0).strip() for m in _CHINESE_END.finditer(paragraph.strip())]
    return [p for p in pieces if p]


def split_english(paragraph: str) -> list[str]:
    """English sentences of a paragraph; abbreviations such as "No." do not end a sentence."""
    sentences: list[str] = []
    start = 0
    text = paragraph.strip()
    for match in _ENGLISH_END.finditer(text):
        candidate = text[start:match.start()].rstrip("\"”’')")
        if candidate.endswith(_ABBREVIATIONS):
            continue
        sentences.append(text[start:match.end()].strip())
        start = match.end()
    if text[start:].strip():
        sentences.append(text[start:].strip())
    return sentences
