"""The chart of account lines a monthly finance return uses.

Amounts are entered as positive numbers of pounds; each subtotal says how its
parts combine, so a return can be checked line by line. Providers and
commissioners have their own charts. Patient care income is one line per
commissioner (`income.patient_care.<ODS>`), so the chart is built per organisation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from openbook.kernel.organisation import OrgKind


class LineKind(StrEnum):
    INPUT = "input"  # typed in by the finance team
    SUBTOTAL = "subtotal"  # must equal the signed sum of its parts


@dataclass(frozen=True)
class AccountLine:
    line_code: str
    description: str
    kind: LineKind = LineKind.INPUT
    mandatory: bool = True
    # For subtotals: (line_code, sign) pairs whose signed sum the line must equal.
    parts: tuple[tuple[str, int], ...] = field(default_factory=tuple)


# The line whose forecast is measured against the control total: adjusted financial
# performance excluding sustainability funding, as the national rules measure it.
CONTROL_TOTAL_LINE = "surplus_deficit.excl_sustainability"
SURPLUS_LINE = "surplus_deficit"
SUSTAINABILITY_LINE = "income.sustainability_funding"
SYSTEM_TRANSFER_LINE = "income.system_transfer"
OPERATING_EXPENDITURE_LINE = "expenditure.total"
INCOME_LINE = "income.total"
CIP_RECURRENT_LINE = "cip.recurrent"
CIP_NON_RECURRENT_LINE = "cip.non_recurrent"
CIP_TOTAL_LINE = "cip.total"
PAY_AGENCY_LINE = "pay.agency"
PATIENT_CARE_PREFIX = "income.patient_care."
OTHER_PATIENT_CARE_LINE = "income.patient_care.other"


def _line(code: str, description: str, mandatory: bool = True) -> AccountLine:
    return AccountLine(code, description, LineKind.INPUT, mandatory)


def _subtotal(code: str, description: str, *parts: tuple[str, int]) -> AccountLine:
    return AccountLine(code, description, LineKind.SUBTOTAL, True, tuple(parts))


def _cip_lines() -> list[AccountLine]:
    return [
        _line(CIP_RECURRENT_LINE, "CIP delivered: recurrent"),
        _line(CIP_NON_RECURRENT_LINE, "CIP delivered: non-recurrent"),
        _subtotal(
            CIP_TOTAL_LINE, "CIP total", (CIP_RECURRENT_LINE, 1), (CIP_NON_RECURRENT_LINE, 1)
        ),
    ]


def _bottom_lines(income: str, expenditure: str) -> list[AccountLine]:
    return [
        _line("finance_costs", "Finance costs (interest, PDC dividend)"),
        _subtotal(
            SURPLUS_LINE,
            "Surplus / (deficit)",
            (income, 1),
            (expenditure, -1),
            ("finance_costs", -1),
        ),
        _line(
            "technical_adjustments",
            "Technical adjustments (impairments, donated assets)",
            mandatory=False,
        ),
        _subtotal(
            CONTROL_TOTAL_LINE,
            "Adjusted financial performance excluding sustainability funding",
            (SURPLUS_LINE, 1),
            ("technical_adjustments", 1),
            (SUSTAINABILITY_LINE, -1),
        ),
    ]


def provider_chart(commissioner_codes: tuple[str, ...]) -> tuple[AccountLine, ...]:
    """Lines of a provider's return; one patient-care income line per commissioner."""
    patient_care = [
        _line(f"{PATIENT_CARE_PREFIX}{code}", f"Patient care income: commissioner {code}")
        for code in commissioner_codes
    ]
    patient_care.append(
        _line(OTHER_PATIENT_CARE_LINE, "Patient care income: other commissioners", mandatory=False)
    )
    income_parts = [(line.line_code, 1) for line in patient_care] + [
        ("income.other_operating", 1),
        (SUSTAINABILITY_LINE, 1),
        (SYSTEM_TRANSFER_LINE, 1),
    ]
    return (
        *patient_care,
        _line("income.other_operating", "Other operating income"),
        _line(SUSTAINABILITY_LINE, "Sustainability funding (STF/PSF)"),
        _line(SYSTEM_TRANSFER_LINE, "System transfers agreed by the partners", mandatory=False),
        _subtotal(INCOME_LINE, "Total income", *income_parts),
        _line("pay.substantive", "Pay: substantive staff"),
        _line("pay.bank", "Pay: bank staff"),
        _line(PAY_AGENCY_LINE, "Pay: agency staff"),
        _subtotal(
            "pay.total", "Total pay", ("pay.substantive", 1), ("pay.bank", 1), (PAY_AGENCY_LINE, 1)
        ),
        _line("non_pay", "Non-pay (drugs, clinical supplies, premises, other)"),
        _subtotal(
            OPERATING_EXPENDITURE_LINE,
            "Total operating expenditure",
            ("pay.total", 1),
            ("non_pay", 1),
        ),
        *_bottom_lines(INCOME_LINE, OPERATING_EXPENDITURE_LINE),
        *_cip_lines(),
    )


_COMMISSIONER_SPEND = (
    ("expenditure.acute", "Acute services"),
    ("expenditure.community_mental_health", "Community and mental health services"),
    ("expenditure.primary_care", "Primary care and prescribing"),
    ("expenditure.continuing_care", "Continuing healthcare"),
    ("expenditure.other_programme", "Other programme spend"),
    ("expenditure.running_costs", "Running costs"),
)


def commissioner_chart() -> tuple[AccountLine, ...]:
    """Lines of a commissioner's return (allocation in, programme spend out; QIPP as CIP)."""
    spend = [_line(code, description) for code, description in _COMMISSIONER_SPEND]
    return (
        _line("income.allocation", "Allocation received"),
        _line("income.other_operating", "Other income", mandatory=False),
        _line(
            SUSTAINABILITY_LINE,
            "Sustainability funding (not used by commissioners)",
            mandatory=False,
        ),
        _line(SYSTEM_TRANSFER_LINE, "System transfers agreed by the partners", mandatory=False),
        _subtotal(
            INCOME_LINE,
            "Total income",
            ("income.allocation", 1),
            ("income.other_operating", 1),
            (SUSTAINABILITY_LINE, 1),
            (SYSTEM_TRANSFER_LINE, 1),
        ),
        *spend,
        _subtotal(
            OPERATING_EXPENDITURE_LINE,
            "Total expenditure",
            *[(line.line_code, 1) for line in spend],
        ),
        *_bottom_lines(INCOME_LINE, OPERATING_EXPENDITURE_LINE),
        *_cip_lines(),
    )


def chart_for(kind: OrgKind, commissioner_codes: tuple[str, ...]) -> tuple[AccountLine, ...]:
    if kind is OrgKind.COMMISSIONER:
        return commissioner_chart()
    return provider_chart(commissioner_codes)


def subtotal_order(chart: tuple[AccountLine, ...]) -> list[AccountLine]:
    """Subtotals in the order they can be computed (parts before totals)."""
    return [line for line in chart if line.kind is LineKind.SUBTOTAL]
