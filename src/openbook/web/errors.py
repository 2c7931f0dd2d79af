"""One JSON error shape for the API; an NHS-styled error page for people; a 500 shows a
reference and logs the traceback, never shows it.

    {"error": {"code": "invalid_data", "message": "...", "hint": "...",
               "issues": [{"location": "...", "message": "...", ...}], "reference": null}}
"""

from __future__ import annotations

import logging
import secrets
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from openbook.kernel.error import AuthenticationError, InvalidDataError, OpenbookError
from openbook.web.rendering import render
from openbook.web.security import SignInRequired, current_user, sign_in_url

log = logging.getLogger("openbook.web")

HTTP_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "request_too_large",
    422: "invalid_data",
    429: "too_many_requests",
}


class ErrorDetail(BaseModel):
    code: str
    message: str
    hint: str | None = None
    issues: list[dict[str, Any]] | None = None
    reference: str | None = None


class ErrorBody(BaseModel):
    """The one shape every API error has."""

    error: ErrorDetail


def error_body(
    code: str,
    message: str,
    hint: str | None = None,
    issues: list[dict[str, Any]] | None = None,
    reference: str | None = None,
) -> dict[str, Any]:
    detail = ErrorDetail(code=code, message=message, hint=hint, issues=issues, reference=reference)
    return {"error": detail.model_dump()}


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _respond(
    request: Request, status: int, body: dict[str, Any], headers: dict[str, str] | None = None
) -> Response:
    if is_api(request):
        return JSONResponse(body, status_code=status, headers=headers)
    return render(
        request,
        "error.html",
        {"status": status, "error": body["error"], "title": _title(status)},
        current_user(request),
        status,
    )


def _title(status: int) -> str:
    return {
        403: "You cannot do that",
        404: "Page not found",
        409: "That could not be done",
        413: "The request is too large",
        429: "Please wait before trying again",
        422: "There is a problem",
        500: "Sorry, there is a problem with the service",
        503: "The service is busy",
    }.get(status, "There is a problem")


async def on_openbook_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, OpenbookError)
    if isinstance(error, AuthenticationError) and not is_api(request):
        return RedirectResponse(sign_in_url(request.url.path), status_code=303)
    issues = (
        [issue.as_dict() for issue in error.issues] if isinstance(error, InvalidDataError) else None
    )
    headers = {"www-authenticate": "Bearer"} if error.status_code == 401 else None
    body = error_body(error.code, error.message, error.hint, issues)
    return _respond(request, error.status_code, body, headers)


async def on_sign_in_required(_request: Request, error: Exception) -> Response:
    assert isinstance(error, SignInRequired)
    return RedirectResponse(sign_in_url(error.next_path), status_code=303)


async def on_validation_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    issues = [
        {
            "location": ".".join(str(part) for part in item.get("loc", ())),
            "message": str(item.get("msg", "")),
        }
        for item in error.errors()
    ]
    status = 422 if is_api(request) else 400
    body = error_body("invalid_request", "the request is not valid", None, issues)
    return _respond(request, status, body)


async def on_http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, StarletteHTTPException)
    code = HTTP_CODES.get(error.status_code, "error")
    body = error_body(code, str(error.detail))
    return _respond(request, error.status_code, body, dict(error.headers or {}) or None)


async def on_busy(request: Request, error: Exception) -> Response:
    """Every database connection of this process stayed in use for the pool's whole wait:
    the service is overloaded, not broken, so say so and when to try again (503)."""
    log.warning("no database connection free on %s: %s", request.url.path, error)
    body = error_body(
        "busy",
        "the service is busy: every connection to the store is in use",
        "try again in a few seconds; nothing was changed",
    )
    return _respond(request, 503, body, {"retry-after": "5"})


async def on_unexpected_error(request: Request, error: Exception) -> Response:
    reference = secrets.token_hex(4).upper()
    log.error("unexpected error, reference %s, on %s", reference, request.url.path, exc_info=error)
    body = error_body(
        "internal_error",
        "something went wrong on our side; nothing you did caused it",
        "if it happens again, tell the service desk this reference",
        reference=reference,
    )
    if is_api(request):
        return JSONResponse(body, status_code=500)
    try:
        return _respond(request, 500, body)
    except Exception:
        return Response(f"Internal error, reference {reference}", status_code=500)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(OpenbookError, on_openbook_error)
    app.add_exception_handler(SignInRequired, on_sign_in_required)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(PoolTimeout, on_busy)
    app.add_exception_handler(Exception, on_unexpected_error)
