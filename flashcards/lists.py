"""Vocabulary lists for teachers and other tools. Every format holds the same entries as the JSON.

`render_list` chooses (limit), orders (sort) and groups (group_by) the entries, then writes one format:
json (DESIGN.md's schema), csv/tsv (one row per term, for spreadsheets), md (a Markdown table), html (a
printable handout, see handout.py) or pleco (Pleco's flashcard import text).
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # importing cards pulls in the pipeline's modules; rendering needs none of them
    from .cards import Entry, Source

FORMATS = ("json", "csv", "tsv", "md", "html", "pleco", "anki")
SORTS = ("score", "pinyin", "frequency", "article")
GROUPS = ("article",)

# The spreadsheet columns: every field of the vocabulary JSON, `source` split into its parts.
COLUMNS = ("hanzi", "traditional", "pinyin", "pinyin_numbered", "zhuyin", "meaning", "context_meaning",
           "example", "example_pinyin", "example_translation", "source_file", "source_title", "source_date",
           "source_page", "note", "level", "count", "score", "reasons", "kind", "sources")
# Excel reads a CSV file as UTF-8 only when it starts with a byte-order mark.
BOM = "\ufeff"


@dataclass(frozen=True)
class Group:
    """Entries shown together: those of one article, or (`article` None, `whole`) the whole list."""

    article: Source | None
    entries: tuple[Entry, ...]
    whole: bool = False


def render_list(entries: Sequence[Entry], *, format: str, sort: str = "score", group_by: str | None = None,
                limit: int | None = None, title: str = "") -> str:
    """The entries in one of `FORMATS`, as text (see `list_parts`)."""
    return "".join(list_parts(entries, format=format, sort=sort, group_by=group_by, limit=limit, title=title))


def list_parts(entries: Sequence[Entry], *, format: str, sort: str = "score", group_by: str | None = None,
               limit: int | None = None, title: str = "") -> Iterator[str]:
    """The entries in one of `FORMATS`, as pieces of text to write one after another: the JSON one term at a
    time, so that the list of an archive (each term with every article it comes from) is never held whole.

    `limit` keeps the N best entries (the input is best first), then `sort` orders them: `score` keeps
    the input order, `pinyin` is alphabetical, `frequency` puts the most frequent first and `article`
    follows the articles by date. `group_by="article"` puts each entry under the article of its example
    (Pleco's list always has one category per article). `title` heads the html and md lists."""
    if format not in FORMATS:
        raise ValueError(f"unknown list format {format!r}")
    groups = arrange(entries, sort=sort, group_by="article" if format == "pleco" else group_by, limit=limit)
    chosen = [entry for group in groups for entry in group.entries]
    if format == "json":
        yield from _json_lines(chosen)
    elif format in ("csv", "tsv"):
        yield render_table(chosen, tabs=format == "tsv")
    elif format == "anki":
        from .anki_text import render_anki_text

        yield render_anki_text(chosen)
    elif format == "pleco":
        yield render_pleco(groups)
    else:
        heading = title or default_title(articles_of(entries))
        if format == "md":
            yield render_markdown(groups, title=heading, articles=articles_of(entries))
        else:
            from .handout import render_handout

            yield render_handout(groups, title=heading, articles=articles_of(entries))


def _json_lines(entries: Sequence[Entry]) -> Iterator[str]:
    # One term a line: readable, diff-friendly, and written by json's fast C encoder (used without indent).
    if not entries:
        yield "[]\n"
        return
    from .cards import source_json  # loaded already: the entries are made there

    # A term of an archive comes from thousands of articles, each also the source of other terms: each
    # article is encoded once, and the `sources` field, last, is joined as json.dumps would write it. The
    # articles are told apart by identity (the entries of one run share each article's Source), which
    # Python compares without calling the dataclass's hash.
    encoded: dict[int, str] = {}
    for number, entry in enumerate(entries):
        ids = list(map(id, entry.sources))
        for key, article in zip(ids, entry.sources):
            if key not in encoded:
                encoded[key] = json.dumps(source_json(article), ensure_ascii=False)
        fields = json.dumps(entry.as_json(sources=False), ensure_ascii=False)
        yield (("[\n" if number == 0 else ",\n") + fields[:-1] + ', "sources": ['
               + ", ".join(map(encoded.__getitem__, ids)) + "]}")
    yield "\n]\n"


def arrange(entries: Sequence[Entry], *, sort: str = "score", group_by: str | None = None,
            limit: int | None = None) -> tuple[Group, ...]:
    """The entries to show, in order, in groups (one group holding all of them when `group_by` is None)."""
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}")
    if group_by is not None and group_by not in GROUPS:
        raise ValueError(f"unknown grouping {group_by!r}")
    if limit is not None and limit < 0:
        raise ValueError("limit must not be negative")
    chosen = list(entries if limit is None else entries[:limit])
    ordered = sorted(enumerate(chosen), key=lambda pair: _sort_key(pair[1], pair[0], sort))
    ordered_entries = [entry for _, entry in ordered]
    if group_by is None:
        return (Group(article=None, entries=tuple(ordered_entries), whole=True),)
    by_article: dict[tuple, list[Entry]] = {}
    for entry in ordered_entries:
        by_article.setdefault(_article_key(article_of(entry)), []).append(entry)
    return tuple(Group(article=article_of(members[0]), entries=tuple(members))
                 for _, members in sorted(by_article.items(), key=lambda item: item[0]))


