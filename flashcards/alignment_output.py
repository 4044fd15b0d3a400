"""Renders an article's alignment: JSON lines or TSV (one row per Chinese unit), or a bilingual HTML reader."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from itertools import groupby

from .align import Pair

FORMATS = ("jsonl", "tsv", "html")


def render_alignment(pairs: Sequence[Pair], *, format: str, title: str = "") -> str:
    """The pairs as text in `format` (one of `FORMATS`); datelines are shown where the article prints them."""
    if format == "jsonl":
        return "".join(json.dumps({"zh": p.source_zh, "en": p.source_en, "score": p.score,
                                   "paragraph": p.paragraph, "confident": p.confident},
                                  ensure_ascii=False) + "\n" for p in pairs)
    if format == "tsv":
        rows = ["paragraph\tscore\tconfident\tzh\ten"]
        rows += [f"{p.paragraph}\t{p.score}\t{str(p.confident).lower()}\t{_cell(p.source_zh)}\t{_cell(p.source_en)}"
                 for p in pairs]
        return "\n".join(rows) + "\n"
    if format == "html":
        return _html(pairs, title=title)
    raise ValueError(f"unknown alignment format {format!r}")


def _cell(text: str) -> str:
    return re.sub(r"[\t\r\n]+", " ", text)  # tabs and line breaks would break the row


_STYLE = """
body { font-family: sans-serif; max-width: 72rem; margin: 2rem auto; line-height: 1.5; color: #222; }
table { border-collapse: collapse; width: 100%; }
td { vertical-align: top; padding: .35rem .6rem; border-bottom: 1px solid #eee; width: 50%; }
td.zh { font-size: 1.15rem; }
tr.headline td { font-weight: bold; }
tr.paragraph td { border-top: 2px solid #bbb; }
tr.doubtful td.en { color: #999; }
td.en:empty::after { content: "(not translated)"; color: #bbb; font-style: italic; }
.score { font-size: .75rem; color: #aaa; margin-left: .4rem; }
"""


def _html(pairs: Sequence[Pair], *, title: str) -> str:
    """A self-contained side-by-side reader: Chinese left, English right, one row per unit."""
    rows = []
    for paragraph, group in groupby(pairs, key=lambda p: p.paragraph):
        for index, pair in enumerate(group):
            classes = ["headline" if paragraph == 0 else "", "paragraph" if index == 0 else "",
                       "" if pair.confident or not pair.en else "doubtful"]
            css = " ".join(c for c in classes if c)
            rows.append(
                f'<tr class="{css}"><td class="zh" lang="zh">{html.escape(pair.source_zh)}</td>'
                f'<td class="en" lang="en">{html.escape(pair.source_en)}'
                + (f'<span class="score" title="alignment confidence">{pair.score:.2f}</span>' if pair.en else "")
                + "</td></tr>")
    heading = html.escape(title or (pairs[0].zh if pairs else ""))
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
            f"<title>{heading}</title><style>{_STYLE}</style></head>\n<body>\n<h1>{heading}</h1>\n"
            "<table>\n" + "\n".join(rows) + "\n</table>\n</body></html>\n")
