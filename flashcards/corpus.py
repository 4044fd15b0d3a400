"""Reads article files (English translation above `<hr />`, Chinese original below) into `Article` values."""

from __future__ import annotations

import codecs
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


# Byte-order marks, longest first (the UTF-32 LE mark begins with the UTF-16 LE one).
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Real articles are tens of kilobytes; anything this large is not one, and refusing it bounds memory and time.
MAX_FILE_BYTES = 1_000_000
# Longest run of text without a sentence end handed on to the sentence splitter (real sentences are under
# 300 characters); longer runs are cut at a comma, else at this length (see `split_long_paragraph`).
MAX_SENTENCE_CHARS = 300
SENTENCE_END = re.compile(r"[。！？!?]+[”’」』）)]*")
# Share of the non-ASCII characters of a GB18030 reading that must be common GB2312 characters (symbols and
# level-1 hanzi) for the file to count as GBK/GB18030 Chinese: real text scores above 0.97, other encodings
# read as GB18030 (Shift-JIS, Big5, Latin-1, random bytes) score far lower.
_GB_COMMON_SHARE = 0.9
# A file without the article layout must be at least this much Chinese (Han characters among the visible
# ones) to be read as a bare Chinese text: real articles are over 80%, READMEs and programs far under.
MIN_HAN_SHARE = 0.5


def decode(data: bytes, *, file: str) -> str:
    """Bytes to text: byte-order marks first, then strict UTF-8, then GB18030/GBK when the bytes read as
    common Chinese in it; raises `ArticleError` for anything else."""
    if not data.strip():
        raise ArticleError(file, "empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as error:
                raise ArticleError(file, f"broken {encoding.upper()} text ({error.reason})") from None
            break
    else:
        if b"\x00" in data:
            text = _decode_utf16_without_bom(data)
            if text is None:
                raise ArticleError(file, "binary file, not text")
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = _decode_chinese_legacy(data, file=file)
    if _looks_binary(text):
        raise ArticleError(file, "binary file, not text")
    if not text.strip():
        raise ArticleError(file, "empty file")
    return text


def _decode_utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 saved without a byte-order mark: the zero high bytes of its ASCII (the English half, line ends)
    fall on one side, with hardly any on the other; binary files' zeros fall on both."""
    if len(data) % 2:
        return None
    for encoding, high, low in (("utf-16-le", data[1::2], data[0::2]), ("utf-16-be", data[0::2], data[1::2])):
        if high.count(0) >= max(8, len(high) // 5) and low.count(0) * 20 < high.count(0):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


def _decode_chinese_legacy(data: bytes, *, file: str) -> str:
    # GB18030 maps almost any byte string to *some* characters, so decoding without error proves nothing:
    # accept it only when the result reads as common Chinese. charset-normalizer names what it looks like
    # otherwise (it is not trusted to decide: on short texts it guesses cp775 or Big5 for GBK).
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and _common_gb_share(text) >= _GB_COMMON_SHARE:
        return text
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    looks = f" (looks like {best.encoding})" if best else ""
    raise ArticleError(file, f"not UTF-8, UTF-16 or GB18030/GBK Chinese text{looks}")


def _common_gb_share(text: str) -> float:
    """Share of the non-ASCII characters that are GB2312 symbols (rows 1-9) or level-1 hanzi."""
    wide = [ch for ch in text if ord(ch) > 0x7F]
    if not wide:
        return 0.0
    common = 0
    for ch in wide:
        try:
            lead = ch.encode("gb2312")[0]
        except UnicodeEncodeError:
            continue
        common += 0xA1 <= lead <= 0xA9 or 0xB0 <= lead <= 0xD7
    return common / len(wide)


def _looks_binary(text: str) -> bool:
    """Control characters other than line ends and tabs: no text file has them (allow a stray few)."""
    controls = len(_CONTROL.findall(text))
    return "\x00" in text or controls > max(2, len(text) // 200)


# The C0 controls but tab, line feed, vertical tab, form feed, carriage return and ^Z (DOS end of file); DEL.
_CONTROL = re.compile("[\x00-\x08\x0e-\x19\x1b-\x1f\x7f]")


def read_article(path: str | Path) -> Article:
    """Read and parse one article file; raises `ArticleError` naming the file when it cannot."""
    file = str(path)
    try:
        with open(path, "rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)  # never more than the limit in memory
    except IsADirectoryError:
        raise ArticleError(file, "is a folder, not a file") from None
    except OSError as error:
        raise ArticleError(file, (error.strerror or "cannot be read").lower()) from None
    if len(data) > MAX_FILE_BYTES:
        raise ArticleError(file, f"too large for an article (over {MAX_FILE_BYTES // 1_000_000} MB)")
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
            raise ArticleError(file, "no Chinese original (no 'Original:' section; truncated file?)")
        _refuse_non_article(lines, file=file)
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
        truncated = divider is not None and not any(line.strip() for line in chinese_lines)
        raise ArticleError(file, "the Chinese half is empty (truncated file?)" if truncated
                           else "no Chinese text found")
    body = [piece for paragraph in body for piece in split_long_paragraph(paragraph)]
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


def _refuse_non_article(lines: list[str], *, file: str) -> None:
    """A file without the article layout is still read as a bare Chinese text, unless it is plainly something
    else: a web page, a table, or text that is mostly not Chinese (a README, a program)."""
    content = [line.strip() for line in lines if line.strip()]
    first = content[0].lower() if content else ""
    if first.startswith(("<!doctype", "<html", "<?xml")):
        raise ArticleError(file, "an HTML or XML page, not an article")
    for separator in (",", "\t"):
        counts = [line.count(separator) for line in content]
        if len(content) >= 3 and min(counts) >= 1 and max(counts) == min(counts):
            raise ArticleError(file, "a table (CSV or TSV), not an article")
    visible = "".join("".join(line.split()) for line in content)
    han = len(HAN.findall(visible))
    if han and han < len(visible) * MIN_HAN_SHARE:
        raise ArticleError(file, "not an article (mostly not Chinese text)")


def split_long_paragraph(paragraph: str, *, limit: int = MAX_SENTENCE_CHARS) -> list[str]:
    """The paragraph, cut where it runs on for more than `limit` characters without a sentence end: after the
    last comma or semicolon in reach, else at `limit`. Real paragraphs come back whole; a megabyte without
    a 。 becomes sentences short enough to segment, align and show on a card."""
    pieces: list[str] = []
    rest, position = paragraph, 0
    while len(rest) - position > limit:
        end = SENTENCE_END.search(rest, position, position + limit)
        if end:
            position = end.end()
            continue
        window = rest[position:position + limit]
        cut = max(window.rfind(mark) for mark in "，；、,;：:") + 1 or limit
        pieces.append(rest[:position + cut].strip())
        rest, position = rest[position + cut:], 0
    pieces.append(rest.strip())
    return [piece for piece in pieces if piece]


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
    # a file cut in the middle of the repeated headline ends with the start of a headline part
    if len(remaining) == 1 and any(part.startswith(re.sub(r"\s", "", remaining[0])) for part in squeezed):
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
