"""What the application asks of a case store, whatever keeps it: the encrypted SQLCipher file of a laptop
today (store.Store), an office's PostgreSQL database next. The GUI, the command line and the services
speak to this interface only; a test checks that Store provides all of it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from ..domain.assessment import Assessment
from ..domain.dataset import Dataset
from ..domain.decision import Decision
from ..domain.household import Household
from ..domain.policy import Policy


@runtime_checkable
class CaseStore(Protocol):
    path: Path

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

    # the autosaved household being typed, per user and case
    def save_draft(self, household: dict, page: int, case_id: str | None = None, user: str | None = None) -> None: ...

    def load_draft(self, case_id: str | None = None, user: str | None = None) -> tuple[dict, int] | None: ...

    # what verification reads: stored inputs, outputs and the data they were computed on; the audit log
    def stored_assessments(self, run_id: str | None = None) -> list: ...

    def dataset(self, sha256: str) -> Dataset: ...

    def verify_audit(self) -> Any: ...

    def record(self, action: str, case_id: str | None = None, ref: str | None = None, digest: str | None = None,
               user: str | None = None) -> None: ...

    # the store itself
    def quick_check(self) -> bool: ...

    def reopener(self) -> Callable[[str], CaseStore]: ...

    def rekey(self, new_passphrase: str) -> None: ...

    def close(self) -> None: ...

    def __enter__(self) -> CaseStore: ...

    def __exit__(self, *exc) -> None: ...


__all__ = ["CaseStore"]
