"""The household wizard: one page per step, the live budget beside every page, an autosaved draft.

`HouseholdWizard()` builds with the bundled dataset and the default policy (its own session; the main
window passes the application's); `load_household()` and `household()` put a household in and take it
out. A minimal mode asks only the postal code, the members, the rent and the income.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea, QVBoxLayout, QWidget, QWizard, QWizardPage
from shiboken6 import isValid

from ..domain.decision import Decision
from ..domain.household import Household
from ..domain.messages import N_, Problem
from ..i18n import _, message, ngettext
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
    Section,
)
from .session import AppSession

IDENTITY, MEMBERS, HOUSING, MOBILITY, MONEY, REVIEW, DECISION = range(7)
MINIMAL_SKIPS = {MOBILITY, DECISION}
PAGE_HELP = {  # F1: what each page asks and why, in a few plain lines
    IDENTITY: N_("The file: its reference, the postal code (it gives the region, and the file's language in "
                 "Flanders and Wallonia) and the date of the assessment. Who the client is never changes an amount."),
    MEMBERS: N_("Everyone who lives in the household, with a birth date or an age. A child's activity and school "
                "level are proposed from the age; change them if they are not right."),
    HOUSING: N_("The tenure and the rent. Left empty, the rent is the standard rent of the region for the rooms "
                "the household needs. Actual bills replace the standard ones when the policy allows it."),
    MOBILITY: N_("A car only when it is needed, with the reason. The increased reimbursement (BIM) lowers the "
                 "health costs; actual illness costs come on top of the standard."),
    MONEY: N_("Every income, of whom, per month; and the charges (debt repayments, alimony). The local policy says "
              "which ones count and how much."),
    REVIEW: N_("The budget per category: the standard amount, the amount used and why. Correct a category only "
               "with a reason: the committee reads it."),
    DECISION: N_("Your proposal and, after the committee, its decision: they are kept apart from what was "
                 "computed. The decision sheet and the client's budget sheet are made here."),
    None: N_("Choose a case in the list, or make a new one (Ctrl+N). F1 on a page of the household says what it "
             "asks."),
}


def reading_order(container: QWidget) -> list[QWidget]:
    """The widgets of a container that Tab can reach, in the order one reads them: top to bottom, then
    left to right (rows made later, such as a new member, still come where they are shown)."""
    found = [w for w in container.findChildren(QWidget)
             if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isVisibleTo(container) and w.isEnabled()
             and not isinstance(w, QScrollArea) and not w.objectName().startswith("qt_")]  # Qt's inner parts

    def place(w: QWidget):
        point = w.mapTo(container, w.rect().topLeft())
        return point.y(), point.x()

    return sorted(found, key=place)


def chain_focus(widgets: list[QWidget]) -> None:
    for first, second in zip(widgets, widgets[1:], strict=False):
        QWidget.setTabOrder(first, second)


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
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
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
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the page starts at its first field, not its frame
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

    def validatePage(self) -> bool:
        """Next or Finish: what is being typed counts first (an unreadable value stops here, at its field)."""
        focused = QApplication.focusWidget()
        if focused is not None and self.isAncestorOf(focused):
            focused.clearFocus()  # leaving the field commits it
        if self.isComplete():
            return True
        first = next(p for p in self.model.problems() if problem_on_page(p.path, self.prefixes))
        widget = self.findChild(QWidget, first.path)
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return False

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
        self.panel = LivePanel(m, t, sources=lambda: self.dataset.sources if self.dataset else {},
                               session=self.session)
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
        # Tab follows the reading order of the page, then the live panel, then the wizard's buttons; a page
        # opens with the cursor in its first field
        self.currentIdChanged.connect(self._page_shown)
        self._reorder = QTimer(self, singleShot=True, interval=0)  # rows and details come and go: once per turn
        self._reorder.timeout.connect(self.order_focus)
        for signal in (m.rowsChanged, m.reset, *(x.shapeChanged for x in self.findChildren(Section))):
            signal.connect(self._reorder.start)  # (not on every value: Tab's order only changes with the fields)

    def _page_shown(self, _page_id: int) -> None:
        focus_then = self.focusWidget()  # where Qt put it; moved to the first field once laid out

        def settle() -> None:
            fields = self.order_focus()
            if fields and self.focusWidget() is focus_then:  # unless the user has moved it since
                fields[0].setFocus(Qt.FocusReason.TabFocusReason)

        QTimer.singleShot(0, settle)

    def order_focus(self) -> list[QWidget]:
        """Tab through the page in reading order, then the live panel, then the buttons; the page's fields."""
        page = self.currentPage()
        if page is None or not isValid(self):
            return []
        fields = reading_order(page)
        buttons = [self.button(b) for b in (QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton,
                                            QWizard.WizardButton.FinishButton, QWizard.WizardButton.CancelButton)]
        chain_focus(fields + reading_order(self.panel) + [b for b in buttons if b.isVisible()])
        return fields

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

    def autosave(self, *_args, force: bool = False) -> None:
        """Keep what was typed (and the page it is on); a household nobody changed is not a draft, so it
        never replaces one kept before (a new, empty household at start, a case just opened). `force`:
        what is on screen must come back as it is (the screen locks, a Finish was refused)."""
        if self.drafts is not None and (self.model.dirty or force):
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
        self.model.dirty = True  # unsaved work, taken up again
        if self.currentId() == -1:
            self.restart()
        while self.currentId() < page and self.currentId() != -1 and self.currentPage().isComplete():
            self.next()
        return True

    def page_of(self, path: str) -> int:
        """The page where a field (or a problem at that path) is entered."""
        for page_id in self.pageIds():
            if problem_on_page(path, self.page(page_id).prefixes):
                return page_id
        return IDENTITY

    def problem_list(self) -> list[tuple[int, Problem]]:
        """Every point to correct with the page it is on, in page order."""
        found = {(p.key, p.path): (self.page_of(p.path), p) for p in self.model.problems()}
        return sorted(found.values(), key=lambda item: item[0])

    def describe_problems(self, limit: int = 8) -> str:
        items = self.problem_list()
        lines = [ngettext("{count} point to correct:", "{count} points to correct:", len(items)).format(count=len(items))]
        lines += [f"• {self.page(page).title()}: {message(p)}" for page, p in items[:limit]]
        return "\n".join(lines)

    def go_to_problem(self, path: str) -> None:
        """Show the page of a problem and put the cursor in its field."""
        target = self.page_of(path)
        while self.currentId() > target:
            before = self.currentId()
            self.back()
            if self.currentId() == before:  # no page to go back to (opened straight at a later page)
                self.restart()
        while self.currentId() < target and self.currentPage().isComplete():
            before = self.currentId()
            self.next()
            if self.currentId() == before:
                break
        widget = self.currentPage().findChild(QWidget, path)
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def accept(self) -> None:
        page = self.currentPage()
        if page is not None and not page.validatePage():
            return
        if not self.model.valid():  # never finish with an error; the draft keeps everything
            from . import dialogs

            dialogs.tell_error(self, self.describe_problems())
            first = self.problem_list()[0][1]
            self.go_to_problem(first.path)
            return
        if self.on_finish is not None and not self.on_finish():
            self.autosave(force=True)
            return  # not saved (the reason was shown): stay, with everything typed, kept as a draft
        if self.drafts is not None:
            self.drafts.clear()
        self.model.dirty = False
        super().accept()

    on_finish = None  # the main window's save into the case database; returns whether it was saved
    on_cancel = None  # the main window's "close this household"; alone, the wizard closes as a dialog does

    def reject(self) -> None:
        """Cancel and Escape mean "close this household", never "go back to page 1"."""
        if self.on_cancel is not None:
            self.on_cancel()
        else:
            super().reject()

    def preview_sheet(self, client: bool):
        from ..services.cases import audit_anchor
        from ..services.sheets import make_sheet
        from . import dialogs
        from .sheet_preview import SheetPreview

        a = self.model.assessment()
        if a is None or not self.model.valid():
            dialogs.tell_error(self, self.describe_problems() if not self.model.valid()
                               else ServiceError("reference_not_loaded").text())
            return None
        household = self.model.household()
        decision = Decision.from_dict(self.model.data.get("decision", {}))
        chosen = []
        if client and self.model.get("scenarios"):  # the scenarios kept with the case: "What could help"
            from ..services.scenarios import outcomes

            chosen = [o.result for o in outcomes(self.model.get("scenarios"), household, self.dataset, self.policy, a)
                      if o.result is not None]
        try:
            pdf = make_sheet(a, household, self.policy, self.dataset, decision, client=client,
                             profile=self.session.profile(), anchor=audit_anchor(self.session.store),
                             scenarios=chosen)
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


