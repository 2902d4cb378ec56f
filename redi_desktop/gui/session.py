"""What the application is working with, in one place: the case store, the reference dataset, the
policy, the case on screen. Owned by the main window; widgets read it and follow its signals, nobody
keeps a second copy.

The policy is the CPAS's active one: the store's newest version, or without a store the policy file in the
user data folder, else the bundled default (services.policies.active_policy). It follows the store: after
an unlock, and after a new version is saved, `policyChanged` tells who shows it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject, Signal

from ..domain.assessment import Assessment
from ..domain.household import Household
from ..services import ServiceError
from ..services.assess import assess
from ..services.policies import active_policy
from ..services.policies import profile as stored_profile
from ..services.reference import open_dataset


class AppSession(QObject):
    referenceLoaded = Signal()  # dataset and policy are there: budgets can be computed
    referenceFailed = Signal(str)  # why they are not (a damaged budgets.db): entry goes on, nothing computed
    storeChanged = Signal()  # unlocked, locked, or another store
    caseChanged = Signal()  # another case on screen (or a new, unsaved one)
    policyChanged = Signal()  # another version of the CPAS's policy is the active one

    def __init__(self, store=None, dataset=None, policy=None, parent=None):
        super().__init__(parent)
        self.store, self.dataset, self.policy = store, dataset, policy
        self._own_policy = policy is not None  # given by the caller (a test, a bare wizard): kept as it is
        self.case_id: str | None = None
        self.reference_error: ServiceError | None = None

    @property
    def user(self) -> str | None:
        """Who signed in to the open store (None without one)."""
        return self.store.user.name if self.store is not None and self.store.user else None

    def load_reference(self) -> bool:
        """Open the bundled dataset and the policy; on failure say why (once) and go on without them."""
        if self.dataset is not None and self.policy is not None:
            return True
        try:
            self.dataset = self.dataset or open_dataset()
            self.policy = self.policy or active_policy(self.store)
        except ServiceError as exc:
            self.reference_error = exc
            self.referenceFailed.emit(exc.text())
            return False
        self.reference_error = None
        self.referenceLoaded.emit()
        return True

    def assess(self, household: Household) -> Assessment | None:
        """The household's assessment, or None while the reference budgets are not there."""
        if self.dataset is None or self.policy is None:
            return None
        return assess(household, self.dataset, self.policy, today=dt.date.today())

    def set_store(self, store) -> None:
        self.store = store
        if store is not None and self.policy is not None and not self._own_policy:
            self.set_policy(active_policy(store))
        self.storeChanged.emit()

    def set_policy(self, policy) -> None:
        """The active policy changed (a version was saved or imported): new assessments use it."""
        self.policy = policy
        self.policyChanged.emit()

    def profile(self):
        """The signed-in caseworker's profile (name, phone, e-mail, service), printed on letters."""
        return stored_profile(self.store, self.user)

    def set_case(self, case_id: str | None) -> None:
        self.case_id = case_id
        self.caseChanged.emit()
