"""Card content: meanings (from the reading in context, or composed), examples, notes and the gold measures."""

from __future__ import annotations

import json
import re

import pytest

from flashcards.anki import note_fields
from flashcards.cards import (
    BLANK,
    Annotator,
    Sentence,
    Source,
    annotate,
    annotate_term,
    best_example,
    choose_example,
    composed_meaning,
    find_term,
)
from flashcards.gloss import Glosser
from flashcards.vocab import Term

from .conftest import FIXTURES, SEED_000

SOURCE = Source(file="t.txt", title="Test", date="1958-11-11", page="1")


@pytest.fixture(scope="module")
def sentence(resources):
    def make(zh: str, en: str = "", confident: bool = True) -> Sentence:
        return Sentence(zh=zh, en=en, confident=confident, tokens=tuple(resources.segmenter.tokens(zh)),
                        source=SOURCE)
    return make


def entry_for(resources, word: str, sentences):
    return annotate_term(Term(word, 1, 1.0, ("test",)), sentences, dictionary=resources.dictionary,
                         segmenter=resources.segmenter)


def test_composed_meanings_take_the_sense_the_english_uses(resources):
    stemmer = Glosser(dictionary=resources.dictionary).stemmer
    meaning = composed_meaning("炼铜", resources.dictionary, english="the copper smelting industry", stemmer=stemmer)
    assert meaning == "smelt + copper (composed: 炼 + 铜)"
    assert composed_meaning("副帅", resources.dictionary).startswith("secondary + ")  # first senses
    assert composed_meaning("副帅", resources.dictionary, english='the position of "deputy commander"',
                            stemmer=stemmer).startswith("deputy + ")
    assert "(composed: 报 + 矿)" in composed_meaning("报矿", resources.dictionary)


def test_a_term_in_the_dictionary_gets_its_senses_in_its_reading(resources, sentence):
    entry = entry_for(resources, "土", [sentence("掀起群众性土法炼铜运动。", "Launch indigenous copper smelting.")])
    assert entry.pinyin == "tǔ"
    assert "Tu (ethnic group)" not in entry.meaning and "earth" in entry.meaning
    assert entry.meaning.startswith("indigenous")  # the sense the translation uses comes first


def test_a_compound_without_entry_is_composed_and_marked(resources, sentence):
    entry = entry_for(resources, "重洋轻土", [sentence("代表们批判了重洋轻土的错误看法。",
                                                 "The representatives criticized attaching importance to "
                                                 "foreign methods and slighting indigenous methods.")])
    assert entry.pinyin == "zhòng yáng qīng tǔ"
    assert "(composed: 重 + 洋 + 轻 + 土)" in entry.meaning
    assert entry.meaning.startswith("attach importance to + foreign")
    assert entry.traditional == "重洋輕土"


def test_traditional_form_and_period_note(resources, sentence):
    entry = entry_for(resources, "土洋并举", [sentence("做到土洋并举。", "Combine indigenous and foreign methods.")])
    assert entry.traditional == "土洋並舉"
    note = entry_for(resources, "放卫星", [sentence("各地放卫星。", "Satellites were launched everywhere.")]).note
    assert note.startswith("test") and "Great Leap Forward" in note


def test_find_term_across_enumeration_marks():
    zh = "在炼铜工业中贯彻“小、土、群”的方针。"
    start, end = find_term(zh, "小土群")
    assert zh[start:end] == "小、土、群"
    assert find_term(zh, "炼铜") == (1, 3)
    assert find_term(zh, "土法") is None


def test_example_blank_and_highlights_follow_the_found_spans(resources, sentence):
    entry = entry_for(resources, "小土群", [sentence("在炼铜工业中贯彻“小、土、群”的方针。",
                                               'Implement the "small, indigenous, and mass" policy in the '
                                               'copper smelting industry.')])
    assert entry.example_term == "小、土、群"
    assert entry.example_blank == f"在炼铜工业中贯彻“{BLANK}”的方针。"
    assert entry.context_meaning == "small, indigenous, and mass"
    fields = note_fields(entry)
    assert '<span class="hl">小、土、群</span>' in fields[6]
    assert '<span class="hl">small, indigenous, and mass</span>' in fields[8]


