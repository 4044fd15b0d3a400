"""Pinyin as the sentence reads it: the known polyphone traps, citation tones, numbered, zhuyin, tone spans."""

from __future__ import annotations

import pytest

from flashcards.pinyin import Reader, read_words


@pytest.fixture(scope="module")
def read(resources):
    def read_sentence(text: str):
        tokens = resources.segmenter.tokens(text)
        return read_words([t.word for t in tokens], tags=[t.pos for t in tokens],
                          dictionary=resources.dictionary)
    return read_sentence


def syllables_of(reading, hanzi: str) -> list[str]:
    """The marked syllables of the first occurrence of `hanzi` in a reading."""
    chars = "".join(s.hanzi for s in reading.syllables)
    start = chars.index(hanzi)
    return [s.marked for s in reading.syllables[start:start + len(hanzi)]]


def test_zhong_in_the_parallel_slogan_is_to_value(read):
    # jieba cuts 重洋|轻土 and 重洋 alone is chóngyáng "the seas"; the slogan is zhòng yáng qīng tǔ
    reading = read("代表们批判了在炼铜工业中重洋轻土的所谓错误看法。")
    assert syllables_of(reading, "重洋轻土") == ["zhòng", "yáng", "qīng", "tǔ"]
    assert "".join(syllables_of(read("重洋轻土"), "重洋轻土")) == "zhòngyángqīngtǔ"


def test_a_word_that_is_not_a_parallel_pattern_is_not_split(read):
    assert read("工业农业").marked == "gōngyè nóngyè"
    assert read("重男轻女").marked == "zhòngnánqīngnǚ"


def test_de_after_an_adverbial_is_the_particle(read):
    assert syllables_of(read("我们必须认真地学习。"), "地") == ["de"]
    assert syllables_of(read("群众热情地投入生产。"), "地") == ["de"]
    assert syllables_of(read("这块地很肥。"), "地") == ["dì"]


def test_zhang_as_head(read):
    assert syllables_of(read("实行一长制。"), "一长制") == ["yī", "zhǎng", "zhì"]
    assert syllables_of(read("厂长负责。"), "厂长") == ["chǎng", "zhǎng"]
    assert syllables_of(read("这是一个长期的任务。"), "长期") == ["cháng", "qī"]


def test_dou_as_all(read):
    reading = read("大家都来了。")
    assert syllables_of(reading, "都") == ["dōu"]
    assert syllables_of(read("首都北京"), "首都") == ["shǒu", "dū"]


def test_yi_and_bu_keep_their_citation_tones(read):
    assert read("一定").marked == "yīdìng"
    assert "bùnéng" in read("离开机械不能干").marked


def test_numbered_zhuyin_and_neutral_tone(read):
    reading = read("认真地学习")
    assert reading.numbered == "ren4 zhen1 de5 xue2 xi2"
    assert reading.zhuyin.split()[2] == "ㄉㄜ˙"
    assert [s.tone for s in reading.syllables] == [4, 1, 5, 2, 2]


def test_tone_spans_per_syllable(read):
    reading = read("土法")
    assert reading.hanzi_html() == '<span class="tone3">土</span><span class="tone3">法</span>'
    assert reading.pinyin_html() == '<span class="tone3">tǔ</span><span class="tone3">fǎ</span>'


def test_the_dictionary_reading_wins_when_pypinyin_has_none_of_them(resources):
    # 书记 is shūjì in pypinyin, shu1 ji5 in CC-CEDICT: a neutral tone matches, so pypinyin's stays
    assert read_words(["书记"], dictionary=resources.dictionary).marked == "shūjì"


def test_non_chinese_text_is_kept(resources):
    reading = read_words(["10", "月份"], tags=["m", "m"], dictionary=resources.dictionary)
    assert reading.marked.startswith("10 ")
    assert reading.marked.endswith("yuèfèn")


def test_de_before_a_noun_or_after_a_measure_is_ground(read):
    assert syllables_of(read("三亩地种满了庄稼。"), "地")[0] == "dì"


def test_the_translation_chooses_between_readings_of_a_character(resources):
    tokens = resources.segmenter.tokens("衣服干了。")
    words, tags = [t.word for t in tokens], [t.pos for t in tokens]
    assert words[1] == "干"
    assert read_words(words, tags=tags, dictionary=resources.dictionary,
                      english="The clothes are dry.").words[1][0].marked == "gān"
    assert read_words(words, tags=tags, dictionary=resources.dictionary).words[1][0].marked == "gàn"


def test_the_translation_does_not_move_function_words(resources):
    tokens = resources.segmenter.tokens("党委和政府")
    reading = read_words([t.word for t in tokens], tags=[t.pos for t in tokens], dictionary=resources.dictionary,
                         english="Party committees join in and governments chime in")
    assert "hé" in reading.marked.split()


def test_wei_ending_an_unlisted_verb_compound(read):
    assert syllables_of(read("把铜举为副帅"), "举为") == ["jǔ", "wéi"]
    assert syllables_of(read("因为下雨"), "因为") == ["yīn", "wèi"]


def test_punctuation_sticks_to_its_word(resources):
    reading = read_words(["土法", "，", "把", "铜", "举为", "“", "副帅", "”", "。"], dictionary=resources.dictionary)
    assert reading.marked == "tǔfǎ, bǎ tóng jǔwéi “fùshuài”。".replace(",", "，")


def test_one_reader_for_many_terms_reads_as_read_words(resources):
    # what a Reader keeps of a word must not carry one sentence's translation over to the next
    reader = Reader(dictionary=resources.dictionary)
    tokens = resources.segmenter.tokens("衣服干了。")
    words, tags = [t.word for t in tokens], [t.pos for t in tokens]
    for english in ("The clothes are dry.", "", "They got to work.", "The clothes are dry."):
        assert reader.read(words, tags=tags, english=english) == read_words(
            words, tags=tags, dictionary=resources.dictionary, english=english)
    assert reader.read(words, tags=tags, english="The clothes are dry.").words[1][0].marked == "gān"
    assert reader.read(words, tags=tags).words[1][0].marked == "gàn"
    for text in ("重洋轻土", "大家都来了", "认真地学习", "三亩地"):
        tokens = resources.segmenter.tokens(text)
        words, tags = [t.word for t in tokens], [t.pos for t in tokens]
        assert reader.read(words, tags=tags) == read_words(words, tags=tags, dictionary=resources.dictionary)
