"""Alembic environment: the engine comes from the caller (openbook.kernel.database)."""

from __future__ import annotations

from alembic import context

from openbook.schema import schema

Base = schema.Base

engine = context.config.attributes["engine"]
with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    context.run_migrations()
