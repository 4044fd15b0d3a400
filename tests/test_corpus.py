"""The article reader on both seed layouts, and its promise to fail only with its own error."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flashcards import ArticleError, parse_article, read_article
from flashcards.corpus import HAN, find_article_files

from .conftest import SEED_000, SEED_001, SEEDS


def test_seed_000_blank_line_paragraphs():
    article = read_article(SEED_000)
    assert article.title.startswith("Meeting the Urgent Needs of High-Speed Industrial Construction")
    assert (article.date, article.page, article.column) == ("1958-11-11", "1", "")
    assert len(article.english) == 4
    assert article.headline == ("满足高速度发展工业建设的迫切需要", "掀起群众性土法炼铜运动", "二十八个省市代表在云南举行现场会议")
    assert article.dateline == "新华社昆明10日电"
    # the headline lines repeated at the top of the body are recognised and not counted as paragraphs
    assert len(article.chinese) == 4
    assert article.chinese[0].startswith("冶金工业部最近在云南召开了土法炼铜现场会议。")
    assert article.english_title_parts[1] == "Launching a Mass Movement of Indigenous Copper Smelting"


def test_seed_001_indented_paragraphs():
    article = read_article(SEED_001)
    assert (article.date, article.page) == ("1958-09-25", "1")
    assert len(article.english) == 14
    assert article.english[0] == "Xinhua News Agency, September 24th:"
    assert article.headline[0] == "中共中央和国务院指示抓住大跃进中薄弱环节"
    assert len(article.headline) == 3
    assert article.dateline == "新华社24日讯"
    assert len(article.chinese) == 12
    assert article.chinese[0].startswith("中共中央、国务院关于大力发展铜、铝工业的指示")


def test_named_column_and_crlf():
    text = SEED_000.read_text(encoding="utf-8").replace("专栏：\n", "专栏：社论\n").replace("\n", "\r\n")
    article = parse_article(text, file="x.txt")
    assert article.column == "社论"
    assert len(article.chinese) == 4


def test_missing_english_half_is_a_warning_not_an_error():
    chinese_half = SEED_000.read_text(encoding="utf-8").split("Original:", 1)[1]
    article = parse_article("Original:\n" + chinese_half, file="zh-only.txt")
    assert article.english == ()
    assert "no English translation" in article.warnings
    assert len(article.chinese) == 4


@pytest.mark.parametrize(("content", "problem"), [
    (b"", "empty file"),
    (b"\x00\x01\x02binary\x00", "binary file"),
    (b"Title: x\nDate: 1958-01-01\n\nOnly English here.\n<hr />\nOriginal:\n\nno chinese\n", "no Chinese text"),
])
def test_bad_files_raise_article_error_naming_the_file(tmp_path, content, problem):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ArticleError) as raised:
        read_article(path)
    assert str(path) in str(raised.value)
    assert problem in str(raised.value)


def test_folders_are_read_recursively_and_sorted(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("x", encoding="utf-8")
    (tmp_path / "1.txt").write_text("x", encoding="utf-8")
    (tmp_path / "ignored.md").write_text("x", encoding="utf-8")
    assert [p.name for p in find_article_files([tmp_path])] == ["1.txt", "2.txt"]
    assert len(list(find_article_files([SEEDS]))) == 2


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_parser_fails_only_with_its_own_error(text):
    try:
        article = parse_article(text, file="fuzz.txt")
    except ArticleError as error:
        assert "fuzz.txt" in str(error)
    else:
        assert HAN.search("".join(article.chinese + article.headline))
