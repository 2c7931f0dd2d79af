"""The audit log: who did what, when and why; the hash chain verified on every view."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from openbook.kernel.audit_log import list_audit_events, verify_audit_log
from openbook.web.rendering import NavItem, render
from openbook.web.security import PageUser
from openbook.web.state import app_state
from openbook.web.tables import Column, Kind, Table, download_response

router = APIRouter(include_in_schema=False)
NAV = NavItem("audit", "Audit log", "/audit", order=80)


def audit_table(request: Request, limit: int, entity: str | None) -> Table:
    events = list_audit_events(app_state(request).db, limit, entity or None)
    columns = [
        Column("Event", Kind.NUMBER),
        Column("When (UTC)"),
        Column("Who"),
        Column("What"),
        Column("About"),
        Column("Why"),
    ]
    rows = [
        [
            e.sequence,
            e.occurred_at.strftime("%Y-%m-%d %H:%M:%S"),
            e.actor,
            e.action,
            e.entity_id,
            e.reason or "",
        ]
        for e in events
    ]
    caption = f"The latest {len(rows)} audit events, newest first"
    return Table("audit", caption, columns, rows)  # type: ignore[arg-type]


@router.get("/audit")
def audit(
    request: Request,
    user: PageUser,
    limit: Annotated[int, Query(ge=1, le=5000)] = 100,
    entity: Annotated[str | None, Query(max_length=200)] = None,
    download: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    table = audit_table(request, limit, entity)
    if download:
        return download_response([table], download, "audit")
    count, problems = verify_audit_log(app_state(request).db)
    context = {
        "title": "Audit log",
        "nav_key": "audit",
        "table": table,
        "count": count,
        "problems": problems,
        "limit": limit,
        "entity": entity or "",
        "page_url": f"/audit?limit={limit}" + (f"&entity={entity}" if entity else ""),
    }
    return render(request, "audit.html", context, user)
