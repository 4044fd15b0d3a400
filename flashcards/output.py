"""Writes output files safely: a temporary file in the target folder, renamed into place when complete."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def write_atomically(target: Path, write: Callable[[Path], None]) -> None:
    """Call `write(temporary_path)`, then rename the file onto `target`; on failure `target` is untouched."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(handle)
    try:
        write(Path(temporary))
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_text_atomically(target: Path, text: str, *, encoding: str = "utf-8") -> None:
    write_atomically(target, lambda path: path.write_text(text, encoding=encoding, newline=""))
