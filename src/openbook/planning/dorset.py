"""The Dorset demonstration: the seed's 2020/21 bridge, labelled with its source, and what it
implies for each acute trust.

Source (the seed, /work/shared/seeds/004_5b06b3f750978fb3.txt): the One NHS in Dorset
vanguard value proposition, section 1.2.2 (repeated in 7.1.2), quoting the Dorset Clinical
Services Review (CSR), 26 November 2015: "The CSR has identified a £223m worst case/carry on
as we are scenario by 2020/21 for the Dorset health economy ... £147m of this relates to
Acute Provider spend; £76m relates to Other Providers. Within the £147m ... £29-30m of this
can be mitigated through the emerging planned hospital reconfiguration ... £46m is the number
that the CCG has put against provider efficiencies ... this leaves £73m outstanding as
unidentified CIP ... Assuming some of these [additional national] funds result in an increase
to next year's Dorset CCG allocation, the unidentified gap should reduce to ~£50m." Section
7.1.2 adds: "The Dorset acute providers are committed to reducing this gap by between £20m
to £30m, through collaborative working i.e. the One NHS in Dorset programme."

Rounding. The seed's parts do not add up: £29m + £46m + £73m = £148m against its £147m
(its chart labels reconfiguration £29M; the text says £29-30m). We keep the seed's totals
(£223m, £147m, £76m) and its two identified mitigations as published (£29m, £46m) and
derive the unidentified remainder so the bridge sums exactly: £72m, shown beside the £73m
the seed states. New funding is what takes the stated remainder to "~£50m": £22m on our
£72m. The programme's benefit is the midpoint of the stated £20m-£30m, £25m.

Each trust's share is illustrative: the acute bridge apportioned in proportion to the
trusts' base-year expenditure in the demonstration's synthetic scenario (not in the seed).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from importlib import resources

from openbook.kernel.money import PENNY, ZERO, sum_money
from openbook.planning.model.bridge import BridgeStep, StepKind, calculate_bridge
from openbook.planning.model.scenario import DEFAULT_CIP_THRESHOLD_PCT, PROVIDER_EFFICIENCIES

M = Decimal(1_000_000)
SOURCE = (
    "One NHS in Dorset vanguard value proposition, sections 1.2.2 and 7.1.2, quoting the "
    "Dorset Clinical Services Review, 26 November 2015 (seed 004_5b06b3f750978fb3.txt)"
)
YEAR = "2020/21"
SYSTEM_GAP = -223 * M
ACUTE_GAP = -147 * M
OTHER_GAP = -76 * M
RECONFIGURATION = 29 * M  # "£29-30m"; the chart's "£29M"
PROVIDER_EFFICIENCIES_AMOUNT = 46 * M
STATED_UNIDENTIFIED = -73 * M  # as the seed states it (its parts then sum to £148m)
STATED_AFTER_NEW_FUNDING = -50 * M  # "should reduce to ~£50m"
PROGRAMME_BENEFITS = 25 * M  # the midpoint of "between £20m to £30m"
OTHER_PROVIDERS = "Other providers (not analysed by the source)"
ROUNDING_NOTE = (
    "The seed's acute parts, £29m + £46m + £73m, sum to £148m against its £147m. We keep its "
    "totals and its two identified figures and derive the unidentified remainder, £72m, so "
    "the bridge sums exactly; the seed states £73m."
)
SCENARIO_FILE = "dorset_one_percent.json"


@dataclass(frozen=True)
class SeedBridge:
    name: str
    gap: Decimal
    steps: tuple[BridgeStep, ...]
    note: str


def acute_bridge(with_funding_and_programme: bool = False) -> SeedBridge:
    """The acute providers' £147m: reconfiguration, provider efficiencies and (optionally)
    new funding and the programme's benefit, then the unidentified remainder."""
    mitigations = [
        ("Reconfiguration", RECONFIGURATION),
        (PROVIDER_EFFICIENCIES, PROVIDER_EFFICIENCIES_AMOUNT),
    ]
    note = ROUNDING_NOTE
    if with_funding_and_programme:
        unidentified = ACUTE_GAP + RECONFIGURATION + PROVIDER_EFFICIENCIES_AMOUNT
        new_funding = STATED_AFTER_NEW_FUNDING - unidentified
        mitigations += [("New funding", new_funding), ("Programme benefits", PROGRAMME_BENEFITS)]
        note += (
            f" New funding, £{new_funding / M:.0f}m, takes that remainder to the seed's ~£50m; "
            "the programme's benefit is the midpoint of its £20m-£30m."
        )
    return SeedBridge(
        "Acute providers", ACUTE_GAP, tuple(calculate_bridge(ACUTE_GAP, mitigations)), note
    )


