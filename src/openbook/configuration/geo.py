"""LSOA boundaries from the package's `LSOA.geojson` (2011 LSOAs, longitude/latitude),
simplified once and cached.

The shipped file is 32 MB and takes seconds to parse, so at first use every polygon is
simplified and the result written into the caller's cache folder as flat NumPy arrays
(coordinates and where each ring, polygon and LSOA starts), from which a region's few
hundred shapes are cut in milliseconds. The boundaries ship already generalised (about a
dozen vertices an LSOA), so simplifying is light: snapping each vertex to a grid of 0.0002
degrees (about 14 x 22 metres, far below a pixel of a county map) and dropping the vertices
that then repeat: neighbours share their snapped border exactly, so no slivers open between
them. Rings come out as d3 draws them (outer clockwise, holes anticlockwise), and a ring that
snapping would collapse is kept at full precision.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from openbook.configuration.data import data_folder

LSOA_SHAPE_FILE = "LSOA.geojson"
GRID_DEGREES = 0.0002
SHAPE_FORMAT = 1
Geometry = dict[str, Any]


def _signed_area(ring: NDArray[np.float64]) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return float(np.sum(x[:-1] * y[1:] - x[1:] * y[:-1]) / 2)


def simplify_ring(coordinates: list[list[float]], outer: bool) -> list[list[float]]:
    """One closed ring snapped to the grid, repeats dropped, oriented for d3."""
    ring = np.asarray(coordinates, dtype=np.float64)[:, :2]
    snapped = np.round(ring / GRID_DEGREES) * GRID_DEGREES
    keep = np.ones(len(snapped), dtype=bool)
    keep[1:] = np.any(snapped[1:] != snapped[:-1], axis=1)
    simplified = snapped[keep]
    if len(simplified) < 4 or abs(_signed_area(simplified)) == 0:
        simplified = ring  # too small for the grid: keep it as it is
    if (_signed_area(simplified) < 0) != outer:  # d3: outer rings clockwise (negative area)
        simplified = simplified[::-1]
    return np.round(simplified, 6).tolist()  # type: ignore[no-any-return]


def simplify_geometry(geometry: Geometry) -> Geometry:
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    simplified = [
        [simplify_ring(ring, outer=index == 0) for index, ring in enumerate(polygon)]
        for polygon in polygons
    ]
    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": simplified[0]}
    return {"type": "MultiPolygon", "coordinates": simplified}


def build_lsoa_shapes(source: Path) -> dict[str, Geometry]:
    """Every LSOA's simplified geometry, by LSOA name (the key the other files use)."""
    with source.open(encoding="utf-8") as handle:
        collection = json.load(handle)
    return {
        str(feature["properties"]["LSOA11NM"]): simplify_geometry(feature["geometry"])
        for feature in collection["features"]
        if feature.get("geometry")
    }


def _polygons(geometry: Geometry) -> list[list[list[list[float]]]]:
    coordinates: list[list[list[list[float]]]] = geometry["coordinates"]
    return [coordinates] if geometry["type"] == "Polygon" else coordinates  # type: ignore[list-item]


def _pack(shapes: dict[str, Geometry]) -> dict[str, NDArray[Any]]:
    """Flat arrays: coordinates, where each ring, polygon and LSOA starts."""
    rings = [r for g in shapes.values() for p in _polygons(g) for r in p]
    polygons = [p for g in shapes.values() for p in _polygons(g)]
    return {
        "names": np.array(list(shapes), dtype=str),
        "multi": np.array([g["type"] == "MultiPolygon" for g in shapes.values()]),
        "coordinates": np.concatenate([np.asarray(r, dtype=np.float64) for r in rings]),
        "ring_start": np.cumsum([0] + [len(r) for r in rings]),
        "polygon_start": np.cumsum([0] + [len(p) for p in polygons]),
        "lsoa_start": np.cumsum([0] + [len(_polygons(g)) for g in shapes.values()]),
    }


def _unpack(packed: dict[str, NDArray[Any]], index: int) -> Geometry:
    rings, polygons = packed["ring_start"], packed["polygon_start"]
    coordinates = packed["coordinates"]
    first, last = packed["lsoa_start"][index], packed["lsoa_start"][index + 1]
    polygon_list = [
        [coordinates[rings[r] : rings[r + 1]].tolist() for r in range(polygons[p], polygons[p + 1])]
        for p in range(first, last)
    ]
    if packed["multi"][index]:
        return {"type": "MultiPolygon", "coordinates": polygon_list}
    return {"type": "Polygon", "coordinates": polygon_list[0]}


@lru_cache(maxsize=2)
def _packed(cache_dir: Path | None) -> dict[str, NDArray[Any]]:
    source = data_folder() / LSOA_SHAPE_FILE
    path = None
    if cache_dir is not None:
        key = f"{source.stat().st_size}-{GRID_DEGREES}-{SHAPE_FORMAT}"
        path = cache_dir / f"lsoa-shapes-{key}.npz"
        if path.exists():
            with np.load(path, allow_pickle=False) as stored:
                return {name: stored[name] for name in stored.files}
    packed = _pack(build_lsoa_shapes(source))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp.npz")
        np.savez(temporary, **packed)  # type: ignore[arg-type]
        temporary.replace(path)  # atomic: a reader never sees half a file
    return packed


def load_lsoa_shapes(names: Iterable[str], cache_dir: Path | None = None) -> dict[str, Geometry]:
    """The simplified geometries of the named LSOAs (names without a boundary are left out)."""
    packed = _packed(None if cache_dir is None else Path(cache_dir).resolve())
    index = {str(name): i for i, name in enumerate(packed["names"])}
    return {name: _unpack(packed, index[name]) for name in names if name in index}
