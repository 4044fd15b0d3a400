"""The pipeline over many articles: worker processes give the same result, progress is reported."""

from __future__ import annotations

import shutil

from flashcards import build_vocabulary
from flashcards.errors import ArticleError

from .conftest import SEED_000, SEED_001


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


def test_progress_is_reported_after_each_article(tmp_path, resources):
    seen = []
    build_vocabulary([_folder(tmp_path)], resources=resources, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_an_article_error_survives_the_trip_from_a_worker():
    import pickle

    error = pickle.loads(pickle.dumps(ArticleError("x.txt", "empty file")))
    assert (error.file, error.problem, str(error)) == ("x.txt", "empty file", "x.txt: empty file")
