"""The audit log: who did what to which case, when. Ids and hashes only, never personal data.

Each row's hash is sha256(previous hash + canonical JSON of the row), and the newest (id, hash) is kept in
`meta` too, so a changed, inserted, deleted or truncated row breaks the chain and `verify` says where.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.canonical import canonical_json
from .models import AuditEntry, Meta

GENESIS = "0" * 64
ACTIONS = ("init", "create_user", "create_case", "compute", "decide", "view", "print", "export", "import",
           "erase", "backup", "restore", "rekey", "verify", "migrate", "draft", "policy", "profile", "disable_user",
           "password", "assign", "sync", "update_case", "request", "notify", "meeting", "scenarios")


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def row_hash(prev_hash: str, id_: int, at: str, user_id, action: str, case_id, ref, digest) -> str:
    row = canonical_json([id_, at, user_id, action, case_id, ref, digest])
    return hashlib.sha256((prev_hash + row).encode("utf-8")).hexdigest()


def append(s: Session, user_id: int | None, action: str, case_id: str | None = None, ref: str | None = None,
           digest: str | None = None, at: str | None = None) -> AuditEntry:
    """Add one entry to the chain, in the caller's transaction."""
    assert action in ACTIONS, action
    # the head read once per transaction: writers are serialised (BEGIN IMMEDIATE, or the office's lock), so
    # nobody else appends until it commits
    last = s.info.get("audit_head")
    if last is None:
        last = s.execute(select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)).first()
    id_, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    at = at or now()
    entry = AuditEntry(id=id_, at=at, user_id=user_id, action=action, case_id=case_id, ref=ref, digest=digest,
                       prev_hash=prev, hash=row_hash(prev, id_, at, user_id, action, case_id, ref, digest))
    s.add(entry)
    s.merge(Meta(key="audit_head", value=f"{id_}:{entry.hash}"))
    s.info["audit_head"] = (id_, entry.hash)
    return entry


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    entries: int
    first_bad: int | None = None  # id of the first entry that does not follow from the one before


def check(s: Session) -> ChainReport:
    prev, expected_id, count = GENESIS, 1, 0
    for e in s.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars():
        good = (e.id == expected_id and e.prev_hash == prev
                and e.hash == row_hash(prev, e.id, e.at, e.user_id, e.action, e.case_id, e.ref, e.digest))
        if not good:
            return ChainReport(False, count, e.id)
        prev, expected_id, count = e.hash, e.id + 1, count + 1
    head = s.get(Meta, "audit_head")
    if count and (head is None or head.value != f"{expected_id - 1}:{prev}"):
        return ChainReport(False, count, expected_id)  # rows removed at the end
    if not count and head is not None:
        return ChainReport(False, 0, 1)
    return ChainReport(True, count)
