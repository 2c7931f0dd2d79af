"""REST API: the audit chain's head, to anchor it elsewhere or compare it with a board pack."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel

from openbook.kernel.audit_anchor import anchor_targets
from openbook.kernel.audit_log import get_audit_head, get_audit_heads, last_anchor
from openbook.web.api.finance import ERRORS
from openbook.web.security import ApiUser
from openbook.web.state import app_state

router = APIRouter(prefix="/api/v1", tags=["v1"], responses=ERRORS)


class AnchorOut(BaseModel):
    chain: str  # the chain anchored: "store", or a system's code
    sequence: int
    hash: str
    anchored_at: str


class ChainHeadOut(BaseModel):
    chain: str  # "store", or a system's code
    sequence: int
    hash: str


class AuditHeadOut(BaseModel):
    sequence: int  # with one chain its head; with several, the root over all of them
    hash: str
    label: str  # '#N abc123…', as board packs print it
    last_anchor: AnchorOut | None  # the latest anchor of this store in the anchor file
    chains: list[ChainHeadOut]  # every chain's head: the store's, then each system's


@router.get("/audit/head", summary="The audit chain's head (latest event and its hash)")
def audit_head(request: Request, _user: ApiUser) -> AuditHeadOut:
    db = app_state(request).db
    head = get_audit_head(db)
    chains = [
        ChainHeadOut(chain=h.chain, sequence=h.sequence, hash=h.hash) for h in get_audit_heads(db)
    ]
    anchors = [p for t in anchor_targets(db) if (p := last_anchor(db, t)) is not None]
    last = max(anchors, key=lambda p: p.anchor.anchored_at, default=None)
    return AuditHeadOut(
        sequence=head.sequence,
        hash=head.hash,
        label=head.label,
        last_anchor=None
        if last is None
        else AnchorOut(
            chain=last.anchor.chain,
            sequence=last.anchor.sequence,
            hash=last.anchor.hash,
            anchored_at=last.anchor.anchored_at.isoformat(),
        ),
        chains=chains,
    )
