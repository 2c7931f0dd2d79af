"""The vocabulary of Making Data Count: special-cause codes, labels, point types, colours, icons.

Rules work on small integer codes; labels are attached once, at the edge, as
pandas categoricals (cheap for millions of rows).
"""

from __future__ import annotations

from typing import Final, Literal

ImprovementDirection = Literal["increase", "decrease", "neutral"]
IMPROVEMENT_DIRECTIONS: Final = ("increase", "decrease", "neutral")
DIRECTION_SIGN: Final = {"increase": 1, "decrease": -1, "neutral": 0}

# Special-cause type codes, in the reference's precedence order of rules.
COMMON_CAUSE: Final = 0
ABOVE_UCL: Final = 1
BELOW_LCL: Final = 2
TREND_INCREASING: Final = 3
TREND_DECREASING: Final = 4
TWO_IN_THREE_ABOVE: Final = 5
TWO_IN_THREE_BELOW: Final = 6
SHIFT_ABOVE: Final = 7
SHIFT_BELOW: Final = 8
HIGH_CODES: Final = (ABOVE_UCL, TREND_INCREASING, TWO_IN_THREE_ABOVE, SHIFT_ABOVE)
LOW_CODES: Final = (BELOW_LCL, TREND_DECREASING, TWO_IN_THREE_BELOW, SHIFT_BELOW)


def special_cause_labels(trend_points: int = 7, shift_points: int = 7) -> tuple[str, ...]:
    """Label of each special-cause code; the reference's words for 7-point rules."""
    return (
        "Common Cause",
        "Above UCL",
        "Below LCL",
        f"{trend_points} Point Trend (Increasing)",
        f"{trend_points} Point Trend (Decreasing)",
        "2 in 3 Above CL",
        "2 in 3 Below CL",
        f"{shift_points} Points Above CL",
        f"{shift_points} Points Below CL",
    )


# Point type codes.
POINT_COMMON: Final = 0
POINT_IMPROVEMENT: Final = 1
POINT_CONCERN: Final = 2
POINT_NEUTRAL_HIGH: Final = 3
POINT_NEUTRAL_LOW: Final = 4
POINT_TYPES: Final = (
    "common_cause",
    "special_cause_improvement",
    "special_cause_concern",
    "special_cause_neutral_high",
    "special_cause_neutral_low",
)

COLOURS: Final = {
    "common_cause": "#a6a6a6",
    "special_cause_improvement": "#00b0f0",
    "special_cause_concern": "#e46c0a",
    "special_cause_neutral_high": "#490092",
    "special_cause_neutral_low": "#490092",
    "target": "#de1b1b",
}

VARIATION_ICONS: Final = (
    "common_cause",
    "improvement_high",
    "improvement_low",
    "concern_high",
    "concern_low",
    "neutral_high",
    "neutral_low",
)
ASSURANCE_ICONS: Final = ("consistent_pass", "consistent_fail", "inconsistent")

SHORT_GROUP_WARNING: Final = (
    "Some groups have 'n < 12' observations. These have trial limits, which will be revised "
    "with each additional observation until 'n = fix_after_n_points' has been reached."
)


def variation_icon(point_type: str, improvement_direction: str) -> str:
    """The variation icon a facet's latest point shows (reference icon mapping)."""
    increase = improvement_direction == "increase"
    if point_type == "special_cause_concern":
        return "concern_low" if increase else "concern_high"
    if point_type == "special_cause_improvement":
        return "improvement_high" if increase else "improvement_low"
    if point_type.startswith("special_cause_neutral_"):
        return point_type.removeprefix("special_cause_")
    return "common_cause"
