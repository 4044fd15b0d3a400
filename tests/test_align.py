"""Sentence alignment: anchors, beads on small hand-made pairs, the seed gold, and the `align` command."""

from __future__ import annotations

import json
import pickle
import re
import unicodedata
from collections import Counter

import pytest
from click.testing import CliRunner

from flashcards.align import Pair, align_article, chinese_units
from flashcards.alignment_output import render_alignment
from flashcards.anchors import Anchors, chinese_number, english_numbers
from flashcards.cli import main
from flashcards.corpus import Article, parse_article, read_article
from flashcards.segment import Token

from .conftest import FIXTURES, SEED_000, SEED_001


@pytest.fixture(scope="module")
def aligner(resources):
    return resources.aligner


def _article(chinese: list[str], english: list[str], *, headline=(), title="", dateline="") -> Article:
    return Article(file="made.txt", title=title, english=tuple(english), headline=tuple(headline),
                   dateline=dateline, chinese=tuple(chinese))


def _english_of(pairs, chinese_start: str) -> str:
    return next(p.en for p in pairs if p.zh.startswith(chinese_start))


# --- anchors ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "value"), [
    ("三百一十八", 318), ("一九五八", 1958), ("二十八", 28), ("一百多万", 1_000_000), ("十万", 100_000),
    ("两", 2), ("10万", 100_000), ("1958", 1958), ("二百多", 200), ("一万二千", 12_000),
])
def test_chinese_numbers_are_read_in_both_scripts(text, value):
    assert chinese_number(text) == value


def test_english_numbers_are_read_from_digits_words_and_months():
    sentence = "more than two hundred people from twenty eight provinces made 1,200 tons on september 24th"
    words = sentence.split()
    assert sorted(english_numbers(words).values()) == [9, 24, 28, 200, 1200]


def test_a_name_is_matched_by_its_pinyin(resources):
    anchors = Anchors(dictionary=resources.dictionary)
    chinese = anchors.chinese_keys("马继孔", [Token("马继孔", "nr")])
    english = anchors.english_keys("Ma Jikong spoke.")
    assert any(not keys.isdisjoint(word) for keys in chinese for word in english)


def test_numbers_in_both_scripts_share_a_key(resources):
    anchors = Anchors(dictionary=resources.dictionary)
    chinese = set().union(*anchors.chinese_keys("日产粗铜三百一十八吨", []))
    english = set().union(*anchors.english_keys("a daily output of 318 tons"))
    assert "#318" in chinese & english


def test_word_keys_are_worked_out_once_per_word(resources):
    anchors = Anchors(dictionary=resources.dictionary)
    first = anchors.chinese_keys("炼铜", [Token("炼铜", "v")])
    again = anchors.chinese_keys("大家炼铜", [Token("大家", "r"), Token("炼铜", "v")])
    assert first[0] is again[-1]
    assert anchors.english_keys("Copper smelting.")[1] is anchors.english_keys("smelting copper")[0]


def test_anchors_pickle_for_a_worker_without_their_memos(resources):
    anchors = Anchors(dictionary=resources.dictionary)
    keys = anchors.chinese_keys("马继孔在昆明", [Token("马继孔", "nr"), Token("在", "p"), Token("昆明", "ns")])
    restored = pickle.loads(pickle.dumps(anchors))
    assert anchors._word_keys and not restored._word_keys  # the memos stay behind
    assert restored.chinese_keys("马继孔在昆明", [Token("马继孔", "nr"), Token("在", "p"), Token("昆明", "ns")]) == keys
    assert restored.english_keys("Ma Jikong spoke.") == anchors.english_keys("Ma Jikong spoke.")


# --- beads on hand-made pairs ----------------------------------------------------------------------------

def test_one_to_one_beads(aligner):
    pairs = aligner.align(_article(
        ["会议在昆明召开。代表们讨论了铜的生产问题。会议通过了决议。"],
        [("The conference was held in Kunming. The representatives discussed the problem of copper production. "
         "The conference adopted a resolution.")]))
    assert [p.en for p in pairs] == [
        "The conference was held in Kunming.",
        "The representatives discussed the problem of copper production.",
        "The conference adopted a resolution."]
    assert all(p.confident for p in pairs)


def test_a_sentence_the_translator_left_out_gets_no_english(aligner):  # 1-0
    pairs = aligner.align(_article(
        ["会议在昆明召开。代表们讨论了铜和铝的生产问题，并且参观了牟定铜矿的土法炼铜现场。会议一致通过了决议。"],
        ["The conference was held in Kunming. The conference unanimously adopted a resolution."]))
    assert len(pairs) == 3
    left_out = pairs[1]
    assert left_out.zh.startswith("代表们讨论了") and left_out.en == "" and not left_out.confident
    assert pairs[2].en == "The conference unanimously adopted a resolution."


