"""The one exception tree of cocite.

Every error the library expects derives from :class:`CociteError`. The command line maps
these to exit codes in exactly one place (:mod:`cocite.error_handler`); the library itself
never exits and never imports Click.
"""

from __future__ import annotations

from cocite.problems import Problem


class CociteError(Exception):
    """Raised when cocite cannot do what was asked, for a reason the user can fix."""


class UsageError(CociteError):
    """Raised when an option or argument is wrong (unknown topic, bad date, missing file)."""


class DataError(CociteError):
    """Raised when input data (records, vocabulary, reports, case files) is invalid.

    Carries every problem found, so the user can fix them all in one go.
    """

    def __init__(self, problems: list[Problem], summary: str | None = None) -> None:
        self.problems = list(problems)
        super().__init__(summary or (str(problems[0]) if problems else "invalid data"))


class TemplateError(CociteError):
    """Raised when a template is missing, malformed, unsafe or refers to an unknown field."""


class RenderError(CociteError):
    """Raised when a document cannot be produced (converter missing, conversion failed)."""


class OutputError(CociteError):
    """Raised when a result cannot be written where the user asked."""


class ImportParseError(DataError):
    """Raised when a compiled report's text cannot be parsed into records."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems, None if problems else "cannot parse report")
