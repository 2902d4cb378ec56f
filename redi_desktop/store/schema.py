"""Running the shipped Alembic migrations from code: batch mode, a verified backup first, and refusal of a
database written by a newer program."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Connection

from .errors import StoreError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
MIGRATION_LOCK = 0x52454d47  # "REMG": the advisory lock of an office database's migrations


def _config(connection: Connection | None = None):
    from alembic.config import Config

    cfg = Config()  # no alembic.ini: nothing read from the working folder, no logging configured
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@cache
def _scripts():
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config())


def head() -> str:
    return _scripts().get_current_head()


def known_revisions() -> set[str]:
    return {s.revision for s in _scripts().walk_revisions()}


def current_revision(conn: Connection) -> str | None:
    if not table_exists(conn, "alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine, target: str = "head") -> None:
    """Upgrade to `target` on one connection with foreign keys off (a batch table rebuild must not cascade
    deletes), then check the foreign keys and switch them back on."""
    from alembic import command

    if engine.dialect.name != "sqlite":  # PostgreSQL: transactional DDL, foreign keys never switched off
        with engine.connect() as conn:
            # one upgrader at a time: a second program starting meanwhile waits, then finds nothing to do
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK})
            conn.commit()
            try:
                command.upgrade(_config(conn), target)
                conn.commit()
            finally:
                conn.rollback()
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK})
                conn.commit()
        return
    with engine.connect() as conn:
        raw = conn.connection.driver_connection  # outside any transaction: the pragma is a no-op inside one
        raw.execute("PRAGMA foreign_keys = OFF")
        try:
            command.upgrade(_config(conn), target)
            conn.commit()
            bad = raw.execute("PRAGMA foreign_key_check").fetchall()
            if bad:
                raise StoreError("store_damaged", path=engine.url.database)
        finally:
            conn.rollback()
            raw.execute("PRAGMA foreign_keys = ON")


def needs_upgrade(conn: Connection, path) -> bool:
    """True when the database is older than the code; StoreError when it is newer (or unknown)."""
    rev = current_revision(conn)
    if rev == head():
        return False
    if rev is not None and rev not in known_revisions():
        raise StoreError("store_too_new", path=path)
    return True


def table_exists(conn: Connection, name: str) -> bool:
    from sqlalchemy import inspect

    return inspect(conn).has_table(name)


def refuse_changes(op, table: str, trigger: str, event: str = "UPDATE") -> None:
    """A trigger that refuses UPDATE (or DELETE) on an append-only table, in the migration's dialect (the
    shipped migrations call it)."""
    if op.get_context().dialect.name == "postgresql":
        op.execute("CREATE OR REPLACE FUNCTION redi_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                   "RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$")
        op.execute(f"CREATE TRIGGER {trigger} BEFORE {event} ON {table} FOR EACH ROW EXECUTE FUNCTION "
                   "redi_append_only()")
    else:
        op.execute(f"CREATE TRIGGER {trigger} BEFORE {event} ON {table} "
                   f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END")


def drop_trigger(op, table: str, trigger: str) -> None:
    on = " ON " + table if op.get_context().dialect.name == "postgresql" else ""
    op.execute("DROP TRIGGER " + trigger + on)
