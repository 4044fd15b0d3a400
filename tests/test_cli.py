"""The command line, through click's CliRunner."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner

from flashcards import __version__
from flashcards.cli import main

from .conftest import SEED_000, SEEDS


def test_version_and_help_with_examples():
    runner = CliRunner()
    assert __version__ in runner.invoke(main, ["--version"]).output
    for command in ("build", "vocab", "align"):
        result = runner.invoke(main, [command, "--help"])
        assert result.exit_code == 0
        assert "Example:" in result.output
        assert "Exit codes" in result.output


def test_build_without_paths_reads_seeds_into_decks(tmp_path, monkeypatch):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", "--deck", "Leap"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "decks" / "Leap.apkg").stat().st_size > 1000


def test_vocab_json_follows_the_schema():
    result = CliRunner().invoke(main, ["vocab", str(SEED_000), "--format", "json"])
    assert result.exit_code == 0, result.output
    entries = json.loads(result.stdout)
    assert len(entries) >= 30
    keys = {"hanzi", "traditional", "pinyin", "pinyin_numbered", "zhuyin", "meaning", "context_meaning",
            "example", "example_pinyin", "example_translation", "source", "note", "level", "count", "score",
            "reasons"}
    for entry in entries:
        assert keys <= entry.keys()
        assert set(entry["source"]) == {"file", "title", "date", "page"}
        assert "<" not in entry["pinyin"]  # plain text, no tone spans
    scores = [entry["score"] for entry in entries]
    assert scores == sorted(scores, reverse=True)


def test_align_jsonl_one_line_per_chinese_unit():
    result = CliRunner().invoke(main, ["align", str(SEED_000)])
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines[0]["zh"] == "满足高速度发展工业建设的迫切需要"
    assert lines[0]["en"] == "Meeting the Urgent Needs of High-Speed Industrial Construction"
    assert all({"zh", "en", "score", "paragraph"} <= line.keys() for line in lines)


def test_a_run_that_reads_nothing_writes_nothing_and_fails(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_text("", encoding="utf-8")
    output = tmp_path / "out.apkg"
    result = CliRunner().invoke(main, ["build", str(bad), "-o", str(output)])
    assert result.exit_code == 1
    assert "empty.txt" in result.stderr and "empty file" in result.stderr
    assert "Traceback" not in result.output
    assert not output.exists()


def test_bad_file_in_folder_is_skipped_with_a_warning_or_fails_with_strict(tmp_path):
    shutil.copy(SEED_000, tmp_path / "good.txt")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x00")
    runner = CliRunner()
    result = runner.invoke(main, ["vocab", str(tmp_path)])
    assert result.exit_code == 0
    assert "bad.txt: binary file" in result.stderr
    strict = runner.invoke(main, ["vocab", str(tmp_path), "--strict", "-o", str(tmp_path / "v.json")])
    assert strict.exit_code == 1
    assert not (tmp_path / "v.json").exists()


def _console(*args: str, cwd=None):
    """The command as a user runs it: its own process, through the console script's entry point."""
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "flashcards", *args], check=False, capture_output=True,
                          text=True, encoding="utf-8", cwd=cwd, timeout=300)


def test_the_console_script_writes_everything_and_keeps_the_exit_codes(tmp_path):
    # the console script leaves without Python's clean-up: its output must still be whole, its status kept
    done = _console("vocab", str(SEED_000), "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == json.loads(CliRunner().invoke(main, ["vocab", str(SEED_000)]).stdout)
    empty = tmp_path / "empty"
    empty.mkdir()
    nothing = _console("vocab", str(empty))
    assert nothing.returncode == 1 and "error: nothing to read" in nothing.stderr
    assert _console("vocab", "--no-such-option", str(SEED_000)).returncode == 2
    assert _console("--version").stdout.strip().endswith(__version__)


def test_a_deck_built_by_the_console_script_is_whole(tmp_path):
    import zipfile

    deck = tmp_path / "leap.apkg"
    done = _console("build", str(SEEDS), "-o", str(deck))
    assert done.returncode == 0, done.stderr
    assert "wrote" in done.stderr
    with zipfile.ZipFile(deck) as package:
        assert package.testzip() is None and "collection.anki2" in package.namelist()
