"""The case store seen from the application: open it, save a case with the assessment the caller
computed, verify what is stored. The store only stores; computing and recomputing happen here."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..domain.assessment import Assessment
from ..domain.canonical import sha256_of
from ..domain.dataset import Dataset
from ..domain.decision import Decision
from ..domain.household import Household
from ..domain.policy import Policy
from ..store.interface import CaseStore
from .errors import ServiceError


@contextmanager
def store_errors() -> Iterator[None]:
    """The store's own errors as the application's."""
    from ..store.errors import StoreError

    try:
        yield
    except StoreError as exc:
        raise ServiceError.from_store(exc) from None


def default_store_path() -> Path:
    from ..store import default_path

    return default_path()


def create_store(path: Path, passphrase: str, admin: str = "admin") -> CaseStore:
    """A new encrypted case store with its first administrator."""
    from ..store import Store

    with store_errors():
        return Store.create(path, passphrase, admin=admin)


def open_store(path: Path, passphrase: str, daily_backup: bool = False, check: bool = True) -> CaseStore:
    """Unlock the case store (with a verified backup of the day first, before a write)."""
    from ..store import Store

    with store_errors():
        store = Store.open(path, passphrase, check=check)
        if daily_backup:
            from ..store.backup import daily_backup as make

            make(store)
    return store


def save_case(store: CaseStore, household: Household, assessment: Assessment, dataset: Dataset, policy: Policy,
              decision: Decision | None = None, case_id: str | None = None, user: str | None = None) -> str:
    """A new case (returns its id) or a new assessment of `case_id`, in one transaction."""
    with store_errors():
        if case_id is None:
            return store.add_case(household, assessment, dataset, policy, decision, user=user)
        store.add_assessment(case_id, household, assessment, dataset, policy, decision, user=user)
        return case_id


def keep_scenarios(store: CaseStore, case_id: str, scenarios: list | None, user: str | None = None) -> None:
    """The what-if scenarios of a case kept beside it (outside its history); only when they changed."""
    with store_errors():
        if (scenarios or []) != store.scenarios(case_id):
            store.save_scenarios(case_id, list(scenarios or []), user=user)


def kept_scenarios(store: CaseStore, case_id: str) -> list:
    with store_errors():
        return store.scenarios(case_id)


@dataclass
class VerifyReport:
    checked: int = 0
    differences: list[tuple[int, str, str, str]] = field(default_factory=list)  # id, run, stored, found
    earlier_engine: list[tuple[int, str, str]] = field(default_factory=list)  # id, run, engine version
    audit_ok: bool = True
    audit_entries: int = 0
    audit_first_bad: int | None = None

    @property
    def ok(self) -> bool:
        """Nothing tampered with: assessments of an earlier engine are not a failure."""
        return not self.differences and self.audit_ok


def verify(store: CaseStore, run_id: str | None = None, user: str | None = None) -> VerifyReport:
    """Check every stored assessment (or one run) and the audit chain; differences are reported, never
    repaired. Each stored input and output must still match its hash. An assessment of this engine version
    is recomputed with the dataset and policy it used and must come out the same; one of an earlier engine
    cannot be (the method changed), so it is reported apart, not as a difference."""
    from ..engine import ENGINE_VERSION, compute
    from ..store.copies import policy_from_json

    report = VerifyReport()
    with store_errors():
        rows = store.stored_assessments(run_id)
        chain = store.verify_audit()
    for row in rows:
        report.checked += 1
        found = _stored_hashes_problem(row)
        if found is None and row.engine_version != ENGINE_VERSION:
            report.earlier_engine.append((row.id, row.run_id, row.engine_version))
            continue
        if found is None:
            try:
                household = Household.from_dict(json.loads(row.household_json))
                with store_errors():
                    dataset = store.dataset(row.dataset_sha256)
                a = compute(household, dataset, policy_from_json(row.policy_json), row.on_date)
                found = a.identity.outputs_sha256 if a.identity.inputs_sha256 == row.inputs_sha256 else "inputs differ"
            except Exception as exc:  # a stored assessment that no longer computes is a difference too
                found = type(exc).__name__
        if found != row.outputs_sha256:
            report.differences.append((row.id, row.run_id, row.outputs_sha256, found))
    report.audit_ok, report.audit_entries, report.audit_first_bad = chain.ok, chain.entries, chain.first_bad
    with store_errors():
        store.record("verify", ref=run_id or "all", user=user)
    return report


def _stored_hashes_problem(row) -> str | None:
    """What is wrong with a stored assessment's own hashes (edited input or output), or None."""
    if sha256_of(json.loads(row.household_json)) != row.inputs_sha256:
        return "inputs differ"
    output = json.loads(row.output_json)
    output.pop("identity", None)
    got = sha256_of(output)
    return None if got == row.outputs_sha256 else got


def back_up(store: CaseStore) -> Path:
    """A verified, encrypted copy of the case store in its backups folder; returns where it is."""
    from ..store.backup import backup

    with store_errors():
        return backup(store, "manual")
