"""Persistence: SQLAlchemy tables, repositories, the audit log and Alembic migrations.

The only package that knows SQL. It never commits on its own: services own the
transaction boundary.
"""
