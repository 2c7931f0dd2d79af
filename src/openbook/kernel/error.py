"""The two kinds of error, kept apart.

1. `DataIssue`: bad data found in a file or scenario. A value, never raised;
   collected so that every problem is reported at once, each with where and why.
2. `OpenbookError` and subclasses: a bad request or state. Raised; each class
   carries the HTTP status the web shell answers with.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DataIssue:
    """One problem in one place of an input: `file:row:column: message`."""

    source: str
    message: str
    row: int | None = None
    column: str | None = None
    found: str | None = None
    expected: str | None = None
    hint: str | None = None

    @property
    def location(self) -> str:
        parts = [self.source]
        if self.row is not None:
            parts.append(str(self.row))
        if self.column is not None:
            parts.append(self.column)
        return ":".join(parts)

    @property
    def sentence(self) -> str:
        """The message with what was found, what was expected and the hint added only where
        the message does not already say them, so each is said once."""
        text = self.message
        if self.found and self.found not in text and repr(self.found) not in text:
            text += f"; found \u201c{self.found}\u201d"
        if self.expected and self.expected not in text:
            text += f"; expected {self.expected}"
        if self.hint and self.hint not in text:
            text += f" ({self.hint})"
        return text

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text

    def as_dict(self) -> dict[str, str | int | None]:
        return {
            "location": self.location,
            "source": self.source,
            "row": self.row,
            "column": self.column,
            "message": self.message,
            "found": self.found,
            "expected": self.expected,
            "hint": self.hint,
        }


MAX_ISSUES = 200  # problems reported for one input; the rest are counted


def cap_issues(issues: list[DataIssue], limit: int = MAX_ISSUES) -> list[DataIssue]:
    """The first `limit` problems, then one line counting the rest: a file of a million bad
    rows gives a page of 201 lines, not a 91 MB one."""
    if len(issues) <= limit:
        return issues
    rest = len(issues) - limit
    return [
        *issues[:limit],
        DataIssue(
            issues[limit].source,
            f"and {rest:,} more problem(s) not listed; only the first {limit} are shown",
            hint="correct these and check the file again",
        ),
    ]


class OpenbookError(Exception):
    """A request that cannot be done in the current state. Carries its HTTP status."""

    status_code = 400
    code = "bad_request"

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class InvalidDataError(OpenbookError):
    """A file or scenario failed validation; `issues` lists every problem."""

    status_code = 422
    code = "invalid_data"

    def __init__(self, message: str, issues: list[DataIssue]) -> None:
        super().__init__(message)
        self.total_issues = len(issues)
        # Every page, API answer and CLI report shows these: at most MAX_ISSUES and a count.
        self.issues = cap_issues(list(issues))


class NotFoundError(OpenbookError):
    status_code = 404
    code = "not_found"


class ForbiddenError(OpenbookError):
    status_code = 403
    code = "forbidden"


class ConflictError(OpenbookError):
    """The thing changed since it was read (a stale version), or a rule forbids the write."""

    status_code = 409
    code = "conflict"


class TooManyRequestsError(OpenbookError):
    """A person has done something more often than a limit allows; they may try later."""

    status_code = 429
    code = "too_many_requests"


class AuthenticationError(OpenbookError):
    status_code = 401
    code = "unauthenticated"
