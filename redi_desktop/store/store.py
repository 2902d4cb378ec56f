"""The case store: an encrypted SQLCipher database of cases, their household snapshots and assessments,
decisions, drafts, users and the audit log. Every save is one transaction."""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from ..domain.assessment import Assessment
from ..domain.canonical import canonical_json, sha256_of
from ..domain.dataset import Dataset
from ..domain.decision import Decision
from ..domain.household import Household
from ..domain.policy import Policy
from ..domain.profile import Profile
from ..paths import user_data_dir
from . import audit, schema
from .audit import now
from .connection import (
    checkpoint,
    classify,
    copy_database,
    is_sound_copy,
    kdf_iter_default,
    make_engine,
    raw_connection,
    rekey,
)
from .copies import dataset_from_json, dataset_json, policy_from_json, policy_json
from .errors import StoreError
from .models import (
    AssessmentRow,
    Case,
    CaseScenarios,
    DatasetCopy,
    DecisionRow,
    Draft,
    HouseholdSnapshot,
    Meta,
    PolicyCopy,
    PolicyVersion,
    ProfileRow,
    User,
)

STORE_FILE = "cases.db"


data_dir = user_data_dir  # REDI_DESKTOP_DATA if set, else the platform's user data folder


def default_path() -> Path:
    return data_dir() / STORE_FILE


@dataclass(frozen=True)
class CaseSummary:
    id: str
    file_reference: str
    first_name: str
    last_name: str
    status: str
    updated_at: str


@dataclass(frozen=True)
class StoredAssessment:
    """A stored assessment as verification reads it: what went in, what came out, and their hashes."""

    id: int
    run_id: str
    on_date: dt.date
    household_json: str
    output_json: str
    dataset_sha256: str
    policy_json: str
    engine_version: str
    inputs_sha256: str
    outputs_sha256: str


@dataclass(frozen=True)
class PolicyLogEntry:
    """One saved version of the CPAS's policy: who saved it, when, why, and the policy itself."""

    version: int
    author: str
    created_at: str
    reason: str
    policy: Policy


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def search_text(first: str, last: str, ref: str) -> str:
    return " ".join(x for x in (first, last, ref) if x).casefold()


def _client_name(household: Household) -> tuple[str, str]:
    return household.client.first_name.strip(), household.client.last_name.strip()


