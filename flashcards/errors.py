"""The tool's own exceptions: every failure a user can cause is one of these, with a one-line message."""

from __future__ import annotations


class FlashcardsError(Exception):
    """Base of every error the library raises on purpose."""


class ArticleError(FlashcardsError):
    """A file that cannot be read as an article; the message names the file and the problem."""

    def __init__(self, file: str, problem: str) -> None:
        super().__init__(f"{file}: {problem}")
        self.file = file
        self.problem = problem

    def __reduce__(self):
        # rebuilt from its two parts when it comes back from a worker process
        return ArticleError, (self.file, self.problem)


class NothingToDoError(FlashcardsError):
    """A run that read no article at all; `warnings` says why each file was skipped (one line each)."""

    def __init__(self, message: str, *, warnings: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.warnings = warnings


class OutputError(FlashcardsError):
    """An output file that cannot be written; any existing file at that place is left as it was."""
