"""The encrypted case database's SQLCipher specifics, all in this module: opening it through SQLAlchemy
with the key set in a connect event, raw keyed connections (backups), the WAL checkpoint, rekeying, the
integrity check of a copy, and SQLCipher's errors as StoreErrors a user can read.

The key is never in a URL, a log or an error: it is given to SQLCipher by `PRAGMA key` on each new DBAPI
connection, as a *keyspec*: the raw 256-bit data key unlocked from the keyring (keys.sqlcipher_key), or for
a store from before users had keys, its passphrase (quote_passphrase; SQLCipher's PBKDF2-HMAC-SHA512,
`kdf_iter` rounds). SQLCipher's own log is switched off first so a wrong key prints nothing on stderr.

Durability: WAL journal with synchronous=FULL (each commit is fsynced before it returns, so a committed
case survives a power cut, not only a crash), foreign keys on, secure_delete on (deleted rows are
overwritten with zeros, before encryption), cipher_memory_security on (SQLCipher wipes and locks its
buffers).
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.dialects import registry
from sqlalchemy.dialects.sqlite.pysqlcipher import SQLiteDialect_pysqlcipher
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite
from sqlalchemy.engine import Engine
from sqlalchemy.pool import SingletonThreadPool

from .errors import StoreError

# SQLCipher 4's default; REDI_DESKTOP_KDF_ITER lowers it for the test suite only (a store must always be
# opened with the value it was created with, so it is not a setting a user can change).
DEFAULT_KDF_ITER = 256_000
BUSY_TIMEOUT_MS = 5_000


def kdf_iter_default() -> int:
    value = os.environ.get("REDI_DESKTOP_KDF_ITER")
    return int(value) if value and value.isdigit() and int(value) > 0 else DEFAULT_KDF_ITER


class _KeyedSQLCipherDialect(SQLiteDialect_pysqlcipher):
    """The pysqlcipher dialect (sqlcipher3 driver), but the key comes from our connect event, never from
    the URL: the stock dialect would run `pragma key=""` from the URL's (absent) password and fail."""

    supports_statement_cache = True

    def on_connect_url(self, url):
        return SQLiteDialect_pysqlite.on_connect_url(self, url)


registry.register("sqlite.redi_sqlcipher", __name__, "_KeyedSQLCipherDialect")


def quote_passphrase(passphrase: str) -> str:
    """The keyspec of a passphrase-keyed store (made before schema 0004)."""
    return "'" + passphrase.replace("'", "''") + "'"


def key_connection(dbapi_con, keyspec: str, kdf_iter: int) -> None:
    """Key a raw sqlcipher3 connection and prove the key by reading the schema (raises on a wrong key)."""
    cur = dbapi_con.cursor()
    try:
        cur.execute("PRAGMA cipher_log_level = NONE")
        cur.execute(f"PRAGMA key = {keyspec}")
        cur.execute(f"PRAGMA kdf_iter = {int(kdf_iter)}")
        cur.execute("PRAGMA cipher_memory_security = ON")
        cur.execute("SELECT count(*) FROM sqlite_master").fetchall()
    finally:
        cur.close()


def raw_connection(path: Path, keyspec: str, kdf_iter: int, shared: bool = False):
    """A new keyed sqlcipher3 connection outside SQLAlchemy (backups, rekeying); `shared` for other threads."""
    import sqlcipher3

    con = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=not shared)
    try:
        key_connection(con, keyspec, kdf_iter)
    except BaseException:
        con.close()
        raise
    return con


def driver_error() -> type[Exception]:
    """The driver's own error class (sqlcipher3.Error), for the few places that call it directly."""
    import sqlcipher3

    return sqlcipher3.Error


def is_sound_copy(path: Path, keyspec: str, kdf_iter: int) -> bool:
    """Whether a file is a complete, readable case store under this key (integrity_check)."""
    try:
        con = raw_connection(path, keyspec, kdf_iter)
    except driver_error():
        return False
    try:
        return con.execute("PRAGMA integrity_check").fetchall() == [("ok",)] and bool(
            con.execute("SELECT count(*) FROM sqlite_master WHERE name='alembic_version'").fetchone()[0])
    except driver_error():
        return False
    finally:
        con.close()


