"""The whole job from files to annotated entries: read, segment once, choose terms, align the articles their
examples come from, annotate."""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from .align import MOST_UNITS_JOINED, Aligner, Pair, chinese_units, unit_joiners
from .article_store import ArticleStore, Packed, article_source, pack
from .candidates import CandidateCounter, CandidateCounts, Lexicon
from .cards import Entry, Sentence, Shown, Source, Untranslated, annotate
from .corpus import Article, find_article_files, read_article
from .dictionary import Dictionary
from .errors import ArticleError, NothingToDoError
from .parallel import ForkedWorkers, can_fork, forked_map, parts
from .reference import ModernReference
from .segment import Segmenter
from .vocab import VocabOptions, select_terms, term_lexicon


@dataclass(frozen=True)
class Vocabulary:
    """The result of a run: entries best first, the articles they come from (read from disk as they are
    asked for, see `article_store`) and what was skipped."""

    entries: tuple[Entry, ...]
    articles: Sequence[Article]
    warnings: tuple[str, ...]


class Resources:
    """The heavy, shared parts (jieba's dictionary, CC-CEDICT), each loaded on first use."""

    def __init__(self) -> None:
        self.segmenter = Segmenter()
        self.dictionary = Dictionary()
        self.aligner = Aligner(segmenter=self.segmenter, dictionary=self.dictionary)
        self.reference = ModernReference(dictionary=self.dictionary)

    def load_for_examples(self) -> None:
        """Load what aligning and annotating need and reading does not: pypinyin's dictionaries and the HSK
        lists (0.2 s)."""
        from .levels import hsk_level
        from .pinyin import read_words

        read_words(["中"])
        hsk_level("中")


def read_articles(paths: Iterable[str | Path], *, strict: bool = False,
                  warn: Callable[[str], None] | None = None) -> Iterator[Article]:
    """Articles of the files and folders, one at a time. A bad file is reported through `warn` (one line
    naming the file and the reason) and skipped, or raised as `ArticleError` when `strict`.

    Raises `NothingToDoError` when the paths hold no file to read at all (say, a folder without .txt)."""
    for file in article_files(paths):
        article = _read_or_error(file)
        if isinstance(article, ArticleError):
            if strict:
                raise article
            if warn:
                warn(str(article))
            continue
        for message in article.warnings:
            if warn:
                warn(f"{article.file}: {message}")
        yield article


def article_files(paths: Iterable[str | Path]) -> list[Path]:
    """The article files under `paths`; raises `NothingToDoError` when there is none (a folder without .txt)."""
    paths = list(paths)
    files = list(find_article_files(paths))
    if not files:
        raise NothingToDoError("nothing to read: no .txt files in " + ", ".join(str(p) for p in paths))
    return files


def article_sentences(article: Article, *, segmenter: Segmenter,
                      aligner: Aligner | None = None) -> list[Sentence]:
    """The aligned, segmented sentences of one article (each unit segmented once)."""
    units = article_units(article, segmenter=segmenter)
    shown = aligned_units(article, units, aligner=aligner or Aligner(segmenter=segmenter))
    return list({id(sentence): sentence for sentence, _ in shown}.values())  # a sentence of several units once


def article_units(article: Article, *, segmenter: Segmenter) -> list[Sentence]:
    """The Chinese units of one article (`align.chinese_units`), segmented, without their English: what the
    terms are counted in. `aligned_units` gives them their English."""
    source = article_source(article)
    return [Sentence(zh=text, en="", confident=False, tokens=tuple(segmenter.tokens(text)), source=source)
            for text in chinese_units(article)]


def aligned_units(article: Article, units: Sequence[Sentence], *, aligner: Aligner) -> list[Shown]:
    """Each of the article's units (`article_units`) as an example shows it: the aligned sentence that holds
    it, with its English, and where the unit starts there. The aligner reuses the units' tokens."""
    return shown_units(aligner.align(article, tokenize=_tokens_of(units)), units)


def shown_units(pairs: Sequence[Pair], units: Sequence[Sentence]) -> list[Shown]:
    """The units each in the pair that holds it (`aligned_units`), from the article's pairs."""
    firsts = itertools.accumulate((len(pair.starts) for pair in pairs[:-1]), initial=0)
    return [shown for _, shown in shown_some(zip(firsts, pairs), units)]


