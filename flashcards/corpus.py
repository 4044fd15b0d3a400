"""Reads article files (English translation above `<hr />`, Chinese original below) into `Article` values."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ArticleError

# A CJK ideograph anywhere in a string: how we tell Chinese text from the rest.
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Parts of a multi-part headline are separated by two or more spaces (ASCII or full-width).
HEADLINE_SEPARATOR = re.compile(r"(?:\s|\u3000){2,}")
# 新华社昆明10日电 / 新华社24日讯 / 本报讯 followed by a full-width space or blanks.
DATELINE = re.compile(r"^(?P<dateline>[^\s，。：:]{2,30}?(?:电|讯))(?:\u3000+|\s{1,}|(?=[^\s]))")
HEADER_FIELD = re.compile(r"^(Title|Author|Date|Page):\s?(.*)$")
ISSUE_LINE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PAGE_LINE = re.compile(r"^第\s*(\d+)\s*版")
COLUMN_LINE = re.compile(r"^专栏[：:](.*)$")


@dataclass(frozen=True)
class Article:
    """One article: the English translation and the Chinese original, split into paragraphs."""

    file: str
    title: str = ""
    date: str = ""
    page: str = ""
    column: str = ""
    english: tuple[str, ...] = ()
    headline: tuple[str, ...] = ()
    dateline: str = ""
    chinese: tuple[str, ...] = ()
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def name(self) -> str:
        return Path(self.file).name

    @property
    def english_title_parts(self) -> tuple[str, ...]:
        """The English title split where the headline parts meet (`:` and `;`)."""
        parts = re.split(r"\s*[:;]\s+", self.title)
        return tuple(p.strip() for p in parts if p.strip())


def decode(data: bytes, *, file: str) -> str:
    """Bytes to text: byte-order marks first, then strict UTF-8, then a detected Chinese encoding."""
    if not data.strip():
        raise ArticleError(file, "empty file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ArticleError(file, f"broken UTF-16 text ({error.reason})") from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data:
        raise ArticleError(file, "binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return _decode_detected(data, file=file)


def _decode_detected(data: bytes, *, file: str) -> str:
    # Not UTF-8: ask charset-normalizer, but only accept the Chinese legacy encodings we expect, read
    # through GB18030 (a superset of GBK and GB2312), so that a stray byte never turns into mojibake.
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    guessed = (best.encoding if best else "").lower()
    if guessed and not guessed.startswith(("gb", "hz", "big5", "cp936", "euc")) and not _decodes(data, "gb18030"):
        raise ArticleError(file, f"not UTF-8, UTF-16 or GB18030 text (looks like {guessed})")
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise ArticleError(file, "not UTF-8, UTF-16 or GB18030 text") from None


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def read_article(path: str | Path) -> Article:
    """Read and parse one article file; raises `ArticleError` naming the file when it cannot."""
    file = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise ArticleError(file, error.strerror or "cannot be read") from None
    return parse_article(decode(data, file=file), file=file)


def parse_article(text: str, *, file: str = "<text>") -> Article:
    """Parse the text of one article. The English half is optional; the Chinese half is not."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")
    divider = _index_of(lines, lambda line: line.strip().lower().startswith("<hr"))
    original = _index_of(lines, lambda line: line.strip().rstrip("：:").strip() == "Original")
    warnings: list[str] = []

    if original is None and divider is None:
        header, english_lines, chinese_lines = {}, [], lines
        if any(HEADER_FIELD.match(line) for line in lines[:4]):
            raise ArticleError(file, "no Chinese original (no 'Original:' section)")
        warnings.append("no English translation")
    else:
        english_end = divider if divider is not None else original
        chinese_start = (original if original is not None else divider) + 1
        header, english_lines = _read_header(lines[:english_end])
        chinese_lines = lines[chinese_start:]
        if not any(line.strip() for line in english_lines):
            warnings.append("no English translation")

    headline, date, page, column, body = _read_chinese_half(chinese_lines)
    body = _drop_repeated_headline(body, headline)
    dateline = ""
    if body:
        match = DATELINE.match(body[0])
        if match and len(body[0]) > match.end():
            dateline = match.group("dateline")
            body[0] = body[0][match.end():].strip()
    if not any(HAN.search(paragraph) for paragraph in [*headline, *body]):
        raise ArticleError(file, "no Chinese text found")
    return Article(
        file=file,
        title=header.get("Title", "").strip(),
        date=header.get("Date", "").strip() or date,
        page=header.get("Page", "").strip() or page,
        column=column,
        english=tuple(line.strip() for line in english_lines if line.strip()),
        headline=tuple(headline),
        dateline=dateline,
        chinese=tuple(body),
        warnings=tuple(warnings),
    )


def _index_of(lines: list[str], predicate) -> int | None:
    return next((i for i, line in enumerate(lines) if predicate(line)), None)


def _read_header(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    """The `Title:`/`Author:`/`Date:`/`Page:` fields, then the English paragraphs."""
    header: dict[str, str] = {}
    index = 0
    while index < len(lines):
        match = HEADER_FIELD.match(lines[index].strip())
        if match:
            header[match.group(1)] = match.group(2)
        elif lines[index].strip():
            break
        index += 1
    return header, lines[index:]


def _read_chinese_half(lines: list[str]) -> tuple[list[str], str, str, str, list[str]]:
    """Headline parts, date, page, column and the body paragraphs of the Chinese half."""
    headline: list[str] = []
    date = page = column = ""
    body: list[str] = []
    in_body = False
    for raw in lines:
        line = raw.strip().strip("\u3000").strip()
        if not line:
            continue
        if not in_body:
            if line.startswith("#") and not headline:
                headline = [p for p in HEADLINE_SEPARATOR.split(line.lstrip("#").strip()) if p]
                continue
            if ISSUE_LINE.match(line) and not date:
                date = line
                continue
            if PAGE_LINE.match(line) and not page:
                page = PAGE_LINE.match(line).group(1)
                continue
            if COLUMN_LINE.match(line) and not column:
                column = COLUMN_LINE.match(line).group(1).strip()
                in_body = True
                continue
        in_body = True
        body.append(line)
    return headline, date, page, column, body


def _drop_repeated_headline(body: list[str], headline: list[str]) -> list[str]:
    """The headline parts are often repeated as the first body lines: keep them once, as the headline."""
    remaining = list(body)
    squeezed = [re.sub(r"\s", "", part) for part in headline]
    while remaining and re.sub(r"\s", "", remaining[0]) in squeezed:
        remaining.pop(0)
    return remaining


def find_article_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named on the command line as they are; folders read recursively for `*.txt`, sorted."""
    for path in paths:
        path = Path(path)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.txt") if p.is_file())
        else:
            yield path
