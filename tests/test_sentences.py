"""Splitting Chinese and English paragraphs into the units that are aligned."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from flashcards.sentences import (
    Piece,
    chinese_pieces,
    english_pieces,
    split_chinese,
    split_english,
    split_english_dateline,
)


def test_chinese_sentences_keep_their_closing_quotes():
    assert split_chinese("他说：“我们一定胜利。”大家都同意！真的吗？对。") == [
        "他说：“我们一定胜利。”", "大家都同意！", "真的吗？", "对。"]


def test_chinese_semicolon_makes_a_soft_piece_that_split_chinese_joins_back():
    paragraph = "钢铁要上去；铜也要上去。"
    assert chinese_pieces(paragraph) == [Piece("钢铁要上去；"), Piece("铜也要上去。", soft=True)]
    assert split_chinese(paragraph) == [paragraph]


def test_chinese_parts_set_apart_by_spaces_are_units():
    assert split_chinese("关于发展铜铝工业的指示  （一九五八年九月二十四日发布）") == [
        "关于发展铜铝工业的指示", "（一九五八年九月二十四日发布）"]


def test_chinese_text_without_an_end_stop_is_one_unit():
    assert split_chinese("动员全民土法冶炼，一年内把产量提高几倍") == ["动员全民土法冶炼，一年内把产量提高几倍"]


def test_english_quote_after_the_stop_stays_with_its_sentence():
    assert split_english('They called it the "deputy commander." The rest followed.') == [
        'They called it the "deputy commander."', "The rest followed."]


def test_english_abbreviations_and_initials_do_not_end_a_sentence():
    text = "Mr. Li of No. 3 Mine cited p. 12 of the plan, i.e. the quota. J. Smith agreed."
    assert split_english(text) == ["Mr. Li of No. 3 Mine cited p. 12 of the plan, i.e. the quota.",
                                   "J. Smith agreed."]


def test_english_abbreviation_is_a_whole_word_before_any_closing_quote():
    text = 'They closed the gap. The notice said "see No." Then 318 furnaces were lit in approx.) 12 days.'
    assert split_english(text) == ["They closed the gap.",
                                   'The notice said "see No." Then 318 furnaces were lit in approx.) 12 days.']


def test_english_numbers_do_not_end_a_sentence():
    assert split_english("Output rose to 1,200 tons, 3.5 times as much. It was a record.") == [
        "Output rose to 1,200 tons, 3.5 times as much.", "It was a record."]


def test_english_sentence_may_start_with_a_number_or_a_quote():
    assert split_english('It grew. 318 tons were made. "Good," he said.') == [
        "It grew.", "318 tons were made.", '"Good," he said.']


def test_english_list_numbers_open_a_sentence_but_do_not_make_one():
    assert split_english("The tasks are these. 1. Copper must rise. 2. Aluminum too. It rose by 3. Then fell.") == [
        "The tasks are these.", "1. Copper must rise.", "2. Aluminum too.", "It rose by 3.", "Then fell."]
    assert [p.text for p in english_pieces("The tasks: 1. Copper must rise.")] == ["The tasks:", "1. Copper must rise."]


def test_english_colon_makes_a_soft_piece_but_not_inside_quotes():
    assert english_pieces("There is a weak link: copper is short.") == [
        Piece("There is a weak link:"), Piece("copper is short.", soft=True)]
    assert english_pieces('The slogan "Steel: the marshal" spread.') == [Piece('The slogan "Steel: the marshal" spread.')]


def test_english_datelines_are_found_with_their_dash_or_colon():
    assert split_english_dateline("Xinhua News Agency, Kunming, 10th—The Ministry convened a conference.") == (
        "Xinhua News Agency, Kunming, 10th—", "The Ministry convened a conference.")
    assert split_english_dateline("Xinhua News Agency, September 24th:") == ("Xinhua News Agency, September 24th:", "")
    assert split_english_dateline("Beijing, Oct. 3 (Xinhua) -- The state.") == ("Beijing, Oct. 3 (Xinhua) --", "The state.")


def test_an_ordinary_opening_is_not_a_dateline():
    assert split_english_dateline("The conference pointed out three points: first, speed.") == (
        "", "The conference pointed out three points: first, speed.")


_CHINESE_TEXT = st.text(alphabet=st.sampled_from(list("铜铝生产会议我们。！？；，“”’」 \u3000")), max_size=60)
_ENGLISH_TEXT = st.text(alphabet=st.sampled_from(list("Ab cd.!?:\"'1,No Mr")), max_size=80)


@given(_CHINESE_TEXT)
def test_chinese_pieces_lose_nothing_but_blanks(paragraph):
    pieces = chinese_pieces(paragraph)
    assert re.sub(r"\s", "", "".join(p.text for p in pieces)) == re.sub(r"\s", "", paragraph)
    assert all(p.text.strip() for p in pieces)


@given(_ENGLISH_TEXT)
def test_english_pieces_lose_nothing_but_blanks(paragraph):
    pieces = english_pieces(paragraph)
    assert "".join(p.text for p in pieces).replace(" ", "") == paragraph.replace(" ", "").strip()
    assert all(p.text == p.text.strip() and p.text for p in pieces)
