"""Dorset's options from the seed, as data, and the comparison the demonstration presents.

The acute services review asked for "1 HASU for whole of Dorset or 1 HASU in East and 1 HASU
in West", every patient within 60 minutes. The options are those three configurations, each
alone and each with the neighbouring units open (as they are: Yeovil, Salisbury,
Southampton, Exeter, Taunton); then the search's best configurations among Dorset's units
and every current unit a Dorset resident reaches within an hour, and where east + west
stands among all two-unit configurations, and why.
"""

from __future__ import annotations

from dataclasses import dataclass

from openbook.configuration.area import ServiceArea
from openbook.configuration.evaluate import (
    DEFAULT_MINIMUM_ADMISSIONS,
    Evaluation,
    evaluate_configuration,
    evaluation_to_dict,
)
from openbook.configuration.search import (
    SearchRequest,
    SearchResult,
    search_configurations,
    search_to_dict,
)

DORSET_REGION = "E38000045"  # NHS Dorset sub-ICB location (CCG 11J)
ROYAL_BOURNEMOUTH = "BH77DW"
DORSET_COUNTY = "DT12JY"
EAST_WEST = (ROYAL_BOURNEMOUTH, DORSET_COUNTY)
NEIGHBOURS = ("BA214AT", "SP28BJ", "SO166YD", "EX25DW", "TA15DA")  # Yeovil, Salisbury,
# Southampton, Exeter, Taunton
TARGET_MIN = 60.0


@dataclass(frozen=True)
class ConfigurationOption:
    key: str
    label: str
    units: tuple[str, ...]
    forced: bool = False  # every Dorset resident to the one unit


DORSET_OPTIONS = (
    ConfigurationOption(
        "bournemouth",
        "One HASU for the whole of Dorset at Royal Bournemouth",
        (ROYAL_BOURNEMOUTH,),
        forced=True,
    ),
    ConfigurationOption(
        "dorchester",
        "One HASU for the whole of Dorset at Dorset County, Dorchester",
        (DORSET_COUNTY,),
        forced=True,
    ),
    ConfigurationOption(
        "east_west",
        "One HASU in the east (Royal Bournemouth) and one in the west (Dorset County)",
        EAST_WEST,
    ),
    ConfigurationOption(
        "bournemouth_neighbours",
        "Royal Bournemouth, neighbouring units open",
        (ROYAL_BOURNEMOUTH, *NEIGHBOURS),
    ),
    ConfigurationOption(
        "dorchester_neighbours",
        "Dorset County, neighbouring units open",
        (DORSET_COUNTY, *NEIGHBOURS),
    ),
    ConfigurationOption(
        "east_west_neighbours", "East + west, neighbouring units open", (*EAST_WEST, *NEIGHBOURS)
    ),
)


@dataclass(frozen=True, eq=False)
class DorsetComparison:
    options: tuple[tuple[ConfigurationOption, Evaluation], ...]
    two_unit: SearchResult  # every two-unit configuration, unconstrained, ranked by mean time
    best: SearchResult  # up to `max_units`, within 60 minutes, units >= the minimum
    east_west_rank: int | None  # among all two-unit configurations
    explanation: str


def evaluate_options(
    area: ServiceArea,
    options: tuple[ConfigurationOption, ...] = DORSET_OPTIONS,
    minimum_admissions: float = DEFAULT_MINIMUM_ADMISSIONS,
) -> tuple[tuple[ConfigurationOption, Evaluation], ...]:
    return tuple(
        (
            o,
            evaluate_configuration(
                area, o.units, forced=o.forced, minimum_admissions=minimum_admissions
            ),
        )
        for o in options
    )


def compare_dorset(
    area: ServiceArea,
    candidates: tuple[str, ...],
    max_units: int = 4,
    minimum_admissions: float = DEFAULT_MINIMUM_ADMISSIONS,
) -> DorsetComparison:
    """The options, every two-unit configuration of the candidates, and the best found."""
    options = evaluate_options(area, minimum_admissions=minimum_admissions)
    two_unit = search_configurations(
        area, SearchRequest(candidates, 2, min_units=2, min_admissions=0, rank_redundant=True)
    )
    best = search_configurations(
        area,
        SearchRequest(
            candidates, max_units, within_min=TARGET_MIN, min_admissions=minimum_admissions
        ),
    )
    rank = two_unit.rank_of(EAST_WEST)
    east_west = {o.key: e for o, e in options}["east_west"]
    return DorsetComparison(
        options, two_unit, best, rank, explain_east_west(east_west, two_unit, best, rank)
    )


def _name(result: SearchResult, index: int) -> str:
    return " + ".join(result.configuration(index))


def explain_east_west(
    east_west: Evaluation, two_unit: SearchResult, best: SearchResult, rank: int | None
) -> str:
    """Where east + west stands among the two-unit configurations, and why, in numbers."""
    count = two_unit.units.shape[0]
    standing = (
        f"East + west ranks {rank} of {count} two-unit configurations by mean time "
        f"({east_west.mean_time_min:.1f} minutes, {east_west.pct_within_30:.1f}% within "
        f"30, longest {east_west.max_time_min:.1f})"
    )
    small = east_west.units_below_minimum
    if small:
        sizes = ", ".join(f"{p} {east_west.admissions_by_unit[p]:,.0f}" for p in small)
        why = (
            f"but it fails the size rule: Dorset's {east_west.admissions_per_year:,.0f} "
            f"admissions a year split {', '.join(f'{p} {a:,.0f}' for p, a in east_west.admissions_by_unit.items())}"  # noqa: E501
            f", so {sizes} is below {east_west.minimum_admissions:,.0f}"
        )
    else:
        why = "and every unit inside Dorset meets the size rule"
    within = east_west.max_time_min <= TARGET_MIN
    reach = "everyone is within 60 minutes" if within else "not everyone is within 60 minutes"
    pair = [i for i in best.ranking if best.n_units[i] == 2]
    if pair:
        top = int(pair[0])
        alternative = (
            f"The best two-unit configuration meeting both rules is "
            f"{_name(best, top)} ({best.mean_time_min[top]:.1f} minutes, "
            f"{best.pct_within[top, 0]:.1f}% within 30)"
        )
    else:
        alternative = "No two-unit configuration meets both rules"
    return f"{standing}; {reach}, {why}. {alternative}."


def dorset_to_dict(comparison: DorsetComparison) -> dict[str, object]:
    """The JSON of `openbook stroke-units dorset --format json` (and of the API)."""
    return {
        "options": [
            {"key": o.key, "label": o.label, "forced": o.forced, **evaluation_to_dict(e)}
            for o, e in comparison.options
        ],
        "east_west_rank_of_two_unit": comparison.east_west_rank,
        "explanation": comparison.explanation,
        "two_unit": search_to_dict(comparison.two_unit, top=len(comparison.two_unit.ranking)),
        "best": search_to_dict(comparison.best),
    }