def article_of(entry: Entry) -> Source | None:
    """The article an entry belongs to in a list: that of its example, else the first it occurs in."""
    return entry.source or (entry.sources[0] if entry.sources else None)


def articles_of(entries: Iterable[Entry]) -> tuple[Source, ...]:
    """Every article the entries occur in, by date."""
    found = {}
    for entry in entries:
        for source in (entry.source, *entry.sources):
            if source is not None:
                found.setdefault(_article_key(source), source)
    return tuple(found[key] for key in sorted(found))


def default_title(articles: Sequence[Source]) -> str:
    if len(articles) == 1:
        return f"Vocabulary: {articles[0].title or articles[0].file}"
    return f"Vocabulary of {len(articles)} articles" if articles else "Vocabulary"


def article_label(article: Source | None) -> str:
    """'1958-11-11, p. 1: Title' (or the file name when there is no title)."""
    if article is None:
        return "Other"
    where = ", ".join(part for part in (article.date, f"p. {article.page}" if article.page else "") if part)
    name = article.title or article.file
    return f"{where}: {name}" if where else name


def _article_key(article: Source | None) -> tuple:
    if article is None:
        return (1, "", "", "", "")
    return (0, article.date, article.file, article.page, article.title)


def _sort_key(entry: Entry, index: int, sort: str) -> tuple:
    if sort == "pinyin":
        return (*pinyin_key(entry.pinyin_numbered), entry.hanzi, index)
    if sort == "frequency":
        return (-entry.count, index)
    if sort == "article":
        return (_article_key(article_of(entry)), index)
    return (index,)


def pinyin_key(numbered: str) -> tuple[int, str, str]:
    """Dictionary order: letters syllable by syllable first, then tones; no pinyin last."""
    syllables = [re.sub(r"[^a-z1-5]", "", s) for s in numbered.lower().replace("u:", "v").replace("ü", "v").split()]
    syllables = [s for s in syllables if s]  # punctuation inside a slogan has no reading
    letters = " ".join(s.rstrip("12345") for s in syllables)
    tones = "".join(s[-1] if s[-1] in "12345" else "5" for s in syllables)
    return (0 if letters else 1, letters, tones)


# --- csv and tsv ---

def table_row(entry: Entry) -> dict[str, str]:
    """The entry's JSON object flattened into the spreadsheet's `COLUMNS`."""
    data = entry.as_json()
    source = data["source"]
    row = {key: data[key] for key in COLUMNS if key in data and key not in ("reasons", "sources")}
    row.update({f"source_{part}": source[part] for part in ("file", "title", "date", "page")})
    row["reasons"] = "; ".join(data["reasons"])
    row["sources"] = "; ".join(item["file"] for item in data["sources"])
    return {key: str(row[key]) for key in COLUMNS}


def render_table(entries: Iterable[Entry], *, tabs: bool) -> str:
    """CSV (RFC 4180, with a byte-order mark for Excel) or TSV (one line per term, no tabs in fields)."""
    buffer = io.StringIO(newline="")
    if tabs:
        writer = csv.writer(buffer, dialect="excel-tab", lineterminator="\n")
    else:
        buffer.write(BOM)
        writer = csv.writer(buffer, dialect="excel")
    writer.writerow(COLUMNS)
    for entry in entries:
        row = table_row(entry)
        writer.writerow([_inert_cell(_one_line(row[key]) if tabs else row[key], numeric=key in NUMERIC_COLUMNS)
                         for key in COLUMNS])
    return buffer.getvalue()


NUMERIC_COLUMNS = frozenset({"count", "score"})
# A spreadsheet runs a cell that starts with one of these as a formula ("CSV injection"): text from an article
# could then compute or fetch something when a teacher opens the list.
_FORMULA_START = ("=", "+", "-", "@")


