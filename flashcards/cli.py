"""The `flashcards` command: parses options, calls the library, turns its errors into one-line messages.

Exit codes: 0 built, 1 nothing built (or a bad file with --strict, or any other error), 2 usage error.
Errors are one line on standard error, never a traceback; FLASHCARDS_DEBUG=1 shows the traceback of an
unexpected (internal) error.
"""

from __future__ import annotations

import gc
import os
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import NoReturn

import click

from . import __version__

EXIT_CODES = ("Exit codes: 0 built, 1 nothing built or a bad file with --strict (or any other error), "
              "2 usage error.")


class _Guarded(click.Group):
    """Turns every error into one line on standard error and exit code 1: the library's own errors as they
    are, anything else as an internal error (FLASHCARDS_DEBUG=1 shows its traceback)."""

    def invoke(self, ctx: click.Context):
        from .errors import FlashcardsError

        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except FlashcardsError as error:
            _fail(str(error))
        except BrokenPipeError:
            # the reader of our standard output went away (`| head`): not worth a message. Point stdout at
            # devnull so that Python's flush at exit does not report the broken pipe either.
            try:
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            except (OSError, ValueError, AttributeError):
                pass
            sys.exit(1)
        except Exception as error:
            if os.environ.get("FLASHCARDS_DEBUG"):
                raise
            _fail(f"internal error: {type(error).__name__}: {_one_line(str(error))} "
                  "(run with FLASHCARDS_DEBUG=1 for details)")


def _one_line(text: str) -> str:
    return " ".join(text.split())[:300]


@click.group(cls=_Guarded, epilog=EXIT_CODES)
@click.version_option(__version__, prog_name="flashcards")
def main() -> None:
    """Turn Chinese newspaper articles with an English translation into Anki decks and vocabulary lists.

    \b
    Example:
      flashcards build                      # seeds/ -> decks/People's Daily 1958.apkg
      flashcards vocab seeds/ --format json
      flashcards align seeds/000_2c7f8c069069e595.txt
    """
    # A run builds hundreds of thousands of long-lived objects (tokens, sentences, key sets) and next to no
    # reference cycles: collecting them less often saves a tenth of the run (benchmarks/run.py), at the
    # same peak memory. Worker processes forked later inherit the setting.
    gc.set_threshold(*GARBAGE_COLLECTION_THRESHOLDS)


# Python's defaults are (700, 10, 10): a collection of the youngest objects every 700 allocations.
GARBAGE_COLLECTION_THRESHOLDS = (100_000, 50, 100)


def run() -> NoReturn:
    """The `flashcards` console script (and `python -m flashcards`): the command, then an immediate exit.

    By the time the command returns, every output is written, flushed and renamed into place; what Python
    would do next is free its objects one by one (pypinyin's phrase dictionary, jieba's, the sentences):
    0.2 s of a 1 s build, for nothing."""
    try:
        main()
        status = 0
    except SystemExit as stop:
        status = _exit_status(stop.code)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader that went away, or a closed stream: nothing left to say
            pass
    os._exit(status)


