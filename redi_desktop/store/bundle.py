"""Moving cases between machines: export selected cases to one encrypted bundle file, import it elsewhere,
merging by case id. A case that changed on both sides is a conflict: reported, never overwritten.

Bundle format (version 1): a 49-byte header
    b"REDIBNDL" | version (1 byte) | Argon2id time cost, memory cost (KiB), parallelism (3 x uint32, big
    endian) | salt (16 random bytes) | nonce (12 random bytes)
then AES-256-GCM (key = Argon2id(bundle passphrase, salt)) of the zlib-compressed canonical JSON of the
cases, with the header as associated data: a changed byte anywhere makes the whole bundle refused.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from ..domain.canonical import canonical_json, sha256_of
from . import audit
from .audit import now
from .copies import dataset_from_json
from .documents import compute_digest, identity_digest
from .errors import StoreError
from .lock import private_file
from .models import AssessmentRow, Case, DatasetCopy, DecisionRow, HouseholdSnapshot, PolicyCopy

MAGIC = b"REDIBNDL"
MAX_BUNDLE_BYTES = 1 << 30  # cases and the datasets they used: far below a gigabyte
VERSION = 1
_HEADER = struct.Struct(">8sBIII16s12s")
# Argon2id as OWASP suggests for interactive use (64 MiB, 3 passes); tests may lower it, the header says.
TIME_COST, MEMORY_KIB, PARALLELISM = 3, 64 * 1024, 1
CASE_FIELDS = ("file_reference", "client_first_name", "client_last_name", "language", "status")


def _key(passphrase: str, salt: bytes, t: int, m: int, p: int) -> bytes:
    from argon2.low_level import Type, hash_secret_raw

    return hash_secret_raw(passphrase.encode("utf-8"), salt, time_cost=t, memory_cost=m, parallelism=p,
                           hash_len=32, type=Type.ID)


def _cases_payloads(s, case_ids) -> dict[str, dict]:
    """Cases with their assessments and decisions as plain data, by id, read in a few queries for all of them
    (a sync reads hundreds at once); an unknown id is refused."""
    ids = list(dict.fromkeys(case_ids))
    out: dict[str, dict] = {}
    for start in range(0, len(ids), 500):  # IN lists of a sane length
        chunk = ids[start:start + 500]
        cases = {c.id: c for c in s.execute(select(Case).where(Case.id.in_(chunk))).scalars()}
        missing = [cid for cid in chunk if cid not in cases]
        if missing:
            raise StoreError("case_unknown", case=missing[0])
        snaps = {r.id: r for r in s.execute(select(HouseholdSnapshot).where(HouseholdSnapshot.case_id.in_(chunk)))
                 .scalars()}
        decisions: dict[int, list] = {}
        for d in s.execute(select(DecisionRow).where(DecisionRow.case_id.in_(chunk)).order_by(DecisionRow.id)
                           ).scalars():
            decisions.setdefault(d.assessment_id, []).append(
                {"decision_json": d.decision_json, "outcome": d.outcome, "decided_on": d.decided_on,
                 "created_at": d.created_at})
        for cid, c in cases.items():
            out[cid] = {"id": c.id, **{f: getattr(c, f) for f in CASE_FIELDS}, "created_at": c.created_at,
                        "updated_at": c.updated_at, "retain_until": c.retain_until, "assessments": []}
        for a in s.execute(select(AssessmentRow).where(AssessmentRow.case_id.in_(chunk))
                           .order_by(AssessmentRow.id)).scalars():
            snap = snaps[a.snapshot_id]
            out[a.case_id]["assessments"].append({
                "household_json": snap.household_json, "household_sha256": snap.sha256, "on_date": a.on_date,
                "output_json": a.output_json, "dataset_id": a.dataset_id, "dataset_sha256": a.dataset_sha256,
                "policy_id": a.policy_id, "policy_version": a.policy_version, "policy_sha256": a.policy_sha256,
                "engine_version": a.engine_version, "inputs_sha256": a.inputs_sha256,
                "outputs_sha256": a.outputs_sha256, "run_id": a.run_id, "created_at": a.created_at,
                "decisions": decisions.get(a.id, []),
            })
    return {cid: out[cid] for cid in ids}


def export_cases(store, case_ids: list[str], target: Path, passphrase: str, user: str | None = None,
                 cost: tuple[int, int, int] = (TIME_COST, MEMORY_KIB, PARALLELISM)) -> int:
    """Write the cases to one encrypted bundle; returns the number of cases."""
    if not passphrase:
        raise StoreError("passphrase_empty")
    target = Path(target)
    data = cases_payload(store, case_ids)
    cases = data["cases"]
    payload = canonical_json(data)
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, nonce = os.urandom(16), os.urandom(12)
    t, m, p = cost
    header = _HEADER.pack(MAGIC, VERSION, t, m, p, salt, nonce)
    body = AESGCM(_key(passphrase, salt, t, m, p)).encrypt(nonce, zlib.compress(payload.encode("utf-8"), 6), header)
    data = header + body
    part = target.with_name(target.name + ".part")
    try:
        part.unlink(missing_ok=True)
        with os.fdopen(private_file(part, exclusive=True), "wb") as f:  # 0600 before a byte is in it
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(part, target)
    except OSError:
        part.unlink(missing_ok=True)
        raise StoreError("file_unwritable", path=target) from None
    digest = hashlib.sha256(data).hexdigest()
    with store._write() as s:
        uid = store._user_id(s, user)
        for c in cases:
            audit.append(s, uid, "export", c["id"], digest=digest)
    return len(cases)


def read_bundle(path: Path, passphrase: str) -> dict:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from ..files import read_regular_file

    path = Path(path)
    try:
        data = read_regular_file(path, MAX_BUNDLE_BYTES)  # a pipe would hang, /dev/zero never end
    except FileNotFoundError:
        raise StoreError("backup_missing", path=path) from None
    except (OSError, ValueError):  # not a regular file, too large, unreadable, a NUL in the name
        raise StoreError("bundle_unreadable", path=path) from None
    if len(data) < _HEADER.size or not data.startswith(MAGIC):
        raise StoreError("bundle_unreadable", path=path)
    magic, version, t, m, p, salt, nonce = _HEADER.unpack(data[:_HEADER.size])
    if version != VERSION or not (1 <= t and 8 * p <= m and 1 <= p):
        raise StoreError("bundle_unreadable", path=path)
    if t > TIME_COST or m > MEMORY_KIB or p > PARALLELISM:  # never more than we write: a changed header
        raise StoreError("bundle_cost_too_high", path=path)  # would cost seconds and gigabytes to refuse
    try:
        plain = AESGCM(_key(passphrase, salt, t, m, p)).decrypt(nonce, data[_HEADER.size:], data[:_HEADER.size])
        return json.loads(zlib.decompress(plain).decode("utf-8"))
    except (InvalidTag, zlib.error, ValueError):
        raise StoreError("bundle_damaged", path=path) from None


@dataclass
class ImportReport:
    imported: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)  # existing cases that received newer assessments
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[tuple[str, str]] = field(default_factory=list)  # case id, "diverged" or "changed"


def _akey(a: dict) -> tuple[str, str, str]:
    return (a["inputs_sha256"], a["outputs_sha256"], a["created_at"])


def import_bundle(store, path: Path, passphrase: str, user: str | None = None) -> ImportReport:
    """Merge a bundle into the store, in one transaction (see merge_cases)."""
    return merge_cases(store, read_bundle(path, passphrase), user, source=path)


def cases_payload(store, case_ids) -> dict:
    """Cases with everything stored about them and the datasets and policies they used, as plain data (what
    a bundle holds, and what a sync sends)."""
    with store._read() as s:
        for cid in dict.fromkeys(case_ids):
            store._case_for(s, cid)  # only the cases this user may see
        cases = list(_cases_payloads(s, case_ids).values())
        shas = {a["dataset_sha256"] for c in cases for a in c["assessments"]}
        pshas = {a["policy_sha256"] for c in cases for a in c["assessments"]}
        datasets = {sha: s.get(DatasetCopy, sha).content_json for sha in sorted(shas)}
        policies = {sha: s.get(PolicyCopy, sha).policy_json for sha in sorted(pshas)}
    return {"format": VERSION, "cases": cases, "datasets": datasets, "policies": policies}


def _dkey(d: dict) -> tuple[str, str]:
    return (d["decision_json"], d["created_at"])


def merge_cases(store, payload: dict, user: str | None = None, action: str = "import", source="") -> ImportReport:
    """Merge cases into the store, in one transaction, by case id. A case unknown here is added; a case whose
    assessments here are all in the payload (and whose name, reference, language and status agree) gets the
    newer assessments, and the decisions it lacks; anything else is a conflict, left as it is here: two
    different assessments since the last meeting ("diverged"), a changed name or reference ("changed"), two
    different decisions on one assessment ("decisions")."""
    store._require("case_write")
    for sha, text in payload["datasets"].items():  # a dataset copy is what its hash says, or nothing is taken
        if dataset_from_json(text).sha256() != sha:
            raise StoreError("bundle_damaged", path=source)
    report = ImportReport()
    with store._write() as s:
        uid = store._user_id(s, user)
        for sha, text in payload["datasets"].items():
            if s.get(DatasetCopy, sha) is None:
                s.add(DatasetCopy(sha256=sha, dataset_id=json.loads(text)["content"]["id"], content_json=text,
                                  stored_at=now()))
        for sha, text in payload["policies"].items():
            if s.get(PolicyCopy, sha) is None:
                d = json.loads(text)
                s.add(PolicyCopy(sha256=sha, policy_id=d["id"], version=d["version"], policy_json=text,
                                 stored_at=now()))
        s.flush()
        incoming = [c["id"] for c in payload["cases"]]
        known = set()
        for start in range(0, len(incoming), 500):
            known.update(s.execute(select(Case.id).where(Case.id.in_(incoming[start:start + 500]))).scalars())
        here_now = _cases_payloads(s, [cid for cid in incoming if cid in known])
        for c in payload["cases"]:
            local = s.get(Case, c["id"]) if c["id"] in known else None
            if local is None:
                case = Case(id=c["id"], **{f: c[f] for f in CASE_FIELDS}, created_at=c["created_at"],
                            updated_at=c["updated_at"], retain_until=c.get("retain_until"), created_by=uid,
                            search_text="")
                s.add(case)
                s.flush()
                store._index_case(s, case, new=True)
                _add_assessments(s, c["id"], c["assessments"], uid)
                audit.append(s, uid, action, c["id"], digest=identity_digest(c))  # the identity, chained
                report.imported.append(c["id"])
                continue
            mine = here_now[c["id"]]
            here, there = [_akey(a) for a in mine["assessments"]], [_akey(a) for a in c["assessments"]]
            same_fields = all(mine[f] == c[f] for f in CASE_FIELDS)
            if not same_fields or not (set(here) <= set(there)):
                report.conflicts.append((c["id"], "changed" if set(here) <= set(there) else "diverged"))
                continue
            decisions = _missing_decisions(mine, c)
            if decisions is None:
                report.conflicts.append((c["id"], "decisions"))
                continue
            new = [a for a in c["assessments"] if _akey(a) not in set(here)]
            if not new and not decisions:
                report.unchanged.append(c["id"])
                continue
            _add_assessments(s, c["id"], new, uid)
            ids = _assessment_ids(s, c["id"]) if decisions else {}
            for akey, d in decisions:
                s.add(DecisionRow(case_id=c["id"], assessment_id=ids[akey], user_id=uid, **d))
                audit.append(s, uid, "decide", c["id"], ref=f"assessment:{ids[akey]}",
                             digest=sha256_of(json.loads(d["decision_json"])))
            local.updated_at = max(local.updated_at, c["updated_at"])
            audit.append(s, uid, action, c["id"])
            report.merged.append(c["id"])
    from . import erasures

    try:  # a laptop's list of erasures (an office database keeps none)
        if not store.office:
            erasures.forget(store.path, report.imported)  # imported again on purpose: a restore leaves it
    except OSError:
        pass  # still listed: a restore of an earlier backup would erase it again, as before the import
    return report


def _assessment_ids(s, case_id: str) -> dict[tuple[str, str, str], int]:
    """A case's assessments here, by the key both sides recognise them by."""
    rows = s.execute(select(AssessmentRow.inputs_sha256, AssessmentRow.outputs_sha256, AssessmentRow.created_at,
                            AssessmentRow.id).where(AssessmentRow.case_id == case_id))
    return {(i, o, at): a_id for i, o, at, a_id in rows}