def _inert_cell(text: str, *, numeric: bool) -> str:
    """The cell's text, with a leading apostrophe where a spreadsheet would take text for a formula."""
    return "'" + text if not numeric and text.startswith(_FORMULA_START) else text


def _one_line(text: str) -> str:
    return re.sub(r"[\t\r\n]+", " ", text)


# --- Markdown ---

_MARKDOWN_SPECIAL = re.compile(r"([\\|`*_\[\]#])")


def markdown_escape(text: str) -> str:
    """Text for a Markdown table cell: specials backslash-escaped, HTML as entities (so no markup), one line."""
    text = html.escape(_one_line(text).strip(), quote=False)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def render_markdown(groups: Sequence[Group], *, title: str, articles: Sequence[Source]) -> str:
    lines = [f"# {markdown_escape(title)}", "", "Source articles:", ""]
    lines += [f"- {markdown_escape(article_label(article))}" for article in articles]
    for group in groups:
        lines.append("")
        if not group.whole:
            lines += [f"## {markdown_escape(article_label(group.article))}", ""]
        lines += ["| Hanzi | Pinyin | Meaning | Context meaning | Example |", "|---|---|---|---|---|"]
        for entry in group.entries:
            cells = [markdown_escape(entry.hanzi), markdown_escape(entry.pinyin), markdown_escape(entry.meaning),
                     markdown_escape(entry.context_meaning), _markdown_example(entry)]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _markdown_example(entry: Entry) -> str:
    """The example with the term in bold, then its translation."""
    example = markdown_escape(entry.example)
    term = markdown_escape(entry.hanzi)
    if term:
        example = example.replace(term, f"**{term}**", 1)
    if entry.example and entry.example_translation:
        example += " — " + markdown_escape(entry.example_translation)
    return example


# --- Pleco ---

def render_pleco(groups: Sequence[Group]) -> str:
    """Pleco's flashcard text: a `//category` line per article, then `simplified[traditional]<TAB>pinyin
    with tone numbers<TAB>definition` per card."""
    lines = []
    for group in groups:
        if not group.whole:
            lines.append("//" + pleco_category(group.article))
        for entry in group.entries:
            headword = entry.hanzi + (f"[{entry.traditional}]" if entry.traditional else "")
            definition = entry.meaning
            if entry.context_meaning:
                definition += f" (here: {entry.context_meaning})"
            lines.append("\t".join(_one_line(field).strip() for field in
                                   (headword, pleco_pinyin(entry.pinyin_numbered), definition)))
    return "".join(line + "\n" for line in lines)


def pleco_category(article: Source | None) -> str:
    """'1958-11-11 Title': a slash would open a sub-category in Pleco, so titles keep none."""
    if article is None:
        return "Other"
    name = " ".join(part for part in (article.date, article.title or article.file) if part)
    return _one_line(name).replace("/", "／").strip()


def pleco_pinyin(numbered: str) -> str:
    """Syllables only (no punctuation of a slogan); pypinyin writes ü as v (lv3, nv3), Pleco reads ü itself."""
    syllables = [s for s in numbered.split() if re.fullmatch(r"[A-Za-zü:]+[1-5]?", s)]
    return re.sub(r"(?<=[lnLN])v", "ü", " ".join(syllables))


# --- reading entries back ---

def entries_from_json(data: Sequence[dict]) -> list[Entry]:
    """Entries from the vocabulary JSON (what `render_list(format="json")` writes), to render it again."""
    from .cards import Entry, Source

    def source(item: dict | None) -> Source | None:
        if not item or not any(item.values()):
            return None
        return Source(file=item.get("file", ""), title=item.get("title", ""), date=item.get("date", ""),
                      page=str(item.get("page", "")))

    return [Entry(hanzi=item["hanzi"], traditional=item.get("traditional", ""), pinyin=item.get("pinyin", ""),
                  pinyin_numbered=item.get("pinyin_numbered", ""), zhuyin=item.get("zhuyin", ""),
                  meaning=item.get("meaning", ""), context_meaning=item.get("context_meaning", ""),
                  example=item.get("example", ""), example_pinyin=item.get("example_pinyin", ""),
                  example_translation=item.get("example_translation", ""), source=source(item.get("source")),
                  note=item.get("note", ""), level=item.get("level", ""), count=int(item.get("count", 0)),
                  score=float(item.get("score", 0.0)), reasons=tuple(item.get("reasons", ())),
                  kind=item.get("kind", "term"),
                  sources=tuple(s for s in map(source, item.get("sources", ())) if s is not None))
            for item in data]
