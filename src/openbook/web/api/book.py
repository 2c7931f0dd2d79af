"""REST API: the whole book of a system for a year, as a workbook or as Parquet."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from openbook.web.api.finance import ERRORS, Year
from openbook.web.pages.book import book_response
from openbook.web.security import ApiUser

router = APIRouter(prefix="/api/v1", tags=["v1"], responses=ERRORS)


class BookFormat(StrEnum):
    xlsx = "xlsx"
    parquet = "parquet"


@router.get(
    "/systems/{system_code}/book",
    summary="The whole book for a year: every month's positions and return lines",
    description="xlsx: a sheet for the system (every month's positions) and one per "
    "organisation (every month's return lines), money in £000. parquet: one row per "
    "organisation, month and line, amounts as decimal(18, 2) pounds.",
    response_class=Response,
)
async def book(
    request: Request,
    _user: ApiUser,
    system_code: str,
    year: Year,
    format: Annotated[BookFormat, Query()] = BookFormat.xlsx,
) -> Response:
    return await run_in_threadpool(book_response, request, system_code, year, f".{format}")
