"""Proposals and joint decisions: list, show, approve, reject, enact."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from openbook.cli.common import database, signed_in
from openbook.cli.output import (
    OutputFormat,
    console,
    fail,
    handled_errors,
    print_json,
    print_table,
)
from openbook.kernel.money import format_k, money_str
from openbook.kernel.period import month_label
from openbook.rebalancing.model import SYSTEM_LEAD, Decision, ProposalStatus

if TYPE_CHECKING:
    from openbook.rebalancing.view import ProposalView


def register(root: typer.Typer) -> None:
    group = typer.Typer(
        help="Proposals to move money or control totals, agreed jointly.", no_args_is_help=True
    )
    group.command("list")(proposals_list)
    group.command("show")(proposals_show)
    group.command("approve")(proposals_approve)
    group.command("reject")(proposals_reject)
    group.command("enact")(proposals_enact)
    group.command("withdraw")(proposals_withdraw)
    root.add_typer(group, name="proposals")


def proposal_to_dict(view: ProposalView) -> dict[str, object]:
    return {
        "ref": view.ref,
        "system_code": view.system_code,
        "financial_year": view.financial_year.label,
        "month": month_label(view.month),
        "kind": view.kind.value,
        "status": view.status.value,
        "title": view.title,
        "transfers": [
            {"from": t.from_org, "to": t.to_org, "amount": money_str(t.amount)}
            for t in view.transfers
        ],
        "control_totals": [
            {"org_code": c.org_code, "before": money_str(c.before), "after": money_str(c.after)}
            for c in view.changes
        ],
        "affected": view.affected,
        "approvals": [
            {"slot": a.slot, "decision": a.decision.value, "by": a.by, "reason": a.reason}
            for a in view.approvals
        ],
        "awaiting": view.missing,
        "stale": view.stale,
        "explanation": view.explanation,
        "created_at": view.created_at.isoformat(),
        "created_by": view.created_by,
    }


def proposals_list(
    system: Annotated[str | None, typer.Option("--system", help="Only this system.")] = None,
    status: Annotated[ProposalStatus | None, typer.Option(help="Only this status.")] = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """Every proposal, newest first: the history of joint decisions."""
    from openbook.rebalancing.view import list_proposal_views

    views = list_proposal_views(database(), system.upper() if system else None, status)
    if output_format is OutputFormat.json:
        print_json([proposal_to_dict(v) for v in views])
        return
    rows = [
        [
            v.ref,
            f"{v.financial_year.label} {month_label(v.month)}",
            v.kind.value,
            v.status.value,
            v.title,
            ", ".join(v.missing) or "–",
        ]
        for v in views
    ]
    print_table(
        "Proposals", ["ref", "period", "kind", "status", "title", "awaiting"], rows, right_from=99
    )


def _print_view(view: ProposalView) -> None:
    console.print(
        f"[bold]{view.ref}[/] {view.title} — {view.kind.value}, "
        f"{view.financial_year.label} {month_label(view.month)}, {view.status.value}"
    )
    for t in view.transfers:
        console.print(f"  transfer {format_k(t.amount)} from {t.from_org} to {t.to_org}")
    for c in view.changes:
        console.print(f"  {c.org_code}: control total {format_k(c.before)} → {format_k(c.after)}")
    for line in view.explanation:
        console.print(f"  · {line}", highlight=False)
    for a in view.approvals:
        why = f" ({a.reason})" if a.reason else ""
        console.print(f"  {a.slot}: {a.decision.past_tense} by {a.by}{why}")
    if view.status is ProposalStatus.OPEN:
        console.print(f"  awaiting: {', '.join(view.missing) or 'nobody — ready to enact'}")
    if view.closing_reason and view.status is not ProposalStatus.REJECTED:
        console.print(f"  {view.status.value}: {view.closing_reason}")
    if view.stale:
        console.print("  [bold red]the figures it was solved on have changed: solve again[/]")


def proposals_show(
    ref: Annotated[str, typer.Argument(help="Proposal reference, e.g. QVV-201718-P001.")],
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """One proposal: what it moves, why, and who has agreed."""
    from openbook.rebalancing.view import get_proposal_view

    with handled_errors():
        view = get_proposal_view(database(), ref)
    if output_format is OutputFormat.json:
        print_json(proposal_to_dict(view))
    else:
        _print_view(view)


def _check_slot(user_slot: str | None, org: str | None, system_lead: bool) -> None:
    """--org / --system-lead, when given, must be the slot the signed-in user decides for."""
    if org and system_lead:
        fail("say --org CODE or --system-lead, not both")
    claimed = SYSTEM_LEAD if system_lead else (org.upper() if org else None)
    if claimed is not None and claimed != user_slot:
        fail(f"you decide for {user_slot or 'no organisation'}, not {claimed}")


def _decide(
    ref: str, org: str | None, system_lead: bool, decision: Decision, reason: str | None
) -> None:
    from openbook.kernel.access import approval_slot
    from openbook.rebalancing.decide import decide

    db = database()
    user = signed_in(db)
    _check_slot(approval_slot(user), org, system_lead)
    with handled_errors():
        view = decide(db, ref, decision, user, reason)
    _print_view(view)


OrgOption = Annotated[str | None, typer.Option("--org", help="Decide for this organisation.")]
LeadOption = Annotated[
    bool, typer.Option("--system-lead", help="Decide as the system finance lead.")
]


def proposals_approve(
    ref: Annotated[str, typer.Argument(help="Proposal reference.")],
    org: OrgOption = None,
    system_lead: LeadOption = False,
) -> None:
    """Approve a proposal for your organisation, or as the system finance lead."""
    _decide(ref, org, system_lead, Decision.APPROVE, None)


def proposals_reject(
    ref: Annotated[str, typer.Argument(help="Proposal reference.")],
    reason: Annotated[str, typer.Option("--reason", help="Why: recorded with the decision.")],
    org: OrgOption = None,
    system_lead: LeadOption = False,
) -> None:
    """Reject a proposal, with a reason; it is closed and kept in the history."""
    _decide(ref, org, system_lead, Decision.REJECT, reason)


def proposals_enact(
    ref: Annotated[str, typer.Argument(help="Proposal reference.")],
    idempotency_key: Annotated[
        str | None,
        typer.Option(
            "--idempotency-key",
            help="Makes a retried command safe: a repeat with the same key shows the first "
            "enactment instead of enacting again.",
        ),
    ] = None,
) -> None:
    """Write an approved proposal: transfers to the ledger, or new control-total versions."""
    from openbook.rebalancing.enact import enact

    db = database()
    user = signed_in(db)
    key = None if idempotency_key is None else f"cli:{user.username}:{idempotency_key}"
    with handled_errors():
        view = enact(db, ref, user, key)
    _print_view(view)
    console.print(f"Enacted {view.ref}.")


def proposals_withdraw(
    ref: Annotated[str, typer.Argument(help="Proposal reference.")],
    reason: Annotated[str, typer.Option("--reason", help="Why it is withdrawn.")],
) -> None:
    """Withdraw an open proposal (a system finance lead), with a reason; it is kept."""
    from openbook.rebalancing.decide import withdraw

    db = database()
    with handled_errors():
        view = withdraw(db, ref, signed_in(db), reason)
    _print_view(view)