def _missing_decisions(mine: dict, theirs: dict) -> list | None:
    """The decisions the other side holds on assessments both have and this side lacks; None when both sides
    decided something different on one assessment (a person must choose)."""
    ours = {_akey(a): {_dkey(d) for d in a["decisions"]} for a in mine["assessments"]}
    missing = []
    for a in theirs["assessments"]:
        key = _akey(a)
        if key not in ours:
            continue
        their = {_dkey(d): d for d in a["decisions"]}
        if ours[key] - set(their) and set(their) - ours[key]:
            return None
        missing += [(key, d) for k, d in their.items() if k not in ours[key]]
    return missing


def _add_assessments(s, case_id: str, assessments: list[dict], uid: int | None) -> None:
    for a in assessments:
        snap = HouseholdSnapshot(case_id=case_id, household_json=a["household_json"], sha256=a["household_sha256"],
                                 created_at=a["created_at"])
        s.add(snap)
        s.flush()
        row = AssessmentRow(case_id=case_id, snapshot_id=snap.id, user_id=uid,
                            **{k: a[k] for k in ("on_date", "output_json", "dataset_id", "dataset_sha256",
                                                 "policy_id", "policy_version", "policy_sha256", "engine_version",
                                                 "inputs_sha256", "outputs_sha256", "run_id", "created_at")})
        s.add(row)
        s.flush()
        audit.append(s, uid, "compute", case_id, ref=a["run_id"],
                     digest=compute_digest(a["inputs_sha256"], a["outputs_sha256"]))
        for d in a["decisions"]:
            s.add(DecisionRow(case_id=case_id, assessment_id=row.id, user_id=uid, **d))
            audit.append(s, uid, "decide", case_id, ref=f"assessment:{row.id}",
                         digest=sha256_of(json.loads(d["decision_json"])))
        s.flush()