def test_example_choice_prefers_a_complete_confidently_aligned_sentence(resources, sentence):
    glosser = Glosser(dictionary=resources.dictionary)
    fragment = sentence("土法炼铜", "Indigenous copper smelting")
    doubtful = sentence("会议确定，必须立即掀起土法炼铜运动。", "Agriculture grew quickly this year.", confident=False)
    good = sentence("会议确定，必须立即在全国范围内掀起土法炼铜运动。",
                    "The conference determined that a movement of indigenous copper smelting must be launched "
                    "immediately across the country.")
    too_long = sentence("会议确定，" + "必须立即在全国范围内掀起大规模的群众性土法炼铜运动，" * 4 + "以满足需要。",
                        "The conference determined that indigenous copper smelting must be launched.")
    holding = [(s, find_term(s.zh, "炼铜")) for s in (fragment, doubtful, too_long, good)]
    chosen = choose_example("炼铜", holding, glosser=glosser)
    assert chosen.sentence is good
    assert chosen.translation == good.en and chosen.context.text == "copper smelting"


def test_a_doubtful_alignment_is_shown_when_the_words_confirm_it(resources, sentence):
    glosser = Glosser(dictionary=resources.dictionary)
    confirmed = sentence("组织十万人上山开矿炼铜。", "Organized 100,000 people to go to the mountains to mine and "
                         "smelt copper.", confident=False)
    chosen = choose_example("炼铜", [(confirmed, find_term(confirmed.zh, "炼铜"))], glosser=glosser)
    assert chosen.translation == confirmed.en
    wrong = sentence("组织十万人上山开矿炼铜。", "The conference believed that agriculture grew.", confident=False)
    chosen = choose_example("炼铜", [(wrong, find_term(wrong.zh, "炼铜"))], glosser=glosser)
    assert chosen.translation == "" and chosen.context is None


def test_seed_entries_have_meanings_and_examples_that_hold_their_terms(seed_vocabulary):
    for entry in seed_vocabulary.entries:
        assert entry.meaning.strip(), entry.hanzi
        if entry.example:
            assert re.sub("[、“”]", "", entry.example_term) == entry.hanzi
        if entry.context_meaning:
            assert entry.context_meaning in entry.example_translation


def _f1(got: str, want: str) -> float:
    from collections import Counter

    a, b = (Counter(re.findall(r"[a-z0-9]+", text.lower())) for text in (got, want))
    common = sum((a & b).values())
    return 0.0 if not common else 2 * common / (sum(a.values()) + sum(b.values()))


def test_gold_terms_of_the_seed_article(resources):
    """All gold terms of seed 000 (not only those the vocabulary picks): pinyin ≥ 99%, context ≥ 80%."""
    from flashcards.corpus import read_article
    from flashcards.pipeline import article_sentences

    pinyin_gold = json.loads((FIXTURES / "gold_pinyin.json").read_text(encoding="utf-8"))["terms"]
    context_gold = json.loads((FIXTURES / "gold_context.json").read_text(encoding="utf-8"))["terms"]
    words = list(dict.fromkeys([*pinyin_gold, *context_gold]))
    sentences = article_sentences(read_article(SEED_000), segmenter=resources.segmenter)
    entries = {e.hanzi: e for e in annotate([Term(w, 1, 1.0, ("gold",)) for w in words], sentences,
                                            dictionary=resources.dictionary, segmenter=resources.segmenter)}
    right = [entries[w].pinyin.replace(" ", "") in pinyin_gold[w] for w in pinyin_gold]
    assert sum(right) / len(right) >= 0.99
    hits = [max(_f1(entries[w].context_meaning, phrase) for phrase in phrases) >= 0.5
            for w, phrases in context_gold.items()]
    assert sum(hits) / len(hits) >= 0.8


def test_example_choice_prefers_the_term_as_a_word_of_its_own(resources, sentence):
    glosser = Glosser(dictionary=resources.dictionary)
    inside = sentence("会议决定推广土法炼铜。", "The conference decided to promote indigenous copper smelting.")
    alone = sentence("重点应当是由土到洋。", "The focus should be from indigenous to foreign.")
    holding = [(s, find_term(s.zh, "土")) for s in (inside, alone)]
    assert choose_example("土", holding, glosser=glosser).sentence is alone


