"""The stroke pathway parameter file: the JSON of the open version of Monks et al. (2016).

    {"simulation_parameters": {
        "asu_arrival_stroke": {"class_name": "Exponential", "params": {"mean": 1.2}},
        "asu_los_stroke_esd": {"class_name": "Lognormal", "params": {"mean": 4.6, "stdev": 4.8}},
        "asu_routing_stroke": {"class_name": "DiscreteEmpirical",
                               "params": {"values": ["rehab", "esd", "other"],
                                          "freq": [0.24, 0.13, 0.63]}}, ...}}

`load_stroke_parameters(path)` → (parameters or None, issues): every problem at once.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from openbook.capacity.file.reader import JsonReader, json_path
from openbook.capacity.model.scenario import (
    ACUTE_DESTINATIONS,
    PATIENT_TYPES,
    REHAB_ARRIVAL_TYPES,
    REHAB_DESTINATIONS,
    Lognormal,
    Routing,
    StrokeParameters,
)
from openbook.kernel.error import DataIssue

ROOT = "simulation_parameters"
ACUTE_STAYS = ("stroke_noesd", "stroke_esd", "stroke_mortality", "tia", "neuro", "other")
REHAB_STAYS = ("stroke_noesd", "stroke_esd", "tia", "neuro", "other")
ROUNDING = 0.02  # routing frequencies may sum to 1 ± this (the paper's rounding: 0.13 + 0.88)
SOURCE = (
    "Monks T, Worthington D, Allen M, Pitt M, Stein K, James MA. A modelling tool for capacity "
    "planning in acute and community stroke services. BMC Health Services Research 2016;16:530 "
    "(doi:10.1186/s12913-016-1789-4): parameters of the open version of the model"
)


def known_keys() -> list[str]:
    keys = [f"asu_arrival_{t}" for t in PATIENT_TYPES]
    keys += [f"rehab_arrival_{t}" for t in PATIENT_TYPES]
    keys += [f"asu_los_{k}" for k in ACUTE_STAYS] + [f"rehab_los_{k}" for k in REHAB_STAYS]
    keys += [f"asu_routing_{t}" for t in PATIENT_TYPES]
    keys += [f"rehab_routing_{t}" for t in PATIENT_TYPES]
    return keys


class _StrokeReader(JsonReader):
    def distribution(self, entries: dict[str, Any], key: str, kind: str) -> dict[str, Any] | None:
        path = json_path(ROOT, key)
        if key not in entries:
            article = "an" if kind[0] in "AEIOU" else "a"
            self.problem(path, f"is missing; expected {article} {kind} distribution")
            return None
        entry = self.mapping(entries[key], path, '{"class_name": ..., "params": {...}}')
        if entry is None:
            return None
        name = entry.get("class_name")
        if name != kind:
            self.problem(
                f"{path}.class_name",
                f"'class_name' is {name!r}; expected {kind!r}",
                name,
                repr(kind),
            )
        return self.mapping(entry.get("params"), f"{path}.params", "an object of parameters")

    def interarrival(self, entries: dict[str, Any], key: str) -> float | None:
        params = self.distribution(entries, key, "Exponential")
        if params is None:
            return None
        return self.number(
            params,
            "mean",
            json_path(ROOT, key, "params"),
            "a positive number of days between arrivals",
        )

    def stay(self, entries: dict[str, Any], key: str) -> Lognormal | None:
        params = self.distribution(entries, key, "Lognormal")
        if params is None:
            return None
        path = json_path(ROOT, key, "params")
        mean = self.number(params, "mean", path, "a positive number of days")
        stdev = self.number(params, "stdev", path, "a positive number of days")
        return None if mean is None or stdev is None else Lognormal(mean, stdev)

    def routing(
        self, entries: dict[str, Any], key: str, allowed: tuple[str, ...]
    ) -> Routing | None:
        params = self.distribution(entries, key, "DiscreteEmpirical")
        if params is None:
            return None
        path = json_path(ROOT, key, "params")
        values, freq = params.get("values"), params.get("freq")
        if not isinstance(values, list) or not values or not all(v in allowed for v in values):
            self.problem(
                f"{path}.values",
                f"'values' is {values!r}; expected a list drawn from " + ", ".join(allowed),
                values,
            )
            return None
        numbers = [
            float(f)
            for f in (freq if isinstance(freq, list) else [])
            if isinstance(f, int | float) and not isinstance(f, bool) and f >= 0
        ]
        if not isinstance(freq, list) or len(numbers) != len(freq) or len(freq) != len(values):
            self.problem(
                f"{path}.freq",
                f"'freq' is {freq!r}; expected {len(values)} "
                "frequencies of zero or more, one per value",
                freq,
            )
            return None
        total = sum(numbers)
        if abs(total - 1.0) > ROUNDING:
            self.problem(
                f"{path}.freq",
                f"frequencies sum to {total:g}; expected 1 (within {ROUNDING:g}, for rounding)",
                freq,
            )
            return None
        return Routing(tuple(values), tuple(f / total for f in numbers))


def parse_stroke_parameters(
    document: Any, source: str = "parameters"
) -> tuple[StrokeParameters | None, list[DataIssue]]:
    """A parsed JSON document → (parameters, issues)."""
    return _parse(document, _StrokeReader(source))


def _parse(document: Any, r: _StrokeReader) -> tuple[StrokeParameters | None, list[DataIssue]]:
    top = r.mapping(document, "$", f'an object with "{ROOT}"')
    what = "an object of named distributions"
    entries = None
    if top is not None and ROOT not in top:
        r.problem(json_path(ROOT), f"is missing; expected {what}")
    elif top is not None:
        entries = r.mapping(top[ROOT], json_path(ROOT), what)
    if entries is None:
        return None, r.issues
    r.unknown_keys(entries, json_path(ROOT), known_keys())
    acute_gap = {t: r.interarrival(entries, f"asu_arrival_{t}") for t in PATIENT_TYPES}
    rehab_gap = {
        t: r.interarrival(entries, f"rehab_arrival_{t}")
        for t in PATIENT_TYPES
        if t in REHAB_ARRIVAL_TYPES or f"rehab_arrival_{t}" in entries
    }
    acute_stay = {k: r.stay(entries, f"asu_los_{k}") for k in ACUTE_STAYS}
    rehab_stay = {k: r.stay(entries, f"rehab_los_{k}") for k in REHAB_STAYS}
    acute_routing = {
        t: r.routing(entries, f"asu_routing_{t}", ACUTE_DESTINATIONS) for t in PATIENT_TYPES
    }
    rehab_routing = {
        t: r.routing(entries, f"rehab_routing_{t}", REHAB_DESTINATIONS) for t in PATIENT_TYPES
    }
    if r.issues:
        return None, r.issues
    return StrokeParameters(
        acute_interarrival={k: v for k, v in acute_gap.items() if v is not None},
        rehab_interarrival={k: v for k, v in rehab_gap.items() if v is not None},
        acute_stay={k: v for k, v in acute_stay.items() if v is not None},
        rehab_stay={k: v for k, v in rehab_stay.items() if v is not None},
        acute_routing={k: v for k, v in acute_routing.items() if v is not None},
        rehab_routing={k: v for k, v in rehab_routing.items() if v is not None},
        source=SOURCE,
    ), []


def load_stroke_parameters(path: Path) -> tuple[StrokeParameters | None, list[DataIssue]]:
    reader = _StrokeReader(path.name)
    document = reader.load(path)
    if document is None:
        return None, reader.issues
    return _parse(document, reader)


def published_parameters() -> StrokeParameters:
    """The published parameters shipped with openbook (data/monks2016_parameters.json)."""
    data = resources.files("openbook.capacity") / "data" / "monks2016_parameters.json"
    with resources.as_file(data) as path:
        parameters, issues = load_stroke_parameters(path)
    if parameters is None:
        raise RuntimeError(f"shipped stroke parameters are invalid: {issues}")
    return parameters