def copy_database(source_con, target: Path, keyspec: str, kdf_iter: int) -> None:
    """Copy an open store page by page (SQLite's backup API) into a new file keyed the same way."""
    dst = raw_connection(target, keyspec, kdf_iter)
    try:
        source_con.backup(dst)
        dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
    finally:
        dst.close()


def checkpoint(engine: Engine, path: Path) -> None:
    """Move the WAL into the database and truncate it (after an erasure: no byte of it stays in the WAL)."""
    with engine.connect() as conn:
        try:  # on the driver's connection: outside a transaction, or the WAL could not be reset
            conn.connection.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        except driver_error() as exc:
            raise classify(exc, path) from None


def rekey(path: Path, keyspec: str, new_keyspec: str, kdf_iter: int) -> None:
    """Re-encrypt every page under a new key, in one transaction (the store must be closed)."""
    try:
        con = raw_connection(path, keyspec, kdf_iter)
    except driver_error() as exc:
        raise classify(exc, path) from None
    try:
        con.execute("PRAGMA journal_mode = DELETE")  # SQLCipher rekeys outside WAL mode
        con.execute(f"PRAGMA rekey = {new_keyspec}")
        con.execute("PRAGMA journal_mode = WAL")
    except driver_error() as exc:
        raise classify(exc, path) from None
    finally:
        con.close()


def make_engine(path: Path, keyspec: str, kdf_iter: int, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Engine:
    engine = create_engine(f"sqlite+redi_sqlcipher:///{Path(path)}", poolclass=SingletonThreadPool,
                           connect_args={"check_same_thread": False, "timeout": busy_timeout_ms / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_con, _record):
        dbapi_con.isolation_level = None  # we issue BEGIN ourselves (below), the driver never does
        key_connection(dbapi_con, keyspec, kdf_iter)
        cur = dbapi_con.cursor()
        try:
            cur.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            if cur.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = FULL")
            cur.execute("PRAGMA foreign_keys = ON")
            cur.execute("PRAGMA secure_delete = ON")
        finally:
            cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # writers take the write lock up front: a locked database fails before any work, not halfway
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("write") else "BEGIN")

    return engine


# SQLite needs room for its shared-memory index (32 KiB) and the WAL's next frames before it reads a page:
# with less free space it fails with "disk I/O error", which is no damage of the file
LOW_DISK_BYTES = 1 << 20


def disk_nearly_full(path: Path) -> bool:
    """Whether the disk that holds `path` has less free space than SQLite needs to open and write it."""
    import shutil

    try:
        return shutil.disk_usage(Path(path).parent).free < LOW_DISK_BYTES
    except OSError:
        return False


def classify(exc: BaseException, path: Path, opening: bool = False) -> StoreError:
    """An SQLite / SQLCipher failure as a StoreError a user can read. A full disk is said as a full disk,
    whatever SQLite reported: "damaged, restore a backup" would make a user replace good data."""
    if isinstance(exc, StoreError):
        return exc
    text = str(getattr(exc, "orig", None) or exc).lower()
    if "locked" not in text and "busy" not in text and disk_nearly_full(path):
        return StoreError("store_full")
    if "not a database" in text or "hmac" in text:
        return StoreError("wrong_passphrase") if opening else StoreError("store_damaged", path=path)
    if "locked" in text or "busy" in text:
        return StoreError("store_locked")
    if "full" in text:
        return StoreError("store_full")
    if "readonly" in text or "read-only" in text or "read only" in text:
        return StoreError("store_read_only", path=path)
    if "malformed" in text or "corrupt" in text or "integrity" in text:
        return StoreError("store_damaged", path=path)
    if "unable to open" in text:
        return StoreError("store_unreadable", path=path)
    if "disk i/o" in text:
        return StoreError("store_damaged", path=path)
    return StoreError("store_unreadable", path=path)
