"""The board pack's pay and agency table in a control-total year: each member's pay by
contract from its finance return, agency against plan and the ceiling, the same figures as
`openbook pay`; a regime year's pack has its own workforce section instead."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from openpyxl import load_workbook

from openbook.governance.pack import build_board_pack, render_board_pack
from openbook.kernel.database import Database
from openbook.kernel.period import FinancialYear
from openbook.reference import store as reference_store
from openbook.reference.model.system_settings import SystemSettings


def test_the_pack_has_pay_and_agency_against_the_ceiling(sqlite_demo_db: Database) -> None:
    db = sqlite_demo_db
    with db.transaction() as session:
        reference_store.record_system_settings(
            session, "QVV", SystemSettings(agency_ceiling_pct=Decimal("3.5"))
        )
    pack = build_board_pack(db, "QVV", "ofrg", date(2019, 4, 30), FinancialYear(2018), 12)
    assert pack.regime is None and pack.pay is not None
    rd3 = next(row for row in pack.pay.rows if row.code == "RD3")
    # RD3's M12 2018/19 return: agency £12,800,000 of a £171,800,000 pay bill, 7.45%;
    # £2,800,000 over its £10,000,000 plan.
    assert (rd3.substantive, rd3.bank, rd3.agency) == (
        Decimal("151000000"),
        Decimal("8000000"),
        Decimal("12800000"),
    )
    assert (rd3.agency_plan, rd3.agency_over_plan) == (Decimal("10000000"), Decimal("2800000"))
    assert (rd3.agency_pct, rd3.agency_pct_in_month, rd3.above_ceiling, rd3.above_plan) == (
        "7.45",
        "7.41",
        "yes",
        "yes",
    )
    system = next(row for row in pack.pay.rows if row.role == "system")
    assert (system.code, system.agency_pct) == ("QVV", "4.41")
    assert pack.pay.above_ceiling == ("RD3 7.45%", "RDY 3.91%")
    assert pack.pay.above_plan == ("RD3",)
    assert pack.pay.ceiling.startswith("3.5% of the pay bill, set by the system")
    text = render_board_pack(pack, ".html").decode()
    assert "Pay and agency, M12 2018/19" in text
    assert "Above the agency ceiling:</strong> RD3 7.45%, RDY 3.91%." in text
    sheet = load_workbook(io.BytesIO(render_board_pack(pack, ".xlsx")))["Pay and agency"]
    header = [c.value for c in sheet[1]]
    assert header[:6] == [
        "org_code",
        "name",
        "role",
        "pay_substantive_ytd",
        "pay_bank_ytd",
        "pay_agency_ytd",
    ]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == "RD3")
    assert row[5] == 12_800_000 and row[8] == 7.45
