"""Checking what a user asked for (command-line options, API parameters): every problem at
once, each named by the option it came from. Bad requests raise `InvalidRequestError`."""

from __future__ import annotations

import math
import re

from openbook.capacity.model.scenario import Horizon
from openbook.kernel.error import DataIssue, InvalidDataError

MAX_BED_COUNTS = 1000
MAX_BEDS = 100_000
_RANGE = re.compile(r"^\s*(\d+)\s*(?:\.\.\s*(\d+)\s*)?$")


class InvalidRequestError(InvalidDataError):
    """The request itself is wrong (not a file): the CLI exits 2, the API answers 422."""

    code = "invalid_request"

    def __init__(self, issues: list[DataIssue]) -> None:
        super().__init__("the request is not valid", issues)


def issue(option: str, message: str, hint: str | None = None) -> DataIssue:
    return DataIssue(option, message, hint=hint)


def parse_beds(text: str, option: str = "--beds") -> tuple[tuple[int, ...], list[DataIssue]]:
    """'9..14' → (9, …, 14); '12' → (12,); '9..11,14' → (9, 10, 11, 14)."""
    counts: list[int] = []
    for part in text.split(","):
        match = _RANGE.match(part)
        if not match:
            return (), [
                issue(
                    option,
                    f"{text!r} is not a number of beds; expected a whole "
                    "number or a range like 9..14",
                )
            ]
        low = int(match.group(1))
        high = int(match.group(2)) if match.group(2) else low
        if high < low:
            return (), [
                issue(
                    option,
                    f"{part.strip()!r} runs backwards; expected FROM..TO "
                    "with FROM no more than TO, like 9..14",
                )
            ]
        if low < 1:
            return (), [issue(option, f"{part.strip()!r} includes 0 beds; expected 1 or more")]
        if high > MAX_BEDS or high - low + 1 > MAX_BED_COUNTS:
            return (), [
                issue(
                    option,
                    f"{part.strip()!r} asks for too much; expected at most "
                    f"{MAX_BED_COUNTS} bed counts of up to {MAX_BEDS:,} beds",
                )
            ]
        counts.extend(range(low, high + 1))
    return tuple(sorted(set(counts))), []


def check_positive(value: float, option: str, what: str) -> list[DataIssue]:
    if math.isfinite(value) and value > 0:
        return []
    return [issue(option, f"is {value:g}; expected a positive {what}")]


def check_horizon(horizon: Horizon) -> list[DataIssue]:
    problems = []
    if horizon.replications < 2:
        problems.append(
            issue(
                "--replications",
                f"is {horizon.replications}; expected at least 2, for a confidence interval",
            )
        )
    if not (math.isfinite(horizon.warm_up_days) and horizon.warm_up_days >= 0):
        problems.append(
            issue("--warm-up-days", f"is {horizon.warm_up_days:g}; expected 0 or more days")
        )
    problems += check_positive(horizon.run_days, "--days", "number of days to simulate")
    return problems


def raise_if(problems: list[DataIssue]) -> None:
    if problems:
        raise InvalidRequestError(problems)
