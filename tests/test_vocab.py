"""Vocabulary selection: the seed gold as a regression test, stability, options, known-word files, the CLI."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest
from click.testing import CliRunner

from flashcards import build_vocabulary
from flashcards.cli import main
from flashcards.known import KnownWordsError, read_known_words
from flashcards.vocab import VocabOptions, default_top

from .conftest import FIXTURES, SEED_000, SEED_001

PUNCTUATION = re.compile(r"[\s、，,。·・\-‧]")  # ignored when matching, as the project's scorer does


def _norm(term: str) -> str:
    return PUNCTUATION.sub("", unicodedata.normalize("NFKC", term))


@pytest.fixture(scope="module")
def seed_000(resources):
    return build_vocabulary([SEED_000], resources=resources)


@pytest.fixture(scope="module")
def seed_001(resources):
    return build_vocabulary([SEED_001], resources=resources)


def test_seed_000_meets_the_gold(seed_000):
    gold = json.loads((FIXTURES / "gold_vocab.json").read_text(encoding="utf-8"))[SEED_000.name]
    terms = [_norm(entry.hanzi) for entry in seed_000.entries]
    acceptable = {_norm(term) for term in gold["acceptable"]}
    precision = sum(term in acceptable for term in terms[:30]) / 30
    top_50 = set(terms[:50])
    recall = sum(any(_norm(t) in top_50 for t in alternatives) for alternatives in gold["core"]) / len(gold["core"])
    assert precision >= 0.9
    assert recall >= 0.95


def test_seed_001_against_a_hand_judgement(seed_001):
    judged = json.loads((FIXTURES / "seed_001_judgement.json").read_text(encoding="utf-8"))
    terms = [_norm(entry.hanzi) for entry in seed_001.entries]
    acceptable = {_norm(term) for term in judged["acceptable"]}
    assert sum(term in acceptable for term in terms[:30]) / 30 >= 0.85  # 26 of 30 when judged
    assert set(judged["core"]) <= set(terms[:50])


def test_the_design_examples_are_chosen_wherever_they_occur(seed_000, seed_001):
    for vocabulary in (seed_000, seed_001):
        text = "".join(vocabulary.articles[0].chinese)
        chosen = {entry.hanzi for entry in vocabulary.entries[:50]}
        for term in ("土法", "炼铜", "大跃进"):
            if term in text:
                assert term in chosen, term


def test_seed_001_picks_its_slogans_and_no_names(seed_001):
    top = [entry.hanzi for entry in seed_001.entries[:30]]
    assert {"由土到洋", "土洋并举", "以土为主", "全党全民"} <= set(top)
    assert not {"中国", "新华社"} & set(top)


def test_a_synthetic_article_of_the_period(resources):
    vocabulary = build_vocabulary([FIXTURES / "synthetic_steel.txt"], resources=resources)
    top = [entry.hanzi for entry in vocabulary.entries[:30]]
    assert {"以钢为纲", "大炼钢铁", "人民公社", "大跃进", "土洋结合", "以土为主", "重洋轻土"} <= set(top)
    assert not {"吴芝圃", "河南", "河南省", "郑州", "禹县", "新华社"} & set(top)


def test_a_synthetic_editorial_with_foreign_names(resources):
    vocabulary = build_vocabulary([FIXTURES / "synthetic_politics.txt"], resources=resources)
    top = [entry.hanzi for entry in vocabulary.entries[:30]]
    assert {"两条腿走路", "一大二公", "三面红旗", "厚今薄古", "又红又专", "半工半读", "人民公社"} <= set(top)
    names = {"美国", "英国", "杜勒斯", "麦克米伦", "华盛顿", "赫鲁晓夫", "莫斯科", "英国首相"}
    assert not names & {entry.hanzi for entry in vocabulary.entries}


def test_same_input_same_order(resources):
    first = build_vocabulary([SEED_001], resources=resources)
    second = build_vocabulary([SEED_001], resources=resources)
    assert [(e.hanzi, e.score) for e in first.entries] == [(e.hanzi, e.score) for e in second.entries]
    scores = [entry.score for entry in first.entries]
    assert scores == sorted(scores, reverse=True)


def test_every_term_is_explained(seed_000):
    for entry in seed_000.entries:
        assert entry.reasons and entry.count >= 1
        assert entry.kind in {"slogan", "idiom", "term"}
    kinds = {entry.hanzi: entry.kind for entry in seed_000.entries}
    assert kinds["小土群"] == "slogan"


def test_default_top_grows_with_the_input():
    assert default_top(100) == 50
    assert default_top(40_000) > default_top(4_000) >= 50


def test_more_articles_spread_the_score(resources):
    both = build_vocabulary([SEED_000, SEED_001], resources=resources)
    by_hanzi = {entry.hanzi: entry for entry in both.entries}
    assert "in 2 articles" in by_hanzi["土法"].reasons
    assert len(both.entries) >= len(build_vocabulary([SEED_001], resources=resources).entries)


def test_option_top_and_min_count(resources):
    assert len(build_vocabulary([SEED_000], options=VocabOptions(top=7), resources=resources).entries) == 7
    entries = build_vocabulary([SEED_000], options=VocabOptions(min_count=3), resources=resources).entries
    assert entries and all(entry.count >= 3 for entry in entries)


def test_option_hsk_max_leaves_out_easy_words(resources):
    from flashcards.levels import hsk_level

    plain = build_vocabulary([SEED_001], options=VocabOptions(top=200), resources=resources).entries
    assert any((hsk_level(e.hanzi) or 99) <= 4 for e in plain)
    easy = build_vocabulary([SEED_001], options=VocabOptions(top=200, hsk_max=4), resources=resources).entries
    assert easy and all((hsk_level(e.hanzi) or 99) > 4 for e in easy)


def test_option_known_include_exclude(resources):
    options = VocabOptions(known=frozenset({"炼铜"}), exclude=frozenset({"土法"}), include=("冶金",))
    chosen = [e.hanzi for e in build_vocabulary([SEED_000], options=options, resources=resources).entries]
    assert "炼铜" not in chosen and "土法" not in chosen
    assert chosen[-1] == "冶金"
    assert "土法炼铜" in chosen  # knowing a word does not hide the terms built on it


def test_known_words_from_a_list_pleco_and_anki(tmp_path):
    plain = tmp_path / "plain.txt"
    plain.write_text("\ufeff炼铜\n\n 土法 \n", encoding="utf-8")
    pleco = tmp_path / "pleco.txt"
    pleco.write_text("//Leap\n炼铜\tlian4tong2\tcopper smelting\n副帅[副帥]\tfu4shuai4\tdeputy commander\n",
                     encoding="utf-8")
    anki = tmp_path / "anki.txt"
    anki.write_text("#separator:tab\n#html:true\n<b>小土群</b>\txiǎotǔqún\tsmall, indigenous, mass\n"
                    "o7Kd|2Nw\tLeap\t<span class=\"tone4\">副</span>帅\tfùshuài\n", encoding="utf-8")
    assert read_known_words(plain) == {"炼铜", "土法"}
    assert read_known_words(pleco) == {"炼铜", "副帅"}
    assert read_known_words(anki) == {"小土群", "副帅"}  # the first column that holds Chinese
    with pytest.raises(KnownWordsError):
        read_known_words(tmp_path / "missing.txt")


def test_cli_options_on_vocab(tmp_path):
    known = tmp_path / "known.txt"
    known.write_text("炼铜\tlian4tong2\tcopper smelting\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["vocab", str(SEED_000), "--top", "12", "--known", str(known),
                                       "--exclude", "土法,铜", "--include", "冶金", "--min-count", "1"])
    assert result.exit_code == 0, result.output
    chosen = [entry["hanzi"] for entry in json.loads(result.stdout)]
    assert len(chosen) == 13 and chosen[-1] == "冶金"
    assert not {"炼铜", "土法", "铜"} & set(chosen)


def test_cli_build_takes_the_same_options(tmp_path):
    deck = tmp_path / "leap.apkg"
    result = CliRunner().invoke(main, ["build", str(SEED_000), "-o", str(deck), "--top", "5", "--hsk-max", "9"])
    assert result.exit_code == 0, result.output
    assert "wrote 5 notes" in result.output


def test_cli_bad_known_file_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["vocab", str(SEED_000), "--known", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