class Store:
    """An open case store. Build it with Store.create or Store.open; close it when done."""

    def __init__(self, path: Path, engine, passphrase: str, kdf_iter: int):
        self.path = Path(path)
        self.engine = engine
        self._write_engine = engine.execution_options(write=True)
        self._passphrase = passphrase  # needed for new connections (other threads) and backups
        self.kdf_iter = kdf_iter
        self._datasets: dict[str, Dataset] = {}

    # -- opening -----------------------------------------------------------------------------------------

    @classmethod
    def create(cls, path: Path, passphrase: str, admin: str = "admin", kdf_iter: int | None = None) -> Store:
        path = Path(path)
        if path.exists() and path.stat().st_size > 0:
            raise StoreError("store_exists", path=path.parent)
        kdf_iter = kdf_iter or kdf_iter_default()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            raise StoreError("store_read_only", path=path) from None
        engine = make_engine(path, passphrase, kdf_iter)
        store = cls(path, engine, passphrase, kdf_iter)
        try:
            schema.upgrade(engine)
            with store._write() as s:
                s.add(Meta(key="created_at", value=now()))
                user = User(name=admin, role="administrator", password_hash=None, active=True, created_at=now())
                s.add(user)
                s.flush()
                audit.append(s, user.id, "init")
                audit.append(s, user.id, "create_user", ref=f"user:{user.id}")
        except BaseException as exc:
            engine.dispose()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            if isinstance(exc, SQLAlchemyError | OSError):
                raise classify(exc, path) from None
            raise
        return store

    @classmethod
    def open(cls, path: Path, passphrase: str, kdf_iter: int | None = None, migrate: bool = True,
             backup_dir: Path | None = None, check: bool = True) -> Store:
        """Unlock and open a store; with `check`, PRAGMA quick_check first (it reads every page: about
        3 s for 50,000 cases, so the GUI may open with check=False and run quick_check() in a worker)."""
        path = Path(path)
        if not path.is_file():
            raise StoreError("store_missing", path=path.parent)
        kdf_iter = kdf_iter or kdf_iter_default()
        engine = make_engine(path, passphrase, kdf_iter)
        store = cls(path, engine, passphrase, kdf_iter)
        try:
            if path.stat().st_size == 0:  # never let SQLite turn an emptied file into a new, empty store
                raise StoreError("store_damaged", path=path)
            try:
                conn = engine.connect()
            except SQLAlchemyError as exc:
                error = classify(exc, path, opening=True)
                if error.key in ("store_unreadable", "store_damaged") and not _writable(path):
                    error = StoreError("store_read_only", path=path)  # WAL needs its -shm beside the file
                raise error from None
            try:
                rows = conn.exec_driver_sql("PRAGMA quick_check").fetchall() if check else [("ok",)]
                if rows != [("ok",)]:
                    raise StoreError("store_damaged", path=path)
                if not schema.table_exists(conn, "alembic_version"):
                    # an empty or foreign file: never turn it into a new store, which would hide the loss
                    raise StoreError("store_damaged", path=path)
                upgrade = schema.needs_upgrade(conn, path)
                conn.rollback()
            except SQLAlchemyError as exc:
                raise classify(exc, path) from None
            finally:
                conn.close()
            if upgrade and migrate:
                from .backup import backup

                backup(store, kind="migration", folder=backup_dir)
                try:
                    schema.upgrade(engine)
                except SQLAlchemyError as exc:
                    raise classify(exc, path) from None
                with store._write() as s:
                    audit.append(s, None, "migrate", ref=schema.head())
        except BaseException:
            engine.dispose()
            raise
        return store

    def reopener(self):
        """How to open this store again with a passphrase typed later (after a lock), without keeping it."""
        path, kdf_iter = self.path, self.kdf_iter
        return lambda passphrase: Store.open(path, passphrase, kdf_iter=kdf_iter, check=False)

    def close(self) -> None:
        self.engine.dispose()
        self._passphrase = ""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- transactions ------------------------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[Session]:
        """One write transaction (BEGIN IMMEDIATE): all of it is committed, or none of it."""
        try:
            with Session(self._write_engine, expire_on_commit=False) as s, s.begin():
                yield s
        except IntegrityError:
            raise  # a bug of ours, not a state of the disk
        except SQLAlchemyError as exc:
            raise classify(exc, self.path) from None

    @contextmanager
    def _read(self) -> Iterator[Session]:
        try:
            with Session(self.engine, expire_on_commit=False) as s:
                yield s
        except SQLAlchemyError as exc:
            raise classify(exc, self.path) from None

    def quick_check(self) -> bool:
        with self._read() as s:
            return s.connection().exec_driver_sql("PRAGMA quick_check").fetchall() == [("ok",)]

    def integrity_check(self) -> bool:
        with self._read() as s:
            return s.connection().exec_driver_sql("PRAGMA integrity_check").fetchall() == [("ok",)]

    def revision(self) -> str | None:
        with self._read() as s:
            return schema.current_revision(s.connection())

    # -- users -------------------------------------------------------------------------------------------

    def _user_id(self, s: Session, name: str | None) -> int | None:
        if name is None:
            row = s.execute(select(User.id).where(User.role == "administrator").order_by(User.id)).first()
            return row[0] if row else None
        row = s.execute(select(User.id).where(User.name == name)).first()
        if row is None:
            raise StoreError("user_unknown", user=name)
        return row[0]

    # -- cases and assessments ---------------------------------------------------------------------------

    def _keep_dataset(self, s: Session, dataset: Dataset) -> str:
        sha = dataset.sha256()
        if s.get(DatasetCopy, sha) is None:
            s.add(DatasetCopy(sha256=sha, dataset_id=dataset.id, content_json=dataset_json(dataset),
                              stored_at=now()))
            s.flush()
        return sha

    def _keep_policy(self, s: Session, policy: Policy) -> str:
        text, sha = policy_json(policy)
        if s.get(PolicyCopy, sha) is None:
            s.add(PolicyCopy(sha256=sha, policy_id=policy.id, version=policy.version, policy_json=text,
                             stored_at=now()))
            s.flush()
        return sha

    def _add_assessment(self, s: Session, case_id: str, household: Household, a: Assessment, dataset: Dataset,
                        policy: Policy, uid: int | None, at: str) -> AssessmentRow:
        on = dt.date.fromisoformat(a.date)
        snap = household.on(on).to_dict()
        ident = a.identity
        # the store keeps what it is given, but never an assessment of another household or data
        if (sha256_of(snap) != ident.inputs_sha256 or dataset.sha256() != ident.dataset_sha256
                or (policy.id, policy.version) != (ident.policy, ident.policy_version)):
            raise StoreError("assessment_mismatch")
        snapshot = HouseholdSnapshot(case_id=case_id, household_json=canonical_json(snap), sha256=sha256_of(snap),
                                     created_at=at)
        s.add(snapshot)
        s.flush()
        row = AssessmentRow(
            case_id=case_id, snapshot_id=snapshot.id, on_date=a.date, output_json=canonical_json(a.to_dict()),
            dataset_id=ident.dataset, dataset_sha256=self._keep_dataset(s, dataset), policy_id=ident.policy,
            policy_version=ident.policy_version, policy_sha256=self._keep_policy(s, policy),
            engine_version=ident.engine_version, inputs_sha256=ident.inputs_sha256,
            outputs_sha256=ident.outputs_sha256, run_id=ident.run_id, user_id=uid, created_at=at)
        s.add(row)
        s.flush()
        audit.append(s, uid, "compute", case_id, ref=ident.run_id, digest=ident.outputs_sha256, at=at)
        return row

    def _add_decision(self, s: Session, case_id: str, assessment_id: int | None, decision: Decision,
                      uid: int | None, at: str) -> None:
        d = decision.to_dict()
        s.add(DecisionRow(case_id=case_id, assessment_id=assessment_id, decision_json=canonical_json(d),
                          outcome=decision.outcome, decided_on=d.get("date"), user_id=uid, created_at=at))
        audit.append(s, uid, "decide", case_id, ref=f"assessment:{assessment_id}", digest=sha256_of(d), at=at)

    def add_case(self, household: Household, assessment: Assessment, dataset: Dataset, policy: Policy,
                 decision: Decision | None = None, user: str | None = None) -> str:
        """Store a new case with its household and the assessment the caller computed of it, in one
        transaction; returns its id."""
        first, last = _client_name(household)
        if not (first or last):
            raise StoreError("case_needs_client")
        case_id = str(uuid.uuid4())
        at = now()
        with self._write() as s:
            uid = self._user_id(s, user)
            s.add(Case(id=case_id, file_reference=household.file_reference, client_first_name=first,
                       client_last_name=last, search_text=search_text(first, last, household.file_reference),
                       language=household.language, status="open", created_at=at, updated_at=at, created_by=uid))
            s.flush()
            audit.append(s, uid, "create_case", case_id, at=at)
            row = self._add_assessment(s, case_id, household, assessment, dataset, policy, uid, at)
            if decision is not None:
                self._add_decision(s, case_id, row.id, decision, uid, at)
        return case_id

    def add_assessment(self, case_id: str, household: Household, assessment: Assessment, dataset: Dataset,
                       policy: Policy, decision: Decision | None = None, user: str | None = None) -> str:
        """A new assessment of an existing case (the household as it is now); returns its run id."""
        at = now()
        with self._write() as s:
            case = s.get(Case, case_id)
            if case is None:
                raise StoreError("case_unknown", case=case_id)
            uid = self._user_id(s, user)
            first, last = _client_name(household)
            if first or last:
                case.client_first_name, case.client_last_name = first, last
            case.file_reference = household.file_reference or case.file_reference
            case.search_text = search_text(case.client_first_name, case.client_last_name, case.file_reference)
            case.language, case.updated_at = household.language, at
            row = self._add_assessment(s, case_id, household, assessment, dataset, policy, uid, at)
            if decision is not None:
                self._add_decision(s, case_id, row.id, decision, uid, at)
            return row.run_id

    def record(self, action: str, case_id: str | None = None, ref: str | None = None, digest: str | None = None,
               user: str | None = None) -> None:
        """Add an audit entry for something done outside the store (viewed, printed, ...)."""
        with self._write() as s:
            audit.append(s, self._user_id(s, user), action, case_id, ref, digest)

    def _case_filter(self, query, search: str | None):
        if search:
            for word in search.casefold().split():
                escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                query = query.where(Case.search_text.like(f"%{escaped}%", escape="\\"))
        return query

    def count_cases(self, search: str | None = None) -> int:
        with self._read() as s:
            return s.execute(self._case_filter(select(func.count()).select_from(Case), search)).scalar_one()

    def list_cases(self, search: str | None = None, offset: int = 0, limit: int | None = None) -> list[CaseSummary]:
        """One page of the case list, most recently changed first (the GUI's lazy model asks page by page)."""
        q = select(Case.id, Case.file_reference, Case.client_first_name, Case.client_last_name, Case.status,
                   Case.updated_at).order_by(Case.updated_at.desc(), Case.id)
        q = self._case_filter(q, search).offset(offset)
        if limit is not None:
            q = q.limit(limit)
        with self._read() as s:
            return [CaseSummary(*row) for row in s.execute(q)]

    def case_ids(self) -> list[str]:
        with self._read() as s:
            return list(s.execute(select(Case.id).order_by(Case.id)).scalars())

    def case(self, case_id: str) -> dict:
        """A case and everything stored about it, as plain JSON-able data (export, tests, the GUI)."""
        with self._read() as s:
            c = s.get(Case, case_id)
            if c is None:
                raise StoreError("case_unknown", case=case_id)
            assessments = list(s.execute(select(AssessmentRow).where(AssessmentRow.case_id == case_id)
                                         .order_by(AssessmentRow.id)).scalars())
            snapshots = {r.id: r for r in s.execute(select(HouseholdSnapshot)
                                                    .where(HouseholdSnapshot.case_id == case_id)).scalars()}
            decisions = list(s.execute(select(DecisionRow).where(DecisionRow.case_id == case_id)
                                       .order_by(DecisionRow.id)).scalars())
            return {
                "id": c.id, "file_reference": c.file_reference, "client_first_name": c.client_first_name,
                "client_last_name": c.client_last_name, "language": c.language, "status": c.status,
                "created_at": c.created_at, "updated_at": c.updated_at, "retain_until": c.retain_until,
                "assessments": [{
                    "household": snapshots[a.snapshot_id].household_json, "on_date": a.on_date,
                    "output": a.output_json, "dataset_sha256": a.dataset_sha256, "policy_sha256": a.policy_sha256,
                    "inputs_sha256": a.inputs_sha256, "outputs_sha256": a.outputs_sha256, "run_id": a.run_id,
                    "engine_version": a.engine_version, "created_at": a.created_at,
                    "decisions": [canonical_json([d.decision_json, d.created_at]) for d in decisions
                                  if d.assessment_id == a.id],
                } for a in assessments],
            }

    def latest_household(self, case_id: str) -> Household:
        with self._read() as s:
            row = s.execute(select(HouseholdSnapshot.household_json).where(HouseholdSnapshot.case_id == case_id)
                            .order_by(HouseholdSnapshot.id.desc()).limit(1)).first()
        if row is None:
            raise StoreError("case_unknown", case=case_id)
        return Household.from_dict(json.loads(row[0]))

    def policy(self, sha256: str) -> Policy:
        """A policy an assessment used, by the hash the assessment keeps."""
        with self._read() as s:
            copy = s.get(PolicyCopy, sha256)
        if copy is None:
            raise StoreError("store_damaged", path=self.path)
        return policy_from_json(copy.policy_json)

    def latest_assessment(self, case_id: str) -> tuple[Household, dict, str, str, Decision | None]:
        """The case's newest assessment as stored: household, output, dataset and policy hashes, decision."""
        with self._read() as s:
            if s.get(Case, case_id) is None:
                raise StoreError("case_unknown", case=case_id)
            row = s.execute(select(AssessmentRow).where(AssessmentRow.case_id == case_id)
                            .order_by(AssessmentRow.id.desc()).limit(1)).scalar_one()
            snap = s.get(HouseholdSnapshot, row.snapshot_id)
            decision = s.execute(select(DecisionRow.decision_json).where(DecisionRow.assessment_id == row.id)
                                 .order_by(DecisionRow.id.desc()).limit(1)).scalar_one_or_none()
        return (Household.from_dict(json.loads(snap.household_json)), json.loads(row.output_json),
                row.dataset_sha256, row.policy_sha256,
                None if decision is None else Decision.from_dict(json.loads(decision)))

    # -- the CPAS's policy, versioned ---------------------------------------------------------------------

    def add_policy_version(self, policy: Policy, reason: str, user: str | None = None) -> int:
        """Keep a new version of the CPAS's policy, which becomes the active one; its number is the policy's
        version and must be above every version kept (the caller says why, in `reason`)."""
        if not reason.strip():
            raise StoreError("policy_reason_required")
        at = now()
        with self._write() as s:
            newest = s.execute(select(func.max(PolicyVersion.version))).scalar_one()
            if newest is not None and policy.version <= newest:
                raise StoreError("policy_version_not_newer", version=policy.version, active=newest)
            uid = self._user_id(s, user)
            author = s.get(User, uid).name if uid is not None else ""
            sha = self._keep_policy(s, policy)
            s.add(PolicyVersion(version=policy.version, policy_sha256=sha, user_id=uid, author=author,
                                reason=reason.strip(), created_at=at))
            audit.append(s, uid, "policy", ref=f"policy:{policy.version}", digest=sha, at=at)
        return policy.version

    def active_policy(self) -> Policy | None:
        """The newest version of the CPAS's policy, or None when none was ever saved."""
        log = self.policy_log(limit=1)
        return log[0].policy if log else None

    def policy_log(self, limit: int | None = None) -> list[PolicyLogEntry]:
        """Every version of the CPAS's policy, newest first."""
        q = (select(PolicyVersion, PolicyCopy.policy_json).join(PolicyCopy, PolicyCopy.sha256 ==
                                                                 PolicyVersion.policy_sha256)
             .order_by(PolicyVersion.version.desc()))
        if limit is not None:
            q = q.limit(limit)
        with self._read() as s:
            rows = s.execute(q).all()
        return [PolicyLogEntry(v.version, v.author, v.created_at, v.reason, policy_from_json(text))
                for v, text in rows]

    # -- the caseworkers' profiles -------------------------------------------------------------------------

    def save_profile(self, profile: Profile, user: str | None = None) -> None:
        with self._write() as s:
            uid = self._user_id(s, user)
            if uid is None:
                raise StoreError("user_unknown", user="")
            row = s.get(ProfileRow, uid) or ProfileRow(user_id=uid, profile_json="", updated_at="")
            row.profile_json, row.updated_at = canonical_json(profile.to_dict()), now()
            s.add(row)
            audit.append(s, uid, "profile", ref=f"user:{uid}")

    def profile(self, user: str | None = None) -> Profile:
        """The user's profile (an empty one when none was saved)."""
        with self._read() as s:
            uid = self._user_id(s, user)
            row = s.get(ProfileRow, uid) if uid is not None else None
        return Profile.from_dict(json.loads(row.profile_json)) if row else Profile()

    # -- drafts ------------------------------------------------------------------------------------------

    def save_draft(self, household: dict, page: int, case_id: str | None = None, user: str | None = None) -> None:
        """The wizard's autosave: one draft per user and case, replaced atomically."""
        with self._write() as s:
            uid = self._user_id(s, user)
            draft = s.execute(select(Draft).where(Draft.user_id == uid, Draft.case_id.is_(case_id)
                                                  if case_id is None else Draft.case_id == case_id)).scalar_one_or_none()
            if draft is None:
                draft = Draft(user_id=uid, case_id=case_id, household_json="", page=0, updated_at="")
                s.add(draft)
            draft.household_json, draft.page, draft.updated_at = canonical_json(household), page, now()

    def save_scenarios(self, case_id: str, scenarios: list[dict], user: str | None = None) -> None:
        """The what-if scenarios kept with a case, replacing those kept before (none: the row goes); stored
        as given, beside the case's history and never part of an assessment."""
        with self._write() as s:
            if s.get(Case, case_id) is None:
                raise StoreError("case_unknown", case=case_id)
            uid = self._user_id(s, user)
            row = s.get(CaseScenarios, case_id)
            if not scenarios:
                if row is not None:
                    s.delete(row)
            elif row is None:
                s.add(CaseScenarios(case_id=case_id, scenarios_json=canonical_json(scenarios), user_id=uid,
                                    updated_at=now()))
            else:
                row.scenarios_json, row.user_id, row.updated_at = canonical_json(scenarios), uid, now()
            audit.append(s, uid, "scenarios", case_id, digest=sha256_of(scenarios) if scenarios else None)

    def scenarios(self, case_id: str) -> list[dict]:
        with self._read() as s:
            row = s.get(CaseScenarios, case_id)
            return [] if row is None else json.loads(row.scenarios_json)

    def load_draft(self, case_id: str | None = None, user: str | None = None) -> tuple[dict, int] | None:
        with self._read() as s:
            uid = self._user_id(s, user)
            draft = s.execute(select(Draft).where(Draft.user_id == uid, Draft.case_id.is_(case_id)
                                                  if case_id is None else Draft.case_id == case_id)).scalar_one_or_none()
            return None if draft is None else (json.loads(draft.household_json), draft.page)

    # -- verification ------------------------------------------------------------------------------------

    def dataset(self, sha256: str) -> Dataset:
        if sha256 not in self._datasets:
            with self._read() as s:
                copy = s.get(DatasetCopy, sha256)
            dataset = dataset_from_json(copy.content_json)
            if dataset.sha256() != sha256:
                raise StoreError("store_damaged", path=self.path)
            self._datasets[sha256] = dataset
        return self._datasets[sha256]

    def stored_assessments(self, run_id: str | None = None) -> list[StoredAssessment]:
        """Every stored assessment (or one run) with the household, dataset and policy it was computed on,
        for a recomputation outside the store."""
        with self._read() as s:
            q = select(AssessmentRow).order_by(AssessmentRow.id)
            if run_id:
                q = q.where(AssessmentRow.run_id == run_id)
            rows = list(s.execute(q).scalars())
            snaps = {r.id: r.household_json for r in s.execute(select(HouseholdSnapshot)).scalars()}
            policies = {p.sha256: p.policy_json for p in s.execute(select(PolicyCopy)).scalars()}
        return [StoredAssessment(
            id=r.id, run_id=r.run_id, on_date=dt.date.fromisoformat(r.on_date), household_json=snaps[r.snapshot_id],
            output_json=r.output_json, dataset_sha256=r.dataset_sha256, policy_json=policies[r.policy_sha256],
            engine_version=r.engine_version, inputs_sha256=r.inputs_sha256, outputs_sha256=r.outputs_sha256,
        ) for r in rows]

    def verify_audit(self):
        with self._read() as s:
            return audit.check(s)

    # -- erasure -----------------------------------------------------------------------------------------

    def erase(self, case_id: str, user: str | None = None) -> None:
        """Erase a case so that no byte of it remains: rows deleted with secure_delete on (freed pages are
        zeroed), then the WAL checkpointed into the database and truncated. The audit log keeps that it was
        erased, by whom and when (ids only)."""
        with self._write() as s:
            if s.get(Case, case_id) is None:
                raise StoreError("case_unknown", case=case_id)
            uid = self._user_id(s, user)
            s.execute(delete(CaseScenarios).where(CaseScenarios.case_id == case_id))
            conn = s.connection()
            for table in ("decisions", "drafts", "assessments", "household_snapshots"):
                conn.exec_driver_sql(f"DELETE FROM {table} WHERE case_id = ?", (case_id,))
            conn.exec_driver_sql("DELETE FROM cases WHERE id = ?", (case_id,))
            audit.append(s, uid, "erase", case_id)
        self.checkpoint()

    def checkpoint(self) -> None:
        checkpoint(self.engine, self.path)

    # -- passphrase --------------------------------------------------------------------------------------

    def rekey(self, new_passphrase: str) -> None:
        """Change the passphrase: SQLCipher re-encrypts every page in one transaction."""
        if not new_passphrase:
            raise StoreError("passphrase_empty")
        self.record("rekey")
        self.checkpoint()
        self.engine.dispose()
        rekey(self.path, self._passphrase, new_passphrase, self.kdf_iter)
        self._passphrase = new_passphrase
        self.engine = make_engine(self.path, new_passphrase, self.kdf_iter)
        self._write_engine = self.engine.execution_options(write=True)

    def raw_connection(self):
        """A new keyed connection to the store, usable from another thread (backups)."""
        return raw_connection(self.path, self._passphrase, self.kdf_iter, shared=True)

    def copy_to(self, target: Path) -> None:
        """A page-by-page copy of the store into a new file, under the same passphrase (backups)."""
        src = self.raw_connection()
        try:
            copy_database(src, target, self._passphrase, self.kdf_iter)
        finally:
            src.close()

    def is_sound_copy(self, path: Path) -> bool:
        """Whether a copy (a backup) is complete and opens with this store's passphrase."""
        return is_sound_copy(path, self._passphrase, self.kdf_iter)
