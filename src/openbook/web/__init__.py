"""The web shell: FastAPI app factory, pages (Jinja2 + NHS.UK frontend), REST API, auth.

Imports `openbook.services`, `openbook.domain`, `openbook.config` (and `openbook.export`
for table downloads) only; nothing is created at import time.
"""

from openbook.web.app import create_app

__all__ = ["create_app"]