def shown_some(numbered: Iterable[tuple[int, Pair]], units: Sequence[Sentence]) -> Iterator[tuple[int, Shown]]:
    """(number, shown) of the units in some of an article's pairs, each pair with the number of its first unit
    (`Aligner.align_some`)."""
    for first, pair in numbered:
        joined = units[first:first + len(pair.starts)]
        # most pairs hold one unit: its tokens as they are
        tokens = joined[0].tokens if len(joined) == 1 else tuple(itertools.chain.from_iterable(u.tokens for u in joined))
        sentence = _sentence(pair, units[0].source, tokens=tokens)
        for number, start in enumerate(pair.starts, start=first):
            yield number, (sentence, start)


def _tokens_of(units: Sequence[Sentence]) -> Callable[[str], Sequence]:
    tokens = {unit.zh: unit.tokens for unit in units}
    return tokens.__getitem__


def _sentence(pair: Pair, source: Source, *, tokens: tuple) -> Sentence:
    # The English keeps its dateline ("Xinhua News Agency, Kunming, 10th—The Ministry ..."), as printed; the
    # Chinese leaves 新华社昆明10日电 out so that it is not counted as vocabulary.
    return Sentence(zh=pair.zh, en=pair.source_en, confident=pair.confident, tokens=tokens, source=source)


def build_vocabulary(paths: Iterable[str | Path], *, options: VocabOptions | None = None,
                     strict: bool = False, resources: Resources | None = None, jobs: int | None = None,
                     progress: Callable[[int, int], None] | None = None,
                     selection_progress: Callable[[int, int], None] | None = None,
                     alignment_progress: Callable[[int, int], None] | None = None,
                     annotation_progress: Callable[[int, int], None] | None = None) -> Vocabulary:
    """Read the articles under `paths` and return their period vocabulary, annotated, best first.

    Each article is read and segmented once, in `jobs` processes (default: one per core once there are more
    than `PARALLEL_FROM` articles), and aligned with its English once the terms are chosen, if their examples
    come from it. `progress(done, total)` is called after each article, `selection_progress(done, total)` as
    the sentences are gone through again to choose the terms, `alignment_progress(done, total)` after each
    article aligned and `annotation_progress(done, total)` after each chosen term is annotated.
    Raises `NothingToDoError` when no article could be read."""
    resources = resources or Resources()
    files = article_files(paths)
    jobs = default_jobs(len(files)) if jobs is None else jobs
    warnings: list[str] = []
    store = ArticleStore()  # the articles and their units (without their English), on disk
    joiners: list[str | None] = []  # of the units (`unit_joiners`)
    # The first pass of term selection is done as the articles are read (by the workers, when there are).
    counter = CandidateCounter(lexicon=term_lexicon(segmenter=resources.segmenter, reference=resources.reference),
                               sightings_for=len(files) if len(files) > RUNS_RECOUNTED_FROM else None)
    studied_files = study_files(files, resources=resources, jobs=jobs, counter=counter,
                                meanwhile=resources.load_for_examples)
    for done, studied in enumerate(studied_files, start=1):
        if isinstance(studied, ArticleError):
            if strict:
                raise studied
            warnings.append(str(studied))
        else:
            warnings.extend(f"{studied.file}: {message}" for message in studied.warnings)
            store.add(studied)
            joiners.extend(unit_joiners(studied.headline, studied.units))
        if progress:
            progress(done, len(files))
    if not len(store):
        raise NothingToDoError("nothing built: no article could be read", warnings=tuple(warnings))
    units = store.units
    terms = select_terms(store.tokenized, segmenter=resources.segmenter, reference=resources.reference,
                         options=options or VocabOptions(), counts=counter.counts, jobs=jobs,
                         progress=selection_progress)
    del counter  # the first pass's counts (4 KB an article) are not needed for the examples
    resources.reference.save()
    translator = Translator(units=units, articles=store.articles, spans=[store.span(n) for n in range(len(store))],
                            aligner=resources.aligner, jobs=jobs, progress=alignment_progress, joiners=joiners)
    entries = annotate(terms, units, dictionary=resources.dictionary, segmenter=resources.segmenter,
                       jobs=jobs, progress=annotation_progress, untranslated=translator.untranslated())
    return Vocabulary(entries=tuple(entries), articles=store.articles, warnings=tuple(warnings))


