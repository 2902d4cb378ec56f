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

from sqlalchemy import delete, func, insert, or_, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from ..domain.assessment import Assessment
from ..domain.canonical import canonical_json, sha256_of
from ..domain.dataset import Dataset
from ..domain.decision import Decision
from ..domain.household import Household
from ..domain.policy import Policy
from ..domain.profile import Profile
from ..domain.request import Request
from ..domain.roles import REFUSALS, ROLE_LABELS, ROLES, may
from ..paths import user_data_dir
from . import audit, connection, erasures, keys, office, schema
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
from .documents import Documents, compute_digest, identity_digest, read_documents
from .errors import StoreError
from .lock import StoreLock, keep_private, private_file
from .models import (
    AssessmentRow,
    AuditEntry,
    Case,
    CaseScenarios,
    CaseToken,
    DatasetCopy,
    DecisionRow,
    Draft,
    HouseholdSnapshot,
    MeetingCase,
    MeetingRow,
    Meta,
    NotificationRow,
    PolicyCopy,
    PolicyVersion,
    ProfileRow,
    RequestRow,
    User,
    UserKey,
)
from .office import display_url, is_office_url

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


@dataclass(frozen=True)
class RegisteredRequest:
    """A request as the register holds it: its number within the year of receipt, and the request."""

    case_id: str
    year: int
    number: int
    request: Request

    @property
    def reference(self) -> str:
        return f"{self.year}/{self.number:05d}"


@dataclass(frozen=True)
class ProcedureFacts:
    """What happened in a case's procedure, as stored (the services compute the deadlines from it): the
    latest request, the latest decision taken (not pending) and that decision's latest notification."""

    case_id: str
    file_reference: str
    first_name: str
    last_name: str
    received: dt.date | None = None
    decision_id: int | None = None
    decided: dt.date | None = None
    outcome: str | None = None
    start: dt.date | None = None
    months: int | None = None
    notified: dt.date | None = None
    method: str | None = None


@dataclass(frozen=True)
class TakenDecision:
    """A decision taken (not pending) with the assessment it was taken on: what the practice report reads."""

    id: int
    case_id: str
    decided: dt.date
    outcome: str
    decision: dict
    output: dict
    household: dict


@dataclass(frozen=True)
class Meeting:
    id: int
    on_date: dt.date
    body: str
    case_ids: tuple[str, ...]


