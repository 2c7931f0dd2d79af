"""Proposals and joint decisions: list, show, approve, reject, enact."""

from __future__ import annotations

from typing import Annotated

import typer

from openbook.cli.finance import database
from openbook.cli.output import (
    OutputFormat,
    console,
    fail,
    handled_errors,
    print_json,
    print_table,
)
from openbook.config import Settings
from openbook.kernel.money import format_thousands, money_str
from openbook.kernel.period import month_label
from openbook.rebalancing.model import SYSTEM_LEAD, Decision, ProposalStatus
from openbook.rebalancing.proposal import ProposalView


def register(root: typer.Typer) -> None:
    group = typer.Typer(
        help="Proposals to move money or control totals, agreed jointly.", no_args_is_help=True
    )
    group.command("list")(proposals_list)
    group.command("show")(proposals_show)
    group.command("approve")(proposals_approve)
    group.command("reject")(proposals_reject)
    group.command("enact")(proposals_enact)
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
    from openbook.rebalancing.proposal import list_proposal_views

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
        console.print(f"  transfer £{format_thousands(t.amount)}k from {t.from_org} to {t.to_org}")
    for c in view.changes:
        console.print(
            f"  {c.org_code}: control total £{format_thousands(c.before)}k → "
            f"£{format_thousands(c.after)}k"
        )
    for line in view.explanation:
        console.print(f"  · {line}", highlight=False)
    for a in view.approvals:
        why = f" ({a.reason})" if a.reason else ""
        console.print(f"  {a.slot}: {a.decision.value}d by {a.by}{why}")
    if view.status is ProposalStatus.OPEN:
        console.print(f"  awaiting: {', '.join(view.missing) or 'nobody — ready to enact'}")
    if view.stale:
        console.print("  [bold red]the figures it was solved on have changed: solve again[/]")


def proposals_show(
    ref: Annotated[str, typer.Argument(help="Proposal reference, e.g. QVV-201718-P001.")],
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """One proposal: what it moves, why, and who has agreed."""
    from openbook.rebalancing.proposal import get_proposal_view

    with handled_errors():
        view = get_proposal_view(database(), ref)
    if output_format is OutputFormat.json:
        print_json(proposal_to_dict(view))
    else:
        _print_view(view)


def _slot(org: str | None, system_lead: bool) -> str:
    if bool(org) == system_lead:
        fail(
            "say whose approval this is: --org CODE (a director of finance of that "
            "organisation) or --system-lead"
        )
    return SYSTEM_LEAD if system_lead else str(org).upper()


def _decide(
    ref: str, org: str | None, system_lead: bool, decision: Decision, reason: str | None
) -> None:
    from openbook.rebalancing.proposal import ApprovalBy, decide

    settings = Settings.from_env()
    by = ApprovalBy(settings.actor, _slot(org, system_lead))
    with handled_errors():
        view = decide(database(settings), ref, by, decision, reason)
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
    from openbook.rebalancing.proposal import enact

    settings = Settings.from_env()
    key = None if idempotency_key is None else f"cli:{settings.actor}:{idempotency_key}"
    with handled_errors():
        view = enact(database(settings), ref, settings.actor, key)
    _print_view(view)
    console.print(f"Enacted {view.ref}.")
