"""Typed errors. Code below the CLI raises these; only the CLI turns them into a one-line
message and an exit code."""

from __future__ import annotations


class SummarizerError(Exception):
    """Base class: ``str(error)`` is the one line the user sees."""

    exit_code = 1


class InputError(SummarizerError):
    """The article cannot be used (missing, empty, binary, too long ...)."""

    exit_code = 2


class ContextLengthError(InputError):
    """The article does not fit the model's context (the server said so): no retry helps."""


class UsageError(SummarizerError):
    """Bad combination of options or settings."""

    exit_code = 2


class BackendError(SummarizerError):
    """The model could not be reached or loaded (after transport retries)."""

    exit_code = 3


class ServerDownError(BackendError):
    """Nothing has answered from the model server for a while, on any request: retrying
    this request, or starting the next article, will not help."""


class ModelOutputError(SummarizerError):
    """The model kept answering with output that fails validation (re-ask budget spent)."""

    exit_code = 4

    def __init__(self, message: str, saved_to: str | None = None):
        if saved_to:
            message = f"{message} (last model output saved to {saved_to})"
        super().__init__(message)
        self.saved_to = saved_to


class ModelFileError(SummarizerError):
    """The embedded model file is missing, incomplete or fails its checksum."""

    exit_code = 5