def _date(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def search_text(first: str, last: str, ref: str) -> str:
    return " ".join(x for x in (first, last, ref) if x).casefold()


def _client_name(household: Household) -> tuple[str, str]:
    return household.client.first_name.strip(), household.client.last_name.strip()


@dataclass(frozen=True)
class SignedIn:
    """The user a store was opened by: every write is recorded in their name and allowed by their role."""

    id: int
    name: str
    role: str


@dataclass(frozen=True)
class UserInfo:
    name: str
    role: str
    active: bool
    created_at: str


def _check_user_name(name: str) -> str:
    name = (name or "").strip()
    if not name or len(name) > 80 or any(not ch.isprintable() for ch in name):
        raise StoreError("user_name_bad")
    return name


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise StoreError("role_unknown", role=role, roles=", ".join(ROLES))
    return role


class Store:
    """An open case store, signed in as one user. Build it with Store.create or Store.open; close it when
    done. `location` is the laptop's file, or an office database's postgresql:// URL."""

    def __init__(self, location, engine, keyspec: str | None = None, kdf_iter: int = 0,
                 fields=None, data_key: bytes | None = None):
        self.office = is_office_url(location)
        self.location = location
        self.path = display_url(location) if self.office else Path(location)
        self.engine = engine
        self._write_engine = engine.execution_options(write=True)
        self._keyspec = keyspec  # the laptop's SQLCipher key: needed for new connections and backups
        self._data_key = data_key
        self.kdf_iter = kdf_iter
        self.fields = fields or keys.PlainFields()
        self.user: SignedIn | None = None
        self._datasets: dict[str, Dataset] = {}
        self._lock = None  # a laptop file's advisory lock (store/lock.py): shared while open
        self.erased_again: list[str] = []
        self.erased_again: list[str] = []  # cases erased here that this file held when opened (a backup)

    # -- opening -----------------------------------------------------------------------------------------

    @classmethod
    def create(cls, location, password: str, admin: str = "admin", kdf_iter: int | None = None) -> Store:
        """A new store with its first administrator, whose password unlocks it."""
        admin = _check_user_name(admin)
        if not password:
            raise StoreError("passphrase_empty")
        if is_office_url(location):
            return cls._create_office(location, password, admin)
        path = Path(location)
        if path.exists() and path.stat().st_size > 0:
            raise StoreError("store_exists", path=path.parent)
        kdf_iter = kdf_iter or kdf_iter_default()
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError:
            raise StoreError("store_read_only", path=path) from None
        lock = StoreLock.take(path, exclusive=True, wait_s=10)  # a second `init` waits, then finds the store
        try:
            if path.exists() and path.stat().st_size > 0:
                raise StoreError("store_exists", path=path.parent)
            os.close(private_file(path))  # 0600 before any byte; SQLite gives its -wal and -shm the same mode
        except OSError:
            lock.release()
            raise StoreError("store_read_only", path=path) from None
        except BaseException:
            lock.release()
            raise
        data_key = keys.new_data_key()
        ring = keys.keyring_path(path)
        engine = make_engine(path, keys.sqlcipher_key(data_key), kdf_iter)
        store = cls(path, engine, keys.sqlcipher_key(data_key), kdf_iter, data_key=data_key)
        store._lock = lock
        try:
            keys.write_keyring(ring, [keys.make_entry(admin, password, data_key)])
            schema.upgrade(engine)
            store._first_admin(admin)
        except BaseException as exc:
            engine.dispose()
            for suffix in ("", "-wal", "-shm", ".keys"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            lock.release()
            if isinstance(exc, SQLAlchemyError | OSError):
                raise classify(exc, path) from None
            raise
        lock.share()
        return store

    @classmethod
    def _create_office(cls, url: str, password: str, admin: str) -> Store:
        engine = office.make_engine(url)
        data_key = keys.new_data_key()
        store = cls(url, engine, fields=keys.FieldSealer(data_key), data_key=data_key)
        with office.opening(engine, url):
            with engine.connect() as conn:
                if schema.table_exists(conn, "alembic_version"):
                    raise StoreError("store_exists", path=display_url(url))
            schema.upgrade(engine)
            uid = store._first_admin(admin)
            with store._write() as s:
                s.add(UserKey(user_id=uid, entry_json=canonical_json(keys.make_entry(admin, password, data_key)),
                              updated_at=now()))
        return store

    def _first_admin(self, name: str) -> int:
        with self._write() as s:
            if s.get(Meta, "created_at") is not None:  # another init was first (they are serialised here)
                raise StoreError("store_exists", path=self.path)
            s.add(Meta(key="created_at", value=now()))
            user = User(name=name, role="admin", password_hash=None, active=True, created_at=now())
            s.add(user)
            s.flush()
            audit.append(s, user.id, "init")
            audit.append(s, user.id, "create_user", ref=f"user:{user.id}")
        self.user = SignedIn(user.id, name, "admin")
        return user.id

    @classmethod
    def open(cls, location, password: str, user: str | None = None, kdf_iter: int | None = None,
             migrate: bool = True, backup_dir: Path | None = None, check: bool = True) -> Store:
        """Sign in as `user` (by default the only user, else the first administrator) and open the store;
        with `check`, PRAGMA quick_check first on a laptop (it reads every page: about 3 s for 50,000 cases,
        so the GUI may open with check=False and run quick_check() in a worker)."""
        if not password:
            raise StoreError("passphrase_empty")
        if is_office_url(location):
            return cls._open_office(location, password, user, migrate)
        path = Path(location)
        if not path.is_file():
            raise StoreError("store_missing", path=path.parent)
        kdf_iter = kdf_iter or kdf_iter_default()
        entries = keys.read_keyring(keys.keyring_path(path))
        if entries is None:  # a store from before users had keys: its passphrase, then its keyring is made
            return cls._open_file(path, connection.quote_passphrase(password), kdf_iter, user, migrate,
                                  backup_dir, check, upgrade_keys=password)
        entry = keys.default_entry(entries, user)
        data_key = keys.unlock(entry, password)
        try:
            return cls._open_file(path, keys.sqlcipher_key(data_key), kdf_iter, entry["name"], migrate,
                                  backup_dir, check, data_key=data_key)
        except StoreError as exc:
            if exc.key != "wrong_passphrase":
                raise
            # the keyring was written but the file was not re-keyed yet (a crash in between): finish it
            for before in keys.earlier_keys(entry, password):
                try:
                    store = cls._open_file(path, keys.sqlcipher_key(before), kdf_iter, entry["name"], migrate,
                                           backup_dir, check, data_key=before)
                except StoreError:
                    continue
                store._rekey_file(data_key)
                return store
            if len(entries) == 1:
                try:
                    store = cls._open_file(path, connection.quote_passphrase(password), kdf_iter, entry["name"],
                                           migrate, backup_dir, check)
                except StoreError:
                    raise exc from None
                store._rekey_file(data_key)
                return store
            raise

    @classmethod
    def _open_file(cls, path: Path, keyspec: str, kdf_iter: int, user: str | None, migrate: bool,
                   backup_dir: Path | None, check: bool, data_key: bytes | None = None,
                   upgrade_keys: str | None = None) -> Store:
        lock = StoreLock.take(path, exclusive=False, wait_s=10)  # held while open: restore waits for none
        keep_private([path, *(Path(f"{path}{suffix}") for suffix in ("-wal", "-shm", ".erased", ".keys"))])
        engine = make_engine(path, keyspec, kdf_iter)
        store = cls(path, engine, keyspec, kdf_iter, data_key=data_key)
        store._lock = lock
        try:
            if path.stat().st_size < 512:  # never let SQLite turn a cut file into a new, empty store (it
                raise StoreError("store_damaged", path=path)  # takes one under 512 bytes, its least page, as new)
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
            store.erased_again = erasures.reapply(store)  # a restored backup, a copied file: erased stays erased
            store._sign_in(user)
            if upgrade_keys is not None:
                store._make_keyring(upgrade_keys)
        except BaseException:
            store.close()
            raise
        return store

    @classmethod
    def _open_office(cls, url: str, password: str, user: str | None, migrate: bool) -> Store:
        engine = office.make_engine(url)
        store = cls(url, engine)
        with office.opening(engine, url):
            with engine.connect() as conn:
                if not schema.table_exists(conn, "alembic_version"):
                    raise StoreError("store_missing", path=display_url(url))
                upgrade = schema.needs_upgrade(conn, display_url(url))
            if upgrade and migrate:
                schema.upgrade(engine)  # the server's own backups cover it (pg_dump, base backups)
            signed = store._sign_in(user)
            with store._read() as s:
                row = s.get(UserKey, signed.id)
            if row is None:
                raise StoreError("user_disabled", user=signed.name)
            data_key = keys.unlock(json.loads(row.entry_json), password)
            store._data_key, store.fields = data_key, keys.FieldSealer(data_key)
        return store

    def _sign_in(self, name: str | None) -> SignedIn:
        with self._read() as s:
            if name is None:
                users = list(s.execute(select(User).order_by(User.id)).scalars())
                admins = [u for u in users if u.role == "admin" and u.active]
                row = users[0] if len(users) == 1 else (admins[0] if admins else None)
            else:
                row = s.execute(select(User).where(User.name == name)).scalar_one_or_none()
        if row is None:
            raise StoreError("user_unknown", user=name or "")
        if not row.active:
            raise StoreError("user_disabled", user=row.name)
        self.user = SignedIn(row.id, row.name, row.role)
        return self.user

    def reopener(self):
        """How to sign in again as the same user with a password typed later (after a lock)."""
        location, kdf_iter, name = self.location, self.kdf_iter, self.user.name if self.user else None
        return lambda password: Store.open(location, password, user=name, kdf_iter=kdf_iter, check=False)

    def close(self) -> None:
        self.engine.dispose()
        self._keyspec, self._data_key = None, None
        if getattr(self, "_lock", None) is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- transactions ------------------------------------------------------------------------------------

    def _classify(self, exc: BaseException) -> StoreError:
        return office.classify(exc, self.location) if self.office else classify(exc, self.path)

    @contextmanager
    def _write(self) -> Iterator[Session]:
        """One write transaction (BEGIN IMMEDIATE on a laptop, the writers' lock at an office): all of it is
        committed, or none of it."""
        token = keys.FIELDS.set(self.fields)
        try:
            with Session(self._write_engine, expire_on_commit=False) as s, s.begin():
                yield s
        except IntegrityError:
            raise  # a bug of ours, not a state of the disk
        except SQLAlchemyError as exc:
            raise self._classify(exc) from None
        finally:
            keys.FIELDS.reset(token)

    @contextmanager
    def _read(self) -> Iterator[Session]:
        token = keys.FIELDS.set(self.fields)
        try:
            with Session(self.engine, expire_on_commit=False) as s:
                yield s
        except SQLAlchemyError as exc:
            raise self._classify(exc) from None
        finally:
            keys.FIELDS.reset(token)

    def quick_check(self) -> bool:
        with self._read() as s:
            if self.office:
                return s.execute(select(func.count()).select_from(Meta)).scalar_one() > 0
            return s.connection().exec_driver_sql("PRAGMA quick_check").fetchall() == [("ok",)]

    def integrity_check(self) -> bool:
        with self._read() as s:
            if self.office:
                return self.quick_check()
            return s.connection().exec_driver_sql("PRAGMA integrity_check").fetchall() == [("ok",)]

    def revision(self) -> str | None:
        with self._read() as s:
            return schema.current_revision(s.connection())

    # -- users -------------------------------------------------------------------------------------------

    def _require(self, action: str) -> None:
        role = self.user.role if self.user else ""
        if not may(role, action):
            from ..i18n import _

            raise StoreError("not_allowed", why=_(REFUSALS[action]).format(role=_(ROLE_LABELS.get(role, role))))

    def _user_id(self, s: Session, name: str | None) -> int | None:
        """The signed-in user's id: every write is in their name (another name given must be theirs)."""
        if name is not None and (self.user is None or name != self.user.name):
            if s.execute(select(User.id).where(User.name == name)).first() is None:
                raise StoreError("user_unknown", user=name)
            raise StoreError("not_signed_in_as", user=name)
        return self.user.id if self.user and self.user.id else None

    def users(self) -> list[UserInfo]:
        self._require("users")
        with self._read() as s:
            return [UserInfo(u.name, u.role, u.active, u.created_at)
                    for u in s.execute(select(User).order_by(User.id)).scalars()]

    def add_user(self, name: str, role: str, password: str) -> None:
        """A new user with a role, whose password unlocks the store (administrators only)."""
        self._require("users")
        name, role = _check_user_name(name), _check_role(role)
        entry = keys.make_entry(name, password, self._data_key)
        with self._read() as s:
            if s.execute(select(User.id).where(User.name == name)).first() is not None:
                raise StoreError("user_exists", user=name)
        if not self.office:  # first the key (harmless alone: the database says who is a user), then the user
            ring = keys.keyring_path(self.path)
            entries = [e for e in (keys.read_keyring(ring) or []) if e.get("name") != name]
            keys.write_keyring(ring, entries + [entry])
        with self._write() as s:
            row = User(name=name, role=role, password_hash=None, active=True, created_at=now())
            s.add(row)
            s.flush()
            if self.office:
                s.add(UserKey(user_id=row.id, entry_json=canonical_json(entry), updated_at=now()))
            audit.append(s, self.user.id, "create_user", ref=f"user:{row.id}", digest=sha256_of([name, role]))

    def disable_user(self, name: str) -> None:
        """Take a user's access away (administrators only). Their key entry is removed; on a laptop the file
        is also re-keyed under a new data key given to the remaining users only, so a copy of the old
        keyring no longer opens it. The user stays in the audit log."""
        self._require("users")
        with self._write() as s:
            row = s.execute(select(User).where(User.name == name)).scalar_one_or_none()
            if row is None:
                raise StoreError("user_unknown", user=name)
            if row.id == self.user.id:
                raise StoreError("user_disable_self")
            row.active = False
            if self.office:
                key = s.get(UserKey, row.id)
                if key is not None:
                    s.delete(key)
            audit.append(s, self.user.id, "disable_user", ref=f"user:{row.id}")
        if not self.office:
            self._rotate_key(without=name)

    def change_password(self, password: str, new_password: str) -> None:
        """The signed-in user's new password: their key entry re-encrypted, nothing else changes."""
        if not new_password:
            raise StoreError("passphrase_empty")
        if self.office:
            with self._write() as s:
                row = s.get(UserKey, self.user.id)
                entry = keys.with_password(json.loads(row.entry_json), password, new_password)
                row.entry_json, row.updated_at = canonical_json(entry), now()
                audit.append(s, self.user.id, "password", ref=f"user:{self.user.id}")
            return
        ring = keys.keyring_path(self.path)
        entries = keys.read_keyring(ring) or []
        entry = keys.find_entry(entries, self.user.name)
        if entry is None:
            raise StoreError("keys_damaged")
        changed = keys.with_password(entry, password, new_password)
        keys.write_keyring(ring, [changed if e is entry else e for e in entries])
        self.record("password", ref=f"user:{self.user.id}")

    def _make_keyring(self, password: str) -> None:
        """A store from before users had keys: its keyring, the signed-in administrator's password being the
        passphrase it had, then the file re-keyed under a new random data key."""
        data_key = keys.new_data_key()
        keys.write_keyring(keys.keyring_path(self.path),
                           [{**keys.make_entry(self.user.name, password, data_key)}])
        self._rekey_file(data_key)

    def _rotate_key(self, without: str) -> None:
        ring = keys.keyring_path(self.path)
        with self._read() as s:
            active = {u.name for u in s.execute(select(User).where(User.active.is_(True))).scalars()}
        data_key = keys.new_data_key()
        entries = [keys.resealed(e, data_key, before=self._data_key) for e in keys.read_keyring(ring) or []
                   if e.get("name") != without and e.get("name") in active]
        keys.write_keyring(ring, entries)  # each entry holds the new key and, until the re-key is done, the old
        self._rekey_file(data_key)
        keys.write_keyring(ring, [keys.settled(e) for e in entries])

    def _rekey_file(self, data_key: bytes) -> None:
        self.checkpoint()
        self.engine.dispose()
        new = keys.sqlcipher_key(data_key)
        rekey(self.path, self._keyspec, new, self.kdf_iter)
        self._keyspec, self._data_key = new, data_key
        self.engine = make_engine(self.path, new, self.kdf_iter)
        self._write_engine = self.engine.execution_options(write=True)

    def assign(self, case_id: str, user: str | None) -> None:
        """Give a case to a caseworker (head of service, administrator), or take it back (None)."""
        self._require("case_assign")
        with self._write() as s:
            case = s.get(Case, case_id)
            if case is None:
                raise StoreError("case_unknown", case=case_id)
            uid = None
            if user is not None:
                uid = s.execute(select(User.id).where(User.name == user, User.active.is_(True))).scalar_one_or_none()
                if uid is None:
                    raise StoreError("user_unknown", user=user)
            case.assigned_to = uid
            audit.append(s, self.user.id, "assign", case_id, ref=f"user:{uid}")

    def _visible(self, query):
        """Cases the signed-in user may see: all for the head, secretary and administrator; her own and
        those assigned to her for a caseworker."""
        if self.user is None or may(self.user.role, "case_read_all"):
            return query
        return query.where(or_(Case.created_by == self.user.id, Case.assigned_to == self.user.id))

    def _case_for(self, s: Session, case_id: str) -> Case:
        case = s.get(Case, case_id)
        if case is None:
            raise StoreError("case_unknown", case=case_id)
        if self.user is not None and not may(self.user.role, "case_read_all") and self.user.id not in (
                case.created_by, case.assigned_to):
            self._require("case_read_all")
        return case

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
        audit.append(s, uid, "compute", case_id, ref=ident.run_id, at=at,
                     digest=compute_digest(ident.inputs_sha256, ident.outputs_sha256))
        return row

    def _add_decision(self, s: Session, case_id: str, assessment_id: int | None, decision: Decision,
                      uid: int | None, at: str) -> int:
        d = decision.to_dict()
        row = DecisionRow(case_id=case_id, assessment_id=assessment_id, decision_json=canonical_json(d),
                          outcome=decision.outcome, decided_on=d.get("date"), user_id=uid, created_at=at)
        s.add(row)
        s.flush()
        audit.append(s, uid, "decide", case_id, ref=f"assessment:{assessment_id}", digest=sha256_of(d), at=at)
        return row.id

    def _add_request(self, s: Session, case_id: str, request: Request, uid: int | None, at: str) -> RequestRow:
        """Enter a request in the register: the next number of the year it was received (one transaction
        holds the write lock, so two entries never get the same number)."""
        year = request.received.year
        last = s.execute(select(func.max(RequestRow.number)).where(RequestRow.year == year)).scalar_one()
        row = RequestRow(case_id=case_id, year=year, number=(last or 0) + 1, received=request.received.isoformat(),
                         how=request.how, received_by=request.received_by, asked=request.asked, user_id=uid,
                         created_at=at)
        s.add(row)
        s.flush()
        audit.append(s, uid, "request", case_id, ref=f"request:{year}/{row.number}",
                     digest=sha256_of(request.to_dict()), at=at)
        return row

    def add_case(self, household: Household, assessment: Assessment, dataset: Dataset, policy: Policy,
                 decision: Decision | None = None, user: str | None = None, request: Request | None = None) -> str:
        """Store a new case with its household and the assessment the caller computed of it, in one
        transaction; returns its id."""
        first, last = _client_name(household)
        if not (first or last):
            raise StoreError("case_needs_client")
        self._require("case_write")
        case_id = str(uuid.uuid4())
        at = now()
        with self._write() as s:
            uid = self._user_id(s, user)
            s.add(Case(id=case_id, file_reference=household.file_reference, client_first_name=first,
                       client_last_name=last, search_text="",
                       language=household.language, status="open", created_at=at, updated_at=at, created_by=uid))
            s.flush()
            self._index_case(s, s.get(Case, case_id), new=True)
            audit.append(s, uid, "create_case", case_id, at=at, digest=identity_digest(s.get(Case, case_id)))
            if request is not None:
                self._add_request(s, case_id, request, uid, at)
            row = self._add_assessment(s, case_id, household, assessment, dataset, policy, uid, at)
            if decision is not None:
                self._add_decision(s, case_id, row.id, decision, uid, at)
        return case_id

    def add_assessment(self, case_id: str, household: Household, assessment: Assessment, dataset: Dataset,
                       policy: Policy, decision: Decision | None = None, user: str | None = None) -> str:
        """A new assessment of an existing case (the household as it is now); returns its run id."""
        self._require("case_write")
        at = now()
        with self._write() as s:
            case = self._case_for(s, case_id)
            uid = self._user_id(s, user)
            before = identity_digest(case)
            first, last = _client_name(household)
            if first or last:
                case.client_first_name, case.client_last_name = first, last
            case.file_reference = household.file_reference or case.file_reference
            self._index_case(s, case)
            case.language, case.updated_at = household.language, at
            if identity_digest(case) != before:  # a new name or reference is in the chain too
                audit.append(s, uid, "update_case", case_id, at=at, digest=identity_digest(case))
            row = self._add_assessment(s, case_id, household, assessment, dataset, policy, uid, at)
            if decision is not None:
                self._add_decision(s, case_id, row.id, decision, uid, at)
            return row.run_id

    # -- the procedure: requests, decisions, notifications, meetings ------------------------------------

    def add_request(self, case_id: str, request: Request, user: str | None = None) -> RegisteredRequest:
        """Enter a new request of an existing case in the register; returns it with its number."""
        self._require("case_write")
        with self._write() as s:
            self._case_for(s, case_id)
            row = self._add_request(s, case_id, request, self._user_id(s, user), now())
        return RegisteredRequest(case_id, row.year, row.number, request)

    def requests(self, case_id: str | None = None) -> list[RegisteredRequest]:
        """The register (or one case's requests), in the order of entry."""
        q = select(RequestRow).order_by(RequestRow.id)
        if case_id is not None:
            q = q.where(RequestRow.case_id == case_id)
        with self._read() as s:
            rows = list(s.execute(q).scalars())
        return [RegisteredRequest(r.case_id, r.year, r.number, Request(
            received=dt.date.fromisoformat(r.received), how=r.how, received_by=r.received_by, asked=r.asked))
            for r in rows]

    def add_decision(self, case_id: str, decision: Decision, user: str | None = None) -> int:
        """Keep the committee's decision of a case, on its latest assessment; returns the decision's id."""
        return self.add_decisions([(case_id, decision)], user=user)[0]

    def add_decisions(self, decisions: list[tuple[str, Decision]], user: str | None = None) -> list[int]:
        """Keep the decisions of several cases (a meeting's) in one transaction: all of them, or none."""
        self._require("decide")
        at = now()
        ids = []
        with self._write() as s:
            uid = self._user_id(s, user)
            for case_id, decision in decisions:
                case = s.get(Case, case_id)
                if case is None:
                    raise StoreError("case_unknown", case=case_id)
                assessment_id = s.execute(select(func.max(AssessmentRow.id))
                                          .where(AssessmentRow.case_id == case_id)).scalar_one()
                ids.append(self._add_decision(s, case_id, assessment_id, decision, uid, at))
                case.updated_at = at
        return ids

    def add_notification(self, case_id: str, decision_id: int, on: dt.date, method: str,
                         user: str | None = None) -> None:
        """Keep when and how a decision was notified (posted by registered letter, or handed)."""
        self._require("decide")
        at = now()
        with self._write() as s:
            d = s.get(DecisionRow, decision_id)
            if d is None or d.case_id != case_id:
                raise StoreError("case_unknown", case=case_id)
            uid = self._user_id(s, user)
            s.add(NotificationRow(case_id=case_id, decision_id=decision_id, on_date=on.isoformat(), method=method,
                                  user_id=uid, created_at=at))
            audit.append(s, uid, "notify", case_id, ref=f"decision:{decision_id}", at=at)

    def add_meeting(self, on: dt.date, body: str, case_ids: list[str], user: str | None = None) -> int:
        """A meeting of the deciding body and its agenda (the cases, in order); returns its id."""
        self._require("decide")
        at = now()
        with self._write() as s:
            uid = self._user_id(s, user)
            m = MeetingRow(on_date=on.isoformat(), body=body, user_id=uid, created_at=at)
            s.add(m)
            s.flush()
            for position, case_id in enumerate(case_ids):
                if s.get(Case, case_id) is None:
                    raise StoreError("case_unknown", case=case_id)
                s.add(MeetingCase(meeting_id=m.id, case_id=case_id, position=position))
            audit.append(s, uid, "meeting", ref=f"meeting:{m.id}", at=at)
        return m.id

    def meetings(self, on: dt.date | None = None) -> list[Meeting]:
        """The meetings (of one day), oldest first, each with its agenda."""
        q = select(MeetingRow).order_by(MeetingRow.on_date, MeetingRow.id)
        if on is not None:
            q = q.where(MeetingRow.on_date == on.isoformat())
        with self._read() as s:
            rows = list(s.execute(q).scalars())
            items = s.execute(select(MeetingCase.meeting_id, MeetingCase.case_id).order_by(MeetingCase.position)).all()
        agenda: dict[int, list[str]] = {}
        for meeting_id, case_id in items:
            agenda.setdefault(meeting_id, []).append(case_id)
        return [Meeting(m.id, dt.date.fromisoformat(m.on_date), m.body, tuple(agenda.get(m.id, ()))) for m in rows]

    def decisions_taken(self) -> list[TakenDecision]:
        """Every decision taken (not pending, dated), oldest first, with its assessment's output and household
        (the practice report: the whole service's, so not a caseworker's to read)."""
        self._require("case_read_all")
        q = (select(DecisionRow.id, DecisionRow.case_id, DecisionRow.decided_on, DecisionRow.outcome,
                    DecisionRow.decision_json, AssessmentRow.output_json, HouseholdSnapshot.household_json)
             .join(AssessmentRow, AssessmentRow.id == DecisionRow.assessment_id)
             .join(HouseholdSnapshot, HouseholdSnapshot.id == AssessmentRow.snapshot_id)
             .where(DecisionRow.outcome != "pending", DecisionRow.decided_on.is_not(None))
             .order_by(DecisionRow.decided_on, DecisionRow.id))
        with self._read() as s:
            rows = s.execute(q).all()
        return [TakenDecision(r[0], r[1], dt.date.fromisoformat(r[2]), r[3], json.loads(r[4]), json.loads(r[5]),
                              json.loads(r[6])) for r in rows]

    def notifications(self) -> list[tuple[int, dt.date, str]]:
        """Every notification: (decision id, day, method), oldest first."""
        with self._read() as s:
            rows = s.execute(select(NotificationRow.decision_id, NotificationRow.on_date, NotificationRow.method)
                             .order_by(NotificationRow.on_date, NotificationRow.id)).all()
        return [(d, dt.date.fromisoformat(on), method) for d, on, method in rows]

    def procedure_facts(self, case_id: str | None = None) -> list[ProcedureFacts]:
        """Each case's (or one case's) latest request, latest decision taken and its latest notification:
        four queries whatever the number of cases."""
        cases = self._visible(select(Case.id, Case.file_reference, Case.client_first_name, Case.client_last_name)
                              .order_by(Case.id))
        # every request, the latest kept per case below: a GROUP BY builds a temporary tree that costs 30
        # times more than reading the rows on an encrypted store
        latest_request = select(RequestRow.case_id, RequestRow.received)
        decisions = (select(DecisionRow.id, DecisionRow.case_id, DecisionRow.decided_on, DecisionRow.outcome,
                            DecisionRow.decision_json)
                     .where(DecisionRow.outcome != "pending", DecisionRow.decided_on.is_not(None))
                     .order_by(DecisionRow.decided_on, DecisionRow.id))
        notes = select(NotificationRow.decision_id, NotificationRow.on_date, NotificationRow.method).order_by(
            NotificationRow.on_date, NotificationRow.id)
        if case_id is not None:
            cases = cases.where(Case.id == case_id)
            latest_request = latest_request.where(RequestRow.case_id == case_id)
            decisions = decisions.where(DecisionRow.case_id == case_id)
            notes = notes.where(NotificationRow.case_id == case_id)
        with self._read() as s:
            case_rows = s.execute(cases).all()
            if case_id is not None and not case_rows:
                raise StoreError("case_unknown", case=case_id)
            received: dict[str, str] = {}
            for cid, day in s.execute(latest_request):
                if day > received.get(cid, ""):
                    received[cid] = day
            decided = {row.case_id: row for row in s.execute(decisions)}  # the latest per case wins
            notified = {row.decision_id: row for row in s.execute(notes)}
        out = []
        for cid, ref, first, last in case_rows:
            d, n = decided.get(cid), None
            start = months = None
            if d is not None:
                n = notified.get(d.id)
                data = json.loads(d.decision_json)
                start, months = _date(data.get("start")), data.get("duration_months")
            out.append(ProcedureFacts(
                cid, ref, first, last, _date(received.get(cid)), d.id if d else None, _date(d.decided_on) if d else None,
                d.outcome if d else None, start, months, _date(n.on_date) if n else None, n.method if n else None))
        return out

    def record(self, action: str, case_id: str | None = None, ref: str | None = None, digest: str | None = None,
               user: str | None = None) -> None:
        """Add an audit entry for something done outside the store (viewed, printed, ...)."""
        with self._write() as s:
            audit.append(s, self._user_id(s, user), action, case_id, ref, digest)

    def _index_case(self, s: Session, case: Case, new: bool = False) -> None:
        """What the case list searches: the names and reference in lower case (laptop), their blind index
        (office: the tokens, one row each)."""
        text = search_text(case.client_first_name, case.client_last_name, case.file_reference)
        index = self.fields.index(text)
        if not new and index == case.search_text:
            return  # the same names and reference: the same tokens
        case.search_text = index
        if self.fields.seals:
            if not new:
                s.execute(delete(CaseToken).where(CaseToken.case_id == case.id))
                s.flush()
            s.execute(insert(CaseToken), [{"case_id": case.id, "token": t} for t in self.fields.tokens(text)])

    def _case_filter(self, query, search: str | None):
        query = self._visible(query)
        if search and self.fields.seals:
            # the cases holding every word's token, found first from the token index, then joined: the
            # planner never walks the whole case list looking for them
            wanted = sorted({self.fields.query(word) for word in search.casefold().split()})
            matches = (select(CaseToken.case_id).where(CaseToken.token.in_(wanted)).group_by(CaseToken.case_id)
                       .having(func.count() == len(wanted)).subquery())
            query = query.join(matches, matches.c.case_id == Case.id)
        elif search:
            for word in search.casefold().split():
                word = self.fields.query(word)
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
            return list(s.execute(self._visible(select(Case.id)).order_by(Case.id)).scalars())

    def case(self, case_id: str) -> dict:
        """A case and everything stored about it, as plain JSON-able data (export, tests, the GUI)."""
        with self._read() as s:
            c = self._case_for(s, case_id)
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
            self._case_for(s, case_id)
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
            self._case_for(s, case_id)
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
        self._require("policy")
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
        self._require("case_write")
        with self._write() as s:
            self._case_for(s, case_id)
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
            self._case_for(s, case_id)
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
        for a recomputation outside the store (the whole base: the head of service or an administrator)."""
        self._require("verify")
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

    def documents(self) -> Documents:
        """Every stored document beside the digest the audit chain recorded for it (verify compares)."""
        with self._read() as s:
            return read_documents(s)

    def audit_head(self) -> str:
        """The hash of the audit chain's newest entry (printed on letters: an anchor outside the database)."""
        with self._read() as s:
            head = s.get(Meta, "audit_head")
        return head.value.partition(":")[2] if head else audit.GENESIS

    def audit_entry_with_hash(self, prefix: str) -> int | None:
        """The id of the audit entry whose hash starts with `prefix` (hex, from a letter), or None."""
        prefix = prefix.strip().lower()
        if not prefix or any(ch not in "0123456789abcdef" for ch in prefix):
            return None
        with self._read() as s:
            return s.execute(select(AuditEntry.id).where(AuditEntry.hash.startswith(prefix, autoescape=True))
                             .order_by(AuditEntry.id).limit(1)).scalar_one_or_none()

    def verify_audit(self):
        with self._read() as s:
            return audit.check(s)

    # -- erasure -----------------------------------------------------------------------------------------

    def erase(self, case_id: str, user: str | None = None) -> None:
        """Erase a case so that no byte of it remains: rows deleted with secure_delete on (freed pages are
        zeroed), then the WAL checkpointed into the database and truncated. The audit log keeps that it was
        erased, by whom and when (ids only); on a laptop, the list of erasures beside the store too, so that a
        restore of an earlier backup erases it again (store/erasures.py)."""
        self._require("case_erase")
        self._erase(case_id, user)

    def _erase(self, case_id: str, user: str | None = None) -> None:
        with self._write() as s:
            self._case_for(s, case_id)
            uid = self._user_id(s, user)
            if not self.office:
                try:
                    erasures.record(self.path, case_id)
                except OSError:
                    raise StoreError("store_read_only", path=self.path) from None
            for model in (CaseScenarios, NotificationRow, MeetingCase, RequestRow, DecisionRow, Draft, AssessmentRow,
                          HouseholdSnapshot, CaseToken):
                s.execute(delete(model).where(model.case_id == case_id))
            s.execute(delete(Case).where(Case.id == case_id))
            audit.append(s, uid, "erase", case_id)
        self.checkpoint()

    def checkpoint(self) -> None:
        """A laptop's WAL moved into the file and truncated. (At an office, the server's VACUUM reclaims
        erased rows; their identity fields were never on the server in clear.)"""
        if not self.office:
            checkpoint(self.engine, self.path)

    # -- the laptop's file: copies for backups -----------------------------------------------------------

    def raw_connection(self):
        """A new keyed connection to the store, usable from another thread (backups)."""
        self._laptop_only()
        return raw_connection(self.path, self._keyspec, self.kdf_iter, shared=True)

    def copy_to(self, target: Path) -> None:
        """A page-by-page copy of the store into a new file, under the same passphrase (backups)."""
        src = self.raw_connection()
        try:
            copy_database(src, target, self._keyspec, self.kdf_iter)
        finally:
            src.close()
        ring = keys.keyring_path(self.path)
        if ring.exists():  # a copy opens with the keys of its day: the keyring goes with it
            keys.write_keyring(keys.keyring_path(target), keys.read_keyring(ring))

    def is_sound_copy(self, path: Path) -> bool:
        """Whether a copy (a backup) is complete and opens with this store's passphrase."""
        return is_sound_copy(path, self._keyspec, self.kdf_iter)

    def _laptop_only(self) -> None:
        if self.office:
            raise StoreError("office_backup")
