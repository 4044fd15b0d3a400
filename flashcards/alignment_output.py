"""Renders an article's alignment: JSON lines, one per Chinese unit."""

from __future__ import annotations

import json
from collections.abc import Sequence

from .align import Pair

FORMATS = ("jsonl",)


def render_alignment(pairs: Sequence[Pair], *, format: str) -> str:
    if format == "jsonl":
        return "".join(json.dumps({"zh": p.zh, "en": p.en, "score": p.score, "paragraph": p.paragraph,
                                   "confident": p.confident}, ensure_ascii=False) + "\n" for p in pairs)
    raise ValueError(f"unknown alignment format {format!r}")
