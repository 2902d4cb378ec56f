"""The household wizard: one page per step, the live budget beside every page, an autosaved draft.

`HouseholdWizard()` builds with the bundled dataset and the default policy (its own session; the main
window passes the application's); `load_household()` and `household()` put a household in and take it
out. A minimal mode asks only the postal code, the members, the rent and the income.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget, QWizard, QWizardPage
from shiboken6 import isValid

from ..domain.decision import Decision
from ..domain.household import Household
from ..domain.messages import N_
from ..i18n import _, message
from ..services import ServiceError
from .drafts import DraftFile
from .fields import Texts
from .live_panel import LivePanel
from .model import HouseholdModel
from .sections import (
    ChargesSection,
    DecisionSection,
    HousingSection,
    IdentitySection,
    MembersSection,
    MobilityHealthSection,
    ResourcesSection,
    ReviewSection,
)
from .session import AppSession

IDENTITY, MEMBERS, HOUSING, MOBILITY, MONEY, REVIEW, DECISION = range(7)
MINIMAL_SKIPS = {MOBILITY, DECISION}


def problem_on_page(path: str, prefixes: tuple[str, ...]) -> bool:
    return any(path == p or path.startswith(p + ".") or path.startswith(p + "[") for p in prefixes)


def scrolled(panel: QWidget, width: int) -> QScrollArea:
    """The live panel in a scroll area: at 150 % on a small screen it scrolls instead of overlapping."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(panel)
    area.setMinimumWidth(380)
    area.preferred_width = width
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    panel.setMinimumWidth(360)
    return area


class SectionPage(QWizardPage):
    """A wizard page: some sections in a scroll area; complete when none of its fields has a problem."""

    def __init__(self, model: HouseholdModel, texts: Texts, title: str, sections: list[QWidget],
                 prefixes: tuple[str, ...]):
        super().__init__()
        self.model, self.prefixes, self.sections = model, prefixes, sections
        texts.set(self, lambda w, t: w.setTitle(t), title)
        inner = QWidget()
        box = QVBoxLayout(inner)
        for section in sections:
            box.addWidget(section)
        box.addStretch()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        self.problems = QLabel()
        self.problems.setObjectName(f"page.{prefixes[-1]}.problems")
        self.problems.setStyleSheet("color: #b00020;")
        self.problems.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        layout.addWidget(self.problems)
        model.computed.connect(self.completeChanged)
        model.computed.connect(self.show_problems)

    def isComplete(self) -> bool:
        return not any(problem_on_page(p.path, self.prefixes) for p in self.model.problems())

    def show_problems(self) -> None:
        """What no field of the page can show (two applicants, a category corrected twice, ...) said here."""
        if not isValid(self):
            return
        loose = [message(p) for p in self.model.problems() if problem_on_page(p.path, self.prefixes)
                 and self.findChild(QWidget, f"{p.path}.error") is None]
        self.problems.setText("\n".join(dict.fromkeys(loose)))
        self.problems.setVisible(bool(loose))


