"""Context meanings on hand-made sentence pairs: the English words that translate a term."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flashcards.english import Stemmer
from flashcards.gloss import Glosser, split_into_words
from flashcards.segment import Token


@pytest.fixture(scope="module")
def context(resources):
    glosser = Glosser(dictionary=resources.dictionary)

    def find(zh: str, term: str, en: str) -> str:
        start = zh.index(term)
        span = glosser.context_span(zh=zh, start=start, end=start + len(term),
                                    tokens=resources.segmenter.tokens(zh), en=en)
        if span is None:
            return ""
        assert en[span.start:span.end] == span.text
        return span.text
    return find


def test_stemming_matches_inflections():
    stemmer = Stemmer()
    assert stemmer.stem("smelting") == stemmer.stem("smelt") == stemmer.stem("smelted")
    words = stemmer.words("on-site training of the Party's cadres")
    assert [w.text for w in words][:2] == ["on-site", "training"]
    assert words[0].stems == {"site"}  # "on" is a function word
    assert [w.is_stop for w in words][2:4] == [True, True]


def test_a_compound_takes_the_words_of_its_characters(context):
    assert context("各地掀起了炼铜运动。", "炼铜",
                   "A copper smelting movement was launched everywhere.") == "copper smelting"


def test_words_that_neighbours_explain_are_left_to_them(context):
    zh = "掀起群众性土法炼铜运动"
    en = "Launching a Mass Movement of Indigenous Copper Smelting"
    assert context(zh, "土法", en) == "Indigenous"
    assert context(zh, "土法炼铜", en) == "Indigenous Copper Smelting"


def test_a_quoted_term_takes_the_quoted_english(context):
    assert context("组织十万人上山开矿炼铜，把铜举为“副帅”。", "副帅",
                   'They organized 100,000 people to mine and smelt copper, and elevated copper to the '
                   'position of "deputy commander."') == "deputy commander"
    assert context("提出了“钢铜并举”的方针。", "钢铜并举",
                   'It proposed the policy of "simultaneous steel and copper production".') == \
        "simultaneous steel and copper production"


def test_a_term_without_a_match_takes_the_words_between_its_neighbours(context):
    assert context("展开大规模的现场炼兵运动。", "炼兵",
                   "Launch a large-scale on-site training movement.") == "training"


def test_a_span_stretches_over_free_words_for_an_unmatched_part(context):
    assert context("怎样做到政治挂帅、书记动手，贯彻方针。", "书记动手",
                   "How to achieve political command, have the secretaries take action, implement the "
                   "policy.") == "secretaries take action"


def test_a_leading_preposition_that_translates_the_term_is_kept(context):
    assert context("重点应当是由小到大，由土到洋。", "由土到洋",
                   "The focus should be from small to large, from indigenous to foreign.") == \
        "from indigenous to foreign"


def test_word_order_picks_the_nearer_occurrence(context):
    zh = "边基建边组织土法生产，争取基建生产双丰收。"
    en = "Combine basic construction with indigenous production, and achieve both construction and production."
    assert context(zh, "双丰收", en) == "both"


def test_no_english_no_span(context):
    assert context("土法炼铜", "土法", "") == ""
    assert context("土法炼铜", "土法", "Nothing here is related.") == ""


def test_support_tells_a_translation_from_another_sentence(resources):
    glosser = Glosser(dictionary=resources.dictionary)
    tokens = resources.segmenter.tokens("组织十万人上山开矿炼铜。")
    right = glosser.support(tokens, "Organized 100,000 people to go to the mountains to mine and smelt copper.")
    wrong = glosser.support(tokens, "The conference believed that agriculture developed rapidly.")
    assert right > 0.5 > wrong


def test_split_into_words_takes_the_fewest_dictionary_words(resources):
    assert split_into_words("炼铜", resources.dictionary) == ["炼", "铜"]
    assert split_into_words("钢铜并举", resources.dictionary) == ["钢", "铜", "并举"]
    assert split_into_words("技术革新运动", resources.dictionary) == ["技术", "革新", "运动"]
    assert split_into_words("铜", resources.dictionary) == ["铜"]


def test_comparatives_match_their_base():
    stemmer = Stemmer()
    faster, better, bigger = stemmer.words("faster better bigger")
    assert "fast" in faster.stems and "good" in better.stems and "big" in bigger.stems


def test_a_term_that_matches_nothing_takes_no_claimed_words(context):
    # 鼓足干劲 matches none of these words; "general line" is 总路线's, so nothing is given rather than it
    zh = "执行鼓足干劲、力争上游的总路线。"
    assert context(zh, "鼓足干劲", "Implement the general line of aiming high.") == ""


def test_words_are_stemmed_alike_wherever_they_stand():
    # the stems of a word are kept between calls: the same word in another sentence, at another offset
    stemmer = Stemmer()
    first = stemmer.words("Copper smelting spreads; the smelting of copper")
    again = stemmer.words("smelting Copper")
    assert [(w.text, w.start, w.end) for w in again] == [("smelting", 0, 8), ("Copper", 9, 15)]
    assert again[0].stems == first[1].stems == first[4].stems == {stemmer.stem("smelt")}
    assert Stemmer().words("Copper smelting spreads; the smelting of copper") == first


def test_gloss_stems_are_the_union_of_the_senses():
    stemmer = Stemmer()
    content, function = stemmer.gloss_stems(["to smelt", "from", "variant of 铜[tong2]", "copper (chemistry)"])
    assert content == {"smelt", "copper", "chemistri"} and function == {"from"}
    assert stemmer.gloss_stems(["from", "to smelt"]) == (frozenset({"smelt"}), frozenset({"from"}))
    assert stemmer.gloss_stems(["variant of 铜[tong2]"]) == (frozenset(), frozenset())


def _units_by_walking(zh: str, start: int, end: int, tokens) -> list:
    """The units of a sentence for the term zh[start:end], by a walk over its tokens: what the units kept per
    sentence must come to (positions add up the tokens' lengths, which a headline's joining spaces leave out)."""
    from flashcards.gloss import _ENUMERATION, _HAN, _is_function, _Unit

    units, position = [], 0
    for token in tokens:
        token_end = position + len(token.word)
        if token_end <= start or position >= end:
            if _HAN.search(token.word) and not _is_function(token):
                units.append(_Unit(position, token_end, token.word, False, token.pos))
        else:
            if position < start:
                units.append(_Unit(position, start, zh[position:start], False))
            if not any(u.is_term for u in units):
                units.append(_Unit(start, end, _ENUMERATION.sub("", zh[start:end]), True))
            if token_end > end:
                units.append(_Unit(end, token_end, zh[end:token_end], False))
        position = token_end
    if not any(u.is_term for u in units):
        units.append(_Unit(start, end, zh[start:end], True))
    return units


_WORDS = st.sampled_from([("土法", "n"), ("炼铜", "v"), ("的", "uj"), ("，", "x"), ("小", "a"), ("、", "x"),
                          ("大跃进", "n"), ("在", "p"), ("1958", "m"), ("群", "n")])


@settings(max_examples=300, deadline=None)
@given(words=st.lists(_WORDS, min_size=1, max_size=8), spaces=st.integers(0, 2), data=st.data())
def test_the_units_kept_per_sentence_are_those_a_walk_over_its_tokens_finds(resources, words, spaces, data):
    tokens = tuple(Token(word, tag) for word, tag in words)
    zh = " " * spaces + "".join(word for word, _ in words)  # spaces: the positions drift as in a headline
    start = data.draw(st.integers(0, len(zh) - 1))
    end = data.draw(st.integers(start + 1, len(zh)))
    glosser = Glosser(dictionary=resources.dictionary)
    en = "Indigenous methods of copper smelting in 1958."
    units, scores = glosser._units(zh, start, end, glosser._words_of(zh, tokens, en), en)
    assert units == _units_by_walking(zh, start, end, tokens)
    assert scores == [glosser._sentence_scores(unit, en) for unit in units]
