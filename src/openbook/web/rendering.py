"""Jinja2 with the NHS.UK frontend macros; filters for £000; the page navigation.

The navigation is a list of `NavItem`s that page modules declare (`NAV = NavItem(...)`)
and `create_app` collects: a new group of pages (activity, SPC, control totals) adds
itself by being listed in `openbook.web.app.PAGES`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, FileSystemLoader, PackageLoader

from openbook.kernel.access import Principal, Role
from openbook.kernel.money import format_cell
from openbook.web.security import csrf_token
from openbook.web.state import app_state

TEMPLATES_DIR = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class NavItem:
    """One entry of the header navigation; `roles` limits who sees it (None: everyone)."""

    key: str
    text: str
    href: str
    order: int = 50
    roles: frozenset[Role] | None = None

    def visible_to(self, user: Principal | None) -> bool:
        return user is not None and (self.roles is None or user.role in self.roles)


def money(value: Decimal | None, decimals: int = 0) -> str:
    """£000 with separators and brackets for negatives; an em dash when unknown."""
    return format_cell(value, decimals)


def percent(value: Decimal | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def money_text(value: str | Decimal | None) -> str:
    """£000 from a money string of a solver result ("1500000.00" -> "1,500")."""
    return money(None if value is None else Decimal(value))


def make_templates() -> Environment:
    env = Environment(
        loader=ChoiceLoader(
            [FileSystemLoader(TEMPLATES_DIR), PackageLoader("nhsuk_frontend_jinja")]
        ),
        undefined=ChainableUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["money"] = money
    env.filters["percent"] = percent
    env.filters["money_text"] = money_text
    return env


def render(
    request: Request,
    template: str,
    context: dict[str, Any],
    user: Principal | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    state = app_state(request)
    nav: list[NavItem] = request.app.state.nav
    active = context.get("nav_key")
    html = state.templates.get_template(template).render(
        request=request,
        user=user,
        csrf_token=csrf_token(request),
        nav=[
            {"text": item.text, "href": item.href, "current": item.key == active}
            for item in nav
            if item.visible_to(user)
        ],
        **context,
    )
    return HTMLResponse(html, status_code=status_code)
