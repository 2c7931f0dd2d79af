"""The demonstration's issued pack: the operational finance reference group's pack for its
meeting of 20 April 2018, issued by its chair that morning with the 2017/18 M12 figures as
they stood (RD3 £1,500k behind its control total). Enacting the year-end transfer later does
not change it: the issued copy is what the group read."""

from __future__ import annotations

from datetime import UTC, date, datetime

from openbook.demo import dorset
from openbook.governance.pack_issue import issue_pack
from openbook.kernel.access import Principal
from openbook.kernel.clock import FixedClock
from openbook.kernel.database import Database

OFRG_MEETING = date(2018, 4, 20)
ISSUED_AT = datetime(2018, 4, 20, 9, 30, tzinfo=UTC)  # after the M12 returns came in at 09:00


def issue_demo_packs(db: Database, chair: Principal) -> None:
    clock = db.clock
    db.clock = FixedClock(ISSUED_AT)
    try:
        issue_pack(db, dorset.SYSTEM.system_code, "ofrg", OFRG_MEETING, chair)
    finally:
        db.clock = clock
