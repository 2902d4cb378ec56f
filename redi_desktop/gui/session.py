"""What the application is working with, in one place: the case store, the reference dataset, the
policy, the case on screen. Owned by the main window; widgets read it and follow its signals, nobody
keeps a second copy."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject, Signal

from ..domain.assessment import Assessment
from ..domain.household import Household
from ..services import ServiceError
from ..services.assess import assess
from ..services.casefile import read_policy
from ..services.reference import open_dataset


class AppSession(QObject):
    referenceLoaded = Signal()  # dataset and policy are there: budgets can be computed
    referenceFailed = Signal(str)  # why they are not (a damaged budgets.db): entry goes on, nothing computed
    storeChanged = Signal()  # unlocked, locked, or another store
    caseChanged = Signal()  # another case on screen (or a new, unsaved one)

    def __init__(self, store=None, dataset=None, policy=None, parent=None):
        super().__init__(parent)
        self.store, self.dataset, self.policy = store, dataset, policy
        self.case_id: str | None = None
        self.reference_error: ServiceError | None = None

    def load_reference(self) -> bool:
        """Open the bundled dataset and the policy; on failure say why (once) and go on without them."""
        if self.dataset is not None and self.policy is not None:
            return True
        try:
            self.dataset = self.dataset or open_dataset()
            self.policy = self.policy or read_policy()
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
        self.storeChanged.emit()

    def set_case(self, case_id: str | None) -> None:
        self.case_id = case_id
        self.caseChanged.emit()
