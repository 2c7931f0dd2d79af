"""Governance: the system's bodies with their remits, members, meetings and escalation path;
the administrator's upload of the bodies and rules (YAML)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from openbook.governance.config import get_definition, load_governance_text
from openbook.governance.escalation_view import list_escalation_views
from openbook.kernel.access import can_define_governance
from openbook.kernel.error import InvalidDataError, OpenbookError
from openbook.kernel.input_limit import MAX_YAML_BYTES, describe_bytes
from openbook.kernel.table_writer import Cell
from openbook.web.pages.period import resolve_period
from openbook.web.rendering import NavItem, render
from openbook.web.security import PageUser, check_csrf
from openbook.web.state import app_state
from openbook.web.tables import Column, Link, Table, download_response

router = APIRouter(include_in_schema=False)
NAV = NavItem("governance", "Governance", "/governance", order=32)


def _bodies_table(request: Request, system_code: str) -> Table:
    db = app_state(request).db
    definition = get_definition(db, system_code)
    open_by_body: dict[str, int] = {}
    for view in list_escalation_views(db, system_code, status="open"):
        open_by_body[view.body_code] = open_by_body.get(view.body_code, 0) + 1
    names = {b.code: b.name for b in definition.bodies}
    rows: list[list[Cell | Link]] = [
        [
            Link(b.name, f"/governance/{b.code}?system={system_code}"),
            ", ".join(b.remits),
            b.chair,
            len(b.members),
            b.meets or "as listed",
            names.get(b.escalates_to or "", "the top of the path"),
            open_by_body.get(b.code, 0),
        ]
        for b in definition.bodies
    ]
    return Table(
        "bodies",
        f"{system_code} governance bodies",
        [
            Column("Body"),
            Column("Remit"),
            Column("Chair"),
            Column("Members"),
            Column("Meets (monthly)"),
            Column("Escalates to"),
            Column("Open escalations"),
        ],
        rows,
    )


@router.get("/governance")
def governance_page(
    request: Request,
    user: PageUser,
    download: Annotated[str | None, Query(max_length=40)] = None,
    system: Annotated[str | None, Query(max_length=12)] = None,
) -> Response:
    period = resolve_period(app_state(request).db, system, None, None)
    table = _bodies_table(request, period.system_code)
    if download:
        return download_response([table], download, f"governance-{period.system_code}")
    context = {
        "title": "Governance",
        "nav_key": "governance",
        "table": table,
        "system_code": period.system_code,
        "page_url": f"/governance?system={period.system_code}",
        "may_define": can_define_governance(user),
        "notice": request.session.pop("notice", None),
        "issues": [],
    }
    return render(request, "governance.html", context, user)


@router.post("/governance")
async def governance_upload(request: Request, user: PageUser) -> Response:
    form = await request.form()
    check_csrf(request, form)
    upload = form.get("governance_file")
    if upload is None or isinstance(upload, str):
        raise OpenbookError("choose a governance file (YAML) to upload")
    data = await upload.read(MAX_YAML_BYTES + 1)
    if len(data) > MAX_YAML_BYTES:
        raise OpenbookError(
            f"the governance file is larger than {describe_bytes(MAX_YAML_BYTES)}",
            hint="a governance file is a few kilobytes",
        )
    name = upload.filename or "governance.yaml"
    db = app_state(request).db
    try:
        version = load_governance_text(db, data.decode("utf-8", errors="replace"), name, user)
    except InvalidDataError as error:
        period = resolve_period(db, None, None, None)
        context = {
            "title": "Governance",
            "nav_key": "governance",
            "table": _bodies_table(request, period.system_code),
            "system_code": period.system_code,
            "page_url": f"/governance?system={period.system_code}",
            "may_define": True,
            "issues": error.issues,
            "file_name": name,
            "notice": None,
        }
        return render(request, "governance.html", context, user, status_code=422)
    request.session["notice"] = f"Stored {name} as version {version} of the bodies and rules."
    return RedirectResponse("/governance", status_code=303)
