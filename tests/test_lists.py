"""Vocabulary lists: golden files on a fixed set of entries, the same entries in every format, options, CLI.

Golden files are made from tests/golden/entries.json (real entries of the seeds, frozen, plus one with hostile
text), not from the live selection, which other work changes. Regenerate them after a deliberate change with
    UPDATE_GOLDEN=1 /work/venv/bin/python -m pytest -q tests/test_lists.py
and read the diff before committing.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from flashcards.cli import LIST_FORMATS, main
from flashcards.lists import (
    BOM,
    COLUMNS,
    FORMATS,
    SORTS,
    arrange,
    article_of,
    entries_from_json,
    pinyin_key,
    render_list,
    table_row,
)

from .conftest import SEED_000, SEEDS

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def entries():
    return entries_from_json(json.loads((GOLDEN / "entries.json").read_text(encoding="utf-8")))


# --- reading each format back: the hanzi of its entries, in order ---

class _TermParser(HTMLParser):
    """The visible hanzi of each `.term` of the handout (ruby text without its <rt> pinyin)."""

    def __init__(self) -> None:
        super().__init__()
        self.terms: list[str] = []
        self.readings: list[list[str]] = []
        self._depth = 0  # inside a .term element
        self._in_rt = False

    def handle_starttag(self, tag, attrs):
        if self._depth:
            self._depth += 1
            if tag == "rt":
                self._in_rt = True
                self.readings[-1].append("")
        elif ("class", "term") in attrs:
            self._depth = 1
            self.terms.append("")
            self.readings.append([])

    def handle_endtag(self, tag):
        if self._depth:
            self._depth -= 1
            if tag == "rt":
                self._in_rt = False

    def handle_data(self, data):
        if self._depth and self._in_rt:
            self.readings[-1][-1] += data
        elif self._depth:
            self.terms[-1] += data.strip()


def _markdown_cells(line: str) -> list[str]:
    cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]
    return [html.unescape(re.sub(r"\\(.)", r"\1", cell.strip())) for cell in cells]


def hanzi_of(text: str, format: str) -> list[str]:
    if format == "json":
        return [item["hanzi"] for item in json.loads(text)]
    if format in ("csv", "tsv"):
        assert text.startswith(BOM) == (format == "csv")
        dialect = "excel" if format == "csv" else "excel-tab"
        return [row["hanzi"] for row in csv.DictReader(io.StringIO(text.removeprefix(BOM)), dialect=dialect)]
    if format == "md":
        rows = [line for line in text.splitlines() if line.startswith("| ")]
        return [_markdown_cells(row)[0] for row in rows if not row.startswith("| Hanzi |")]
    if format == "html":
        parser = _TermParser()
        parser.feed(text)
        return parser.terms
    if format == "pleco":
        return [line.split("\t")[0].split("[")[0] for line in text.splitlines() if not line.startswith("//")]
    if format == "anki":  # Anki's text import: '#' header lines, then the first field holding Chinese
        rows = csv.reader(io.StringIO(text), dialect="excel-tab")
        fields = ([re.sub(r"<[^>]*>", "", field) for field in row] for row in rows if row and not row[0].startswith("#"))
        return [next(field for field in row if re.search(r"[\u4e00-\u9fff]", field)) for row in fields]
    raise AssertionError(format)


# --- golden files ---

GOLDEN_CASES = [
    ("list.json", {"format": "json"}),
    ("list.csv", {"format": "csv"}),
    ("list.tsv", {"format": "tsv"}),
    ("list.md", {"format": "md"}),
    ("list-by-article-pinyin.md", {"format": "md", "group_by": "article", "sort": "pinyin"}),
    ("list.html", {"format": "html", "group_by": "article", "title": "Copper and the Great Leap"}),
    ("list.pleco.txt", {"format": "pleco"}),
    *([("list.anki.txt", {"format": "anki"})] if "anki" in FORMATS else []),  # made by UPDATE_GOLDEN=1
]


@pytest.mark.parametrize(("name", "options"), GOLDEN_CASES, ids=[name for name, _ in GOLDEN_CASES])
def test_golden(entries, name, options):
    rendered = render_list(entries, **options).encode("utf-8")
    path = GOLDEN / name
    if UPDATE:
        path.write_bytes(rendered)
    assert rendered == path.read_bytes(), f"{name} changed; UPDATE_GOLDEN=1 regenerates it"


def test_every_format_has_a_golden_file():
    assert {options["format"] for _, options in GOLDEN_CASES} == set(FORMATS)


# --- the same entries in every format ---

@pytest.mark.parametrize("format", FORMATS)
@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("group_by", [None, "article"])
def test_every_format_holds_the_same_entries_as_the_json(entries, format, sort, group_by):
    # Pleco always files cards under their article, so it follows the grouped JSON.
    reference = render_list(entries, format="json", sort=sort, group_by="article" if format == "pleco" else group_by)
    text = render_list(entries, format=format, sort=sort, group_by=group_by)
    assert hanzi_of(text, format) == hanzi_of(reference, "json")
    assert len(hanzi_of(text, format)) == len(entries)


def test_every_format_holds_the_same_entries_on_the_seeds(seed_vocabulary):
    real = seed_vocabulary.entries
    expected = [entry.hanzi for entry in real]
    assert len(expected) >= 10
    for format in FORMATS:
        grouped = "article" if format == "pleco" else None
        reference = hanzi_of(render_list(real, format="json", group_by=grouped), "json")
        assert hanzi_of(render_list(real, format=format), format) == reference, format
        assert sorted(reference) == sorted(expected)


def test_json_round_trips_through_entries_from_json(entries):
    data = json.loads((GOLDEN / "entries.json").read_text(encoding="utf-8"))
    assert [entry.as_json() for entry in entries] == data
    assert json.loads(render_list(entries, format="json")) == data


# --- csv and tsv ---

def test_csv_columns_cover_every_field_of_the_json(entries):
    flattened = set()
    for key, value in entries[0].as_json().items():
        flattened |= {f"{key}_{part}" for part in value} if isinstance(value, dict) else {key}
    assert flattened == set(COLUMNS)


def test_csv_rows_hold_the_json_values(entries):
    text = render_list(entries, format="csv")
    assert text.startswith(BOM + ",".join(COLUMNS) + "\r\n")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert len(rows) == len(entries)
    for row, entry in zip(rows, entries):
        data = entry.as_json()
        assert row == table_row(entry)
        assert (row["meaning"], row["example_translation"]) == (data["meaning"], data["example_translation"])
        assert float(row["score"]) == data["score"] and int(row["count"]) == data["count"]
        assert row["source_title"] == data["source"]["title"]
        assert row["reasons"].split("; ") == data["reasons"]
        assert row["sources"].split("; ") == [source["file"] for source in data["sources"]]


@pytest.mark.parametrize("format", ["csv", "tsv"])
def test_spreadsheet_cells_never_start_a_formula(entries, format):
    from dataclasses import replace

    hostile = replace(entries[0], meaning="=HYPERLINK(\"http://x\")", note="@SUM(1)", example_translation="-2+3",
                      score=-1.5)
    text = render_list([hostile], format=format)
    rows = list(csv.reader(io.StringIO(text.lstrip(BOM)), dialect="excel-tab" if format == "tsv" else "excel"))
    row = dict(zip(rows[0], rows[1]))
    assert (row["meaning"], row["note"], row["example_translation"]) == \
        ("'=HYPERLINK(\"http://x\")", "'@SUM(1)", "'-2+3")
    assert row["score"] == "-1.5"  # numbers stay numbers


def test_tsv_is_one_line_per_term_without_tabs_inside_fields(entries):
    lines = render_list(entries, format="tsv").split("\n")
    assert lines[-1] == ""
    assert len(lines[:-1]) == len(entries) + 1
    assert all(len(line.split("\t")) == len(COLUMNS) for line in lines[:-1])
    hostile = next(line for line in lines if line.startswith("“小、土、群”"))
    assert "small | native and <script>" in hostile  # the tab inside the meaning became a space


# --- Markdown ---

def test_markdown_cells_stay_cells_and_markup_stays_text(entries):
    text = render_list(entries, format="md", group_by="article")
    rows = [line for line in text.splitlines() if line.startswith("|")]
    assert all(len(_markdown_cells(row)) == 5 or set(row) <= set("|-") for row in rows)
    hostile = next(_markdown_cells(row) for row in rows if row.startswith("| “小"))
    assert hostile[2] == 'small | native and <script>alert("mass")</script> & *popular* [x](y)'
    assert not re.search(r"[<>]", text) and "&lt;script&gt;" in text  # every angle bracket an entity
    assert "**土法**" in text  # the term is bold in its example
    assert text.count("\n## ") == 3  # one section per article


# --- HTML ---

def test_html_is_self_contained_printable_and_escaped(entries):
    text = render_list(entries, format="html", group_by="article")
    assert text.startswith("<!DOCTYPE html>")
    for network in ("http:", "https:", "src=", "@import", "url(", "<script", "<link"):
        assert network not in text.lower(), network
    assert "@media print" in text and "size: A4" in text and "break-inside: avoid" in text
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in text
    assert "&lt;b&gt;不&lt;/b&gt;" in text and "&lt;i&gt;works&lt;/i&gt;" in text
    assert "<mark>土法</mark>" in text
    assert '<ruby>土<rt class="tone3">tǔ</rt>法<rt class="tone3">fǎ</rt></ruby>' in text


def test_html_ruby_reads_as_the_entry_pinyin(seed_vocabulary):
    parser = _TermParser()
    parser.feed(render_list(seed_vocabulary.entries, format="html"))
    assert parser.terms == [entry.hanzi for entry in seed_vocabulary.entries]
    for entry, readings in zip(seed_vocabulary.entries, parser.readings):
        assert re.sub(r"\W", "", "".join(readings)) == re.sub(r"\W", "", entry.pinyin), entry.hanzi


def test_html_numbers_entries_across_groups(entries):
    text = render_list(entries, format="html", group_by="article")
    numbers = [int(n) for n in re.findall(r'<span class="number">(\d+)\.</span>', text)]
    assert numbers == list(range(1, len(entries) + 1))


# --- Pleco ---

def test_pleco_lines(entries):
    lines = render_list(entries, format="pleco").splitlines()
    categories = [line for line in lines if line.startswith("//")]
    cards = [line.split("\t") for line in lines if not line.startswith("//")]
    assert len(categories) == 3 and all("/" not in line[2:] for line in categories)
    assert categories[0].startswith("//1958-09-25 ")  # by date
    assert all(len(card) == 3 for card in cards)
    by_hanzi = {card[0]: card for card in cards}
    assert by_hanzi["土法[土法]"][1:] == ["tu3 fa3", "traditional method (here: indigenous methods)"]
    assert by_hanzi["大跃进[大躍進]"][1] == "da4 yue4 jin4"
    assert by_hanzi["铝厂[鋁厂]"][1] == "lü3 chang3"


# --- options ---

def test_sorts(entries):
    def order(sort):
        return [entry for group in arrange(entries, sort=sort) for entry in group.entries]

    assert order("score") == list(entries)
    keys = [pinyin_key(entry.pinyin_numbered) for entry in order("pinyin")]
    assert keys == sorted(keys)
    assert [e.hanzi for e in order("pinyin")][:3] == ["遍地开花", "大跃进", "干劲"]
    counts = [entry.count for entry in order("frequency")]
    assert counts == sorted(counts, reverse=True)
    dates = [article_of(entry).date for entry in order("article")]
    assert dates == sorted(dates)


def test_pinyin_order_is_syllable_by_syllable_then_tone():
    words = ["bai2", "ba1 ba4", "ba4", "ba1", "", "lv3", "lu4"]
    assert sorted(words, key=pinyin_key) == ["ba1", "ba4", "ba1 ba4", "bai2", "lu4", "lv3", ""]
    assert pinyin_key("“ xiao3 、 tu3 、 qun2 ”") == pinyin_key("xiao3 tu3 qun2")


def test_limit_keeps_the_best_then_sorts(entries):
    groups = arrange(entries, sort="pinyin", limit=4)
    kept = [entry.hanzi for entry in groups[0].entries]
    assert sorted(kept) == sorted(entry.hanzi for entry in entries[:4])
    assert kept != [entry.hanzi for entry in entries[:4]]


def test_group_by_article(entries):
    groups = arrange(entries, sort="frequency", group_by="article")
    assert [group.article.date for group in groups] == ["1958-09-25", "1958-10-01", "1958-11-11"]
    for group in groups:
        assert all(article_of(entry) == group.article for entry in group.entries)
        counts = [entry.count for entry in group.entries]
        assert counts == sorted(counts, reverse=True)
    assert sum(len(group.entries) for group in groups) == len(entries)


def test_unknown_options_are_refused(entries):
    for options in ({"format": "docx"}, {"format": "csv", "sort": "random"}, {"format": "csv", "group_by": "level"}):
        with pytest.raises(ValueError):
            render_list(entries, **options)


def test_an_empty_list_renders_in_every_format():
    for format in FORMATS:
        assert hanzi_of(render_list([], format=format), format) == []


# --- the command line ---

def test_cli_offers_every_format():
    assert set(LIST_FORMATS) == set(FORMATS)


def test_cli_csv_to_a_file_and_to_standard_output(tmp_path):
    target = tmp_path / "out" / "list.csv"
    runner = CliRunner()
    result = runner.invoke(main, ["vocab", str(SEED_000), "--format", "csv", "--limit", "5", "-o", str(target)])
    assert result.exit_code == 0, result.output
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfhanzi,") and data.count(b"\r\n") == 6
    assert not [p for p in target.parent.iterdir() if p.name != "list.csv"]  # no temporary file left
    piped = runner.invoke(main, ["vocab", str(SEED_000), "--format", "csv", "--limit", "5"])
    assert piped.exit_code == 0
    assert piped.stdout_bytes == data


def test_cli_sort_group_and_limit(tmp_path):
    result = CliRunner().invoke(main, ["vocab", str(SEEDS), "--format", "md", "--sort", "pinyin",
                                       "--group-by", "article", "--limit", "12", "--title", "Unit 3"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Unit 3\n")
    assert len(hanzi_of(result.stdout, "md")) == 12
    assert result.stdout.count("\n## ") == 2
    bad = CliRunner().invoke(main, ["vocab", str(SEEDS), "--limit", "0"])
    assert bad.exit_code == 2


def test_the_json_list_is_what_json_writes_of_each_entry(entries):
    import dataclasses

    from flashcards.cards import Source

    hostile = Source(file='a "b"\\c.txt', title="“引号” \u2028 \t end", date="1958", page="")
    varied = [entries[0], dataclasses.replace(entries[1], sources=()),
              dataclasses.replace(entries[-1], sources=(hostile, *entries[0].sources, hostile))]
    expected = "[\n" + ",\n".join(json.dumps(e.as_json(), ensure_ascii=False) for e in varied) + "\n]\n"
    assert render_list(varied, format="json") == expected
    assert json.loads(expected)[2]["sources"][0]["file"] == 'a "b"\\c.txt'
