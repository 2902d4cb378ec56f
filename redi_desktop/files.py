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


def write_atomic(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write `data` to a temporary file beside `path`, fsync it, then move it over `path` in one step."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.part")
    try:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())  # on disk before it replaces the previous file
        if mode is not None:
            os.chmod(tmp, mode)
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
