"""The whole schema: every feature's tables on the one `Base.metadata`, for Alembic's
comparison and the migration test. Importing the composition root imports every feature's
table module."""

from __future__ import annotations

import openbook.compose  # noqa: F401 -- imports every feature's tables
from openbook.kernel.tables import Base

metadata = Base.metadata