# Below this many articles a process pool costs more than it saves.
PARALLEL_FROM = 48
# Past this many articles, the runs of words seen once are not kept but the others counted again after the
# reading (`candidates.RunSightings`): they took 20 KB an article of varied words, and a pass over 1,000
# articles costs about a second.
RUNS_RECOUNTED_FROM = 1_000
# Below this many articles to align, forking workers costs more than it saves (an article takes 3 ms).
PARALLEL_ALIGNMENTS = 16


class Translator:
    """Aligns the articles whose units may become examples, when asked (the `translate` of `Untranslated`):
    each article once, in `jobs` processes when there are many. `progress(done, total)` is called after
    each article, out of all the articles (how many will be asked for is not known), and with the total
    when `finish` is called; the workers stay until then."""

    def __init__(self, *, units: Sequence[Sentence], articles: Sequence[Article], spans: Sequence[range],
                 aligner: Aligner, jobs: int = 1, progress: Callable[[int, int], None] | None = None,
                 joiners: Sequence[str | None] | None = None) -> None:
        self.units, self.articles, self.spans = units, articles, spans  # each article's units at its span
        # the units' joiners (`unit_joiners`), when known without reading every article again
        self.joiners = joiners
        self.aligner = aligner
        self.jobs = jobs
        self.progress = progress
        self._starts = [span.start for span in spans]
        self._aligned: set[int] = set()  # the articles some of whose units have been aligned
        self._workers: ForkedWorkers | None = None

    def untranslated(self) -> Untranslated:
        """The units, as `annotate` takes them."""
        joiners = self.joiners if self.joiners is not None else [
            joiner for article, span in zip(self.articles, self.spans)
            for joiner in unit_joiners(len(article.headline), len(span))]
        return Untranslated(translate=self, finish=self.finish, most_joined=MOST_UNITS_JOINED, joiners=joiners)

    def __call__(self, indices: Sequence[int]) -> dict[int, Shown]:
        """The units of `indices` and the others of their paragraphs (of their articles, when the paragraphs
        are not aligned one by one), as examples show them (`aligned_units`)."""
        wanted: dict[int, list[int]] = {}  # article number -> its units wanted, numbered within it
        for index in indices:
            number = bisect.bisect_right(self._starts, index) - 1
            wanted.setdefault(number, []).append(index - self._starts[number])
        items = sorted(wanted.items())
        chunksize = max(1, len(items) // (8 * self.jobs))
        if self._workers:
            aligned = self._workers.map(items, chunksize=chunksize)
        elif self.jobs > 1 and len(items) >= PARALLEL_ALIGNMENTS and can_fork():
            # the first one here: it loads pypinyin and the anchors, which the workers forked after it share;
            # they stay for the next calls, warm
            first = self._pairs(items[0])
            self._workers = ForkedWorkers(self._pairs, jobs=self.jobs)
            aligned = itertools.chain([first], self._workers.map(items[1:], chunksize=chunksize))
        else:
            aligned = map(self._pairs, items)
        shown: dict[int, Shown] = {}
        for (number, _), pairs in zip(items, aligned):
            span = self.spans[number]
            shown.update((span.start + unit, found) for unit, found in
                         shown_some(pairs, self.units[span.start:span.stop]))
            self._aligned.add(number)
            if self.progress:
                self.progress(len(self._aligned), len(self.articles))
        return shown

    def finish(self) -> None:
        """No more will be asked for: the workers stop."""
        if self._workers:
            self._workers.close()
            self._workers = None
        if self.progress and len(self._aligned) < len(self.articles):
            self.progress(len(self.articles), len(self.articles))

    def _pairs(self, item: tuple[int, list[int]]) -> list[tuple[int, Pair]]:
        number, wanted = item
        span = self.spans[number]
        pairs = self.aligner.align_some(self.articles[number], wanted,
                                        tokenize=_tokens_of(self.units[span.start:span.stop]))
        # the tokens are the units' own, which the caller has: a worker does not send them back
        return [(first, dataclasses.replace(pair, tokens=())) for first, pair in pairs]


def default_jobs(articles: int) -> int:
    """One process per core for more than `PARALLEL_FROM` articles, else one."""
    return (os.cpu_count() or 1) if articles > PARALLEL_FROM else 1


Studied = Packed | ArticleError


def study_files(files: Sequence[Path], *, resources: Resources, counter: CandidateCounter,
                jobs: int | None = None, meanwhile: Callable[[], None] | None = None) -> Iterator[Studied]:
    """Each file read and segmented: the article and its units packed for the `ArticleStore`, or the error
    of a bad file; in the order of `files`, whatever the number of processes. The candidates of the
    sentences are counted into `counter` (the first pass of term selection), by the workers when there
    are; this process calls `meanwhile()` while they work."""
    jobs = default_jobs(len(files)) if jobs is None else jobs
    if jobs <= 1 or len(files) < 2:
        for file in files:
            yield _studied_and_counted(file, resources=resources, counter=counter)
        return
    # The first file is studied here: that loads every dictionary reading needs, and the workers forked
    # after it share them. Where processes cannot be forked, each worker loads its own.
    yield _studied_and_counted(files[0], resources=resources, counter=counter)
    chunks = _chunks(files[1:], jobs=jobs)
    if can_fork():
        results = forked_map(partial(_study_chunk, resources=resources, lexicon=counter.lexicon), chunks, jobs=jobs)
    else:
        results = _in_started_workers(chunks, jobs=jobs)
    for done, (studied, counts, answers) in enumerate(results):
        if done == 0 and meanwhile:
            meanwhile()  # the workers have started, and have all the tasks
        counter.add_counts(counts)
        resources.reference.learn(answers)
        yield from studied


# Files per task sent to a worker: as many as keep the merging of the tasks' counts cheap (a task's counts
# hold a few thousand strings, whatever its size) while the tasks are still spread evenly; and no more than
# a third of a second of work, since the progress bar moves as tasks come back (3,000 articles in tasks of
# 188 showed nothing for the first 1.2 s).
TASKS_PER_JOB = 8
MIN_TASK = 8
MAX_TASK = 50


def _chunks(files: Sequence[Path], *, jobs: int) -> list[Sequence[Path]]:
    return [files[part.start:part.stop] for part in parts(len(files), jobs=jobs, per_job=TASKS_PER_JOB,
                                                          smallest=MIN_TASK, largest=MAX_TASK)]


def _study_chunk(files: Sequence[Path], *, resources: Resources,
                lexicon: Lexicon) -> tuple[list[Studied], CandidateCounts, dict[str, float]]:
    """Consecutive files studied, their candidates counted, and the modern frequencies asked for meanwhile
    (the main process keeps them in its cache): a worker's task."""
    counter = CandidateCounter(lexicon=lexicon)
    studied = [_studied_and_counted(file, resources=resources, counter=counter) for file in files]
    return studied, counter.counts, resources.reference.take_answers()


def _studied_and_counted(file: Path, *, resources: Resources, counter: CandidateCounter) -> Studied:
    """The file read, segmented and packed, its candidates counted (or the error of a bad file)."""
    article = _read_or_error(file)
    if isinstance(article, ArticleError):
        return article
    units = article_units(article, segmenter=resources.segmenter)
    for unit in units:
        counter.add(unit.source.file, unit.tokens)
    return pack(article, units)


def _read_or_error(file: Path) -> Article | ArticleError:
    # A bad file is a value here, not an exception: the caller skips or raises it, in the order of the files.
    try:
        return read_article(file)
    except ArticleError as error:
        return error


# Where processes cannot be forked, each worker process loads its own resources once (from the user's cache)
# and keeps them for its files.
_worker: tuple[Resources, Lexicon] | None = None


def _start_worker() -> None:
    global _worker
    resources = Resources()
    _worker = resources, term_lexicon(segmenter=resources.segmenter, reference=resources.reference)


def _in_started_workers(chunks: list[Sequence[Path]], *, jobs: int):
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker) as pool:
        yield from pool.map(_study_chunk_in_worker, chunks)


def _study_chunk_in_worker(files: Sequence[Path]):
    resources, lexicon = _worker
    return _study_chunk(files, resources=resources, lexicon=lexicon)
