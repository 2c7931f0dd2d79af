"""Alembic environment: the engine comes from the caller (openbook.kernel.database)."""

from __future__ import annotations

from alembic import context

# The caller passes the whole schema's metadata when it wants autogeneration (the kernel
# cannot import the features that declare the tables); running migrations needs none.
engine = context.config.attributes["engine"]
target_metadata = context.config.attributes.get("metadata")
with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    context.run_migrations()