class HouseholdWizard(QWizard):
    def __init__(self, dataset=None, policy=None, drafts: DraftFile | None = None, texts: Texts | None = None,
                 parent=None, load_later: bool = False, session: AppSession | None = None):
        super().__init__(parent)
        self.session = session or AppSession(dataset=dataset, policy=policy, parent=self)
        if not load_later:
            self.session.load_reference()
        self.drafts = drafts
        self.texts = texts if texts is not None else Texts()  # an empty Texts is falsy (it has a length)
        self.model = HouseholdModel(calculator=self.session.assess)
        self.session.referenceLoaded.connect(self.model.refresh)
        self.minimal = False
        m, t = self.model, self.texts
        self.identity = IdentitySection(m, t)
        self.housing = HousingSection(m, t)
        self.charges = ChargesSection(m, t)
        self.decision = DecisionSection(m, t)
        self.review = ReviewSection(m, t)
        pages = [
            (IDENTITY, N_("The file"), [self.identity],
             ("", "assessment_date", "file_reference", "client", "postal_code", "region", "language")),
            (MEMBERS, N_("Who lives in the household"), [MembersSection(m, t)], ("members",)),
            (HOUSING, N_("Housing"), [self.housing], ("housing",)),
            (MOBILITY, N_("Mobility and health"), [MobilityHealthSection(m, t)], ("mobility", "health")),
            (MONEY, N_("Income and charges"), [ResourcesSection(m, t), self.charges], ("resources", "charges")),
            (REVIEW, N_("The budget, and corrections with their reasons"), [self.review], ("overrides",)),
            (DECISION, N_("Proposal and decision"), [self.decision], ("decision",)),
        ]
        for page_id, title, sections, prefixes in pages:
            self.setPage(page_id, SectionPage(m, t, title, sections, prefixes))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)  # before the side widget: a later style change drops it
        self.panel = LivePanel(m, t)
        self.side = scrolled(self.panel, 540)
        self.setSideWidget(self.side)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.texts.set(self, lambda w, text: w.setWindowTitle(text), N_("REDI Desktop – household"))
        self.decision.decision_button.clicked.connect(lambda: self.preview_sheet(client=False))
        self.decision.client_button.clicked.connect(lambda: self.preview_sheet(client=True))
        for signal in (m.valueChanged, m.rowsChanged, m.reset):
            signal.connect(self.autosave)
        self.currentIdChanged.connect(self.autosave)

    def resizeEvent(self, event) -> None:
        # the live panel takes 40 % of the width, between 380 px (150 % scaling) and 540 px
        self.side.setMinimumWidth(max(380, min(self.side.preferred_width, int(self.width() * 0.4))))
        super().resizeEvent(event)

    # -- the contract of DESIGN.md ------------------------------------------------------------------------

    def load_household(self, household: Household | dict) -> None:
        data = household.to_dict() if isinstance(household, Household) else household
        self.model.load(data)

    def household(self) -> Household:
        return self.model.household()

    # -- behaviour ----------------------------------------------------------------------------------------

    @property
    def dataset(self):
        return self.session.dataset

    @property
    def policy(self):
        return self.session.policy

    def nextId(self) -> int:
        following = self.currentId() + 1
        while self.minimal and following in MINIMAL_SKIPS:
            following += 1
        return following if following <= DECISION else -1

    def set_minimal(self, minimal: bool) -> None:
        """Only what a first answer needs: postal code, members, rent, income."""
        self.minimal = minimal
        self.housing.set_minimal(minimal)
        self.identity.setVisible(True)
        self.charges.setVisible(not minimal)
        self.page(REVIEW).setFinalPage(minimal)

    def autosave(self, *_args) -> None:
        if self.drafts is not None:
            self.drafts.save(self.model.data, max(self.currentId(), 0))

    def restore_draft(self) -> bool:
        """Reopen the draft left by a crash or a closed lid, at its page."""
        if self.drafts is None:
            return False
        found = self.drafts.load()
        if found is None:
            return False
        data, page = found
        self.model.load(data)
        if self.currentId() == -1:
            self.restart()
        while self.currentId() < page and self.currentId() != -1 and self.currentPage().isComplete():
            self.next()
        return True

    def accept(self) -> None:
        if not self.model.valid():  # never finish with an error; the draft keeps everything
            from . import dialogs

            dialogs.tell_error(self, "\n".join(dict.fromkeys(message(p) for p in self.model.problems()[:6])))
            return
        if self.on_finish is not None and not self.on_finish():
            return  # not saved (the reason was shown): stay, with everything typed
        if self.drafts is not None:
            self.drafts.clear()
        super().accept()

    on_finish = None  # the main window's save into the case database; returns whether it was saved

    def preview_sheet(self, client: bool):
        from ..services.sheets import make_sheet
        from . import dialogs
        from .sheet_preview import SheetPreview

        a = self.model.assessment()
        if a is None or not self.model.valid():
            return None
        household = self.model.household()
        decision = Decision.from_dict(self.model.data.get("decision", {}))
        try:
            pdf = make_sheet(a, household, self.policy, self.dataset, decision, client=client,
                             profile=self.session.profile())
        except ServiceError as exc:
            dialogs.tell_error(self, exc.text())
            return None
        name = f"{household.file_reference or _('case')}-{'client' if client else 'decision'}.pdf"
        self.sheet_preview = SheetPreview(pdf, name, self)
        self.sheet_preview.show()
        if self.on_sheet is not None:
            self.on_sheet("client_sheet" if client else "decision_sheet")
        return self.sheet_preview

    on_sheet = None  # the main window records in the audit log that a sheet was made

    def retranslate(self) -> None:
        """The language changed: every text again, amounts and dates the new language's way; the household
        and its draft are not touched."""
        self.texts.retranslate()  # (it also tells every section and panel to show its values again)
        # QWizard takes its button words from Qt's catalogs only when built: ask them again
        for button, source in ((QWizard.WizardButton.BackButton, "< &Back"), (QWizard.WizardButton.NextButton, "&Next >"),
                               (QWizard.WizardButton.FinishButton, "&Finish"), (QWizard.WizardButton.CancelButton, "Cancel"),
                               (QWizard.WizardButton.CommitButton, "Commit")):
            self.setButtonText(button, QCoreApplication.translate("QWizard", source))


