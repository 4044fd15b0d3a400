"""The pipeline over many articles: worker processes give the same result, progress is reported."""

from __future__ import annotations

import os
import shutil

import pytest

from flashcards import build_vocabulary, pipeline
from flashcards.cards import PARALLEL_TERMS, annotate
from flashcards.errors import ArticleError
from flashcards.parallel import forked_map
from flashcards.vocab import VocabOptions, select_terms, term_lexicon

from .conftest import SEED_000, SEED_001, SEEDS


def _folder(tmp_path):
    shutil.copy(SEED_000, tmp_path / "a.txt")
    shutil.copy(SEED_001, tmp_path / "b.txt")
    (tmp_path / "c.txt").write_bytes(b"\x00\x01")
    return tmp_path


def test_two_processes_give_exactly_the_single_process_result(tmp_path, resources, seed_vocabulary):
    folder = _folder(tmp_path)
    parallel = build_vocabulary([folder], jobs=2)
    single = build_vocabulary([folder], jobs=1, resources=resources)
    assert [e.as_json() for e in parallel.entries] == [e.as_json() for e in single.entries]
    assert parallel.warnings == single.warnings
    assert any("c.txt: binary file" in w for w in parallel.warnings)


def test_workers_that_load_their_own_resources_give_the_same_result(tmp_path, resources, monkeypatch):
    # where processes cannot be forked (Windows, macOS), each worker loads the dictionaries itself
    monkeypatch.setattr(pipeline, "can_fork", lambda: False)
    folder = _folder(tmp_path)
    parallel = build_vocabulary([folder], jobs=2)
    single = build_vocabulary([folder], jobs=1, resources=resources)
    assert [e.as_json() for e in parallel.entries] == [e.as_json() for e in single.entries]


def test_forked_workers_keep_the_order_and_need_nothing_pickled():
    offset = 1000  # a lambda over a local cannot be pickled: the forked workers inherit it
    results = list(forked_map(lambda n: (n + offset, os.getpid()), range(40), jobs=2, chunksize=3))
    assert [value for value, _ in results] == [n + offset for n in range(40)]
    assert os.getpid() not in {pid for _, pid in results}


def test_no_fork_while_another_thread_runs():
    import multiprocessing
    import sys
    import threading

    from flashcards.parallel import can_fork

    release = threading.Event()
    waiting = threading.Thread(target=release.wait)
    waiting.start()
    try:
        assert not can_fork()
    finally:
        release.set()
        waiting.join()
    assert can_fork() == ("fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin")


def test_terms_annotated_in_two_processes_are_those_of_one(resources):
    from flashcards.corpus import read_article
    from flashcards.pipeline import article_sentences

    from .conftest import SEEDS

    sentences = [s for path in sorted(SEEDS.glob("*.txt"))
                 for s in article_sentences(read_article(path), segmenter=resources.segmenter,
                                            aligner=resources.aligner)]
    terms = select_terms([(s.source.file, s.tokens) for s in sentences], segmenter=resources.segmenter,
                         reference=resources.reference, options=VocabOptions(top=PARALLEL_TERMS + 20))
    assert len(terms) >= PARALLEL_TERMS  # enough for annotate to use the processes
    single = annotate(terms, sentences, dictionary=resources.dictionary, segmenter=resources.segmenter)
    seen = []
    parallel = annotate(terms, sentences, dictionary=resources.dictionary, segmenter=resources.segmenter, jobs=2,
                        progress=lambda done, total: seen.append((done, total)))
    assert [e.as_json() for e in parallel] == [e.as_json() for e in single]
    assert seen == [(done, len(terms)) for done in range(1, len(terms) + 1)]


def test_progress_is_reported_after_each_article_then_each_term(tmp_path, resources):
    seen, chosen, annotated = [], [], []
    vocabulary = build_vocabulary([_folder(tmp_path)], resources=resources,
                                  progress=lambda done, total: seen.append((done, total)),
                                  selection_progress=lambda done, total: chosen.append((done, total)),
                                  annotation_progress=lambda done, total: annotated.append((done, total)))
    assert seen == [(1, 3), (2, 3), (3, 3)]
    sentences = chosen[-1][1]
    assert sentences > 50 and chosen[-1] == (sentences, sentences)
    assert [done for done, _ in chosen] == sorted({done for done, _ in chosen})  # onwards only
    terms = len(vocabulary.entries)
    assert annotated == [(done, terms) for done in range(1, terms + 1)]


