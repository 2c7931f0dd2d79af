"""Where regimes are found: the files shipped in the package (`rules/2017-18.yaml` …) and
a system's own rules directory (OPENBOOK_REGIME_DIR or --rules-dir), whose files add to
or override the shipped ones year by year."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from openbook.kernel.error import DataIssue, InvalidDataError, OpenbookError
from openbook.kernel.input_limit import MAX_YAML_BYTES, read_file
from openbook.kernel.period import FinancialYear
from openbook.kernel.yaml_reader import parse_yaml
from openbook.regime.file import merge_local, parse_regime, year_file_name
from openbook.regime.model.regime import Regime

SHIPPED = Path(__file__).parent / "rules"
_FILE_NAME = re.compile(r"^(\d{4})-(\d{2})\.yaml$")


class MissingRegimeError(OpenbookError):
    """No rules file defines the regime asked for (or the rules directory is missing)."""

    status_code = 404
    code = "not_found"


def _read(path: Path) -> tuple[Any, list[DataIssue]]:
    data, issues = read_file(path, MAX_YAML_BYTES)
    if data is None:
        return None, issues
    return parse_yaml(data.decode("utf-8", errors="replace"), str(path))


def _shown(path: Path) -> str:
    """A shipped file by its place in the package (the same on every machine); a local
    file by its path."""
    return f"openbook/regime/rules/{path.name}" if path.parent == SHIPPED else str(path)


def _years_in(directory: Path | None) -> set[FinancialYear]:
    if directory is None or not directory.is_dir():
        return set()
    years = set()
    for path in directory.iterdir():
        match = _FILE_NAME.match(path.name)
        if match:
            years.add(FinancialYear(int(match.group(1))))
    return years


def list_years(rules_dir: Path | None = None) -> list[FinancialYear]:
    """Every year with a regime, shipped or local, in order."""
    return sorted(_years_in(SHIPPED) | _years_in(rules_dir))


def check_rules_dir(rules_dir: Path | None) -> None:
    if rules_dir is not None and not rules_dir.is_dir():
        raise MissingRegimeError(
            f"the regime rules directory {rules_dir} does not exist",
            hint="set OPENBOOK_REGIME_DIR or --rules-dir to a directory of YYYY-YY.yaml files",
        )


def get_regime(year: FinancialYear, rules_dir: Path | None = None) -> Regime:
    """The regime of a year: the shipped file, with the system's local file over it. A year
    without either is an error naming the file that would define it."""
    check_rules_dir(rules_dir)
    name = year_file_name(year)
    shipped, local = SHIPPED / name, None if rules_dir is None else rules_dir / name
    found = [path for path in (shipped, local) if path is not None and path.is_file()]
    if not found:
        where = str(shipped) + ("" if local is None else f" or {local}")
        raise MissingRegimeError(
            f"no finance regime for {year.label}: there is no rules file {where}",
            hint=f"add {name} (see docs/regime.md) to the rules directory "
            "(OPENBOOK_REGIME_DIR or --rules-dir)",
        )
    data: dict[str, Any] = {}
    issues: list[DataIssue] = []
    for path in found:
        part, part_issues = _read(path)
        issues += part_issues
        if isinstance(part, dict):
            data = merge_local(data, part) if data else part
        elif not part_issues:
            issues.append(DataIssue(str(path), "must be a mapping of regime keys"))
    if issues:
        raise InvalidDataError(f"the regime rules for {year.label} are not valid", issues)
    names = tuple(_shown(path) for path in found)
    regime, issues = parse_regime(data, " + ".join(names), year, names)
    if regime is None:
        raise InvalidDataError(f"the regime rules for {year.label} are not valid", issues)
    return regime


def list_regimes(rules_dir: Path | None = None) -> list[Regime]:
    check_rules_dir(rules_dir)
    return [get_regime(year, rules_dir) for year in list_years(rules_dir)]
