"""The scenario file's optional lines of an organisation: income by source, non-recurrent
items and CIP maturity (docs/planning.md), each read with every problem at its JSON path."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from openbook.kernel.money import ZERO, money_str
from openbook.kernel.period import FinancialYear
from openbook.planning.file_reader import Reader, shown
from openbook.planning.model.scenario import Maturity, NonRecurrentItem

ITEM_KEYS = ("year", "label", "amount")
MATURITY_KEYS = (Maturity.IN_DELIVERY.value, Maturity.IDENTIFIED.value)
MAX_LABEL = 120


def read_income_sources(
    r: Reader, data: Any, path: str, income: Decimal | None
) -> tuple[tuple[str, Decimal], ...]:
    """Income by source: each a non-negative amount; together exactly the income."""
    if data is None:
        return ()
    if not isinstance(data, dict) or not data:
        r.report(path, f"expected an object of amounts by source, found {shown(data)[:40]}")
        return ()
    found: list[tuple[str, Decimal]] = []
    for source, value in data.items():
        if not source.strip() or len(source) > MAX_LABEL:
            r.report(f"{path}.{source}", f"a source needs a name of 1 to {MAX_LABEL} characters")
            continue
        amount = r.amount(value, f"{path}.{source}")
        if amount is not None and amount < 0:
            r.report(f"{path}.{source}", f"must not be negative, found {shown(value)}")
        elif amount is not None:
            found.append((source.strip(), amount))
    if len(found) != len(data):
        return ()
    total = sum((amount for _, amount in found), ZERO)
    if income is not None and total != income:
        r.report(
            path,
            f"sums to {money_str(total)}, not the income {money_str(income)}",
            expected="sources that add up to the income",
        )
        return ()
    return tuple(found)


def read_non_recurrent(
    r: Reader, data: Any, path: str, years: tuple[FinancialYear, ...] | None
) -> tuple[NonRecurrentItem, ...]:
    if data is None:
        return ()
    if not isinstance(data, list):
        r.report(path, f"expected a list of {{year, label, amount}}, found {shown(data)[:40]}")
        return ()
    labels = {} if years is None else {year.label: year for year in years}
    found = []
    for index, item in enumerate(data):
        where = f"{path}[{index}]"
        if not isinstance(item, dict):
            r.report(
                where, f"expected an object with year, label and amount, found {shown(item)[:40]}"
            )
            continue
        r.unknown_keys(item, where, ITEM_KEYS)
        text = item.get("year")
        year = labels.get(text) if isinstance(text, str) else None
        if year is None and years is not None:
            plan = ", ".join(labels)
            r.report(
                f"{where}.year",
                f"expected a year of the plan ({plan}), found {shown(item.get('year'))}",
            )
        label = item.get("label")
        if not isinstance(label, str) or not label.strip() or len(label) > MAX_LABEL:
            r.report(
                f"{where}.label",
                f"expected what it is, 1 to {MAX_LABEL} characters, found {shown(label)[:40]}",
            )
            label = None
        amount = r.amount(item.get("amount"), f"{where}.amount")
        if year is not None and label is not None and amount is not None:
            found.append(NonRecurrentItem(year, label.strip(), amount))
    return tuple(found)


def read_cip_maturity(
    r: Reader, data: Any, path: str, years: tuple[FinancialYear, ...] | None
) -> dict[Maturity, tuple[Decimal, ...]]:
    """The % of each year's CIP in delivery and identified; the two may not pass 100."""
    if data is None:
        return {}
    if not isinstance(data, dict):
        r.report(
            path, f"expected {{in_delivery, identified}} in per cent, found {shown(data)[:40]}"
        )
        return {}
    r.unknown_keys(data, path, MATURITY_KEYS)
    found: dict[Maturity, tuple[Decimal, ...]] = {}
    for key in MATURITY_KEYS:
        where = f"{path}.{key}"
        if key not in data:
            r.report(where, "is missing; expected a number of per cent or an object of years")
            continue
        values = r.by_year(
            data[key], where, years, lambda v, p: r.percent(v, p, ZERO, Decimal(100))
        )
        if values is not None:
            found[Maturity(key)] = values
    if len(found) != len(MATURITY_KEYS) or years is None:
        return {}
    pairs = zip(found[Maturity.IN_DELIVERY], found[Maturity.IDENTIFIED], strict=True)
    for year, (in_delivery, identified) in zip(years, pairs, strict=True):
        if in_delivery + identified > 100:
            r.report(
                path,
                f"in {year.label} puts {in_delivery + identified}% of the CIP in delivery or "
                "identified; the two together cannot pass 100",
            )
    return found
