"""Articles are aligned only when their sentences may become examples, with the same entries as when every
article is aligned first."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from flashcards import cards, pipeline
from flashcards.align import MOST_UNITS_JOINED, align_article, chinese_units, unit_joiners
from flashcards.cards import Sentence, Untranslated, annotate
from flashcards.corpus import read_article
from flashcards.pipeline import Translator, article_sentences, article_units
from flashcards.vocab import VocabOptions, select_terms

from .conftest import ROOT, SEED_000, SEED_001, SEEDS


def test_the_units_are_what_the_aligner_joins_into_pairs(resources):
    joined = 0
    for path in sorted(SEEDS.glob("*.txt")):
        article = read_article(path)
        units = chinese_units(article)
        joiners = unit_joiners(len(article.headline), len(units))
        assert joiners[len(article.headline) - 1] is None and joiners[-1] is None  # headline, body apart
        position = 0
        for pair in align_article(article, aligner=resources.aligner):
            assert 1 <= len(pair.starts) <= MOST_UNITS_JOINED
            for number, start in enumerate(pair.starts):
                unit = units[position + number]
                assert pair.zh[start:start + len(unit)] == unit
                if number:
                    previous_end = pair.starts[number - 1] + len(units[position + number - 1])
                    assert pair.zh[previous_end:start] == joiners[position + number - 1]
            joined += len(pair.starts) > 1
            position += len(pair.starts)
        assert position == len(units)
    assert joined >= 2  # seed 000 joins its headline parts, and two sentences of its body


def test_article_sentences_are_the_pairs_with_each_unit_segmented_once(resources):
    article = read_article(SEED_000)
    sentences = article_sentences(article, segmenter=resources.segmenter, aligner=resources.aligner)
    pairs = align_article(article, aligner=resources.aligner)
    assert [(s.zh, s.en, s.confident) for s in sentences] == [(p.zh, p.source_en, p.confident) for p in pairs]
    assert [s.tokens for s in sentences] == [p.tokens for p in pairs]


def _copies(tmp_path, times: int):
    """The seeds, each `times` over under other names: an archive that repeats its sentences, and in every
    copy of seed 000 two sentences share one English sentence."""
    for copy in range(times):
        shutil.copy(SEED_000, tmp_path / f"{copy:02}a.txt")
        shutil.copy(SEED_001, tmp_path / f"{copy:02}b.txt")
    return [read_article(path) for path in sorted(tmp_path.glob("*.txt"))]


def _units_and_spans(articles, segmenter):
    units, spans = [], []
    for article in articles:
        article_own = article_units(article, segmenter=segmenter)
        spans.append(range(len(units), len(units) + len(article_own)))
        units.extend(article_own)
    return units, spans


def test_examples_of_the_articles_aligned_on_demand_are_those_of_all_aligned(tmp_path, resources):
    articles = _copies(tmp_path, times=10)
    units, spans = _units_and_spans(articles, resources.segmenter)
    terms = select_terms([(u.source.file, u.tokens) for u in units], segmenter=resources.segmenter,
                         reference=resources.reference, options=VocabOptions(top=120))
    every_sentence = [s for a in articles
                      for s in article_sentences(a, segmenter=resources.segmenter, aligner=resources.aligner)]
    all_aligned = annotate(terms, every_sentence, dictionary=resources.dictionary, segmenter=resources.segmenter)

    asked, reported = [], []
    translator = Translator(units=units, articles=articles, spans=spans, aligner=resources.aligner,
                            progress=lambda done, total: reported.append((done, total)))
    untranslated = translator.untranslated()

    def translate(indices):
        asked.append(indices)
        return translator(indices)

    on_demand = annotate(terms, units, dictionary=resources.dictionary, segmenter=resources.segmenter,
                         untranslated=Untranslated(translate=translate, joiners=untranslated.joiners,
                                                   most_joined=untranslated.most_joined, finish=translator.finish))
    assert [e.as_json() for e in on_demand] == [e.as_json() for e in all_aligned]
    assert any(e.example_translation for e in on_demand)
    # some terms' best units turned out joined with another sentence: their next best were aligned after
    assert len(asked) >= 2
    aligned = reported[-2][0]
    assert aligned < len(articles)  # the last copies hold no example that the first do not
    assert reported[-1] == (len(articles), len(articles))
    assert [done for done, _ in reported] == sorted(done for done, _ in reported)


def _best_on_demand(terms, units, articles, spans, resources) -> tuple[list[list[tuple]], int]:
    """Each term's best sentences (`Annotator._found`) with the articles aligned on demand, and how many
    units were given their English."""
    translator = Translator(units=units, articles=articles, spans=spans, aligner=resources.aligner)
    annotator = cards.Annotator(units, dictionary=resources.dictionary, segmenter=resources.segmenter,
                                untranslated=translator.untranslated())
    annotator.translate_examples(terms)
    best = [[_shown_as(annotator._as_shown(index, term.hanzi)[0]) for index in annotator._found(term.hanzi)[1]]
            for term in terms]
    return best, len(annotator._shown)


def _shown_as(sentence: Sentence) -> tuple:
    return sentence.zh, sentence.en, sentence.confident, sentence.source.file


def test_units_that_cannot_be_among_a_terms_best_are_not_aligned(tmp_path, resources, monkeypatch):
    # the synthetic archive of the benchmarks: the seeds' sentences shuffled into 60 articles
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "make_corpus.py"), str(tmp_path), "--articles", "60"],
                   check=True)
    articles = [read_article(path) for path in sorted(tmp_path.glob("*.txt"))]
    units, spans = _units_and_spans(articles, resources.segmenter)
    terms = select_terms([(u.source.file, u.tokens) for u in units], segmenter=resources.segmenter,
                         reference=resources.reference, options=VocabOptions(top=200))
    every_sentence = [s for a in articles
                      for s in article_sentences(a, segmenter=resources.segmenter, aligner=resources.aligner)]
    everything = cards.Annotator(every_sentence, dictionary=resources.dictionary, segmenter=resources.segmenter)
    all_aligned = [[_shown_as(every_sentence[index]) for index in everything._found(term.hanzi)[1]] for term in terms]
    best, aligned = _best_on_demand(terms, units, articles, spans, resources)
    assert best == all_aligned
    # without the limit, each term's next best are aligned whatever their rank: more units, the same best
    monkeypatch.setattr(cards.Annotator, "_worst_shown", lambda self, holding: float("inf"))
    unlimited_best, unlimited = _best_on_demand(terms, units, articles, spans, resources)
    assert unlimited_best == all_aligned
    assert aligned < unlimited < len(units)


def test_the_worst_that_can_be_among_the_best_is_the_eighth_sentence_aligned():
    assert cards.CANDIDATES == 8
    assert cards._worst_of_best([]) == float("inf")
    assert cards._worst_of_best([5, 1, 7, 3, 2, 6, 4]) == float("inf")  # seven: anything may still come
    assert cards._worst_of_best([5, 1, 7, 3, 2, 6, 4, 9, 8]) == 8
    assert cards._worst_of_best([1, 1, 2, 3, 4, 5, 6, 7]) == float("inf")  # a sentence of two units once
    assert cards._worst_of_best(iter([1, 1, 2, 3, 4, 5, 6, 7, 8])) == 8


def test_articles_aligned_in_two_processes_are_those_aligned_in_one(tmp_path, resources, monkeypatch):
    articles = _copies(tmp_path, times=3)
    units, spans = _units_and_spans(articles, resources.segmenter)
    every_unit = range(len(units))
    single = Translator(units=units, articles=articles, spans=spans, aligner=resources.aligner)(every_unit)
    monkeypatch.setattr(pipeline, "PARALLEL_ALIGNMENTS", 2)
    pools = []
    real_workers = pipeline.ForkedWorkers
    monkeypatch.setattr(pipeline, "ForkedWorkers", lambda *a, **k: pools.append(1) or real_workers(*a, **k))
    could_fork = pipeline.can_fork()
    translator = Translator(units=units, articles=articles, spans=spans, aligner=resources.aligner, jobs=2)
    # the second call goes to the workers the first one forked, and they stop with `finish`
    half = spans[3].start
    parallel = {**translator(range(half)), **translator(range(half, len(units)))}
    translator.finish()
    assert len(pools) == could_fork and pipeline.can_fork() == could_fork
    assert sorted(parallel) == list(every_unit)
    assert {i: (s.zh, s.en, s.confident, s.tokens, at) for i, (s, at) in parallel.items()} == \
        {i: (s.zh, s.en, s.confident, s.tokens, at) for i, (s, at) in single.items()}


def test_a_unit_asked_for_brings_the_units_of_its_paragraph_as_the_whole_article_shows_them(tmp_path, resources):
    articles = _copies(tmp_path, times=1)  # seed 000's paragraphs match its translation's; 001's do not
    units, spans = _units_and_spans(articles, resources.segmenter)
    whole = {index: shown for article, span in zip(articles, spans) for index, shown in
             zip(span, pipeline.aligned_units(article, units[span.start:span.stop], aligner=resources.aligner))}
    translator = Translator(units=units, articles=articles, spans=spans, aligner=resources.aligner)
    asked = [spans[0].start + 5, spans[0].stop - 1, spans[1].start + 5]
    given = translator(asked)
    assert set(asked) <= set(given)
    seed_000 = [index for index in given if index in spans[0]]
    assert len(seed_000) < len(spans[0])  # the paragraphs of the two units asked for
    assert all(index in given for index in spans[1])  # the whole of seed 001
    assert {i: (s.zh, s.en, s.confident, s.tokens, at) for i, (s, at) in given.items()} == \
        {i: (s.zh, s.en, s.confident, s.tokens, at) for i, (s, at) in whole.items() if i in given}
    # a later call for another paragraph of seed 000 gives that one
    rest = [index for index in spans[0] if index not in given]
    later = translator(rest[:1])
    assert rest[0] in later and not set(later) & set(given)


_SOURCE = cards.Source(file="x.txt", title="", date="", page="")
_TEXTS = st.sampled_from(["短。", "一个短句", "这是一个足够长的句子，字数在十五以上。", "”", "没有句号的标题部分",
                          "长" * 70 + "。", "分句；", "半句，"])


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(_TEXTS, min_size=1, max_size=9),
       joiners=st.lists(st.sampled_from(["", " ", None]), min_size=9, max_size=9),
       index=st.integers(min_value=0, max_value=8))
@example(texts=["短。", "这是一个足够长的句子，字数在十五以上。"], joiners=["", None] + [None] * 7, index=0)
@example(texts=["没有句号的标题部分", "短。"], joiners=[" ", None] + [None] * 7, index=0)
@example(texts=["短。", "”"], joiners=[""] * 9, index=0)  # the end of the last two together
def test_a_unit_is_ranked_as_well_as_any_sentence_that_may_hold_it(texts, joiners, index):
    joiners = joiners[:len(texts) - 1] + [None]
    index = min(index, len(texts) - 1)
    untranslated = Untranslated(translate=dict, joiners=joiners, most_joined=MOST_UNITS_JOINED)
    # every run of up to MOST_UNITS_JOINED units around it that nothing keeps apart
    ranks = []
    for first in range(len(texts)):
        for last in range(first, min(len(texts), first + MOST_UNITS_JOINED)):
            if first <= index <= last and all(joiners[k] is not None for k in range(first, last)):
                zh = "".join(texts[k] + (joiners[k] if k < last else "") for k in range(first, last + 1))
                joined = Sentence(zh=zh, en="", confident=False, tokens=(), source=_SOURCE)
                ranks.append(cards._rank(cards._shape_badness(joined), first))
    assert cards._best_placed(index, texts, untranslated) == min(ranks)


@settings(max_examples=200, deadline=None)
@given(texts=st.lists(_TEXTS, max_size=30), joiners=st.lists(st.sampled_from(["", " ", None]), max_size=30),
       most=st.integers(min_value=1, max_value=4))
def test_units_ranked_as_their_texts_come_are_ranked_as_with_all_the_texts_at_hand(texts, joiners, most):
    joiners = (joiners + [""] * len(texts))[:max(0, len(texts) - 1)] + [None] * bool(texts)
    untranslated = Untranslated(translate=dict, joiners=joiners, most_joined=most)
    assert cards._ranks(iter(texts), untranslated) == [cards._best_placed(index, texts, untranslated)
                                                       for index in range(len(texts))]


def test_only_the_texts_a_unit_may_be_joined_with_are_held():
    recent = cards._RecentTexts(keep=3)
    for text in "abcde":
        recent.append(text)
    assert len(recent) == 5 and [recent[i] for i in (2, 3, 4)] == ["c", "d", "e"]
    with pytest.raises(IndexError):
        recent[1]  # no longer held: a unit that needs it is ranked before it goes


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_vocabulary_reports_the_articles_it_aligns(tmp_path, resources, jobs):
    _copies(tmp_path, times=2)
    reported = []
    pipeline.build_vocabulary([tmp_path], resources=resources, jobs=jobs,
                              alignment_progress=lambda done, total: reported.append((done, total)))
    assert reported and reported[-1] == (4, 4)
    assert all(total == 4 for _, total in reported)


def test_a_sentence_that_joins_two_units_holding_the_term_is_one_candidate(resources):
    from flashcards.vocab import Term

    article = read_article(SEED_001)
    units, spans = _units_and_spans([article], resources.segmenter)
    translator = Translator(units=units, articles=[article], spans=spans, aligner=resources.aligner)
    annotator = cards.Annotator(units, dictionary=resources.dictionary, segmenter=resources.segmenter,
                                untranslated=translator.untranslated())
    term = Term("冶炼", 3, 1.0, ())  # in the second headline part, and in two sentences with one English
    annotator.translate_examples([term])
    holding, best = annotator._found(term.hanzi)
    shown = [annotator._as_shown(index, term.hanzi) for index in best]
    assert len(holding) == 3 and len(best) == 2
    assert len({id(sentence) for sentence, _ in shown}) == 2
    # where the term stands in the sentence shown, the first of the two units
    assert all(sentence.zh[start:end] == term.hanzi for sentence, (start, end) in shown)
    joined = next(sentence for sentence, _ in shown if sentence.zh.startswith("因为"))
    assert joined.en and "因此" in joined.zh


def test_the_terms_sentences_found_in_two_processes_are_those_found_in_one(tmp_path, resources, monkeypatch):
    articles = _copies(tmp_path, times=5)  # 300 sentences: past the small ints Python keeps one object of
    units, spans = _units_and_spans(articles, resources.segmenter)
    terms = select_terms([(u.source.file, u.tokens) for u in units], segmenter=resources.segmenter,
                         reference=resources.reference, options=VocabOptions(top=60))

    def found(jobs):
        translator = Translator(units=units, articles=articles, spans=spans, aligner=resources.aligner, jobs=jobs)
        annotator = cards.Annotator(units, dictionary=resources.dictionary, segmenter=resources.segmenter,
                                    untranslated=translator.untranslated())
        annotator.translate_examples(terms, jobs=jobs)
        return [annotator._found(term.hanzi) for term in terms], [e.as_json() for e in map(annotator.entry, terms)]

    single = found(1)
    monkeypatch.setattr(cards, "PARALLEL_FINDING", 1)
    monkeypatch.setattr(cards, "MIN_FIND", 7)  # the sentences in parts, some of them cut across articles
    forked = []
    real_forked_map = cards.forked_map
    monkeypatch.setattr(cards, "forked_map", lambda work, *a, **k: forked.append(work) or real_forked_map(work, *a, **k))
    assert found(2) == single
    if pipeline.can_fork():
        assert len(forked) == 1


def test_the_terms_sentences_are_found_in_parts_of_the_sentences_as_in_all(tmp_path, resources, monkeypatch):
    articles = _copies(tmp_path, times=2)
    units, _ = _units_and_spans(articles, resources.segmenter)
    terms = select_terms([(u.source.file, u.tokens) for u in units], segmenter=resources.segmenter,
                         reference=resources.reference, options=VocabOptions(top=40))
    words = [term.hanzi for term in terms] + ["小、土、群", "人人", "钢铁", "冶炼"]
    whole = cards.Annotator(units, dictionary=None, segmenter=None)._find(words)
    monkeypatch.setattr(cards, "MIN_FIND", 5)
    in_parts = cards.Annotator(units, dictionary=None, segmenter=None)._find(words)
    assert in_parts == whole
    for word, holding in zip(words, whole):
        assert list(holding) == [index for index, unit in enumerate(units) if cards.find_term(unit.zh, word)]


def test_the_sentences_that_hold_a_word_are_those_find_term_finds_it_in(tmp_path, resources):
    articles = _copies(tmp_path, times=2)
    units, _ = _units_and_spans(articles, resources.segmenter)
    terms = select_terms([(u.source.file, u.tokens) for u in units], segmenter=resources.segmenter,
                         reference=resources.reference, options=VocabOptions(top=40))
    annotator = cards.Annotator(units, dictionary=resources.dictionary, segmenter=resources.segmenter)
    annotator.find_all(terms)
    for word in [terms[0].hanzi, terms[-1].hanzi, "钢铁", "小、土、群", "冶炼"]:  # terms, and words found afresh
        expected = [(unit, cards.find_term(unit.zh, word)) for unit in units if cards.find_term(unit.zh, word)]
        assert annotator.holding(word) == expected and expected


@settings(max_examples=200, deadline=None)
@given(lengths=st.lists(st.integers(1, 80), min_size=1, max_size=60), data=st.data())
def test_a_terms_best_taken_again_after_units_rank_lower_are_those_taken_afresh(lengths, data):
    units = [Sentence(zh="长" * length + "。", en="", confident=False, tokens=(), source=_SOURCE) for length in lengths]
    annotator = cards.Annotator(units, dictionary=None, segmenter=None)
    holding = list(range(len(units)))
    for _ in range(data.draw(st.integers(1, 3))):  # rounds: a term's best aligned, and others, ranking lower
        best = annotator._best(holding, data.draw(st.sampled_from([1, 2, 3, 8, 16, 48])))  # the next best too
        others = data.draw(st.lists(st.sampled_from(holding), max_size=len(holding), unique=True))
        aligned = list(dict.fromkeys(best + others))
        for index in aligned:
            # by any amount: past a few others (lengths differ by 2 ** 48 in a rank) or past every other
            annotator._rank[index] += data.draw(st.one_of(st.integers(0, 1 << 56), st.just(1 << 100)))
            annotator._shown[index] = (units[index], 0)
            annotator._aligned[index] = 1
        for index in aligned[1::2]:  # units of one aligned sentence share its rank, no better than either's
            if index + 1 < len(units):
                shared = max(annotator._rank[index], annotator._rank[index + 1])
                annotator._rank[index] = annotator._rank[index + 1] = shared
                annotator._shown[index + 1] = (units[index + 1], 0)
                annotator._aligned[index + 1] = 1
        count = data.draw(st.integers(1, 16))
        kept = annotator._best(holding, count)
        fresh = cards.Annotator(units, dictionary=None, segmenter=None)
        fresh._rank, fresh._shown = list(annotator._rank), dict(annotator._shown)
        fresh._aligned = bytearray(annotator._aligned)
        assert kept == fresh._best(holding, count)


def test_only_the_aligned_sentences_of_the_terms_best_are_kept_for_the_entries(tmp_path, resources):
    articles = _copies(tmp_path, times=3)
    units, spans = _units_and_spans(articles, resources.segmenter)
    terms = select_terms([(u.source.file, u.tokens) for u in units], segmenter=resources.segmenter,
                         reference=resources.reference, options=VocabOptions(top=60))
    translator = Translator(units=units, articles=articles, spans=spans, aligner=resources.aligner)
    annotator = cards.Annotator(units, dictionary=resources.dictionary, segmenter=resources.segmenter,
                                untranslated=translator.untranslated())
    annotator.translate_examples(terms)
    entries_before = [annotator.entry(term).as_json() for term in terms]
    aligned = sum(annotator._aligned)
    kept, dropped = terms[:30], terms[30:]
    annotator.keep_examples_of(kept)

    best = {index for term in kept for index in annotator._found(term.hanzi)[1]}
    assert set(annotator._shown) <= best
    assert 0 < len(annotator._shown) < aligned  # whole paragraphs were aligned, most units no term's best
    assert [annotator.entry(term).as_json() for term in kept] == entries_before[:30]
    # a term whose aligned best were let go is not shown in its unaligned units: it is an error to ask
    let_go = [term for term in dropped
              if any(annotator._aligned[i] and i not in annotator._shown for i in annotator._found(term.hanzi)[1])]
    assert let_go
    with pytest.raises(LookupError, match="was let go"):
        annotator.entry(let_go[0])
