"""The segmenter: jieba's own POS output, faster, and the on-disk cache that makes it start quickly."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flashcards import segment
from flashcards.cache import cached
from flashcards.segment import Segmenter, best_route

TEXT = "新华社昆明10日电　冶金工业部最近在云南召开了土法炼铜现场会议。马继孔说，ABC 3.5吨。马继孔说"


def test_tokens_are_exactly_jiebas_pos_output(tmp_path):
    import jieba
    from jieba import posseg

    segmenter = Segmenter(cache_dir=tmp_path)
    reference = posseg.POSTokenizer(jieba.Tokenizer())
    expected = [(pair.word, pair.flag) for pair in reference.cut(TEXT)]
    assert [(t.word, t.pos) for t in segmenter.tokens(TEXT)] == expected
    # the remembered stretches give the same answer the second time
    assert [(t.word, t.pos) for t in segmenter.tokens(TEXT)] == expected
    assert "".join(t.word for t in segmenter.tokens(TEXT)) == TEXT


def test_the_dictionary_is_kept_in_an_entry_of_its_own_file(tmp_path):
    import jieba

    from flashcards.cache import entry_for

    Segmenter(cache_dir=tmp_path).tokens("土法")
    with jieba.Tokenizer().get_dict_file() as file:
        own = entry_for("jieba-dictionary", file.name)
    # another environment's jieba (another file) would name another entry
    assert [path.stem for path in tmp_path.glob("*.marshal")] == [own]
    assert own != entry_for("jieba-dictionary", "/elsewhere/jieba/dict.txt")


def test_equal_tokens_are_one_object(tmp_path):
    segmenter = Segmenter(cache_dir=tmp_path)
    first, second = segmenter.tokens("土法炼铜。"), segmenter.tokens("土法炼铜！")
    assert first[0] is second[0]


def test_the_shared_tokens_are_bounded_and_start_again(tmp_path, monkeypatch):
    monkeypatch.setattr(segment, "_TOKENS", {})
    monkeypatch.setattr(segment, "TOKENS_KEPT", 4)
    segmenter = Segmenter(cache_dir=tmp_path)
    before = segmenter.tokens(TEXT)
    assert 0 < len(segment._TOKENS) <= 4  # an archive of varied words has a token for most of jieba's
    again = segmenter.tokens(TEXT)
    assert again == before and [(t.word, t.pos) for t in again] == [(t.word, t.pos) for t in before]
    words = [t.word for t in before]
    tags = [t.pos for t in before]
    assert segment.interned_tokens(words, tags) == before and len(segment._TOKENS) <= 4


def test_tokens_cross_to_another_process_whole(tmp_path):
    tokens = Segmenter(cache_dir=tmp_path).tokens(TEXT)
    copy = pickle.loads(pickle.dumps(tokens))
    assert copy == tokens and [(t.word, t.pos) for t in copy] == [(t.word, t.pos) for t in tokens]
    assert len({id(t) for t in copy}) == len({id(t) for t in tokens})  # a repeated token is one object still
    assert all(a is b for a, b in zip(copy, tokens))  # and the one this process has: one per word and tag


def test_a_segmenter_crosses_to_a_worker_process_without_its_dictionaries(tmp_path):
    segmenter = Segmenter(cache_dir=tmp_path)
    segmenter.tokens("土法")
    copy = pickle.loads(pickle.dumps(segmenter))
    assert len(pickle.dumps(segmenter)) < 1000
    assert [t.word for t in copy.tokens("土法炼铜")] == ["土法", "炼铜"]


def test_cache_builds_once_and_rebuilds_for_a_new_key_or_a_broken_file(tmp_path):
    calls = []

    def build():
        calls.append(1)
        return {"土法": "n"}

    assert cached("tags", key="v1", build=build, folder=tmp_path) == {"土法": "n"}
    assert cached("tags", key="v1", build=build, folder=tmp_path) == {"土法": "n"}
    assert len(calls) == 1
    cached("tags", key="v2", build=build, folder=tmp_path)
    assert len(calls) == 2
    (tmp_path / "tags.marshal").write_bytes(b"\x00garbage")
    assert cached("tags", key="v2", build=build, folder=tmp_path) == {"土法": "n"}
    assert len(calls) == 3


def test_an_unwritable_cache_folder_only_costs_time(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert cached("tags", key="v1", build=lambda: [1, 2], folder=blocker / "cache") == [1, 2]


def test_whole_seed_articles_segment_exactly_as_jieba_posseg(tmp_path):
    import jieba
    from jieba import posseg

    from .conftest import SEEDS

    reference = posseg.POSTokenizer(jieba.Tokenizer())
    segmenter = Segmenter(cache_dir=tmp_path)
    for seed in sorted(SEEDS.glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        assert [(t.word, t.pos) for t in segmenter.tokens(text)] == [(p.word, p.flag) for p in reference.cut(text)]


def test_segmenting_does_not_import_jiebas_global_tagger(tmp_path):
    import subprocess
    import sys

    code = ("import sys; from flashcards.segment import Segmenter; "
            f"print(Segmenter(cache_dir=__import__('pathlib').Path({str(tmp_path)!r})).tokens('马继孔说土法')); "
            "print('jieba.posseg' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines()[-1] == "False"


def test_jieba_loads_without_pkg_resources_and_leaves_it_importable(tmp_path):
    import subprocess
    import sys

    code = ("import sys, pathlib; from flashcards.segment import Segmenter; "
            f"segmenter = Segmenter(cache_dir=pathlib.Path({str(tmp_path)!r})); "
            "print(segmenter.tokens('马继孔说土法')[0].word); "
            "print(segmenter.tokenizer.get_dict_file().name.endswith('dict.txt')); "
            "print(any(name.split('.')[0] == 'pkg_resources' for name in sys.modules)); "
            "import importlib.util; print(importlib.util.find_spec('pkg_resources') is not None)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    word, dict_found, imported, importable = result.stdout.splitlines()[-4:]
    assert (word, dict_found, imported) == ("马继孔", "True", "False")
    if importable == "True":  # setuptools is installed: importing it afterwards still works
        code = "from flashcards.segment import import_jieba; import_jieba(); import pkg_resources; print('ok')"
        check = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        assert check.stdout.splitlines()[-1] == "ok"


def test_only_the_thread_that_imports_jieba_goes_without_pkg_resources():
    import threading

    import pytest

    from flashcards.segment import _RefusePkgResources

    refusal = _RefusePkgResources()
    with pytest.raises(ModuleNotFoundError):
        refusal.find_spec("pkg_resources")
    assert refusal.find_spec("json") is None
    answers = []
    other = threading.Thread(target=lambda: answers.append(refusal.find_spec("pkg_resources")))
    other.start()
    other.join()
    assert answers == [None]  # another thread's import goes on to the usual finders


def test_wordfreq_answers_are_kept_for_the_next_run(tmp_path):
    from flashcards.dictionary import Dictionary
    from flashcards.reference import ModernReference

    first = ModernReference(dictionary=Dictionary(), cache_dir=tmp_path)
    answer = first.per_million("土法")
    assert answer > 0
    first.save()
    second = ModernReference(dictionary=Dictionary(), cache_dir=tmp_path)
    assert second.per_million("土法") == answer
    assert "_wordfreq" not in second.__dict__  # answered from the cache: wordfreq was never loaded
    third = ModernReference(dictionary=Dictionary(), cache_dir=tmp_path, cache=False)
    assert third.per_million("土法") == answer


def test_the_answers_kept_are_those_of_the_installed_wordfreq(tmp_path, monkeypatch):
    import wordfreq

    from flashcards import reference
    from flashcards.dictionary import Dictionary

    name, key = reference._installed_wordfreq()
    assert wordfreq.__file__ in key and name.startswith(reference.FREQUENCY_CACHE)
    first = reference.ModernReference(dictionary=Dictionary(), cache_dir=tmp_path)
    answer = first.per_million("土法")
    first.save()
    # another environment's wordfreq keeps its own answers, and does not push out these
    monkeypatch.setattr(reference, "_installed_wordfreq", lambda: (f"{name}-other", "wordfreq /elsewhere:1:2"))
    other = reference.ModernReference(dictionary=Dictionary(), cache_dir=tmp_path)
    assert other._frequencies == {}
    other.per_million("炼铜")
    other.save()
    monkeypatch.setattr(reference, "_installed_wordfreq", lambda: (name, key))
    again = reference.ModernReference(dictionary=Dictionary(), cache_dir=tmp_path)
    assert again._frequencies.get("土法") == answer
    # the same installation upgraded (its package file written anew): the answers are asked again
    monkeypatch.setattr(reference, "_installed_wordfreq", lambda: (name, "wordfreq upgraded:3:4"))
    assert reference.ModernReference(dictionary=Dictionary(), cache_dir=tmp_path)._frequencies == {}


def test_answers_asked_in_a_worker_are_saved_by_the_main_process(tmp_path):
    from flashcards.dictionary import Dictionary
    from flashcards.reference import ModernReference

    dictionary = Dictionary()
    worker = ModernReference(dictionary=dictionary, cache_dir=tmp_path)
    answer = worker.per_million("炼铜")
    worker.per_million("炼铜")
    handed = worker.take_answers()
    assert handed == {"炼铜": answer} and worker.take_answers() == {}
    main = ModernReference(dictionary=dictionary, cache_dir=tmp_path)
    main.learn(handed)
    main.save()
    later = ModernReference(dictionary=dictionary, cache_dir=tmp_path)
    assert later.per_million("炼铜") == answer
    assert "_wordfreq" not in later.__dict__
    assert later.take_answers() == {"炼铜": answer}  # answered from the cache, and handed over all the same


def test_the_answers_kept_are_the_latest_runs_once_there_are_too_many(tmp_path, monkeypatch):
    from flashcards import reference
    from flashcards.dictionary import Dictionary

    monkeypatch.setattr(reference, "FREQUENCY_CACHE_LIMIT", 3)
    dictionary = Dictionary()

    def run(*texts, learned=()):
        one = reference.ModernReference(dictionary=dictionary, cache_dir=tmp_path)
        answers = {text: one.per_million(text) for text in texts}
        one.learn({text: 1.0 for text in learned})  # asked in a worker of this run
        one.save()
        return answers, reference.ModernReference(dictionary=dictionary, cache_dir=tmp_path)._frequencies

    first, kept = run("土法", "炼铜")
    assert kept == first
    second, kept = run("炼铜", "钢铁")  # three strings in all: room for the first run's still
    assert kept == first | second
    third, kept = run("钢铁", "人民", learned=["公社"])  # four: only this run's
    assert kept == third | {"公社": 1.0}
    kept_before = kept
    _, kept = run("钢铁")  # nothing new, and room for all: kept as they are
    assert kept == kept_before
    monkeypatch.setattr(reference, "FREQUENCY_CACHE_LIMIT", 2)  # an entry kept with a higher limit
    _, kept = run("钢铁")  # nothing new, but too many: cut down to this run's at once
    assert kept == {"钢铁": third["钢铁"]}


# Characters of the seeds (words, prefixes of words, characters the dictionary lacks alone) and a few others.
_ROUTE_ALPHABET = "".join(sorted(set("土法炼铜现场会议冶金工业部云南马继孔小土群钢铜并举大跃进全党全民重洋轻土一长制"
                                     "的了在是和亩产万斤卫星鿐鿏㐀")))


@pytest.fixture(scope="module")
def jiebas_own():
    """A jieba.Tokenizer with the prefix dictionary jieba itself makes of its file."""
    import jieba

    tokenizer = jieba.Tokenizer()
    with tokenizer.get_dict_file() as file:
        tokenizer.FREQ, tokenizer.total = tokenizer.gen_pfdict(file)
    tokenizer.initialized = True
    return tokenizer


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=_ROUTE_ALPHABET, min_size=1, max_size=30))
def test_the_route_is_jiebas(resources, jiebas_own, text):
    import math

    route: dict = {}
    jiebas_own.calc(text, jiebas_own.get_DAG(text), route)
    entries = resources.segmenter._dictionary[0]
    assert best_route(text, entries, math.log(jiebas_own.total)) == [route[i][1] + 1 for i in range(len(text))]
    # jieba's own cutting (Segmenter.parts) reads the same counts off the entries
    ours = resources.segmenter.tokenizer
    assert ours.total == jiebas_own.total
    assert ours.lcut_for_search(text) == jiebas_own.lcut_for_search(text)


def test_each_words_count_and_tag_are_those_of_jiebas_file(tmp_path, jiebas_own):
    segmenter = Segmenter(cache_dir=tmp_path)  # read from the file now, not from an entry made before
    with jiebas_own.get_dict_file() as file:
        lines = [line.split() for line in file.read().decode("utf-8").splitlines()]
    tags = {word: tag for word, _, tag in lines}  # a word listed twice: its last line, as jieba reads it
    assert len(tags) > 300_000
    for word, tag in tags.items():
        assert (segmenter.frequency(word), segmenter.dictionary_tag(word)) == (jiebas_own.FREQ[word], tag), word
    # prefixes of words and strings the dictionary lacks have no count and no tag
    prefixes = [word for word, count in jiebas_own.FREQ.items() if count == 0][:1000]
    assert len(prefixes) == 1000
    for word in [*prefixes, "鿐鿏", "ABC"]:
        assert (segmenter.frequency(word), segmenter.dictionary_tag(word)) == (0, "")