def _exit_status(code) -> int:
    """The exit status of `SystemExit(code)`, as Python takes it: None is 0, a message is printed and is 1."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def _warn(message: str) -> None:
    click.echo(f"warning: {message}", err=True)


def _fail(message: str) -> NoReturn:
    # Called while handling a run that read nothing: first say why each file was skipped, one line each.
    for warning in getattr(sys.exc_info()[1], "warnings", ()):
        _warn(warning)
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


# Names Windows reserves for devices, with or without an extension.
_RESERVED_NAMES = re.compile(r"(?i)^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$")


def _deck_file_name(deck: str) -> str:
    """A file name made from a deck name, safe on every system: no path separators or `..`, no control or
    reserved characters, no leading or trailing dots or spaces, no device names, at most 120 characters."""
    name = re.sub(r'(?:[\\/:*?"<>|\x00-\x1f\x7f]|\.{2,})+', "_", deck).strip(" ._")[:120].strip(" ._")
    if _RESERVED_NAMES.match(name):
        name = "_" + name
    return (name or "deck") + ".apkg"


def _vocab_options(command):
    """The options that choose the vocabulary, shared by `build` and `vocab`."""
    options = [
        click.option("--top", type=click.IntRange(min=1), help="How many terms (default: grows with the input)."),
        click.option("--min-count", type=click.IntRange(min=1), default=1, show_default=True,
                     help="Leave out terms seen fewer times."),
        click.option("--hsk-max", type=click.IntRange(1, 9),
                     help="Leave out words at or below this HSK level (7-9 count as 7)."),
        click.option("--known", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                     help="Words you know: one a line, or a Pleco or Anki text export."),
        click.option("--include", multiple=True, help="Always list this term (repeat, or separate by commas)."),
        click.option("--exclude", multiple=True, help="Never list this term (repeat, or separate by commas)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _run_options(command):
    """How a long run goes: processes and progress, shared by `build` and `vocab`."""
    command = click.option("--quiet", is_flag=True, help="No progress bar.")(command)
    return click.option("--jobs", type=click.IntRange(min=1), default=None,
                        help="Processes for reading, segmenting and aligning (default: one per core for more "
                             "than a few dozen articles, else 1).")(command)


class _Progress:
    """A progress bar on standard error, shown once a run has taken a second; silent with --quiet or when
    standard error is not a terminal."""

    DELAY_SECONDS = 1.0

    def __init__(self, *, quiet: bool, label: str = "articles", started: float | None = None) -> None:
        import time

        self._clock = time.monotonic
        self._started = self._clock() if started is None else started
        self._label = label
        self._quiet = quiet
        self._bar = None
        self._shown = 0
        self._enabled = not quiet and sys.stderr.isatty()

    def next_stage(self, label: str) -> _Progress:
        """A bar for the next stage of the same run (shown once the run, not the stage, has taken a second)."""
        return _Progress(quiet=self._quiet, label=label, started=self._started)

    def __call__(self, done: int, total: int) -> None:
        if not self._enabled:
            return
        if self._bar is None:
            if self._clock() - self._started < self.DELAY_SECONDS or done >= total:
                return
            self._bar = click.progressbar(length=total, label=self._label, file=sys.stderr)
            self._bar.__enter__()
        self._bar.update(done - self._shown)
        self._shown = done
        if done >= total:
            self._bar.__exit__(None, None, None)


def _progress_bars(*, quiet: bool) -> dict[str, _Progress]:
    """build_vocabulary's progress callbacks: a bar for the articles read, one for the sentences gone through
    again to choose the terms, one for the articles aligned that the examples come from (out of all), then
    one for the terms annotated."""
    articles = _Progress(quiet=quiet)
    return {"progress": articles, "selection_progress": articles.next_stage("sentences"),
            "alignment_progress": articles.next_stage("aligning"), "annotation_progress": articles.next_stage("terms")}


def _options(top, min_count, hsk_max, known, include, exclude):
    from .known import read_known_words
    from .vocab import VocabOptions

    def words(values):
        return tuple(w.strip() for value in values for w in re.split(r"[,，、]", value) if w.strip())

    return VocabOptions(top=top, min_count=min_count, hsk_max=min(hsk_max, 7) if hsk_max else None,
                        known=read_known_words(known) if known else frozenset(),
                        include=words(include), exclude=frozenset(words(exclude)))


@main.command(epilog=EXIT_CODES)
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the deck (default: decks/<deck name>.apkg).")
@click.option("--deck", "deck", default="People's Daily 1958", show_default=True, help="Name of the Anki deck.")
@click.option("--strict", is_flag=True, help="Treat any unreadable file as an error and write nothing.")
@click.option("--split-by", "split_by", type=click.Choice(["article"]), default=None,
              help="Put each article's terms in a sub-deck (Deck::Article title).")
@click.option("--audio", is_flag=True, help="Add Mandarin sound made offline with espeak-ng (installed apart).")
@_vocab_options
@_run_options
def build(paths: tuple[Path, ...], output: Path | None, deck: str, strict: bool, split_by: str | None,
          audio: bool, jobs: int | None, quiet: bool, **choice) -> None:
    """Build an Anki deck (.apkg) of the period vocabulary of the articles in PATHS (default: seeds/).

    \b
    Example:
      flashcards build seeds/ -o decks/leap.apkg --deck "Great Leap Forward"
      flashcards build seeds/ --split-by article --audio
    """
    from .anki import write_deck
    from .errors import FlashcardsError
    from .pipeline import build_vocabulary

    try:
        if audio:  # fail before the long part when the speech engine is missing
            from .audio import find_engine
            find_engine()
        vocabulary = build_vocabulary(paths or (Path("seeds"),), strict=strict, options=_options(**choice),
                                      jobs=jobs, **_progress_bars(quiet=quiet))
        for message in vocabulary.warnings:
            _warn(message)
        target = output or Path("decks") / _deck_file_name(deck)
        built = write_deck(vocabulary.entries, output=target, deck_name=deck, split_by=split_by, audio=audio)
    except FlashcardsError as error:
        _fail(str(error))
    click.echo(f"wrote {built.notes} notes ({built.new} new, {built.changed} changed) from "
               f"{len(vocabulary.articles)} articles to {target}", err=True)


LIST_FORMATS = ("json", "csv", "tsv", "md", "html", "pleco", "anki")  # flashcards.lists.FORMATS, without importing it


@main.command(epilog=EXIT_CODES)
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "format", type=click.Choice(LIST_FORMATS), default="json", show_default=True,
              help="Output format: json, csv/tsv (spreadsheets), md (Markdown table), html (printable "
                   "handout), pleco (Pleco flashcards), anki (Anki text import).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
@click.option("--sort", "sort", type=click.Choice(["score", "pinyin", "frequency", "article"]), default="score",
              show_default=True, help="Order: best first, alphabetical, most frequent first, or by article.")
@click.option("--group-by", "group_by", type=click.Choice(["article"]), default=None,
              help="Put the terms under the article of their example.")
@click.option("--limit", "limit", type=click.IntRange(min=1), default=None,
              help="Keep only the N best terms (then sort them).")
@click.option("--title", "title", default="", help="Title of the html and md lists (default: from the articles).")
@click.option("--strict", is_flag=True, help="Treat any unreadable file as an error and write nothing.")
@_vocab_options
@_run_options
def vocab(paths: tuple[Path, ...], format: str, output: Path | None, sort: str, group_by: str | None,
          limit: int | None, title: str, strict: bool, jobs: int | None, quiet: bool, **choice) -> None:
    """List the period vocabulary of the articles in PATHS, best term first.

    \b
    Example:
      flashcards vocab seeds/ --format json -o vocabulary.json
      flashcards vocab seeds/ --format html --group-by article --limit 40 -o handout.html
    """
    from .errors import FlashcardsError
    from .lists import list_parts
    from .output import write_parts_atomically
    from .pipeline import build_vocabulary

    try:
        vocabulary = build_vocabulary(paths, strict=strict, options=_options(**choice), jobs=jobs,
                                      **_progress_bars(quiet=quiet))
    except FlashcardsError as error:
        _fail(str(error))
    for message in vocabulary.warnings:
        _warn(message)
    parts = list_parts(vocabulary.entries, format=format, sort=sort, group_by=group_by, limit=limit, title=title)
    if output:
        write_parts_atomically(output, parts)
    else:
        _write_stdout(parts)


def _write_stdout(parts: Iterable[str]) -> None:
    """UTF-8 bytes as they are into a pipe or file (a CSV's byte-order mark and CRLFs intact, whatever the
    locale); a terminal gets text through click, which knows the console's encoding."""
    terminal = sys.stdout.isatty() or not hasattr(sys.stdout, "buffer")
    sys.stdout.flush()
    for part in parts:
        if terminal:
            click.echo(part, nl=False)
        else:
            sys.stdout.buffer.write(part.encode("utf-8"))
    sys.stdout.flush()


@main.command(epilog=EXIT_CODES)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "format", type=click.Choice(["jsonl", "tsv", "html"]), default="jsonl",
              show_default=True, help="Output format (html: a side-by-side bilingual reader).")
def align(file: Path, format: str) -> None:
    """Align the Chinese sentences of FILE with its English translation; one line per Chinese unit.

    \b
    Example:
      flashcards align seeds/000_2c7f8c069069e595.txt --format jsonl
    """
    from .align import align_article
    from .alignment_output import render_alignment
    from .corpus import read_article
    from .errors import FlashcardsError

    try:
        article = read_article(file)
    except FlashcardsError as error:
        _fail(str(error))
    for message in article.warnings:
        _warn(f"{article.file}: {message}")
    click.echo(render_alignment(align_article(article), format=format, title=article.title), nl=False)
