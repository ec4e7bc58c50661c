"""The exception hierarchy: every error a user can meet says where and why in one line."""

from __future__ import annotations


class PhongtraoError(Exception):
    """Base class; ``str()`` is the one-line message shown to the user."""


class InputError(PhongtraoError):
    """A file, URL or stream that cannot be read as an article."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason


class UsageError(PhongtraoError):
    """Bad arguments or options."""


class BaselineError(PhongtraoError):
    """An evaluation baseline file that is missing or malformed."""