def test_two_sentences_merged_by_the_translator_make_one_pair(aligner):  # 2-1
    pairs = aligner.align(_article(
        ["今年云南全省生产了三百吨铜。这个数字比去年增加了一倍。工人们非常高兴。"],
        [("This year Yunnan Province produced 300 tons of copper, doubling the figure of last year. "
         "The workers were very happy.")]))
    assert [p.zh for p in pairs] == ["今年云南全省生产了三百吨铜。这个数字比去年增加了一倍。", "工人们非常高兴。"]
    assert pairs[0].en.startswith("This year Yunnan") and pairs[1].en == "The workers were very happy."


def test_one_sentence_split_by_the_translator_gets_both(aligner):  # 1-2
    pairs = aligner.align(_article(
        ["会议在昆明召开。会上，云南省委书记马继孔介绍了全民炼铜的经验，代表们对此感到极大的兴趣。会议通过了决议。"],
        [("The conference was held in Kunming. At the meeting, Ma Jikong, Secretary of the Yunnan Provincial "
         "Party Committee, introduced the experience of copper smelting by the whole people. The representatives "
         "expressed great interest in it. The conference adopted a resolution.")]))
    assert len(pairs) == 3
    assert pairs[1].en.startswith("At the meeting, Ma Jikong") and pairs[1].en.endswith("great interest in it.")
    assert pairs[2].en == "The conference adopted a resolution."


def test_a_sentence_the_translator_added_does_not_shift_the_others(aligner):  # 0-1
    pairs = aligner.align(_article(
        ["冶金工业部在昆明召开了土法炼铜现场会议。代表们讨论了铜的生产问题。会议通过了决议。工人们非常高兴。"],
        [("The Ministry of Metallurgical Industry convened an on-site conference on indigenous copper smelting in "
         "Kunming. The weather was mild and sunny throughout that week. "
         "The representatives discussed the problem of copper production. The conference adopted a resolution. "
         "The workers were very happy.")]))
    assert [p.en.split()[1] for p in pairs] == ["Ministry", "representatives", "conference", "workers"]
    assert "weather" not in " ".join(p.en for p in pairs[1:])


def test_headline_parts_meet_the_title_parts(aligner):
    pairs = aligner.align(_article(
        ["冶金工业部在云南召开了土法炼铜现场会议。"],
        [("The Ministry of Metallurgical Industry convened an on-site conference on indigenous copper smelting "
         "in Yunnan.")],
        headline=["掀起群众性土法炼铜运动", "二十八个省市代表在云南举行现场会议"],
        title="Launching a Mass Movement of Indigenous Copper Smelting; Representatives from Twenty-Eight "
              "Provinces Hold On-site Conference in Yunnan"))
    assert [(p.paragraph, p.en[:20]) for p in pairs[:2]] == [
        (0, "Launching a Mass Mov"), (0, "Representatives from")]


def test_datelines_meet_and_stay_apart_from_the_sentence(aligner):
    pairs = aligner.align(_article(
        ["冶金工业部最近在云南召开了土法炼铜现场会议。会议确定，必须掀起群众性土法炼铜运动。"],
        [("Xinhua News Agency, Kunming, 10th—The Ministry of Metallurgical Industry recently convened an on-site "
         "conference in Yunnan on indigenous copper smelting. The conference determined that a mass movement of "
         "indigenous copper smelting must be launched.")],
        dateline="新华社昆明10日电"))
    first = pairs[0]
    assert first.zh == "冶金工业部最近在云南召开了土法炼铜现场会议。"
    assert first.en.startswith("The Ministry") and first.en_dateline == "Xinhua News Agency, Kunming, 10th—"
    assert first.source_zh == "新华社昆明10日电\u3000冶金工业部最近在云南召开了土法炼铜现场会议。"
    assert first.source_en.startswith("Xinhua News Agency, Kunming, 10th—The Ministry")
    assert pairs[1].zh_dateline == pairs[1].en_dateline == ""


def test_paragraph_counts_that_differ_still_align(aligner):
    pairs = aligner.align(_article(
        ["会议在昆明召开。代表们讨论了铜的生产问题。", "会议通过了决议。工人们非常高兴。"],
        ["The conference was held in Kunming.", "The representatives discussed the problem of copper production.",
         "The conference adopted a resolution. The workers were very happy."]))
    assert [p.paragraph for p in pairs] == [1, 1, 2, 2]
    assert pairs[1].en == "The representatives discussed the problem of copper production."
    assert pairs[3].en == "The workers were very happy."