def system_bridge(with_funding_and_programme: bool = False) -> SeedBridge:
    """The Dorset health economy's £223m: the acute bridge, then the other providers' £76m
    (which the source does not analyse further)."""
    acute = acute_bridge(with_funding_and_programme)
    steps = [
        *(s for s in acute.steps if s.kind is StepKind.MITIGATION),
        BridgeStep(
            f"{acute.steps[-1].label} (acute providers)", acute.steps[-1].amount, StepKind.REMAINDER
        ),
        BridgeStep(OTHER_PROVIDERS, OTHER_GAP, StepKind.REMAINDER),
    ]
    return SeedBridge("Dorset health economy", SYSTEM_GAP, tuple(steps), acute.note)


def apportion(amount: Decimal, weights: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """`amount` shared in proportion to `weights`, to the penny, the shares summing exactly
    (largest remainder: the pennies left go to the largest fractions, then by code)."""
    total = sum_money(list(weights.values()))
    sign = Decimal(-1) if amount < 0 else Decimal(1)
    pennies = abs(amount) / PENNY
    exact = {code: pennies * weight / total for code, weight in weights.items()}
    floors = {code: value.to_integral_value(rounding=ROUND_FLOOR) for code, value in exact.items()}
    left = int(pennies - sum(floors.values()))
    order = sorted(exact, key=lambda code: (-(exact[code] - floors[code]), code))
    for code in order[:left]:
        floors[code] += 1
    return {code: sign * floors[code] * PENNY for code in weights}


@dataclass(frozen=True)
class TrustImplication:
    org_code: str
    expenditure: Decimal  # base-year pay and non-pay (synthetic)
    share: Decimal  # of the acute providers' expenditure
    steps: tuple[BridgeStep, ...]  # the acute bridge's share
    cip_pct_implied: Decimal  # efficiencies and the unidentified remainder, % of expenditure
    above_threshold: bool


def implications(
    bridge: SeedBridge,
    expenditure: Mapping[str, Decimal],
    threshold_pct: Decimal = DEFAULT_CIP_THRESHOLD_PCT,
) -> list[TrustImplication]:
    """The acute bridge shared among the trusts by expenditure; what each must save (its
    provider efficiencies and its unidentified remainder) as a % of its expenditure."""
    shares = [apportion(step.amount, expenditure) for step in bridge.steps]
    total = sum_money(list(expenditure.values()))
    found = []
    for code, spend in expenditure.items():
        steps = tuple(
            BridgeStep(step.label, share[code], step.kind)
            for step, share in zip(bridge.steps, shares, strict=True)
        )
        savings = -sum_money(
            [
                s.amount
                for s in steps
                if s.label == PROVIDER_EFFICIENCIES or s.kind is StepKind.REMAINDER
            ]
        )
        pct = (savings / spend * 100).quantize(Decimal("0.01")) if spend else ZERO
        found.append(
            TrustImplication(
                code,
                spend,
                (spend / total).quantize(Decimal("0.0001")),
                steps,
                pct,
                pct > threshold_pct,
            )
        )
    return found


def scenario_text() -> str:
    """The demonstration's Dorset scenario file (also examples/planning/)."""
    return resources.files("openbook.planning").joinpath("data", SCENARIO_FILE).read_text("utf-8")


def acute_expenditure(organisations: Sequence[tuple[str, str, Decimal]]) -> dict[str, Decimal]:
    """(org_code, kind, pay + non-pay) -> the acute trusts' expenditure."""
    return {code: spend for code, kind, spend in organisations if kind == "acute"}
