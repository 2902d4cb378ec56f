"""Alembic migrations of the case database, shipped with the package and run from code (see store.schema)."""
