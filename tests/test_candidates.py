"""Candidate extraction on small texts: multi-word terms found by their form, names and fragments left out."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from flashcards.candidates import (
    CandidateCounter,
    CandidateCounts,
    Lexicon,
    count_candidates,
    extract_candidates,
)
from flashcards.vocab import VocabOptions, select_terms, term_lexicon


def _tokenized(resources, *sentences: str, file: str = "t.txt"):
    return [(file, resources.segmenter.tokens(sentence)) for sentence in sentences]


def _candidates(resources, *sentences: str):
    segmenter, reference = resources.segmenter, resources.reference

    lexicon = Lexicon(is_word=lambda text: segmenter.frequency(text) > 0 or reference.is_common_word(text),
                      is_rare=lambda text: reference.per_million(text) < 10,
                      is_name=lambda text: not reference.is_common_word(text))
    return {c.hanzi: c for c in extract_candidates(_tokenized(resources, *sentences), lexicon=lexicon)}


def _terms(resources, *sentences: str, **options):
    return select_terms(_tokenized(resources, *sentences), segmenter=resources.segmenter,
                        reference=resources.reference, options=VocabOptions(**options))


def test_quoted_enumeration_is_read_as_one_term(resources):
    found = _candidates(resources, "在炼铁工业中贯彻“大、洋、群”的方针。")
    assert "大洋群" in found
    assert "quoted enumeration" in found["大洋群"].evidence
    assert found["大洋群"].forms == ("大、洋、群",)  # so that cards find their example sentence


def test_quoted_clauses_are_slogans_each(resources):
    found = _candidates(resources, "社员们说：“人人炼钢，户户出铁”。")
    assert {"人人炼钢", "户户出铁"} <= found.keys()
    assert all("quoted" in found[s].evidence for s in ("人人炼钢", "户户出铁"))


@pytest.mark.parametrize("text, term", [
    ("今后应当由小到大，由土到洋。", "由土到洋"),
    ("批判了重洋轻土的看法。", "重洋轻土"),
    ("坚持以钢为纲，全面跃进。", "以钢为纲"),
    ("提出了“煤铁并举”的方针。", "煤铁并举"),
])
def test_parallel_frames(resources, text, term):
    found = _candidates(resources, text)
    assert term in found
    assert "frame" in found[term].evidence


def test_a_frame_holds_hanzi_in_its_slots(resources):
    found = _candidates(resources, "产量由3到5万吨，从A到B都有，重洋轻土不对。")
    framed = {hanzi for hanzi, candidate in found.items() if "frame" in candidate.evidence}
    assert framed == {"重洋轻土"}


def test_a_compound_before_a_frame_word_is_not_a_frame(resources):
    # 紧密 is a common word, not two coordinated morphemes, so 紧密 结合 is no 土洋结合
    found = _candidates(resources, "理论和实践要紧密地结合，理论同实践紧密 结合起来。")
    assert "frame" not in found.get("紧密结合", found["紧密"]).evidence


def test_parallel_items_of_an_enumeration(resources):
    found = _candidates(resources, "各地都做到了政治挂帅、书记动手，工作进展很快。")
    assert "enumeration" in found["政治挂帅"].evidence
    assert "enumeration" in found["书记动手"].evidence


def test_an_item_that_is_one_word_matches_any_shape(resources):
    found = _candidates(resources, "突击秋收、大炼钢铁、深耕种麦和大办集体福利事业。")
    assert "enumeration" in found["突击秋收"].evidence
    assert "enumeration" in found["深耕种麦"].evidence


def test_parallel_four_character_clauses(resources):
    found = _candidates(resources, "许多公社组织了钢铁兵团，书记挂帅，全民动手，日夜奋战。")
    assert "enumeration" in found["书记挂帅"].evidence
    assert "钢铁兵团" not in found or "enumeration" not in found["钢铁兵团"].evidence  # not a whole clause


def test_items_of_different_shapes_are_no_enumeration(resources):
    found = _candidates(resources, "开展一个大搞铜、铝生产的运动。")
    assert "大搞铜" not in found
    assert "铝生产" not in found


def test_recurring_runs_are_collocations_and_their_pieces_are_not(resources):
    found = _candidates(resources, "掀起群众性土法炼铁运动。", "如何掀起全民的群众性土法炼铁运动。",
                        "召开了土法炼铁现场会议。")
    assert "collocation" in found["土法炼铁"].evidence
    assert found["土法炼铁"].count == 3
    # always followed by 炼铁: a piece of a longer run, not a term of its own
    assert "群众性土法" not in found


def test_runs_are_noun_phrases(resources):
    found = _candidates(resources, "必须把产量提高几倍。", "努力把产量提高一倍。")
    assert "产量提高" not in found


def test_a_dictionary_word_that_jieba_split_is_found(resources):
    found = _candidates(resources, "展开技术革新运动，突破技术关。")
    assert "split word" in found["技术革新"].evidence


def test_names_of_people_and_places_are_filtered(resources):
    terms = _terms(resources, "中共云南省委书记马继孔、中共楚雄地委和会泽县委介绍了土法炼铜的经验。",
                   "云南省的土法炼铜运动遍地开花。")
    chosen = {t.hanzi for t in terms}
    assert "土法炼铜" in chosen
    assert not chosen & {"马继孔", "云南", "云南省", "楚雄", "会泽", "中共云南省委"}


def test_numbers_and_dates_are_filtered(resources):
    terms = _terms(resources, "到10月份，全省的炼铜队伍已经达到一百多万人，二十八个省市的代表到会。")
    chosen = {t.hanzi for t in terms}
    assert chosen and not chosen & {"10", "一百多万", "二十八个", "二十八", "省市"}


def test_fragments_of_quoted_or_framed_terms_are_dropped(resources):
    terms = _terms(resources, "提出了“钢铜并举”的方针。", "批判了重洋轻土的错误看法。")
    chosen = [t.hanzi for t in terms]
    assert "钢铜并举" in chosen and "重洋轻土" in chosen
    assert not {"钢铜", "并举", "重洋", "轻土"} & set(chosen)


def test_a_multi_word_term_outranks_its_fragments(resources):
    terms = _terms(resources, "放出了高产卫星。", "又放出一颗高产卫星。")
    order = [t.hanzi for t in terms]
    assert order.index("高产卫星") < order.index("卫星")  # 卫星 is a word in its own right: kept, below
    assert any("part of 高产卫星" in reason for reason in terms[order.index("卫星")].reasons)


def test_a_fragment_that_is_no_word_is_dropped(resources):
    chosen = [t.hanzi for t in _terms(resources, "组织现场炼兵运动。", "各地开展现场炼兵。")]
    assert "现场炼兵" in chosen and "炼兵" not in chosen


def test_kinds_and_reasons(resources):
    terms = {t.hanzi: t for t in _terms(resources, "贯彻“小、土、群”的方针，做到土洋并举，炼铜工业遍地开花。")}
    assert terms["小土群"].kind == "slogan"
    assert terms["遍地开花"].kind in {"idiom", "term"}
    assert all(t.kind in {"slogan", "idiom", "term"} for t in terms.values())
    assert all(t.reasons and any(r.startswith("keyness") for r in t.reasons) for t in terms.values())
    assert "quoted enumeration" in terms["小土群"].reasons[0]


def test_filters_are_configurable(resources):
    text = "中共云南省委书记马继孔介绍了云南土法炼铜的经验。"
    assert "马继孔" not in {t.hanzi for t in _terms(resources, text)}
    kept = {t.hanzi for t in _terms(resources, text, filters=frozenset({"numbers", "time", "function"}))}
    assert "马继孔" in kept


def test_numbered_slogans_are_no_numbers(resources):
    chosen = {t.hanzi for t in _terms(resources, "坚持“一大二公”的方向，高举三面红旗，推行农业八字宪法。",
                                       "全县十万人参加了秋收。")}
    assert {"一大二公", "三面红旗", "八字宪法"} <= chosen
    assert "十万人" not in chosen


ARTICLES = {  # sentences of three files, the third repeating what the first two found by form
    "a.txt": ("贯彻“小、土、群”的方针，掀起群众性土法炼铁运动。", "各地都做到了政治挂帅、书记动手，工作进展很快。",
              "展开技术革新运动，突破技术关。"),
    "b.txt": ("如何掀起全民的群众性土法炼铁运动。", "批判了重洋轻土的看法，放出了高产卫星。"),
    "c.txt": ("召开了土法炼铁现场会议，小土群遍地开花。", "书记动手，技术革新，重洋轻土不对，高产卫星上天。"),
}


def test_counts_of_articles_merge_into_the_counts_of_all(resources):
    lexicon = term_lexicon(segmenter=resources.segmenter, reference=resources.reference)
    per_file = {file: _tokenized(resources, *sentences, file=file) for file, sentences in ARTICLES.items()}
    everything = [sentence for sentences in per_file.values() for sentence in sentences]
    merged = CandidateCounts()
    for sentences in per_file.values():  # as workers would: counted apart, sent back pickled, merged in order
        merged.merge(pickle.loads(pickle.dumps(count_candidates(sentences, lexicon=lexicon))))
    whole = extract_candidates(everything, lexicon=lexicon)
    assert extract_candidates(everything, lexicon=lexicon, counts=merged) == whole
    found = {c.hanzi: c for c in whole}
    assert found["土法炼铁"].in_files == 3 and found["土法炼铁"].count == 3
    assert found["重洋轻土"].count == 2  # found by its frame in b.txt, counted in c.txt as well
    terms = select_terms(everything, segmenter=resources.segmenter, reference=resources.reference)
    assert select_terms(everything, segmenter=resources.segmenter, reference=resources.reference,
                        counts=merged) == terms


def test_sentences_counted_one_at_a_time_give_the_candidates_of_all(resources):
    lexicon = term_lexicon(segmenter=resources.segmenter, reference=resources.reference)
    everything = [sentence for file, sentences in ARTICLES.items()
                  for sentence in _tokenized(resources, *sentences, file=file)]
    counter = CandidateCounter(lexicon=lexicon)
    for number, (file, tokens) in enumerate(everything):
        counter.add(file, tokens)
        if number == 2:
            assert counter.counts.sentences == 3  # a look at the counts so far does not disturb the rest
    assert extract_candidates(everything, lexicon=lexicon, counts=counter.counts) == extract_candidates(
        everything, lexicon=lexicon)



def test_the_files_of_chinese_words_alone_are_counted(resources):
    lexicon = term_lexicon(segmenter=resources.segmenter, reference=resources.reference)
    sentences = (_tokenized(resources, "1958年产铜318吨，超过了计划。", file="a.txt")
                 + _tokenized(resources, "1959年产铜1,200吨（copper）。", file="b.txt"))
    counts = count_candidates(sentences, lexicon=lexicon)
    assert counts.word_file_count["铜"] == 2 and counts.word_file_count["计划"] == 1
    # numbers, Latin words and punctuation are never candidates: an archive's many numbers need no count
    assert not {"1958", "318", "200", "copper", "，", "。"} & counts.word_file_count.keys()
    assert {"1958", "318", "copper"} <= {word for word, _ in counts.word_pos}  # still counted as tokens
    found = {c.hanzi: c for c in extract_candidates(sentences, lexicon=lexicon, counts=counts)}
    assert found["铜"].in_files == 2 and "318" not in found

def test_counts_must_be_of_the_same_sentences(resources):
    lexicon = term_lexicon(segmenter=resources.segmenter, reference=resources.reference)
    sentences = _tokenized(resources, *ARTICLES["a.txt"])
    with pytest.raises(ValueError):
        extract_candidates(sentences, lexicon=lexicon, counts=count_candidates(sentences[:1], lexicon=lexicon))


def test_counts_made_elsewhere_follow_the_sentences_added_here(resources):
    lexicon = term_lexicon(segmenter=resources.segmenter, reference=resources.reference)
    per_file = {file: _tokenized(resources, *sentences, file=file) for file, sentences in ARTICLES.items()}
    everything = [sentence for sentences in per_file.values() for sentence in sentences]
    counter = CandidateCounter(lexicon=lexicon)
    for file, tokens in per_file["a.txt"]:  # the first article counted here, the others in a worker
        counter.add(file, tokens)
    counter.add_counts(pickle.loads(pickle.dumps(count_candidates(per_file["b.txt"] + per_file["c.txt"],
                                                                  lexicon=lexicon))))
    assert extract_candidates(everything, lexicon=lexicon, counts=counter.counts) == extract_candidates(
        everything, lexicon=lexicon)


# -- split dictionary words: the scan near long words finds what checking every pair of tokens finds -----

def _split_words_by_definition(words, content, is_word):
    """Every term the docstring of _split_words describes, found by trying every pair of tokens."""
    from flashcards.candidates import LONGEST

    text = "".join(words)
    starts = [sum(map(len, words[:i])) for i in range(len(words))]
    ends = [start + len(word) for start, word in zip(starts, words)]
    found = []
    for first in range(len(words)):  # begins on a boundary, ends inside a later word
        for token in range(first + 1, len(words)):
            if not all(content[first:token + 1]) or starts[token] - starts[first] >= LONGEST:
                continue
            start = starts[first]
            for end in range(max(starts[token] + 1, start + 3), min(ends[token] - 1, start + LONGEST + 1)):
                if is_word(text[end:ends[token]]) and is_word(text[start:end]):
                    found.append((text[start:end], start, end, "split word"))
    for last in range(len(words) - 1, -1, -1):  # begins inside an earlier word, ends on a boundary
        for token in range(last - 1, -1, -1):
            if not all(content[token:last + 1]) or ends[last] - ends[token] >= LONGEST:
                continue
            end = ends[last]
            for start in range(max(starts[token] + 2, end - LONGEST), min(ends[token], end - 2)):
                if is_word(text[starts[token]:start]) and is_word(text[start:end]):
                    found.append((text[start:end], start, end, "split word"))
    return found


# two characters only, so that a random dictionary holds many of the pieces (and short tokens, so that terms
# span up to six of them)
@given(st.lists(st.tuples(st.text("甲乙", min_size=1, max_size=4), st.booleans() | st.just(True)), max_size=14),
       st.sets(st.text("甲乙", min_size=2, max_size=6), max_size=100))
@settings(max_examples=600, deadline=None)
# six-character terms that reach five one-character words from a long word, on either side
@example([("甲", True), ("乙", True), ("甲", True), ("乙", True), ("甲", True), ("乙甲乙", True)], {"甲乙甲乙甲乙", "甲乙"})
@example([("甲乙甲", True), ("乙", True), ("甲", True), ("乙", True), ("甲", True), ("乙", True)], {"甲乙甲乙甲乙", "甲乙"})
def test_split_words_are_those_of_the_definition(tokens, dictionary):
    from types import SimpleNamespace

    from flashcards.candidates import _split_words

    words = [word for word, _ in tokens]
    content = [flag for _, flag in tokens]
    sentence = SimpleNamespace(words=words, text="".join(words), content=content,
                               starts=[sum(map(len, words[:i])) for i in range(len(words))])
    expected = _split_words_by_definition(words, content, dictionary.__contains__)
    assert list(_split_words(sentence, is_word=dictionary.__contains__)) == expected


# -- an archive's runs of words: those seen once are not kept, the others are counted again ----------------

def test_runs_counted_again_give_the_candidates_of_every_run_counted(resources):
    from flashcards import candidates
    from flashcards.corpus import read_article
    from flashcards.pipeline import article_units

    from .conftest import SEEDS

    lexicon = term_lexicon(segmenter=resources.segmenter, reference=resources.reference)
    per_file = []
    for copy in range(3):  # the seeds three times over, under other names: runs that recur, across files
        for path in sorted(SEEDS.glob("*.txt")):
            units = article_units(read_article(path), segmenter=resources.segmenter)
            per_file.append([(f"{copy}{path.name}", unit.tokens) for unit in units])
    everything = [sentence for sentences in per_file for sentence in sentences]
    exact = count_candidates(everything, lexicon=lexicon)
    sighted = CandidateCounter(lexicon=lexicon, sightings_for=len(per_file))
    for file, tokens in per_file[0]:  # the first article counted here, the others in "workers"
        sighted.add(file, tokens)
    for sentences in per_file[1:]:
        sighted.add_counts(pickle.loads(pickle.dumps(count_candidates(sentences, lexicon=lexicon))))
    recurring = sighted.counts.runs.recurring
    seen_again = {hanzi for hanzi, count in exact.runs.count.items() if count > 1}
    seen_once = set(exact.runs.count) - seen_again
    # every run seen again, and hardly a run seen once taken for another (the filter is far from full)
    assert seen_again and recurring >= seen_again and len(recurring & seen_once) <= len(seen_once) // 1000
    recounted = candidates._recounted_runs(everything, recurring, memo=candidates._Memo(lexicon))
    for hanzi in seen_again:  # exactly what counting every run gives, neighbours too
        assert recounted.count[hanzi] == exact.runs.count[hanzi]
        assert (recounted.befores[hanzi], recounted.afters[hanzi]) == (exact.runs.befores[hanzi],
                                                                      exact.runs.afters[hanzi])
    every_run_counted = extract_candidates(everything, lexicon=lexicon)
    assert extract_candidates(everything, lexicon=lexicon, counts=sighted.counts) == every_run_counted
    assert any("collocation" in candidate.evidence for candidate in every_run_counted)


def test_runs_a_full_filter_takes_for_others_are_counted_and_left_out(resources, monkeypatch):
    from flashcards.candidates import RunSightings

    lexicon = term_lexicon(segmenter=resources.segmenter, reference=resources.reference)
    everything = [sentence for file, sentences in ARTICLES.items()
                  for sentence in _tokenized(resources, *sentences, file=file)]
    monkeypatch.setattr(RunSightings, "MIN_BITS", 8)  # a filter of 8 bits: nearly every run "seen before"
    monkeypatch.setattr(RunSightings, "BITS_PER_FILE", 1)
    sighted = CandidateCounter(lexicon=lexicon, sightings_for=1)
    for file, tokens in everything:
        sighted.add(file, tokens)
    exact = count_candidates(everything, lexicon=lexicon)
    assert len(sighted.counts.runs.recurring) > sum(count > 1 for count in exact.runs.count.values())
    assert extract_candidates(everything, lexicon=lexicon, counts=sighted.counts) == extract_candidates(
        everything, lexicon=lexicon)
