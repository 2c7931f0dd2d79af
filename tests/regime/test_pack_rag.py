"""The board pack's RAG reads the regime of the year: from 2019/20 each row's RAG is the
one `openbook position` gives under the year's rules; 2017/18 keeps the control-total RAG."""

from __future__ import annotations

from datetime import date

from openbook.compose import from_url
from openbook.governance.pack import build_board_pack, render_board_pack
from openbook.kernel.period import FinancialYear

MEETING = date(2026, 11, 20)


def test_2024_25_judges_breakeven_where_2017_18_judged_the_control_total(
    recent_env: dict[str, str],
) -> None:
    db = from_url(recent_env["OPENBOOK_DATABASE_URL"])
    pack = build_board_pack(db, "QVV", "ofrg", MEETING, FinancialYear(2024), 6)
    rags = {p.code: (str(p.rag), pack.rag_of(p)) for p in (*pack.organisations, pack.system)}
    # RBD forecasts £560k, £308k once risks are netted: below its £500k control total
    # (amber then), at least breakeven (green now).
    assert rags["RBD"] == ("amber", "green")
    # The system forecasts £240k against the sum of control totals, £300k (red then); at
    # least breakeven, but -£876k once risks are netted: amber under the breakeven duty.
    assert rags["QVV"] == ("red", "amber")
    assert rags["R0D"] == ("red", "red")  # -£2,240k: short of both
    html = render_board_pack(pack, ".html").decode()
    assert '<span class="rag rag-amber">AMBER</span></td></tr>' in html
    dorset = build_board_pack(db, "QVV", "ofrg", MEETING, FinancialYear(2017), 6)
    assert dorset.regime_rags == ()  # the 2017/18 shape: the control-total RAG, unchanged
    db.dispose()
