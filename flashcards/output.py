"""Writes output files safely: a temporary file in the target folder, renamed into place when complete.

A run that fails at any point (an error, Ctrl-C, a full disk) leaves an existing file byte-identical and no
temporary file behind; a run that succeeds replaces the file in one step, so readers never see half of it.
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Callable, Iterable
from pathlib import Path

from .errors import OutputError


def write_atomically(target: Path, write: Callable[[Path], None]) -> None:
    """Call `write(temporary_path)`, then rename the file onto `target`; on failure `target` is untouched.
    A symbolic link stays: the file it points to is the one replaced. A device or a pipe (/dev/null,
    /dev/stdout, a FIFO) is written as it is: renaming a file onto it would replace it.

    Raises `OutputError` when the folder cannot be made or the file cannot be written."""
    shown = target = Path(target)
    if target.is_dir():
        raise OutputError(f"{target}: is a folder, not a file")
    if is_special_file(target):
        try:
            write(target)
        except BrokenPipeError:
            raise  # the reader went away (`-o /dev/stdout | head`): the CLI ends quietly, as for stdout
        except OSError as error:
            raise OutputError(f"{shown}: cannot write ({error.strerror or error})") from None
        return
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = _create_temporary(target)
    except OSError as error:
        raise OutputError(f"{shown}: cannot write here ({error.strerror or error})") from None
    try:
        write(Path(temporary))
        _finish(Path(temporary), target)
    except BaseException as error:  # also Ctrl-C: never leave the temporary file behind
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise OutputError(f"{shown}: cannot write ({error.strerror or error})") from None
        raise


def is_special_file(path: Path) -> bool:
    """Whether `path` (its links followed) is something other than a file or a folder: a device, a pipe or a
    socket."""
    try:
        mode = Path(path).stat().st_mode
    except OSError:
        return False  # not there (yet), or not ours to look at: written as a new file
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _create_temporary(target: Path) -> str:
    """A new, empty file next to `target`. Not `mkstemp`: it makes the file 0600, and the deck would stay
    private after the rename; created with 0666 the user's umask applies, as for any new file."""
    while True:
        temporary = target.parent / f".{target.name}.{secrets.token_hex(4)}.part"
        try:
            os.close(os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
        except FileExistsError:
            continue
        return str(temporary)


def _finish(temporary: Path, target: Path) -> None:
    # Flush the file to disk before the rename, so a crash never leaves an empty or partial target; a file
    # that is replaced keeps its permissions.
    if target.exists():
        os.chmod(temporary, target.stat().st_mode & 0o777)
    with open(temporary, "rb+") as stream:
        os.fsync(stream.fileno())
    os.replace(temporary, target)
    _fsync_folder(target.parent)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform allows it (not on Windows)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def write_text_atomically(target: Path, text: str, *, encoding: str = "utf-8") -> None:
    write_parts_atomically(target, [text], encoding=encoding)


def write_parts_atomically(target: Path, parts: Iterable[str], *, encoding: str = "utf-8") -> None:
    """Write the pieces of a text one after another (a long list need never be held whole)."""
    def write(path: Path) -> None:
        with open(path, "w", encoding=encoding, newline="") as stream:
            stream.writelines(parts)

    write_atomically(target, write)


def write_bytes_atomically(target: Path, data: bytes) -> None:
    write_atomically(target, lambda path: path.write_bytes(data))
