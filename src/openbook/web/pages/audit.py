"""The audit log: who did what, when, why and what changed (before → after), filtered by
entity, action and user; the hash chain verified on every view."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from openbook.kernel.audit_anchor import anchor_targets
from openbook.kernel.audit_diff import change_of
from openbook.kernel.audit_log import (
    get_audit_head,
    get_audit_heads,
    last_anchor,
    list_audit_events,
    verify_audit_log,
)
from openbook.web.rendering import NavItem, render
from openbook.web.security import PageUser
from openbook.web.state import app_state
from openbook.web.tables import Column, Kind, Table, download_response

router = APIRouter(include_in_schema=False)
NAV = NavItem("audit", "Audit log", "/audit", order=80)


def audit_table(
    request: Request,
    limit: int,
    entity: str | None,
    action: str | None = None,
    actor: str | None = None,
    chain: str | None = None,
) -> Table:
    events = list_audit_events(
        app_state(request).db,
        limit,
        entity or None,
        action or None,
        actor or None,
        _chain(chain),
    )
    columns = [
        Column("Event", Kind.NUMBER),
        Column("Chain"),
        Column("When (UTC)"),
        Column("Who"),
        Column("What"),
        Column("About"),
        Column("Why"),
        Column("Change (before → after)"),
    ]
    rows = [
        [
            e.sequence,
            f"{e.chain} #{e.chain_sequence}",
            e.occurred_at.strftime("%Y-%m-%d %H:%M:%S"),
            e.actor,
            e.action,
            e.entity_id,
            e.reason or "",
            change_of(e.payload),
        ]
        for e in events
    ]
    caption = f"The latest {len(rows)} audit events, newest first"
    return Table("audit", caption, columns, rows)  # type: ignore[arg-type]


def _chain(chain: str | None) -> str | None:
    """'store' as typed, a system's code in capitals; blank for every chain."""
    if not chain or not chain.strip():
        return None
    chain = chain.strip()
    return chain.lower() if chain.lower() == "store" else chain.upper()


@router.get("/audit")
def audit(
    request: Request,
    user: PageUser,
    limit: Annotated[int, Query(ge=1, le=5000)] = 100,
    entity: Annotated[str | None, Query(max_length=200)] = None,
    action: Annotated[str | None, Query(max_length=60)] = None,
    actor: Annotated[str | None, Query(max_length=100)] = None,
    chain: Annotated[str | None, Query(max_length=12)] = None,
    download: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    table = audit_table(request, limit, entity, action, actor, chain)
    if download:
        return download_response([table], download, "audit")
    db = app_state(request).db
    targets = anchor_targets(db)
    anchors = [(target.name, last_anchor(db, target)) for target in targets]
    # Checked against every anchor source that holds one of this store's anchors.
    held = [target for target, (_, last) in zip(targets, anchors, strict=True) if last]
    count, problems = verify_audit_log(db, held)
    context = {
        "title": "Audit log",
        "nav_key": "audit",
        "table": table,
        "count": count,
        "problems": problems,
        "head": get_audit_head(db),
        "heads": get_audit_heads(db),
        "chain": chain or "",
        "anchors": anchors,
        "anchored": bool(held),
        "limit": limit,
        "entity": entity or "",
        "action": action or "",
        "actor": actor or "",
        "page_url": "/audit?"
        + urlencode(
            {
                k: v
                for k, v in {
                    "limit": limit,
                    "entity": entity,
                    "action": action,
                    "actor": actor,
                    "chain": chain,
                }.items()
                if v
            }
        ),
    }
    return render(request, "audit.html", context, user)
