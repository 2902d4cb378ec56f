"""Backups by the SQLite backup API into a rotating set, each verified before it replaces an older one;
restore that never overwrites the file it replaces (it is kept aside) and is refused while another
program has the store open; the cases erased since the backup was made are erased again when the restored
store is opened (store/erasures.py).
Every file is created readable by this account only (0600), the folder 0700."""

from __future__ import annotations

import datetime as dt
import errno
import os
import shutil
import time
from pathlib import Path

from ..files import fsync_dir
from .connection import classify, driver_error, is_sound_copy
from .errors import StoreError
from .keys import keyring_path
from .lock import StoreLock, keep_private, private_file

KEEP = {"manual": 10, "daily": 7, "migration": 5, "restore": 5}
BACKUP_DIR = "backups"
STALE_PART_S = 3600  # a backup or restore in progress writes its part for seconds: an hour-old one was cut


def remove_stale_parts(folder: Path) -> list[Path]:
    """Remove the half-written copies (".*.part" and their journals) a killed backup or restore left."""
    removed = []
    try:
        parts = [*folder.glob(".cases*.part"), *folder.glob(".cases*.part-journal")]
    except OSError:
        return removed
    for part in parts:
        try:
            if time.time() - part.stat().st_mtime > STALE_PART_S:
                part.unlink()
                removed.append(part)
        except OSError:
            pass
    return removed


def _discard(part: Path) -> None:
    try:
        part.unlink(missing_ok=True)
    except OSError:  # a folder that is not one: nothing was written there
        pass


def _unwritable(exc: OSError, path: Path) -> StoreError:
    return StoreError("store_full") if exc.errno in (errno.ENOSPC, errno.EDQUOT) else StoreError(
        "file_unwritable", path=path)


def backup_dir(store_path: Path) -> Path:
    return Path(store_path).parent / BACKUP_DIR


def backups(folder: Path, kind: str | None = None) -> list[Path]:
    """The backups in a folder, oldest first."""
    if not folder.is_dir():
        return []
    pattern = f"cases-*-{kind}.db" if kind else "cases-*.db"
    return sorted(folder.glob(pattern))


def backup(store, kind: str = "manual", folder: Path | None = None) -> Path:
    """Copy the open store, page by page with the backup API, into the backup folder (same passphrase),
    check the copy with integrity_check, then drop the oldest of its kind beyond KEEP[kind]."""
    if store.office:  # backed up by its server; and its "path" is a URL, not a folder to write into
        raise StoreError("office_backup")
    if kind == "manual":  # the daily and migration backups are the program's own, whoever signed in
        store._require("backup")
    folder = Path(folder or backup_dir(store.path))
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"cases-{stamp}-{kind}.db"
    part = folder / f".{target.name}.part"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        remove_stale_parts(folder)
        part.unlink(missing_ok=True)
        os.close(private_file(part, exclusive=True))  # 0600 before the first page is copied into it
        store.copy_to(part)
        if not store.is_sound_copy(part):
            raise StoreError("backup_damaged", path=target)
        with open(part, "rb+") as f:
            os.fsync(f.fileno())
        ring = keyring_path(part)
        if ring.exists():  # the keys that open this copy, beside it
            os.replace(ring, keyring_path(target))
        os.replace(part, target)
        fsync_dir(folder)
    except driver_error() as exc:
        _discard(part)
        raise classify(exc, target) from None
    except OSError as exc:
        _discard(part)
        raise _unwritable(exc, target) from None
    for old in backups(folder, kind)[:-KEEP.get(kind, 10)]:
        old.unlink(missing_ok=True)
        keyring_path(old).unlink(missing_ok=True)
    keep_private(backups(folder))  # those an earlier version made readable by all
    try:
        store.record("backup", ref=kind)
    except StoreError:
        pass  # a store that can no longer be written can still be backed up
    return target


def daily_backup(store, folder: Path | None = None) -> Path | None:
    """A backup if none of kind "daily" was made today (UTC)."""
    folder = Path(folder or backup_dir(store.path))
    today = dt.datetime.now(dt.UTC).strftime("%Y%m%d")
    if any(p.name.startswith(f"cases-{today}") for p in backups(folder, "daily")):
        return None
    return backup(store, "daily", folder)


def restore(source: Path, store_path: Path, password: str, kdf_iter: int, user: str | None = None) -> Path | None:
    """Put a verified backup in place of the store, with the keyring it was made with. The current file
    (its WAL and keyring) is moved aside, never overwritten: returns where it went (None when there was
    none). The store must be closed: while another program has it open, StoreError("store_in_use"). The
    cases erased on this machine since the backup was made are erased again when it is next opened
    (Store.open, store/erasures.py)."""
    from . import keys
    from .keys import file_keyspec

    source, store_path = Path(source), Path(store_path)
    if not source.is_file():
        raise StoreError("backup_missing", path=source)
    source_ring = keys.keyring_path(source)
    keyspec = file_keyspec(source, password, user, ring=keys.keyring_path(store_path))
    if not is_sound_copy(source, keyspec, kdf_iter):
        raise StoreError("backup_damaged", path=source)
    folder = store_path.parent
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    part = folder / f".{store_path.name}.restore.part"
    aside = None
    lock = StoreLock.take(store_path, exclusive=True)  # another program's saves would go to the file set aside
    try:
        remove_stale_parts(folder)
        part.unlink(missing_ok=True)
        with open(source, "rb") as src, os.fdopen(private_file(part, exclusive=True), "wb") as f:
            shutil.copyfileobj(src, f)
            f.flush()
            os.fsync(f.fileno())
        if not is_sound_copy(part, keyspec, kdf_iter):
            raise StoreError("backup_damaged", path=source)
        if store_path.exists():
            aside = folder / f"{store_path.stem}-replaced-{stamp}{store_path.suffix}"
            os.replace(store_path, aside)
            for suffix in ("-wal", "-shm", ".keys"):  # a WAL and a keyring belong to the file they were made for
                side = Path(f"{store_path}{suffix}")
                if side.exists():
                    os.replace(side, Path(f"{aside}{suffix}"))
        if source_ring.exists():
            keys.write_keyring(keys.keyring_path(store_path), keys.read_keyring(source_ring))
        elif aside is not None and keys.keyring_path(aside).exists():  # a backup of before keyrings' day
            keys.write_keyring(keys.keyring_path(store_path), keys.read_keyring(keys.keyring_path(aside)))
        os.replace(part, store_path)
        fsync_dir(folder)
    except OSError as exc:
        _discard(part)
        raise _unwritable(exc, store_path) from None
    except BaseException:
        _discard(part)
        raise
    finally:
        lock.release()
    return aside
