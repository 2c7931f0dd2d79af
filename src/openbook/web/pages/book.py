"""The whole book of a system for a year as a download: /systems/<code>/book.xlsx|parquet."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from openbook.finance.book import MEDIA_TYPES, book_filename, get_book, render_book
from openbook.kernel.error import NotFoundError
from openbook.web.pages.period import parse_year
from openbook.web.security import PageUser
from openbook.web.state import app_state

router = APIRouter(include_in_schema=False)


def book_response(request: Request, system_code: str, year: str, suffix: str) -> Response:
    if suffix not in MEDIA_TYPES:
        raise NotFoundError(f"the book downloads as .xlsx or .parquet, not {suffix!r}")
    book = get_book(app_state(request).db, system_code.upper(), parse_year(year))
    return Response(
        render_book(book, suffix),
        media_type=MEDIA_TYPES[suffix],
        headers={"content-disposition": f'attachment; filename="{book_filename(book, suffix)}"'},
    )


@router.get("/systems/{system_code}/book.{suffix}")
async def book_download(
    request: Request,
    _user: PageUser,
    system_code: str,
    suffix: str,
    year: Annotated[str, Query(description="Financial year, e.g. 2017/18")],
) -> Response:
    return await run_in_threadpool(book_response, request, system_code, year, f".{suffix}")
