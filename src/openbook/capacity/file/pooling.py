"""The pooling scenario file (JSON): sites of one resource and a delay target.

    {"name": "...", "resource": "acute stroke beds", "method": "erlang-b",
     "target_one_in": 50,
     "sites": [{"code": "RBD", "name": "Dorset County Hospital", "arrivals_per_day": 1.3,
                "mean_stay_days": 6.8, "stay_sd_days": 8.0, "beds": 12}]}

`load_pooling_scenario(path)` → (scenario or None, issues), every problem at once.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from openbook.capacity.file.reader import JsonReader, json_path
from openbook.capacity.model.pooling import PoolingScenario, PoolingSite
from openbook.capacity.model.queueing import Method
from openbook.kernel.error import DataIssue

TOP = ("name", "synthetic", "source", "resource", "method", "target_one_in", "sites")
SITE = ("code", "name", "arrivals_per_day", "mean_stay_days", "stay_sd_days", "beds", "source")
DEMONSTRATIONS = ("dorset_stroke_units.json", "dorset_coronary_care.json")


def _site(r: JsonReader, value: Any, path: str) -> PoolingSite | None:
    entry = r.mapping(value, path, "an object describing a site")
    if entry is None:
        return None
    r.unknown_keys(entry, path, SITE)
    code = r.text(entry, "code", path)
    name = r.text(entry, "name", path, required=False, default=code)
    rate = r.number(entry, "arrivals_per_day", path, "a positive number of arrivals a day")
    stay = r.number(entry, "mean_stay_days", path, "a positive number of days")
    sd = r.number(entry, "stay_sd_days", path, "a positive number of days", required=False)
    beds = r.whole(entry, "beds", path, "a whole number of beds, 1 or more", required=False)
    if not code or rate is None or stay is None or (sd is None and "stay_sd_days" in entry):
        return None
    return PoolingSite(code, name, rate, stay, sd, beds)


def _parse(document: Any, r: JsonReader) -> tuple[PoolingScenario | None, list[DataIssue]]:
    top = r.mapping(document, "$", "an object describing the pooling scenario")
    if top is None:
        return None, r.issues
    r.unknown_keys(top, "$", TOP)
    sites = [
        _site(r, s, json_path("sites", i))
        for i, s in enumerate(r.items(top.get("sites"), "$.sites", "sites"))
    ]
    codes = [s.code for s in sites if s]
    for code in sorted({c for c in codes if codes.count(c) > 1}):
        r.problem("$.sites", f"site {code!r} appears more than once; expected each site once")
    one_in = r.number(
        top, "target_one_in", "$", "a number above 1, like 50 for 1 in 50", minimum=1.0
    )
    method = r.choice(
        top,
        "method",
        "$",
        [Method.ERLANG_B.value, Method.ERLANG_C.value],
        required=False,
        default=Method.ERLANG_B.value,
    )
    if r.issues or one_in is None or method is None:
        return None, r.issues
    return PoolingScenario(
        name=r.text(top, "name", "$", required=False, default="pooling"),
        resource=r.text(top, "resource", "$", required=False, default="beds"),
        sites=tuple(s for s in sites if s),
        target_p_delay=1.0 / one_in,
        method=Method(method),
        source=r.text(top, "source", "$", required=False),
    ), []


def parse_pooling_scenario(
    document: Any, source: str = "scenario"
) -> tuple[PoolingScenario | None, list[DataIssue]]:
    return _parse(document, JsonReader(source))


def load_pooling_scenario(path: Path) -> tuple[PoolingScenario | None, list[DataIssue]]:
    reader = JsonReader(path.name)
    document = reader.load(path)
    if document is None:
        return None, reader.issues
    return _parse(document, reader)


def dorset_pooling(name: str = "dorset_stroke_units.json") -> PoolingScenario:
    """A shipped synthetic Dorset pooling scenario (see DEMONSTRATIONS)."""
    data = resources.files("openbook.capacity") / "data" / name
    with resources.as_file(data) as path:
        scenario, issues = load_pooling_scenario(path)
    if scenario is None:
        raise RuntimeError(f"shipped pooling scenario {name} is invalid: {issues}")
    return scenario
