"""Who has the case database file open: an advisory lock on `cases.db.lock` beside it (flock, POSIX).

Every open store holds it shared, so that any number of programs (the GUI, commands) work on the store at
once as before; creating a store and restoring a backup take it exclusively. So two `init` at once make one
store (the second waits, then finds it), and `restore` refuses while another program has the store open
(that program would go on writing into the file restore set aside). SQLite's own locks on the database file
are untouched. Where flock does not exist (Windows) or the lock file cannot be opened (a read-only folder),
there is no lock: opening still works, restore and creation are as unguarded as before.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from .errors import StoreError

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None


def lock_path(store_path: Path) -> Path:
    return Path(f"{store_path}.lock")


def private_file(path: Path, exclusive: bool = False) -> int:
    """Open (create) a file readable by this account only, before any byte is in it; returns the fd."""
    flags = os.O_RDWR | os.O_CREAT | (os.O_EXCL if exclusive else 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, 0o600)
    try:
        os.chmod(path, 0o600)  # whatever the umask said
    except OSError:
        pass
    return fd


def keep_private(paths) -> None:
    """Take group and other permissions off existing files (a store or backups made world-readable by an
    earlier version); files that are not there or not ours are left as they are."""
    for path in paths:
        try:
            mode = os.stat(path).st_mode & 0o7777
            if mode & 0o077:
                os.chmod(path, mode & 0o700)
        except OSError:
            pass


class StoreLock:
    """The lock a store holds while open (shared) or while it is created or restored (exclusive)."""

    def __init__(self, fd: int | None):
        self.fd = fd

    @classmethod
    def take(cls, store_path: Path, exclusive: bool, wait_s: float = 0.0) -> StoreLock:
        """The lock, waiting up to `wait_s` seconds; StoreError("store_in_use") when another program keeps it."""
        if fcntl is None:
            return cls(None)
        path = lock_path(store_path)
        try:
            fd = private_file(path)
        except OSError:
            try:
                fd = os.open(path, os.O_RDONLY)  # a read-only folder: a lock that is there can still be taken
            except OSError:
                return cls(None)
        deadline = time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
                return cls(fd)
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise StoreError("store_in_use") from None
                time.sleep(0.05)
            except OSError:  # a file system without locks
                os.close(fd)
                return cls(None)

    def share(self) -> None:
        """From exclusive to shared (a store just created stays open)."""
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_SH)

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing the descriptor drops the lock
            self.fd = None
