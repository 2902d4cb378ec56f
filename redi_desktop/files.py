"""Writing a file all or nothing, and reading only what is a regular file of a sane size.

Used by every layer that writes a user's file (sheets, drafts, household files, settings, the reference
build): a crash or a full disk leaves the previous file as it was, never half a new one.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class NotARegularFile(OSError):
    """A FIFO, a device or a folder where a file was expected: reading it could hang or never end."""


class FileTooLarge(OSError):
    """Larger than what the caller reads: refused before it is read."""


def write_atomic(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Write `data` to a temporary file beside `path`, fsync it, then move it over `path` in one step. The
    file is readable by this account only (letters, household files and drafts name the client) unless
    `mode` says otherwise; the mode is set before the first byte is written."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.part")
    try:
        tmp.unlink(missing_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        with os.fdopen(fd, "wb") as f:
            os.chmod(tmp, mode)  # whatever the umask said
            f.write(data)
            f.flush()
            os.fsync(f.fileno())  # on disk before it replaces the previous file
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def fsync_dir(folder: Path) -> None:
    """A rename on disk too, not only in the cache (POSIX; Windows has no directory handles)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; a FIFO or a device is refused unopened."""
    path = Path(path)
    st = os.stat(path)  # FileNotFoundError propagates
    if not stat.S_ISREG(st.st_mode):
        raise NotARegularFile(str(path))
    if st.st_size > limit:
        raise FileTooLarge(str(path))
    with open(path, "rb") as f:
        data = f.read(limit + 1)
    if len(data) > limit:  # it grew while we looked
        raise FileTooLarge(str(path))
    return data


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name the same existing file (so that writing one would destroy the other)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False
