"""Splits Chinese and English paragraphs into sentences (the units that are aligned and shown on cards).

`chinese_pieces` and `english_pieces` also cut at weaker stops (Chinese ；, English `:`) and mark those
pieces as *soft*: the aligner may join a soft piece back to the one before it at no cost, so a clause
is a unit of its own only where the translation renders it alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CLOSERS = "”’」』）)》\"'"
# Chinese: a sentence ends at 。！？ (runs such as ！？ too) with any closing quotes or brackets after it;
# a clause ends at ；. Two or more spaces inside a paragraph separate parts set apart like headline parts.
_CHINESE_STOP = re.compile(rf"[。！？!?]+[{_CLOSERS}]*|；[{_CLOSERS}]*|(?:\s|\u3000){{2,}}")
# English: . ! ? and closing quotes, then blanks, then (an opening quote or bracket and) a capital or digit.
_ENGLISH_STOP = re.compile(r"[.!?]+[\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
# A colon before blanks ends a piece that the aligner may join back (a title part, a list lead-in).
_ENGLISH_COLON = re.compile(r":\s+(?=\S)")
# Words whose full stop does not end a sentence. Single capitals are initials (J. Smith).
_ABBREVIATION = re.compile(
    r"(?:\b(?:No|Nos|Mr|Mrs|Ms|Dr|St|Prof|Gen|Col|Lt|Sgt|Capt|Gov|Rev|Jr|Sr|Co|Corp|Inc|Ltd|Vol|vol|p|pp|"
    r"ch|fig|cf|vs|approx|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.|\b[A-Z]\.|\bi\.e\.|\be\.g\.)"
    r"[\"”’')\]]*$")
_QUOTES_AFTER_STOP = "\"”’')]"
_LONGEST_ABBREVIATION = len("approx.") + 1
# A list item's number or letter ("1.", "(2).", "IV.") opens a sentence; it does not make one.
_ENUMERATOR = re.compile(r"(?:^|[:;]\s+)\(?(?:\d{1,3}|[A-Za-z]|[IVXL]+)\)?\.$")
# An English dateline: "Xinhua News Agency, Kunming, 10th—", "Xinhua News Agency, September 24th:",
# "Beijing, Oct. 3 (Xinhua) --". A place/agency phrase, then a day, then a dash or a colon.
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
ENGLISH_DATELINE = re.compile(
    rf"^(?P<dateline>[A-Z][^.!?—:\n]{{0,80}}?\b(?:{_MONTH}\s+)?\d{{1,2}}(?:st|nd|rd|th)?"
    r"(?:,?\s+\d{4})?(?:\s*\([^)]{1,30}\))?\s*(?:—+|--+|–|:|\s-\s)\s*)")


@dataclass(frozen=True)
class Piece:
    """A sentence or clause of a paragraph; `soft` when it only follows a clause stop (；or `:`)."""

    text: str
    soft: bool = False


def chinese_pieces(paragraph: str) -> list[Piece]:
    """Sentences of a Chinese paragraph with their end punctuation and closing quotes; clauses cut at ；
    come back as soft pieces."""
    pieces: list[Piece] = []
    start = 0
    soft = False
    text = paragraph.strip()
    for match in _CHINESE_STOP.finditer(text):
        piece = text[start:match.end()].strip().strip("\u3000")
        if piece:
            pieces.append(Piece(piece, soft))
        soft = match.group(0).startswith("；")
        start = match.end()
    rest = text[start:].strip().strip("\u3000")
    if rest:
        pieces.append(Piece(rest, soft))
    return _fold_fragments(pieces)


def _fold_fragments(pieces: list[Piece]) -> list[Piece]:
    # A piece without any letter or ideograph (a stray quote or bracket) belongs to the one before it.
    out: list[Piece] = []
    for piece in pieces:
        if out and not any(ch.isalnum() for ch in piece.text):
            out[-1] = Piece(out[-1].text + piece.text, out[-1].soft)
        else:
            out.append(piece)
    return out


def split_chinese(paragraph: str) -> list[str]:
    """Chinese sentences of a paragraph, each with its end punctuation and closing quotes (； does not cut)."""
    sentences: list[str] = []
    for piece in chinese_pieces(paragraph):
        if piece.soft and sentences:
            sentences[-1] += piece.text
        else:
            sentences.append(piece.text)
    return sentences


def english_pieces(paragraph: str) -> list[Piece]:
    """Sentences of an English paragraph; pieces after a colon come back soft."""
    pieces: list[Piece] = []
    for sentence in split_english(paragraph):
        start = 0
        for match in _ENGLISH_COLON.finditer(sentence):
            if _inside_quotes(sentence[:match.start()]):
                continue
            pieces.append(Piece(sentence[start:match.end()].strip(), soft=start > 0))
            start = match.end()
        pieces.append(Piece(sentence[start:].strip(), soft=start > 0))
    return [p for p in pieces if p.text]


def _inside_quotes(text: str) -> bool:
    return text.count("“") > text.count("”") or text.count('"') % 2 == 1


def split_english(paragraph: str) -> list[str]:
    """English sentences of a paragraph; abbreviations ("No.", "i.e.") and initials do not end one."""
    sentences: list[str] = []
    start = 0
    text = paragraph.strip()
    for match in _ENGLISH_STOP.finditer(text):
        candidate = text[start:match.start() + len(match.group(0).rstrip())]
        # an abbreviation ends the candidate (before its closing quotes): look at its last few characters only
        tail = max(0, len(candidate.rstrip(_QUOTES_AFTER_STOP)) - _LONGEST_ABBREVIATION)
        if _ABBREVIATION.search(candidate, tail) or _ENUMERATOR.search(candidate):
            continue
        sentences.append(text[start:match.end()].strip())
        start = match.end()
    if text[start:].strip():
        sentences.append(text[start:].strip())
    return sentences


def split_english_dateline(paragraph: str) -> tuple[str, str]:
    """(dateline, rest) of an English paragraph that opens with a dateline; ("", paragraph) otherwise."""
    match = ENGLISH_DATELINE.match(paragraph.strip())
    if not match:
        return "", paragraph.strip()
    return match.group("dateline").strip(), paragraph.strip()[match.end():].strip()
