"""What the application asks of a case store, whatever keeps it: the encrypted SQLCipher file of a laptop or
an office's PostgreSQL database (store.Store opens either). The GUI, the command line and the services
speak to this interface only; a test checks that Store provides all of it, on both back-ends."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from ..domain.assessment import Assessment
from ..domain.dataset import Dataset
from ..domain.decision import Decision
from ..domain.household import Household
from ..domain.policy import Policy
from ..domain.profile import Profile


@runtime_checkable
class CaseStore(Protocol):
    path: Path | str  # the laptop's file, or the office database's URL without secrets
    office: bool  # an office's PostgreSQL database
    user: Any  # who signed in: .id, .name, .role (store.SignedIn)
    erased_again: list  # the ids of cases erased here that the file held when it was opened (a backup restored)

    # cases and their assessments: stored as given, each save one transaction
    def add_case(self, household: Household, assessment: Assessment, dataset: Dataset, policy: Policy,
                 decision: Decision | None = None, user: str | None = None) -> str: ...

    def add_assessment(self, case_id: str, household: Household, assessment: Assessment, dataset: Dataset,
                       policy: Policy, decision: Decision | None = None, user: str | None = None) -> str: ...

    def list_cases(self, search: str | None = None, offset: int = 0, limit: int | None = None) -> list: ...

    def count_cases(self, search: str | None = None) -> int: ...

    def case_ids(self) -> list[str]: ...

    def case(self, case_id: str) -> dict[str, Any]: ...

    def latest_household(self, case_id: str) -> Household: ...

    def erase(self, case_id: str, user: str | None = None) -> None: ...

    def latest_assessment(self, case_id: str) -> tuple[Household, dict, str, str, Decision | None]: ...

    def policy(self, sha256: str) -> Policy: ...

    # the CPAS's policy, versioned: the newest version is the active one
    def add_policy_version(self, policy: Policy, reason: str, user: str | None = None) -> int: ...

    def active_policy(self) -> Policy | None: ...

    def policy_log(self, limit: int | None = None) -> list: ...

    # the caseworker's profile, printed on letters
    def save_profile(self, profile: Profile, user: str | None = None) -> None: ...

    def profile(self, user: str | None = None) -> Profile: ...

    # the autosaved household being typed, per user and case
    def save_draft(self, household: dict, page: int, case_id: str | None = None, user: str | None = None) -> None: ...

    def load_draft(self, case_id: str | None = None, user: str | None = None) -> tuple[dict, int] | None: ...

    # what verification reads: stored inputs, outputs and the data they were computed on; the audit log
    def stored_assessments(self, run_id: str | None = None) -> list: ...

    def dataset(self, sha256: str) -> Dataset: ...

    def verify_audit(self) -> Any: ...

    def documents(self) -> Any: ...  # every stored document beside the audit digest that vouches for it

    def audit_head(self) -> str: ...  # the newest audit entry's hash: printed on letters

    def audit_entry_with_hash(self, prefix: str) -> int | None: ...  # a head read from a letter, still chained?

    def record(self, action: str, case_id: str | None = None, ref: str | None = None, digest: str | None = None,
               user: str | None = None) -> None: ...

    # the store itself
    def quick_check(self) -> bool: ...

    def reopener(self) -> Callable[[str], CaseStore]: ...

    # users and roles (store/keys.py: each user's password unlocks the store's key)
    def users(self) -> list: ...

    def add_user(self, name: str, role: str, password: str) -> None: ...

    def disable_user(self, name: str) -> None: ...

    def change_password(self, password: str, new_password: str) -> None: ...

    def assign(self, case_id: str, user: str | None) -> None: ...

    def close(self) -> None: ...

    def __enter__(self) -> CaseStore: ...

    def __exit__(self, *exc) -> None: ...


__all__ = ["CaseStore"]
