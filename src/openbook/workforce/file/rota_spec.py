"""A rota across sites as YAML (the Dorset shared rotas are written in it).

```yaml
synthetic: true
name: Dorset stroke thrombolysis consultant rota
service: stroke                  # matched against the register's acceptance rules
role: stroke consultant          # who from the register is on it
start_date: 2018-04-02           # day 0
days: 28
sites: [DCH, PGH, RBH]
shifts:
  - {code: D, label: day, start: "08:00", minutes: 720, weekday_cover: 1,
     weekend_cover: 1, under_weight: 100, over_weight: 10}
  - {code: N, label: night, start: "20:00", minutes: 720, weekday_cover: 1,
     weekend_cover: 1, under_weight: 100, over_weight: 10, not_followed_by: [D],
     network: true}              # a shared rota covers every site with one shift
limits: {max_shifts: {D: 10, N: 5}, max_minutes: 7200, min_minutes: 0,
         max_consecutive_shifts: 3, min_consecutive_shifts: 1,
         min_consecutive_days_off: 1, max_weekends: 2}
leave: [{person_id: S01, dates: [2018-04-09, 2018-04-10]}]
requests: [{person_id: S02, date: 2018-04-14, kind: off, weight: 3},
           {person_id: S06, date: 2018-04-03, kind: on, code: D, weight: 2}]
```
"""

from __future__ import annotations

from datetime import date, time
from pathlib import Path
from typing import Any

from openbook.kernel.error import DataIssue
from openbook.workforce.file.register import YamlReader
from openbook.workforce.rota.shared import Limits, PersonalRequest, RotaSpec, ShiftPattern

LIMIT_KEYS = (
    "max_minutes",
    "min_minutes",
    "max_consecutive_shifts",
    "min_consecutive_shifts",
    "min_consecutive_days_off",
    "max_weekends",
)


def _number(
    r: YamlReader, data: dict[str, Any], key: str, path: str, default: int | None = None
) -> int:
    value = data.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        r.report(f"{path}.{key}", f"'{key}' is {value!r}; expected a whole number from 0")
        return 0
    return value


def _clock(r: YamlReader, data: dict[str, Any], path: str) -> time:
    value = str(data.get("start", ""))
    try:
        return time.fromisoformat(value)
    except ValueError:
        r.report(f"{path}.start", f"'start' is {value!r}; expected a time like \"08:00\"")
        return time(0, 0)


def _pattern(r: YamlReader, data: dict[str, Any], path: str) -> ShiftPattern:
    after = data.get("not_followed_by", [])
    if not isinstance(after, list):
        r.report(f"{path}.not_followed_by", "'not_followed_by' should be a list of codes")
        after = []
    return ShiftPattern(
        code=r.text(data, "code", path),
        label=r.text(data, "label", path, optional=True),
        start=_clock(r, data, path),
        minutes=_number(r, data, "minutes", path),
        weekday_cover=_number(r, data, "weekday_cover", path),
        weekend_cover=_number(r, data, "weekend_cover", path),
        under_weight=_number(r, data, "under_weight", path, 100),
        over_weight=_number(r, data, "over_weight", path, 1),
        not_followed_by=tuple(str(a) for a in after),
        network=bool(data.get("network", False)),
    )


def _limits(r: YamlReader, data: Any, codes: set[str]) -> Limits:
    if not isinstance(data, dict):
        r.report("$.limits", "expected a mapping of limits")
        data = {}
    max_shifts = data.get("max_shifts", {})
    if not isinstance(max_shifts, dict):
        r.report("$.limits.max_shifts", "expected a mapping like {D: 10}")
        max_shifts = {}
    for code in sorted(set(map(str, max_shifts)) - codes):
        r.report(f"$.limits.max_shifts.{code}", f"shift code '{code}' is not defined")
    shifts = {str(k): _number(r, max_shifts, k, "$.limits.max_shifts") for k in max_shifts}
    numbers = [_number(r, data, k, "$.limits") for k in LIMIT_KEYS]
    return Limits(shifts, *numbers)


def _leave(r: YamlReader, data: dict[str, Any]) -> list[tuple[str, date]]:
    found = []
    for path, item in r.items(data, "leave"):
        person = r.text(item, "person_id", path)
        dates = item.get("dates", [])
        for index, _ in enumerate(dates if isinstance(dates, list) else []):
            day = r.day({"d": dates[index]}, "d", f"{path}.dates[{index}]")
            if day:
                found.append((person, day))
    return found


def _request(
    r: YamlReader, data: dict[str, Any], path: str, codes: set[str]
) -> PersonalRequest | None:
    raw = data.get("kind")
    # YAML 1.1 reads an unquoted on/off as true/false: take them as meant.
    kind = {True: "on", False: "off"}.get(raw, str(raw)) if isinstance(raw, bool) else str(raw)
    if kind not in ("on", "off"):
        r.report(f"{path}.kind", f"'kind' is {raw!r}; expected on or off")
    code = r.text(data, "code", path, optional=kind != "on") or None
    if code and code not in codes:
        r.report(f"{path}.code", f"shift code '{code}' is not defined")
    on = r.day(data, "date", path)
    person = r.text(data, "person_id", path)
    weight = _number(r, data, "weight", path)
    return PersonalRequest(person, on, kind, weight, code) if on else None


def parse_rota_spec(data: Any, source: str) -> tuple[RotaSpec | None, list[DataIssue]]:
    if not isinstance(data, dict):
        return None, [DataIssue(source, "expected a mapping with name, sites, shifts", column="$")]
    r = YamlReader(source)
    patterns = [_pattern(r, d, p) for p, d in r.items(data, "shifts")]
    codes = {p.code for p in patterns}
    for index, p in enumerate(patterns):
        for code in sorted(set(p.not_followed_by) - codes):
            r.report(f"$.shifts[{index}].not_followed_by", f"shift code '{code}' is not defined")
    sites = data.get("sites")
    if not isinstance(sites, list) or not sites:
        r.report("$.sites", "'sites' should be a list of site codes from the register")
        sites = []
    requests = [_request(r, d, p, codes) for p, d in r.items(data, "requests")]
    spec = RotaSpec(
        name=r.text(data, "name", "$"),
        service=r.text(data, "service", "$"),
        role=r.text(data, "role", "$"),
        start_date=r.day(data, "start_date", "$") or date.min,
        days=_number(r, data, "days", "$"),
        sites=tuple(str(s) for s in sites),
        shifts=tuple(patterns),
        limits=_limits(r, data.get("limits"), codes),
        leave=tuple(_leave(r, data)),
        requests=tuple(q for q in requests if q),
        synthetic=bool(data.get("synthetic", False)),
    )
    return (None, r.issues) if r.issues else (spec, [])


def load_rota_spec(path: Path) -> tuple[RotaSpec | None, list[DataIssue]]:
    from openbook.kernel.yaml_reader import load_yaml

    data, issues = load_yaml(path)
    if issues:
        return None, issues
    return parse_rota_spec(data, path.name)
