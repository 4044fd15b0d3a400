"""The HTML handout printed by a real browser: headless Chromium to PDF, read back with poppler.

Needs the Debian packages chromium, fonts-noto-cjk and poppler-utils (.ci/run installs them); skipped where
they are absent. Page 1 is also rendered to tests/output/handout-page1.png for a person to look at.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from flashcards.lists import entries_from_json, render_list

GOLDEN = Path(__file__).resolve().parent / "golden"
OUTPUT = Path(__file__).resolve().parent / "output"
BROWSER = next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)
POPPLER = all(shutil.which(tool) for tool in ("pdftotext", "pdftoppm", "pdfinfo", "pdffonts"))


def _has_chinese_font() -> bool:
    if not shutil.which("fc-list"):
        return False
    found = subprocess.run(["fc-list", ":lang=zh"], check=False, capture_output=True, text=True, timeout=60)
    return bool(found.stdout.strip())


pytestmark = pytest.mark.skipif(not (BROWSER and POPPLER and _has_chinese_font()),
                                reason="needs chromium, poppler-utils and a Chinese font (fonts-noto-cjk)")


def print_to_pdf(html_file: Path, pdf: Path, profile: Path) -> None:
    subprocess.run(
        [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-pdf-header-footer", f"--user-data-dir={profile}", f"--print-to-pdf={pdf}", html_file.as_uri()],
        check=True, capture_output=True, timeout=180)


def _poppler(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True, timeout=60).stdout


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def printed(seed_vocabulary, tmp_path_factory):
    """The seeds' handout, grouped by article, plus the golden list's hostile entry, printed to PDF."""
    hostile = [e for e in entries_from_json(json.loads((GOLDEN / "entries.json").read_text(encoding="utf-8")))
               if "<script>" in e.meaning]
    entries = [*seed_vocabulary.entries, *hostile]
    folder = tmp_path_factory.mktemp("handout")
    page = folder / "handout.html"
    page.write_text(render_list(entries, format="html", group_by="article"), encoding="utf-8")
    pdf = folder / "handout.pdf"
    print_to_pdf(page, pdf, folder / "profile")
    pages = int(re.search(r"^Pages:\s+(\d+)", _poppler("pdfinfo", str(pdf)), re.MULTILINE).group(1))
    # -raw keeps the order the browser wrote the text in; the layout order interleaves the two columns
    texts = [_poppler("pdftotext", "-raw", "-f", str(n), "-l", str(n), str(pdf), "-") for n in range(1, pages + 1)]
    return entries, pdf, texts


def test_the_pdf_is_a4_and_holds_every_entry(printed):
    entries, pdf, texts = printed
    assert "(A4)" in _poppler("pdfinfo", str(pdf))
    assert len(texts) >= 2
    whole = _compact("".join(texts))
    for entry in entries:
        assert _compact(entry.hanzi) in whole
        assert _compact(entry.meaning) in whole, entry.hanzi
        assert _compact(entry.example_translation) in whole, entry.hanzi


def test_no_entry_is_split_across_pages(printed):
    entries, _, texts = printed
    pages = [_compact(text) for text in texts]
    for entry in entries:
        parts = [_compact(part) for part in (entry.meaning, entry.example, entry.example_translation) if part]
        assert any(all(part in page for part in parts) for page in pages), entry.hanzi


def test_hostile_text_is_printed_as_text(printed):
    _, _, texts = printed
    whole = _compact("".join(texts))
    assert _compact("<script>alert('title')</script> A/B \"test\" & more") in whole
    assert _compact("<b>不</b>要|等待。") in whole


def test_chinese_is_drawn_with_a_cjk_font_and_page_one_is_rendered(printed):
    _, pdf, _ = printed
    fonts = _poppler("pdffonts", str(pdf))
    # Chromium embeds the CFF-flavoured Noto CJK fonts as Type 3 and names no font; a PDF of Latin text
    # alone (or of empty boxes from a Latin font) holds only TrueType fonts.
    assert re.search(r"CJK|Type 3", fonts), fonts
    OUTPUT.mkdir(exist_ok=True)
    prefix = OUTPUT / "handout-page1"
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(prefix)],
                   check=True, timeout=60)
    png = prefix.with_suffix(".png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert abs(width / height - 210 / 297) < 0.01  # A4 portrait
