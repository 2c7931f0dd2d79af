"""A cluster definition file (YAML) -> a cluster and the systems it is made of, by year.

```yaml
cluster: {code: DSW, name: Dorset and Wessex Vale cluster}
years:
  "2026/27": [QVV, QZZ]
```

Every problem is reported with its path in the file; nothing is stored unless the whole
file is valid. See docs/other-systems.md."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openbook.kernel.error import DataIssue
from openbook.kernel.input_limit import MAX_NAME
from openbook.kernel.period import FinancialYear
from openbook.reference.model.cluster import Cluster, ClusterYear, is_cluster_code


def _header(data: Any, source: str, issues: list[DataIssue]) -> Cluster | None:
    head = data.get("cluster") if isinstance(data, dict) else None
    if not isinstance(head, dict):
        issues.append(
            DataIssue(source, "is not a cluster definition", column="$",
                      expected="a mapping with 'cluster' and 'years'")
        )  # fmt: skip
        return None
    code = str(head.get("code") or "").strip().upper()
    name = str(head.get("name") or "").strip()
    if not is_cluster_code(code):
        issues.append(
            DataIssue(source, f"'code' is {head.get('code')!r}; expected 2 to 12 capital "
                      "letters, digits or hyphens", column="$.cluster.code", expected="e.g. DSW")
        )  # fmt: skip
    if not name or len(name) > MAX_NAME:
        issues.append(
            DataIssue(source, "'name' is missing" if not name else
                      f"'name' is {len(name):,} characters long; at most {MAX_NAME}",
                      column="$.cluster.name")
        )  # fmt: skip
    return Cluster(code, name, bool(head.get("synthetic", False)))


def _year(
    label: str, systems: Any, source: str, known: set[str], issues: list[DataIssue]
) -> tuple[FinancialYear, tuple[str, ...]] | None:
    path = f"$.years.{label}"
    try:
        year = FinancialYear.parse(label)
    except ValueError as error:
        issues.append(DataIssue(source, str(error), column=path))
        return None
    if not isinstance(systems, list) or len(systems) < 2:
        issues.append(
            DataIssue(source, "a cluster is at least two systems", column=path,
                      expected="a list of system codes, e.g. [QVV, QZZ]")
        )  # fmt: skip
        return None
    codes = [str(code).strip().upper() for code in systems]
    for index, code in enumerate(codes):
        if code not in known:
            issues.append(
                DataIssue(source, f"{code!r} is not a system in the store",
                          column=f"{path}[{index}]", hint="load its system file first")
            )  # fmt: skip
        elif codes.index(code) != index:
            issues.append(DataIssue(source, f"{code!r} is listed twice", column=f"{path}[{index}]"))
    return year, tuple(codes)


def parse_cluster_definition(
    data: Any, source: str, known_systems: set[str]
) -> tuple[list[ClusterYear], list[DataIssue]]:
    issues: list[DataIssue] = []
    cluster = _header(data, source, issues)
    years = data.get("years") if isinstance(data, dict) else None
    if cluster is not None and (not isinstance(years, dict) or not years):
        issues.append(
            DataIssue(source, "'years' is missing", column="$.years",
                      expected='a mapping of years to systems, e.g. "2026/27": [QVV, QZZ]')
        )  # fmt: skip
    found: list[ClusterYear] = []
    for label, systems in (years or {}).items() if isinstance(years, dict) else []:
        parsed = _year(str(label), systems, source, known_systems, issues)
        if parsed is not None and cluster is not None:
            found.append(ClusterYear(cluster, *parsed))
    return ([], issues) if issues else (found, [])


def load_cluster_definition(
    path: Path, known_systems: set[str]
) -> tuple[list[ClusterYear], list[DataIssue]]:
    from openbook.kernel.yaml_reader import load_yaml

    data, issues = load_yaml(path)
    if issues:
        return [], issues
    return parse_cluster_definition(data, path.name, known_systems)
