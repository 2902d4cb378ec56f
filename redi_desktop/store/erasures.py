"""Erasures that outlive a restore. An erased case stays in the backups made before its erasure; restoring
one of them would bring it back. So each erasure is also written, before the case's rows are deleted, to a
file beside the store (`cases.db.erased`: one case id a line, random UUIDs that say nothing about anyone,
0600, appended and fsynced), and opening a store erases those cases again when it holds them (a restored
backup, a file copied back by hand).

A case imported again on purpose from a bundle leaves the list (it is wanted back). The list reaches this
machine's store and its restores only: bundles already exported and copies on other machines keep what they
hold (README, "Erasure").
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..files import write_atomic
from .lock import private_file

_CASE_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def erasures_path(store_path: Path) -> Path:
    return Path(f"{store_path}.erased")


def record(store_path: Path, case_id: str) -> None:
    """Add a case id to the list, on disk before the erasure itself (a crash in between leaves a case to
    erase again, never an erased case that a restore brings back)."""
    fd = private_file(erasures_path(store_path))
    try:
        os.lseek(fd, 0, os.SEEK_END)
        os.write(fd, f"{case_id}\n".encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)


def erased(store_path: Path) -> list[str]:
    """The ids of the cases erased on this machine, oldest first (lines that are not case ids are skipped)."""
    try:
        text = erasures_path(store_path).read_text(encoding="ascii", errors="replace")
    except FileNotFoundError:
        return []
    return list(dict.fromkeys(line for line in text.split("\n") if _CASE_ID.fullmatch(line)))


def forget(store_path: Path, case_ids: list[str]) -> None:
    """Take cases off the list (imported again on purpose)."""
    gone = set(case_ids)
    ids = erased(store_path)
    if gone & set(ids):
        write_atomic(erasures_path(store_path), "".join(f"{i}\n" for i in ids if i not in gone).encode("ascii"))


def reapply(store, user: str | None = None) -> list[str]:
    """Erase again the listed cases a store holds (a backup restored, a file copied back); returns their
    ids. Cheap when there is nothing to do: the list is read, the store asked only when it names cases."""
    from .errors import StoreError

    listed = erased(store.path)
    if not listed:
        return []
    present = set(store.case_ids())
    again = []
    for case_id in (i for i in listed if i in present):
        try:
            store._erase(case_id, user=user)  # the program itself, whoever signs in next
            again.append(case_id)
        except StoreError as exc:
            if exc.key != "case_unknown":  # erased by another program at the same moment: done
                raise
    return again
