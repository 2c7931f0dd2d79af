"""The price table for shadow Payment by Results: `pod, price` (pounds per unit)."""

from __future__ import annotations

from decimal import Decimal

from openbook.activity.file.cell import CellReader
from openbook.activity.model.activity import POINTS_OF_DELIVERY
from openbook.kernel.error import DataIssue
from openbook.kernel.number import parse_amount
from openbook.kernel.table_reader import check_header, parse_table_bytes

PRICE_COLUMNS = ("pod", "price")
PRICE_SHEET = "Prices"


def parse_price_bytes(data: bytes, source: str) -> tuple[dict[str, Decimal], list[DataIssue]]:
    table, issues = parse_table_bytes(data, source, PRICE_SHEET)
    if table is None:
        return {}, issues
    header_issues = check_header(table, PRICE_COLUMNS, ("description",))
    if header_issues:
        return {}, issues + header_issues
    reader = CellReader(table, list(issues))
    prices: dict[str, Decimal] = {}
    for index in range(len(table.rows)):
        pod = reader.choice(index, "pod", tuple(POINTS_OF_DELIVERY))
        text = reader.cell(index, "price")
        price, hint = parse_amount(text)
        if price is None or price < 0:
            reader.report(
                index,
                "price",
                f"'price' is {text!r}; expected an amount in pounds like 151.00",
                found=text,
                **({"hint": hint} if hint else {}),
            )
            continue
        if pod is None:
            continue
        if pod in prices:
            reader.report(index, "pod", f"{pod} has a price on more than one row")
            continue
        prices[pod] = price
    if not reader.issues and not prices:
        reader.issues.append(DataIssue(source, "has no prices"))
    return ({}, reader.issues) if reader.issues else (prices, [])