def test_the_index_finds_the_sentences_a_plain_scan_finds(resources, sentence):
    sentences = [sentence(zh) for zh in ("掀起群众性土法炼铜运动。", "大搞“小、土、群”。", "土洋并举，由土到洋。",
                                         "炼钢炼铜。", "小土群好", "铜", "大搞小、土", "群众路线", "又是小、土、群，又是“小、土、群”",
                                         "小、土、\n群", "小、土、群", "人人炼钢，户户出铁。", "人民公社好",
                                         "人、人")]
    annotator = Annotator(sentences, dictionary=resources.dictionary, segmenter=resources.segmenter)
    for hanzi in ("土", "炼铜", "小土群", "土洋", "群众", "铜", "钢铁", "大搞小土群", "运动。", "人人", "人"):
        scanned = [(s, span) for s in sentences if (span := find_term(s.zh, hanzi))]
        assert annotator.holding(hanzi) == scanned
    assert [s.zh for s, _ in annotator.holding("小土群")] == ["大搞“小、土、群”。", "小土群好",
                                                              "又是小、土、群，又是“小、土、群”", "小、土、群"]
    assert annotator.holding("钢铁") == []
    assert [s.zh for s, _ in annotator.holding("人人")] == ["人人炼钢，户户出铁。", "人、人"]  # one character, twice


def test_a_term_of_one_character_twice_is_shown_in_a_sentence_that_holds_it(resources, sentence):
    # a sentence with the character once was taken as holding the term, and its entry failed
    sentences = [sentence("人民公社好。", "The people's communes are good."),
                 sentence("人人炼钢，户户出铁。", "Everyone makes steel, every household produces iron.")]
    entry = entry_for(resources, "人人", sentences)
    assert entry.example == "人人炼钢，户户出铁。" and entry.example_span == (0, 2)


def test_annotating_many_terms_at_once_gives_each_its_own_entry(resources, sentence):
    sentences = [sentence("各地掀起了群众性的土法炼铜运动。", "A mass movement of copper smelting by indigenous methods "
                          "was launched everywhere."),
                 sentence("衣服干了。", "The clothes are dry."),
                 sentence("大家都干劲十足。", "Everyone is full of drive.")]
    terms = [Term(word, 1, 1.0, ("test",)) for word in ("炼铜", "土法", "干", "干劲", "群众性")]
    together = annotate(terms, sentences, dictionary=resources.dictionary, segmenter=resources.segmenter)
    alone = [entry_for(resources, term.hanzi, sentences) for term in terms]
    assert [e.as_json() for e in together] == [e.as_json() for e in alone]
    assert together[2].pinyin == "gān" and together[3].pinyin == "gànjìn"


def test_the_example_is_the_one_a_scan_of_every_sentence_chooses(resources, sentence):
    # more sentences hold 土 than are example candidates: the index must rank them as choose_example does
    texts = ["土", "土法炼铜", "土法炼铜运动在各地展开", "各地用土法炼铜。", "土洋并举，由土到洋。",
             "他们用土办法建成了小高炉，" * 3 + "产量很高。", "群众说：土高炉好。", "土高炉好", "好土。",
             "这是土法。", "土法好。", "大家都说土法炼铜好得很，土法炼铜就是好。"]
    sentences = [sentence(zh, "Indigenous methods of copper smelting are good.", confident=i % 3 != 0)
                 for i, zh in enumerate(texts)]
    glosser = Glosser(dictionary=resources.dictionary)
    terms = [Term(word, 1, 1.0, ("test",)) for word in ("土", "土法", "炼铜", "高炉")]
    entries = annotate(terms, sentences, dictionary=resources.dictionary, segmenter=resources.segmenter)
    for term, entry in zip(terms, entries):
        assert entry.example == best_example(term.hanzi, sentences, glosser=glosser).zh
        assert [s.file for s in entry.sources] == ["t.txt"]
