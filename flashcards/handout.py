"""The printable HTML handout: one self-contained page (no network), hanzi with ruby pinyin, A4 print CSS.

The page is a Jinja2 template with autoescaping on, so any text from the articles is shown, never run as
markup; the only raw HTML is what `ruby` and `highlighted` build from escaped pieces.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from importlib import resources
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from .lists import Group, article_label

if TYPE_CHECKING:
    from .cards import Entry, Source

_SYLLABLE = re.compile(r"^[a-zü:]+[1-5]?$", re.IGNORECASE)


def render_handout(groups: Sequence[Group], *, title: str, articles: Sequence[Source]) -> str:
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("flashcards", "templates"), autoescape=True,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    css = resources.files("flashcards").joinpath("templates/handout.css").read_text(encoding="utf-8")
    numbered, start = [], 1
    for group in groups:
        numbered.append((group, start))
        start += len(group.entries)
    return environment.get_template("handout.html").render(
        title=title, articles=articles, groups=numbered, count=start - 1, css=Markup(css),
        article_label=article_label, ruby=ruby, highlighted=highlighted)


def ruby(entry: Entry) -> Markup:
    """The hanzi with its pinyin above each character (tone-coloured); the whole word's pinyin above the
    whole word when the syllables do not match the characters one to one."""
    syllables = entry.pinyin_numbered.split()
    if len(syllables) != len(entry.hanzi):
        return Markup("<ruby>{}<rt>{}</rt></ruby>").format(entry.hanzi, entry.pinyin)
    pieces = []
    for char, syllable in zip(entry.hanzi, syllables):
        if _SYLLABLE.match(syllable):
            tone = int(syllable[-1]) if syllable[-1] in "1234" else 5
            pieces.append(Markup('{}<rt class="tone{}">{}</rt>').format(char, tone, marked(syllable)))
        else:  # punctuation inside a slogan: no reading
            pieces.append(Markup("{}<rt></rt>").format(char))
    return Markup("<ruby>") + Markup("").join(pieces) + Markup("</ruby>")


def marked(numbered: str) -> str:
    """'lv3' → 'lǚ': one numbered syllable with its tone mark."""
    from pypinyin.contrib.tone_convert import to_tone

    return to_tone(numbered.lower().replace("u:", "v"))


def highlighted(text: str, part: str) -> Markup:
    """`text` escaped, with the first `part` in it (any case) wrapped in <mark>."""
    start = text.lower().find(part.lower()) if part else -1
    if start < 0:
        return escape(text)
    end = start + len(part)
    return Markup("{}<mark>{}</mark>{}").format(text[:start], text[start:end], text[end:])
