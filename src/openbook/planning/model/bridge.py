"""The bridge: the do-nothing gap split into what closes it and what remains unidentified.

The gap is signed like a position (a deficit is negative). Each mitigation of £m closes £m
of it, so it appears in the bridge as -m; the remainder is what is left once every
mitigation is counted: gap + the mitigations, i.e. the plan's position against its target.
The steps therefore sum exactly to the gap, to the penny, by construction. Drawn as a
waterfall, the bar for the gap starts at zero, each mitigation climbs back towards zero and
the last bar is the unidentified remainder (or, if the plan more than closes the gap, the
surplus over the target).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from openbook.kernel.money import ZERO, sum_money


class StepKind(StrEnum):
    MITIGATION = "mitigation"
    REMAINDER = "remainder"


UNIDENTIFIED = "Unidentified"
SURPLUS = "Surplus over target after mitigations"


@dataclass(frozen=True)
class BridgeStep:
    label: str
    amount: Decimal  # the part of the gap: a mitigation of 29m is -29m
    kind: StepKind = StepKind.MITIGATION


def remainder_label(amount: Decimal) -> str:
    return SURPLUS if amount > 0 else UNIDENTIFIED


def calculate_bridge(gap: Decimal, mitigations: Iterable[tuple[str, Decimal]]) -> list[BridgeStep]:
    """The gap, split: each (label, amount) it counts on, then the remainder."""
    steps = [BridgeStep(label, -amount) for label, amount in mitigations]
    remainder = gap - sum_money([step.amount for step in steps])
    return [*steps, BridgeStep(remainder_label(remainder), remainder, StepKind.REMAINDER)]


def combine_bridges(bridges: Sequence[Sequence[BridgeStep]]) -> list[BridgeStep]:
    """Several bridges as one: mitigations summed by label (in first-seen order), then the
    remainders summed. Sums to the sum of the parts' gaps."""
    totals: dict[str, Decimal] = {}
    remainder = ZERO
    for bridge in bridges:
        for step in bridge:
            if step.kind is StepKind.REMAINDER:
                remainder += step.amount
            else:
                totals[step.label] = totals.get(step.label, ZERO) + step.amount
    steps = [BridgeStep(label, amount) for label, amount in totals.items()]
    return [*steps, BridgeStep(remainder_label(remainder), remainder, StepKind.REMAINDER)]


def bridge_total(bridge: Iterable[BridgeStep]) -> Decimal:
    return sum_money([step.amount for step in bridge])


@dataclass(frozen=True)
class WaterfallBar:
    """One bar of the waterfall: from `start` to `end` (pounds, signed like a position)."""

    label: str
    start: Decimal
    end: Decimal
    kind: str  # "gap", "mitigation" or "remainder"


def waterfall(gap: Decimal, bridge: Sequence[BridgeStep], gap_label: str) -> list[WaterfallBar]:
    """The bars: the gap from zero; each mitigation from where the last ended, climbing
    back by what it closes; the remainder from zero to where the mitigations left it."""
    bars = [WaterfallBar(gap_label, ZERO, gap, "gap")]
    level = gap
    for step in bridge:
        if step.kind is StepKind.REMAINDER:
            bars.append(WaterfallBar(step.label, ZERO, step.amount, "remainder"))
        else:
            bars.append(WaterfallBar(step.label, level, level - step.amount, "mitigation"))
            level -= step.amount
    return bars
