"""The office case base's PostgreSQL specifics, all in this module: the engine (psycopg 3), the lock every
writer takes, and PostgreSQL's errors as StoreErrors a user can read.

The URL is libpq's (`postgresql://USER@HOST:PORT/DB?sslmode=verify-full`): the database password comes from
libpq's password file (~/.pgpass, or PGPASSFILE) or PGPASSWORD, TLS from `sslmode`, `sslrootcert` and the
PG* variables, so no secret is ever in the URL we print or log. The program's own users sign in on top of
that connection (store/keys.py): the database role lets the program reach the server, the user's password
unlocks the key of the client's identity.

Writers are serialised by one transaction-level advisory lock taken at BEGIN, as SQLite's BEGIN IMMEDIATE
does on a laptop: the audit log is one hash chain with one head, so two writers must never append at once.
A lock is simpler and cheaper than serialisable transactions with retries (which would compute the chain
twice and fail under load); writes are a few milliseconds, so four writers wait little.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url

from .errors import StoreError

WRITE_LOCK = 0x52454449  # "REDI": the advisory lock of every write transaction
LOCK_TIMEOUT = "10s"


def is_office_url(location) -> bool:
    return isinstance(location, str) and location.startswith(("postgresql://", "postgres://"))


def display_url(url: str) -> str:
    """The URL without any password, for messages."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = (f"{parts.username}@" if parts.username else "") + host + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def make_engine(url: str) -> Engine:
    try:
        sa_url = make_url(url).set(drivername="postgresql+psycopg")
    except Exception:  # noqa: BLE001 - SQLAlchemy raises several kinds for a malformed URL
        raise StoreError("office_url_bad", url=display_url(url)) from None
    if not sa_url.database:
        raise StoreError("office_url_bad", url=display_url(url))
    engine = create_engine(sa_url, pool_pre_ping=True, pool_size=2, max_overflow=2,
                           connect_args={"connect_timeout": 10, "application_name": "redi-desktop"})

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        if conn.get_execution_options().get("write"):
            conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")

    return engine


@contextmanager
def opening(engine: Engine, url: str) -> Iterator[None]:
    """Creating or opening an office store: on any failure the engine's connections are closed, and the
    server's errors are said as StoreErrors."""
    from sqlalchemy.exc import SQLAlchemyError

    try:
        yield
    except SQLAlchemyError as exc:
        engine.dispose()
        raise classify(exc, url) from None
    except BaseException:
        engine.dispose()
        raise


def classify(exc: BaseException, url: str) -> StoreError:
    """A PostgreSQL failure as a StoreError a user can read."""
    if isinstance(exc, StoreError):
        return exc
    orig = getattr(exc, "orig", None) or exc
    text = str(orig).lower()
    where = display_url(url)
    sqlstate = getattr(orig, "sqlstate", None) or ""
    if "password authentication failed" in text or "no password supplied" in text or sqlstate == "28P01":
        return StoreError("office_login_refused", url=where)
    if sqlstate.startswith("28") or "authentication" in text:
        return StoreError("office_login_refused", url=where)
    if sqlstate == "3D000" or ("database" in text and "does not exist" in text):
        return StoreError("office_no_database", url=where)
    if "ssl" in text or "certificate" in text:
        return StoreError("office_tls", url=where)
    if sqlstate in ("55P03", "40P01") or "lock timeout" in text:
        return StoreError("store_locked")
    if sqlstate == "53100" or "no space left" in text:
        return StoreError("store_full")
    if sqlstate == "25006" or "read-only" in text:
        return StoreError("store_read_only", path=where)
    if ("connection" in text or "server" in text or "timeout" in text or "could not translate host" in text
            or sqlstate.startswith("08")):
        return StoreError("office_unreachable", url=where)
    return StoreError("store_unreadable", path=where)