def test_an_article_error_survives_the_trip_from_a_worker():
    import pickle

    error = pickle.loads(pickle.dumps(ArticleError("x.txt", "empty file")))
    assert (error.file, error.problem, str(error)) == ("x.txt", "empty file", "x.txt: empty file")


def test_worker_tasks_are_consecutive_and_small_enough_for_the_progress_bar():
    from pathlib import Path

    for count in (3, 60, 300, 3000):
        files = [Path(f"{n:05}.txt") for n in range(count)]
        chunks = pipeline._chunks(files, jobs=2)
        assert [file for chunk in chunks for file in chunk] == files  # all of them, in order
        assert all(len(chunk) <= pipeline.MAX_TASK for chunk in chunks)
        assert all(len(chunk) >= min(count, pipeline.MIN_TASK) for chunk in chunks[:-1])
    assert len(pipeline._chunks([Path("a")] * 3000, jobs=2)) >= 3000 // pipeline.MAX_TASK


def test_the_second_pass_of_term_selection_in_two_processes_is_that_of_one(resources, monkeypatch):
    from flashcards import candidates
    from flashcards.corpus import read_article
    from flashcards.pipeline import article_sentences

    from .conftest import SEEDS

    tokenized = [(s.source.file, s.tokens) for path in sorted(SEEDS.glob("*.txt"))
                 for s in article_sentences(read_article(path), segmenter=resources.segmenter,
                                            aligner=resources.aligner)]
    lexicon = term_lexicon(segmenter=resources.segmenter, reference=resources.reference)
    single = select_terms(tokenized, segmenter=resources.segmenter, reference=resources.reference)
    single_candidates = candidates.extract_candidates(tokenized, lexicon=lexicon)
    # what the parts add up: every candidate's files, and the occurrences held by longer ones
    assert all(c.count and c.in_files for c in single_candidates)
    assert any(c.standalone < c.count and c.parents for c in single_candidates)
    # the seeds are small: parts of ten sentences, in two forked processes
    monkeypatch.setattr(candidates, "PARALLEL_SENTENCES", 1)
    monkeypatch.setattr(candidates, "MIN_SCAN", 10)
    forks = []
    real_forked_map = candidates.forked_map
    monkeypatch.setattr(candidates, "forked_map", lambda *a, **k: forks.append(1) or real_forked_map(*a, **k))
    seen = []
    parallel = select_terms(tokenized, segmenter=resources.segmenter, reference=resources.reference, jobs=2,
                            progress=lambda done, total: seen.append(done))
    assert forks and len(seen) >= 4
    assert parallel == single
    assert seen[-1] == len(tokenized)
    assert candidates.extract_candidates(tokenized, lexicon=lexicon, jobs=2) == single_candidates


@pytest.mark.parametrize("jobs, calls", [(1, []), (2, ["loaded"])])
def test_the_main_process_loads_for_the_examples_while_the_workers_read(tmp_path, resources, jobs, calls):
    from flashcards.candidates import CandidateCounter

    files = []
    for copy in range(4):
        files.append(tmp_path / f"{copy}a.txt")
        shutil.copy(SEED_000, files[-1])
    counter = CandidateCounter(lexicon=term_lexicon(segmenter=resources.segmenter, reference=resources.reference))
    seen = []
    studied = list(pipeline.study_files(files, resources=resources, counter=counter, jobs=jobs,
                                        meanwhile=lambda: seen.append("loaded")))
    assert [article.file for article in studied] == [str(file) for file in files]
    assert seen == calls


def test_an_archive_whose_runs_are_counted_again_gets_the_same_vocabulary(tmp_path, resources, monkeypatch):
    for copy in range(3):
        for path in SEEDS.glob("*.txt"):
            shutil.copy(path, tmp_path / f"{copy}{path.name}")
    kept = build_vocabulary([tmp_path], resources=resources)
    monkeypatch.setattr(pipeline, "RUNS_RECOUNTED_FROM", 1)  # past one article: runs seen once not kept
    counted_again = build_vocabulary([tmp_path], resources=resources)
    assert [entry.as_json() for entry in counted_again.entries] == [entry.as_json() for entry in kept.entries]