def test_an_article_without_english_has_only_unconfident_pairs(aligner):
    pairs = aligner.align(_article(["会议在昆明召开。会议通过了决议。"], [], headline=["铜"]))
    assert [p.zh for p in pairs] == ["铜", "会议在昆明召开。", "会议通过了决议。"]
    assert all(p.en == "" and not p.confident and p.score == 0 for p in pairs)


def test_pairs_carry_the_tokens_of_their_chinese(aligner):
    pairs = aligner.align(read_article(SEED_001))
    body = [p for p in pairs if p.paragraph > 0]
    assert all("".join(t.word for t in p.tokens) == p.zh for p in body)


def _numbered(pairs) -> dict[int, tuple]:
    """The pairs by the number of their first Chinese unit, with what `==` on a Pair leaves out."""
    numbered, first = {}, 0
    for pair in pairs:
        numbered[first] = (pair, pair.tokens, pair.starts)
        first += len(pair.starts)
    return numbered


def test_some_units_aligned_get_the_pairs_of_their_paragraphs_as_the_whole_article_has_them(aligner):
    article = read_article(SEED_000)  # its paragraphs match the translation's one for one
    everything = _numbered(aligner.align(article))
    units = chinese_units(article)
    paragraph_of = {first + k: pair.paragraph for first, (pair, _, starts) in everything.items()
                    for k in range(len(starts))}
    for wanted in ([0], [len(units) - 1], [3, 4], [2, len(units) // 2, len(units) - 2]):
        some = aligner.align_some(article, wanted)
        paragraphs = {paragraph_of[number] for number in wanted}
        assert {first: (pair, pair.tokens, pair.starts) for first, pair in some} == {
            first: found for first, found in everything.items() if found[0].paragraph in paragraphs}
        assert len(some) < len(everything)


def test_the_datelines_stay_with_the_first_paragraph_when_only_a_later_one_is_aligned(aligner):
    article = _article(["冶金工业部最近在云南召开了土法炼铜现场会议。", "会议确定，必须掀起群众性土法炼铜运动。"],
                       [("Xinhua News Agency, Kunming, 10th—The Ministry of Metallurgical Industry recently "
                         "convened an on-site conference in Yunnan on indigenous copper smelting."),
                        ("The conference determined that a mass movement of indigenous copper smelting must be "
                         "launched.")], dateline="新华社昆明10日电")
    [(number, later)] = aligner.align_some(article, [1])
    assert number == 1 and later.en.startswith("The conference determined")
    assert later.zh_dateline == later.en_dateline == ""
    [(number, first)] = aligner.align_some(article, [0])
    assert number == 0 and first.en_dateline == "Xinhua News Agency, Kunming, 10th—"
    assert first.zh_dateline == "新华社昆明10日电"


def test_some_units_of_paragraphs_that_do_not_match_get_the_whole_article(aligner):
    made = _article(["会议在昆明召开。代表们讨论了铜的生产问题。", "会议通过了决议。工人们非常高兴。"],
                    ["The conference was held in Kunming.",
                     "The representatives discussed the problem of copper production.",
                     "The conference adopted a resolution. The workers were very happy."])
    for article in (made, read_article(SEED_001)):  # seed 001: 12 paragraphs, 14 in its translation
        some = aligner.align_some(article, [3])
        assert {first: (pair, pair.tokens, pair.starts) for first, pair in some} == _numbered(aligner.align(article))


def test_align_article_entry_point_reuses_loaded_parts(resources):
    pairs = align_article(_article(["会议在昆明召开。"], ["The conference was held in Kunming."]),
                          segmenter=resources.segmenter, dictionary=resources.dictionary)
    assert pairs == (Pair("会议在昆明召开。", "The conference was held in Kunming.", pairs[0].score, 1, True),)
    assert pairs[0].score > 0.5


# --- the seed gold, scored as ../shared/eval/score.py scores it -------------------------------------------

def _bag(text: str) -> Counter:
    return Counter(re.findall(r"[a-z0-9]+", text.lower().replace("’", "'")))


def _f1(got: Counter, want: Counter) -> float:
    if not got or not want:
        return 1.0 if not got and not want else 0.0
    common = sum((got & want).values())
    if not common:
        return 0.0
    precision, recall = common / sum(got.values()), common / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def _key(text: str) -> str:
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", text))


def alignment_f1(lines: list[dict], gold: list[dict]) -> tuple[float, float]:
    """Length-weighted bag-of-words F1 of each Chinese unit's English against gold, and bead coverage."""
    total = weight = 0.0
    covered: set[int] = set()
    for line in lines:
        zh = _key(line["zh"])
        english, matched = [], False
        for index, bead in enumerate(gold):
            if any(_key(z) in zh or zh in _key(z) for z in bead["zh"]):
                english += bead["en"]
                covered.add(index)
                matched = True
        if zh and matched:
            total += _f1(_bag(line["en"]), _bag(" ".join(english))) * len(zh)
            weight += len(zh)
    return total / max(1.0, weight), len(covered) / len(gold)


@pytest.mark.parametrize(("seed", "gold_file"), [(SEED_000, "gold_align.json"), (SEED_001, "gold_align_001.json")])
def test_seed_alignment_against_gold(aligner, seed, gold_file):
    gold = json.loads((FIXTURES / gold_file).read_text(encoding="utf-8"))[seed.name]
    lines = [json.loads(line) for line in
             render_alignment(aligner.align(read_article(seed)), format="jsonl").splitlines()]
    f1, coverage = alignment_f1(lines, gold)
    assert coverage == 1.0
    assert f1 >= 0.97


def test_gold_scoring_punishes_a_shifted_alignment(aligner):
    gold = json.loads((FIXTURES / "gold_align.json").read_text(encoding="utf-8"))[SEED_000.name]
    lines = [{"zh": p.source_zh, "en": p.source_en} for p in aligner.align(read_article(SEED_000))]
    shifted = [{"zh": a["zh"], "en": b["en"]} for a, b in zip(lines, lines[1:] + lines[:1])]
    assert alignment_f1(shifted, gold)[0] < 0.5


# --- output and the command ------------------------------------------------------------------------------

_ARTICLE = """Title: Copper <b>&</b> Aluminum
Date: 1958-09-25

Xinhua News Agency, Kunming, 10th—The conference was held in Kunming. The conference adopted a resolution.
<hr />
Original:
### 铜<铝>
1958-09-25
第1版()
专栏：
    新华社昆明10日电　会议在昆明召开。会议通过了决议。
"""


def test_jsonl_has_one_line_per_chinese_unit_with_the_dateline_in_place(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(_ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(main, ["align", str(path), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["zh"] for line in lines] == ["铜<铝>", "新华社昆明10日电\u3000会议在昆明召开。", "会议通过了决议。"]
    assert lines[1]["en"] == "Xinhua News Agency, Kunming, 10th—The conference was held in Kunming."
    assert {"zh", "en", "score", "paragraph"} <= lines[0].keys()


def test_tsv_has_a_header_and_a_row_per_unit(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(_ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(main, ["align", str(path), "--format", "tsv"])
    rows = result.output.splitlines()
    assert rows[0].split("\t") == ["paragraph", "score", "confident", "zh", "en"]
    assert len(rows) == 4 and all(row.count("\t") == 4 for row in rows)


def test_html_reader_is_self_contained_and_escaped(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(_ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(main, ["align", str(path), "--format", "html"])
    page = result.output
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page
    assert "<b>" not in page and "&lt;b&gt;" in page and "铜&lt;铝&gt;" in page
    assert 'src="http' not in page and "<link" not in page
    assert page.count('<td class="zh"') == 3


def test_render_alignment_rejects_an_unknown_format():
    with pytest.raises(ValueError):
        render_alignment([], format="xml")


def test_parsed_article_round_trip_keeps_dateline_apart():
    article = parse_article(_ARTICLE)
    assert article.dateline == "新华社昆明10日电" and article.chinese[0].startswith("会议")


def test_the_translation_of_another_article_is_mostly_not_trusted(aligner):
    chinese, english = read_article(SEED_000), read_article(SEED_001)
    mismatched = Article(file="mixed.txt", title=english.title, english=english.english,
                         headline=chinese.headline, dateline=chinese.dateline, chinese=chinese.chinese)
    pairs = aligner.align(mismatched)
    assert sum(p.confident for p in pairs) < 0.4 * len(pairs)
    own = aligner.align(chinese)
    assert sum(p.confident for p in own) > 0.9 * len(own)


@pytest.mark.parametrize(("english", "chinese_units"), [
    ("Steel production must make a great leap forward. Copper production must also make a great leap forward.",
     ["钢铁生产要大跃进；", "铜的生产也要大跃进。"]),
    ("Steel production must make a great leap forward, and copper production must also make a great leap.",
     ["钢铁生产要大跃进；铜的生产也要大跃进。"]),
])
def test_a_clause_cut_at_a_semicolon_is_a_unit_only_where_the_translation_renders_it_alone(
        aligner, english, chinese_units):
    pairs = aligner.align(_article(
        ["会议在昆明召开。钢铁生产要大跃进；铜的生产也要大跃进。会议通过了决议。"],
        [f"The conference was held in Kunming. {english} The conference adopted a resolution."]))
    assert [p.zh for p in pairs[1:-1]] == chinese_units
    assert pairs[-1].en == "The conference adopted a resolution."
