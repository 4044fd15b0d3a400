"""The `flashcards` command: parses options, calls the library, turns its errors into one-line messages.

Exit codes: 0 built, 1 nothing built (or a bad file with --strict), 2 usage error.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from . import __version__

EXIT_CODES = "Exit codes: 0 built, 1 nothing built or a bad file with --strict, 2 usage error."


@click.group(epilog=EXIT_CODES)
@click.version_option(__version__, prog_name="flashcards")
def main() -> None:
    """Turn Chinese newspaper articles with an English translation into Anki decks and vocabulary lists.

    \b
    Example:
      flashcards build                      # seeds/ -> decks/People's Daily 1958.apkg
      flashcards vocab seeds/ --format json
      flashcards align seeds/000_2c7f8c069069e595.txt
    """


def _warn(message: str) -> None:
    click.echo(f"warning: {message}", err=True)


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


def _deck_file_name(deck: str) -> str:
    """A file name made from a deck name: no path separators, no leading dots."""
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", deck).strip(" .")
    return (name or "deck")[:120] + ".apkg"


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


def _options(top, min_count, hsk_max, known, include, exclude):
    from .known import read_known_words
    from .vocab import VocabOptions

    def words(values):
        return tuple(w.strip() for value in values for w in re.split(r"[,，、]", value) if w.strip())

    return VocabOptions(top=top, min_count=min_count, hsk_max=min(hsk_max, 7) if hsk_max else None,
                        known=read_known_words(known) if known else frozenset(),
                        include=words(include), exclude=frozenset(words(exclude)))


@main.command(epilog=EXIT_CODES)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the deck (default: decks/<deck name>.apkg).")
@click.option("--deck", "deck", default="People's Daily 1958", show_default=True, help="Name of the Anki deck.")
@click.option("--strict", is_flag=True, help="Treat any unreadable file as an error and write nothing.")
@_vocab_options
def build(paths: tuple[Path, ...], output: Path | None, deck: str, strict: bool, **choice) -> None:
    """Build an Anki deck (.apkg) of the period vocabulary of the articles in PATHS (default: seeds/).

    \b
    Example:
      flashcards build seeds/ -o decks/leap.apkg --deck "Great Leap Forward"
    """
    from .anki import write_deck
    from .errors import FlashcardsError
    from .pipeline import build_vocabulary

    try:
        vocabulary = build_vocabulary(paths or (Path("seeds"),), strict=strict, options=_options(**choice))
        for message in vocabulary.warnings:
            _warn(message)
        target = output or Path("decks") / _deck_file_name(deck)
        count = write_deck(vocabulary.entries, output=target, deck_name=deck)
    except FlashcardsError as error:
        _fail(str(error))
    click.echo(f"wrote {count} notes from {len(vocabulary.articles)} articles to {target}", err=True)


@main.command(epilog=EXIT_CODES)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "format", type=click.Choice(["json"]), default="json", show_default=True,
              help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
@click.option("--strict", is_flag=True, help="Treat any unreadable file as an error and write nothing.")
@_vocab_options
def vocab(paths: tuple[Path, ...], format: str, output: Path | None, strict: bool, **choice) -> None:
    """List the period vocabulary of the articles in PATHS, best term first.

    \b
    Example:
      flashcards vocab seeds/ --format json -o vocabulary.json
    """
    from .errors import FlashcardsError
    from .lists import render_list
    from .output import write_text_atomically
    from .pipeline import build_vocabulary

    try:
        vocabulary = build_vocabulary(paths, strict=strict, options=_options(**choice))
    except FlashcardsError as error:
        _fail(str(error))
    for message in vocabulary.warnings:
        _warn(message)
    text = render_list(vocabulary.entries, format=format)
    if output:
        write_text_atomically(output, text)
    else:
        click.echo(text, nl=False)


@main.command(epilog=EXIT_CODES)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "format", type=click.Choice(["jsonl"]), default="jsonl", show_default=True,
              help="Output format.")
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
    click.echo(render_alignment(align_article(article), format=format), nl=False)
