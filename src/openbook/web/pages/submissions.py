"""Submitting a monthly return: download the template, upload the file, see every problem
beside the form. Nothing is stored unless the whole file is valid."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from openbook.finance.file_render import render_return_rows
from openbook.finance.position_report import cached_system_position
from openbook.finance.submit import submit_return
from openbook.finance.template import GUIDE, build_template_rows
from openbook.kernel.access import Principal, Role
from openbook.kernel.error import ForbiddenError, InvalidDataError, OpenbookError
from openbook.kernel.period import month_label
from openbook.web.mail import send_after
from openbook.web.pages.period import Period, default_period, parse_year
from openbook.web.rendering import NavItem, render
from openbook.web.security import PageUser, check_csrf
from openbook.web.state import app_state
from openbook.web.tables import MEDIA_TYPES

router = APIRouter(include_in_schema=False)
NAV = NavItem("submissions", "Submit a return", "/submissions", order=20)
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def _organisations(request: Request, period: Period) -> list[tuple[str, str]]:
    report = cached_system_position(app_state(request).db, period.system_code, period.year, 1)
    return [(p.code, p.name) for p in [*report.organisations, *report.associates]]


def _page(request: Request, user: Principal, status: int = 200, **extra: object) -> Response:
    period = default_period(app_state(request).db)
    context = {
        "title": "Submit a monthly return",
        "nav_key": "submissions",
        "period": period,
        "organisations": _organisations(request, period),
        "may_submit": user.role is Role.SUBMITTER,
        **extra,
    }
    return render(request, "submissions.html", context, user, status)


@router.get("/submissions")
def submissions(request: Request, user: PageUser) -> Response:
    return _page(request, user)


@router.get("/submissions/template")
def template(
    request: Request,
    _user: PageUser,
    org: Annotated[str, Query(min_length=3, max_length=12)],
    year: Annotated[str, Query(max_length=7)],
    month: Annotated[int, Query(ge=1, le=12)],
    format: Annotated[str, Query(pattern="^(csv|xlsx)$")] = "xlsx",
) -> Response:
    """A blank return pre-filled with the organisation's lines and agreed plan."""
    financial_year = parse_year(year)
    rows = build_template_rows(app_state(request).db, org.upper(), financial_year, month)
    data = render_return_rows(rows, f".{format}", GUIDE)
    filename = f"{org.upper()}-{financial_year.label.replace('/', '-')}-{month_label(month)}"
    return Response(
        data,
        media_type=MEDIA_TYPES[format],
        headers={"content-disposition": f'attachment; filename="{filename}.{format}"'},
    )


async def read_upload(upload: object) -> tuple[bytes, str]:
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise OpenbookError("choose a return file to upload", hint="a .csv or .xlsx file")
    data = await upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise OpenbookError("the file is larger than 5 MB", hint="a return is a few kilobytes")
    name = upload.filename.replace("\\", "/").rsplit("/", 1)[-1]
    return data, name


@router.post("/submissions")
async def upload(request: Request, user: PageUser) -> Response:
    form = await request.form(max_part_size=MAX_UPLOAD_BYTES + 1)
    check_csrf(request, form)
    overall = str(form.get("overall_commentary") or "")
    try:
        data, name = await read_upload(form.get("return_file"))
        result = await run_in_threadpool(
            submit_return, app_state(request).db, data, name, user, None, overall
        )
    except InvalidDataError as error:
        return _page(
            request,
            user,
            422,
            issues=error.issues,
            file_name=error.message,
            overall_commentary=overall,
        )
    except (ForbiddenError, OpenbookError) as error:
        return _page(
            request,
            user,
            error.status_code,
            problem=error.message,
            hint=error.hint,
            overall_commentary=overall,
        )
    stored, version = result.finance_return, result.version
    period = default_period(app_state(request).db)
    notice = (
        f"Stored {name} as version {version.version}."
        if result.created
        else f"{name} is identical to version {version.version}; nothing new was stored."
    )
    request.session["notice"] = notice
    target = (
        f"/systems/{period.system_code}/organisations/{stored.org_code}"
        f"?year={stored.financial_year.label}&month={stored.month}"
    )
    return send_after(request, RedirectResponse(target, status_code=303))
