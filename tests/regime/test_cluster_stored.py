"""A cluster of two small systems through the store, worked by hand: what the systems'
files, contracts and M6 2026/27 returns hold, and what the cluster's position eliminates.

QXA: commissioner XAC, provider XAP. QXB: commissioner XBC, provider XBP.
Contracts (even phasing): XAC -> XAP £10m and XBC -> XBP £5m inside a system (kept);
XAC -> XBP £1.2m and XBC -> XAP £2.4m between the systems (eliminated).

M6 returns, year to date / forecast outturn (£):
- XAP: income from XAC 5,000,000 / 10,000,000 and from XBC 1,250,000 / 2,500,000; pay
  6,000,000 / 12,000,000; non-pay 250,000 / 500,000.
- XBP: income from XBC 2,500,000 / 5,000,000 and from XAC 580,000 / 1,180,000; pay
  3,000,000 / 6,000,000; non-pay 80,000 / 180,000.
- XAC: allocation and acute spend 6,000,000 / 12,000,000. XBC: 4,000,000 / 8,000,000.

XAC -> XBP: XBP reports 580,000 / 1,180,000; XAC's side is 600,000 / 1,200,000: (20,000) to
agree on both. XBC -> XAP: 1,250,000 / 2,500,000 against 1,200,000 / 2,400,000: 50,000 and
100,000. Income 19,330,000 / 38,680,000 less 1,830,000 / 3,680,000 eliminated is 17,500,000
/ 35,000,000; expenditure the same totals less 1,800,000 / 3,600,000 is 17,530,000 /
35,080,000; the difference to agree 30,000 / 80,000."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from openbook.finance.model.finance_return import FinanceReturn, ReturnLine, fill_subtotals
from openbook.finance.submit import get_chart, store_return
from openbook.kernel.database import Database
from openbook.kernel.event import take_pending
from openbook.kernel.period import FinancialYear
from openbook.reference.cluster_load import load_cluster_file
from openbook.reference.load import load_system_file
from openbook.regime.cluster_dict import cluster_position_to_dict
from openbook.regime.cluster_position import get_cluster_position
from tests.principals import ADMIN

YEAR = FinancialYear.parse("2026/27")
SYSTEM = """\
system: {{code: {code}, name: System {code}}}
organisations:
  - {{org_code: {c}, name: ICB {c}, kind: commissioner}}
  - {{org_code: {p}, name: Trust {p}, kind: acute}}
years:
  "2026/27":
    members: [{{org_code: {c}}}, {{org_code: {p}}}]
    control_totals: {{{c}: "0.00", {p}: "0.00"}}
    contracts:
      - {{commissioner: {c}, provider: {p}, type: block, annual_value: "{own}"}}
"""
CROSS = """\
system: {code: QXB, name: System QXB}
years:
  "2026/27":
    members: [{org_code: XBC}, {org_code: XBP}]
    contracts:
      - {commissioner: XAC, provider: XBP, type: block, annual_value: "1200000.00"}
      - {commissioner: XBC, provider: XAP, type: block, annual_value: "2400000.00"}
"""
RETURNS = {
    "XAP": {"income.patient_care.XAC": (5_000_000, 10_000_000),
            "income.patient_care.XBC": (1_250_000, 2_500_000),
            "pay.substantive": (6_000_000, 12_000_000), "non_pay": (250_000, 500_000)},
    "XBP": {"income.patient_care.XBC": (2_500_000, 5_000_000),
            "income.patient_care.XAC": (580_000, 1_180_000),
            "pay.substantive": (3_000_000, 6_000_000), "non_pay": (80_000, 180_000)},
    "XAC": {"income.allocation": (6_000_000, 12_000_000),
            "expenditure.acute": (6_000_000, 12_000_000)},
    "XBC": {"income.allocation": (4_000_000, 8_000_000),
            "expenditure.acute": (4_000_000, 8_000_000)},
}  # fmt: skip


def _build(db: Database, tmp_path: Path) -> None:
    files = [
        SYSTEM.format(code="QXA", c="XAC", p="XAP", own="10000000.00"),
        SYSTEM.format(code="QXB", c="XBC", p="XBP", own="5000000.00"),
        CROSS,
    ]
    for index, text in enumerate(files):
        path = tmp_path / f"system{index}.yaml"
        path.write_text(text, encoding="utf-8")
        load_system_file(db, path, ADMIN)
    cluster = tmp_path / "cluster.yaml"
    cluster.write_text("cluster: {code: QXAB, name: A and B}\nyears: {'2026/27': [QXA, QXB]}\n")
    load_cluster_file(db, cluster, ADMIN)
    with db.transaction() as session:
        for org_code, lines in RETURNS.items():
            inputs = {
                code: ReturnLine.from_amounts(code, {
                    "annual_plan": Decimal(forecast), "plan_ytd": Decimal(ytd),
                    "actual_ytd": Decimal(ytd), "forecast_outturn": Decimal(forecast)})
                for code, (ytd, forecast) in lines.items()
            }  # fmt: skip
            chart = get_chart(session, org_code, YEAR)
            parsed = FinanceReturn(org_code, YEAR, 6, fill_subtotals(inputs, chart))
            store_return(session, parsed, f"{org_code}.csv", "tester", datetime.now(UTC))
        take_pending(session)


def test_the_contracts_between_the_systems_are_eliminated(db: Database, tmp_path: Path) -> None:
    _build(db, tmp_path)
    payload = cluster_position_to_dict(get_cluster_position(db, "QXAB", YEAR, 6))
    shown = [
        (e["commissioner_code"], e["provider_code"], e["provider_income"],
         e["commissioner_expenditure"], e["difference_to_agree"])
        for e in payload["eliminations"]
    ]  # fmt: skip
    assert shown == [
        ("XAC", "XBP", {"ytd": "580000.00", "forecast_outturn": "1180000.00"},
         {"ytd": "600000.00", "forecast_outturn": "1200000.00"},
         {"ytd": "-20000.00", "forecast_outturn": "-20000.00"}),
        ("XBC", "XAP", {"ytd": "1250000.00", "forecast_outturn": "2500000.00"},
         {"ytd": "1200000.00", "forecast_outturn": "2400000.00"},
         {"ytd": "50000.00", "forecast_outturn": "100000.00"}),
    ]  # fmt: skip
    assert payload["consolidation"] == {
        "income": {"ytd": "19330000.00", "forecast_outturn": "38680000.00"},
        "eliminated_income": {"ytd": "1830000.00", "forecast_outturn": "3680000.00"},
        "consolidated_income": {"ytd": "17500000.00", "forecast_outturn": "35000000.00"},
        "expenditure": {"ytd": "19330000.00", "forecast_outturn": "38680000.00"},
        "eliminated_expenditure": {"ytd": "1800000.00", "forecast_outturn": "3600000.00"},
        "consolidated_expenditure": {"ytd": "17530000.00", "forecast_outturn": "35080000.00"},
        "difference_to_agree": {"ytd": "30000.00", "forecast_outturn": "80000.00"},
    }
    assert payload["position"]["control_total"] == "0.00"
    assert [s["system"]["system_code"] for s in payload["systems"]] == ["QXA", "QXB"]
