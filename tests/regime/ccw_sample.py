"""A valid capital, cash and workforce return for the tests, as model and as file bytes."""

from __future__ import annotations

from decimal import Decimal

from openbook.kernel.period import FinancialYear
from openbook.regime.ccw_file import ccw_rows, render_ccw
from openbook.regime.model.ccw import CCW_LINES, CcwLine, CcwReturn

FIGURES = {
    "capital.backlog_maintenance.operational": ("4000000", "1800000", "3900000"),
    "capital.digital.pdc": ("1500000", "400000", "1500000"),
    "capital.equipment.operational": ("2000000", "900000", "2100000"),
    "capital.envelope": ("6500000", "0", "0"),
    "cash.balance": ("9000000", "8500000", "7000000"),
    "bppc.invoices": ("0", "20000", "0"),
    "bppc.within_30_days": ("0", "19100", "0"),
    "wte.substantive": ("2400", "2410.5", "0"),
    "wte.bank": ("150", "160", "0"),
    "wte.agency": ("40", "45.25", "0"),
    "pay.substantive": ("120000000", "60500000", "121000000"),
    "pay.bank": ("6000000", "3200000", "6300000"),
    "pay.agency": ("3000000", "1800000", "3400000"),
}


def sample_return(org: str = "RBD", year: str = "2026/27", month: int = 6) -> CcwReturn:
    lines = tuple(
        CcwLine(spec.line_code, *(Decimal(v) for v in FIGURES.get(spec.line_code, ("0",) * 3)))
        for spec in CCW_LINES
    )
    return CcwReturn(org, FinancialYear.parse(year), month, lines)


def sample_bytes(r: CcwReturn | None = None, suffix: str = ".csv") -> bytes:
    r = r or sample_return()
    return render_ccw(ccw_rows(r.org_code, r.financial_year, r.month, r), suffix)


# A commissioner's section (hand-worked in tests/regime/test_icb_return.py).
ICB_FIGURES = {
    "icb.allocation.programme": ("1500000000", "750000000", "1500000000"),
    "icb.allocation.running_costs": ("17340000", "8670000", "17340000"),
    "icb.spend.programme": ("1498000000", "749500000", "1501200000"),
    "icb.spend.running_costs": ("17000000", "8600000", "17500000"),
}


def icb_return(org: str = "11J", year: str = "2025/26", month: int = 6) -> CcwReturn:
    """The sample return with the ICB lines after the rest, as the parser orders them."""
    r = sample_return(org, year, month)
    extra = tuple(CcwLine(code, *(Decimal(v) for v in t)) for code, t in ICB_FIGURES.items())
    return CcwReturn(org, r.financial_year, month, r.lines + extra)


# The staff groups of the sample, adding up to its totals by contract (hand-worked in
# tests/regime/test_staff_group.py): WTE (plan, actual) and pay (plan, YTD, forecast).
STAFF_GROUP_FIGURES = {
    "wte.nursing.substantive": ("900", "905.5", "0"),
    "wte.nursing.bank": ("80", "90", "0"),
    "wte.nursing.agency": ("20", "24", "0"),
    "wte.medical.substantive": ("300", "300", "0"),
    "wte.medical.bank": ("10", "10", "0"),
    "wte.medical.agency": ("12", "13.25", "0"),
    "wte.other_clinical.substantive": ("700", "705", "0"),
    "wte.other_clinical.bank": ("40", "40", "0"),
    "wte.other_clinical.agency": ("5", "5", "0"),
    "wte.infrastructure.substantive": ("500", "500", "0"),
    "wte.infrastructure.bank": ("20", "20", "0"),
    "wte.infrastructure.agency": ("3", "3", "0"),
    "pay.nursing.substantive": ("45000000", "22500000", "45500000"),
    "pay.nursing.bank": ("3500000", "1900000", "3700000"),
    "pay.nursing.agency": ("1200000", "800000", "1500000"),
    "pay.medical.substantive": ("35000000", "17500000", "35000000"),
    "pay.medical.bank": ("500000", "300000", "500000"),
    "pay.medical.agency": ("1500000", "900000", "1600000"),
    "pay.other_clinical.substantive": ("25000000", "12750000", "25500000"),
    "pay.other_clinical.bank": ("1500000", "700000", "1500000"),
    "pay.other_clinical.agency": ("200000", "60000", "200000"),
    "pay.infrastructure.substantive": ("15000000", "7750000", "15000000"),
    "pay.infrastructure.bank": ("500000", "300000", "600000"),
    "pay.infrastructure.agency": ("100000", "40000", "100000"),
}


def staff_group_return(
    org: str = "RBD", year: str = "2026/27", month: int = 6, **changed: tuple[str, str, str]
) -> CcwReturn:
    """The sample return with its staff-group lines after the rest (a line changed by its
    code with dots as underscores, e.g. `wte_nursing_substantive=(...)`)."""
    r = sample_return(org, year, month)
    figures = {**STAFF_GROUP_FIGURES, **{_code(k): v for k, v in changed.items()}}
    extra = tuple(CcwLine(code, *(Decimal(v) for v in t)) for code, t in figures.items())
    return CcwReturn(org, r.financial_year, month, r.lines + extra)


def _code(name: str) -> str:
    kind, rest = name.split("_", 1)
    group, contract = rest.rsplit("_", 1)
    return f"{kind}.{group}.{contract}"
