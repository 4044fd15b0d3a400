"""The whole job from files to annotated entries: read, align, segment once, choose terms, annotate."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .align import Aligner, align_article
from .cards import Entry, Sentence, Source, annotate
from .corpus import Article, find_article_files, read_article
from .dictionary import Dictionary
from .errors import ArticleError, NothingToDoError
from .reference import ModernReference
from .segment import Segmenter
from .vocab import VocabOptions, select_terms


@dataclass(frozen=True)
class Vocabulary:
    """The result of a run: entries best first, the articles they come from and what was skipped."""

    entries: tuple[Entry, ...]
    articles: tuple[Article, ...]
    warnings: tuple[str, ...]


class Resources:
    """The heavy, shared parts (jieba's dictionary, CC-CEDICT), each loaded on first use."""

    def __init__(self) -> None:
        self.segmenter = Segmenter()
        self.dictionary = Dictionary()
        self.aligner = Aligner(segmenter=self.segmenter, dictionary=self.dictionary)
        self.reference = ModernReference(dictionary=self.dictionary)


def read_articles(paths: Iterable[str | Path], *, strict: bool = False,
                  warn: Callable[[str], None] | None = None) -> Iterator[Article]:
    """Articles of the files and folders, one at a time. A bad file is reported through `warn` (one line
    naming the file and the reason) and skipped, or raised as `ArticleError` when `strict`.

    Raises `NothingToDoError` when the paths hold no file to read at all (say, a folder without .txt)."""
    paths = list(paths)
    found = False
    for file in find_article_files(paths):
        found = True
        try:
            article = read_article(file)
        except ArticleError as error:
            if strict:
                raise
            if warn:
                warn(str(error))
            continue
        for message in article.warnings:
            if warn:
                warn(f"{article.file}: {message}")
        yield article
    if not found:
        raise NothingToDoError("nothing to read: no .txt files in " + ", ".join(str(p) for p in paths))


def article_sentences(article: Article, *, segmenter: Segmenter,
                      aligner: Aligner | None = None) -> list[Sentence]:
    """The aligned, segmented sentences of one article (the aligner segments each unit once)."""
    source = Source(file=article.name, title=article.title, date=article.date, page=article.page)
    # The English keeps its dateline ("Xinhua News Agency, Kunming, 10th—The Ministry ..."), as printed; the
    # Chinese leaves 新华社昆明10日电 out so that it is not counted as vocabulary.
    return [Sentence(zh=pair.zh, en=pair.source_en, confident=pair.confident,
                     tokens=pair.tokens or tuple(segmenter.tokens(pair.zh)), source=source)
            for pair in align_article(article, aligner=aligner or Aligner(segmenter=segmenter))]


def build_vocabulary(paths: Iterable[str | Path], *, options: VocabOptions = VocabOptions(),
                     strict: bool = False, resources: Resources | None = None) -> Vocabulary:
    """Read the articles under `paths` and return their period vocabulary, annotated, best first.

    Raises `NothingToDoError` when no article could be read."""
    resources = resources or Resources()
    warnings: list[str] = []
    articles: list[Article] = []
    sentences: list[Sentence] = []
    for article in read_articles(paths, strict=strict, warn=warnings.append):
        articles.append(article)
        sentences.extend(article_sentences(article, segmenter=resources.segmenter, aligner=resources.aligner))
    if not articles:
        raise NothingToDoError("nothing built: no article could be read", warnings=tuple(warnings))
    terms = select_terms(((s.source.file, list(s.tokens)) for s in sentences),
                         segmenter=resources.segmenter, reference=resources.reference,
                         options=options)
    entries = annotate(terms, sentences, dictionary=resources.dictionary, segmenter=resources.segmenter)
    return Vocabulary(entries=tuple(entries), articles=tuple(articles), warnings=tuple(warnings))
