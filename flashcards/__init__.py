"""flashcards: Chinese newspaper articles with an English translation into Anki decks and vocabulary lists.

    >>> import flashcards
    >>> vocabulary = flashcards.build_vocabulary(["seeds/"])
    >>> vocabulary.entries[0].hanzi, vocabulary.entries[0].pinyin

Importing this package is cheap: jieba, pypinyin, genanki and CC-CEDICT load when first needed.
"""

from __future__ import annotations

from .align import Pair, align_article
from .alignment_output import render_alignment
from .anki import write_deck
from .cards import Entry
from .corpus import Article, parse_article, read_article
from .errors import ArticleError, FlashcardsError, NothingToDoError
from .lists import render_list
from .pipeline import Vocabulary, build_vocabulary, read_articles
from .vocab import VocabOptions

__version__ = "0.1.0"

__all__ = [
    "Article", "ArticleError", "Entry", "FlashcardsError", "NothingToDoError", "Pair", "VocabOptions",
    "Vocabulary", "__version__", "align_article", "build_vocabulary", "parse_article", "read_article",
    "read_articles", "render_alignment", "render_list", "write_deck",
]
