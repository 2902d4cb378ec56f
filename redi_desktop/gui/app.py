"""The main window: the case list, the household wizard or the expert form (the same household), menus,
language, the lock after idle time.

Started by `redi-desktop` with a display: it unlocks (or creates) the encrypted case database; without one
the caseworker can still work, opening and saving household files, the draft on disk.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from pathlib import Path

from PySide6.QtCore import QEvent, QLibraryInfo, QObject, Qt, QTimer, QTranslator, Signal
from PySide6.QtGui import QAction, QActionGroup, QFont, QFontDatabase, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from .. import i18n, paths
from ..domain.messages import N_
from ..i18n import _
from . import settings
from .drafts import DraftFile
from .fields import Texts, set_text
from .live_panel import LivePanel
from .sections import SECTIONS, DecisionSection, Section
from .session import AppSession
from .wizard import HouseholdWizard, chain_focus, reading_order, scrolled

_qt_translator: QTranslator | None = None


def set_qt_language(lang: str) -> None:
    """Qt's own words (Next, Back, Cancel, OK...) from the catalogs Qt ships."""
    global _qt_translator
    app = QApplication.instance()
    if _qt_translator is not None:
        app.removeTranslator(_qt_translator)
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(f"qtbase_{lang}", folder) or translator.load(f"qt_{lang}", folder):
        app.installTranslator(translator)
        _qt_translator = translator


def use_bundled_font(app: QApplication) -> None:
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        QFontDatabase.addApplicationFont(str(paths.resources_dir() / "fonts" / name))
    app.setFont(QFont("DejaVu Sans", 10))


class ExpertForm(QWidget):
    """The whole household on one form, for caseworkers who know it by heart."""

    def __init__(self, wizard: HouseholdWizard):
        super().__init__()
        m, t = wizard.model, wizard.texts
        inner = QWidget()
        box = QVBoxLayout(inner)
        for section in SECTIONS:
            title = QLabel()
            title.setStyleSheet("font-weight: bold; font-size: 12pt; margin-top: 8px;")
            t.set(title, set_text, section.title)
            box.addWidget(title)
            widget = section(m, t)
            if isinstance(widget, DecisionSection):
                widget.decision_button.clicked.connect(lambda: wizard.preview_sheet(client=False))
                widget.client_button.clicked.connect(lambda: wizard.preview_sheet(client=True))
            box.addWidget(widget)
        self.finish_button = QPushButton(objectName="expert.finish")
        self.finish_button.setAutoDefault(False)
        t.set(self.finish_button, set_text, N_("&Finish"))
        self.finish_button.clicked.connect(self.finish)
        box.addWidget(self.finish_button, 0, Qt.AlignmentFlag.AlignRight)
        self.inner, self.wizard = inner, wizard
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QHBoxLayout(self)
        layout.addWidget(scroll, 3)
        self.panel = LivePanel(m, t, sources=lambda: wizard.dataset.sources if wizard.dataset else {},
                               session=wizard.session)
        side = scrolled(self.panel, 540)
        side.setMinimumWidth(540)
        layout.addWidget(side, 2)
        self._reorder = QTimer(self, singleShot=True, interval=0)  # details shown or hidden: once per turn
        self._reorder.timeout.connect(self.order_focus)
        for signal in (m.rowsChanged, m.reset, *(x.shapeChanged for x in self.findChildren(Section))):
            signal.connect(self._reorder.start)  # (not on every value: Tab's order only changes with the fields)
        self._reorder.start()

    def order_focus(self) -> None:
        """Tab through the form in reading order (its Finish last), then the live panel."""
        if isValid(self):
            chain_focus(reading_order(self.inner) + reading_order(self.panel))

    def finish(self) -> None:
        """Finish as the wizard does: what is typed counts, every point to correct is said, nothing is lost."""
        focused = QApplication.focusWidget()
        if focused is not None and self.isAncestorOf(focused):
            focused.clearFocus()
        if not self.wizard.model.valid():
            from . import dialogs

            dialogs.tell_error(self, self.wizard.describe_problems())
            first = self.wizard.problem_list()[0][1]
            widget = self.inner.findChild(QWidget, first.path)
            if widget is not None:
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.wizard.accept()


class MainWindow(QMainWindow):
    def __init__(self, drafts: DraftFile | None = None, load_later: bool = False, store=None):
        super().__init__()
        self.texts = Texts()
        self.session = AppSession(store, parent=self)
        self.session.referenceFailed.connect(self.reference_failed)
        self.wizard = HouseholdWizard(drafts=drafts, texts=self.texts, load_later=True, session=self.session)
        self.wizard.finished.connect(self.on_wizard_finished)
        self.wizard.on_cancel = self.cancel
        self.expert: ExpertForm | None = None
        self.stack = QStackedWidget()
        self.stack.addWidget(self.wizard)
        self.cases = self.todo = None
        self.pending_request = None  # a request received, registered with the case when it is saved
        self.ack_preview = None
        if store is not None:
            from .cases import CaseList
            from .drafts import StoreDrafts

            self.wizard.drafts = StoreDrafts(self.session)
            if drafts is not None:
                self.adopt_plain_draft(drafts, self.wizard.drafts)
            self.wizard.on_finish = self.save_case
            self.wizard.on_sheet = lambda kind: self.case_id and self.store.record("print", self.case_id, ref=kind)
            self.cases = CaseList(self.session, self.texts)
            self.cases.new_case.connect(self.new_household)
            self.cases.open_case.connect(lambda case_id: self.open_case(case_id, copy=False))
            self.cases.copy_case.connect(lambda case_id: self.open_case(case_id, copy=True))
            self.stack.addWidget(self.cases)
            from .procedure import TodoView

            self.todo = TodoView(self.session, self.texts)
            self.todo.open_case.connect(lambda case_id: self.open_case(case_id, copy=False))
            self.stack.addWidget(self.todo)
            self.stack.setCurrentWidget(self.cases)
        self.setCentralWidget(self.stack)
        self.texts.set(self, lambda w, text: w.setWindowTitle(text), self.window_title)
        self.session.storeChanged.connect(lambda: self.setWindowTitle(self.window_title()))
        self._menus()
        self.dataset_label = QLabel(objectName="status.dataset")
        self.statusBar().addPermanentWidget(self.dataset_label)
        self.texts.set(self.dataset_label, set_text, self.reference_text)
        self.session.referenceLoaded.connect(lambda: self.dataset_label.setText(self.reference_text()))
        self.session.policyChanged.connect(lambda: self.dataset_label.setText(self.reference_text()))
        self.session.policyChanged.connect(self.wizard.model.refresh)  # the household under the new version
        self.resize(1366, 768)
        if not load_later:
            self.load_reference()

    @staticmethod
    def adopt_plain_draft(plain: DraftFile, encrypted) -> None:
        """A household typed before there was a case database (its draft a plain file) goes into the
        encrypted database and the plain file is removed, unless a draft is already kept there (then both
        stay: nothing is ever overwritten by another draft)."""
        found = plain.load()
        if found is None or not found[0] or encrypted.load() is not None:
            return
        encrypted.save(*found)
        plain.clear()

    # the session's state, read where it is kept
    @property
    def store(self):
        return self.session.store

    @property
    def case_id(self) -> str | None:
        return self.session.case_id

    def window_title(self) -> str:
        """The program and who is signed in, with their role: a shared office laptop shows whose session it is."""
        from ..domain.roles import ROLE_LABELS

        store = self.store
        if store is None or store.user is None:
            return "REDI Desktop"
        return _("REDI Desktop — {user} ({role})").format(user=store.user.name,
                                                          role=_(ROLE_LABELS.get(store.user.role, store.user.role)))

    def reference_text(self) -> str:
        s = self.session
        if s.reference_error is not None:
            return _("No reference budgets: nothing is computed")
        if s.dataset is None:
            return _("Opening the reference budgets…")
        return _("Dataset {dataset} · policy {policy} v{version}").format(
            dataset=s.dataset.id, policy=s.policy.name_in(i18n.language()), version=s.policy.version)

    def load_reference(self) -> None:
        self.session.load_reference()

    def back_up(self) -> None:
        """A verified, encrypted backup now, with where it went, or why it could not be made."""
        from ..services import ServiceError
        from ..services.cases import back_up
        from . import dialogs

        self.commit_typing()
        try:
            target = back_up(self.store)
        except ServiceError as exc:
            dialogs.tell_error(self, exc.text())
            return
        dialogs.tell_info(self, _("The case database was backed up and the copy checked: {path}").format(path=target))

    def synchronise(self) -> None:
        """Send this laptop's cases to the office database and take the ones this user follows there."""
        from .cases import SyncDialog

        self.commit_typing()
        self.wizard.autosave(force=True)
        self.sync_dialog = SyncDialog(self.session, self)
        self.sync_dialog.finished_with.connect(lambda _outcome: self.cases.refresh())  # what came in
        self.sync_dialog.open()

    def help_page(self) -> None:
        """F1: what the page on screen asks, and why, in a few lines."""
        from . import dialogs
        from .wizard import PAGE_HELP

        page = self.wizard.currentId() if self.stack.currentWidget() is self.wizard else None
        dialogs.tell_info(self, _(PAGE_HELP.get(page, PAGE_HELP[None])))

    def about(self) -> None:
        """Which program, which reference data and which policy this is: what support asks first."""
        from .. import __version__
        from . import dialogs

        lines = [_("REDI Desktop {version}: reference budgets for a dignified life, for CPAS and OCMW.").format(
            version=__version__), self.reference_text()]
        if self.session.dataset is not None:
            lines.append(f"{self.session.dataset.title} (sha256 {self.session.dataset.sha256()[:12]})")
        dialogs.tell_info(self, "\n".join(lines))

    def reference_failed(self, text: str) -> None:
        """The reference budgets cannot be read: say so, and let the caseworker go on typing (the
        household and its draft are kept; budgets come back once the installation is repaired)."""
        from . import dialogs

        self.dataset_label.setText(self.reference_text())
        if not dialogs.ask_go_on_without_budgets(self, text):
            self.close()

    def _menus(self) -> None:
        t = self.texts

        def action(menu, label, slot, shortcut=None, name=None, checkable=False):
            a = QAction(self)
            a.setObjectName(name or label)
            t.set(a, set_text, label)
            if shortcut:
                a.setShortcut(QKeySequence(shortcut))
            a.setCheckable(checkable)
            a.triggered.connect(slot)
            menu.addAction(a)
            return a

        bar = self.menuBar()
        file_menu = bar.addMenu("")
        t.set(file_menu, lambda w, text: w.setTitle(text), N_("&File"))
        action(file_menu, "&New household", self.new_household, QKeySequence.StandardKey.New, "action.new")
        if self.store is not None:
            action(file_menu, "&Cases", self.show_cases, "Ctrl+L", "action.cases")
            backup = action(file_menu, "Back &up the case database", self.back_up, None, "action.backup")
            backup.setEnabled(not self.store.office)  # an office database is backed up by its server
            self.sync_action = action(file_menu, "S&ynchronise with the office…", self.synchronise, None,
                                      "action.sync")
            self.sync_action.setEnabled(not self.store.office)
        action(file_menu, "&Open a household file…", self.open_file, QKeySequence.StandardKey.Open, "action.open")
        action(file_menu, "&Save as a household file…", self.save_file, QKeySequence.StandardKey.Save, "action.save")
        action(file_menu, "&Decision sheet…", lambda: self.wizard.preview_sheet(client=False),
               QKeySequence.StandardKey.Print, "action.decision_sheet")
        action(file_menu, "Client's &budget sheet…", lambda: self.wizard.preview_sheet(client=True), "Ctrl+Shift+P",
               "action.client_sheet")
        file_menu.addSeparator()
        action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit, "action.quit")

        view = bar.addMenu("")
        t.set(view, lambda w, text: w.setTitle(text), N_("&View"))
        self.expert_action = action(view, "&Expert form (everything on one page)", self.toggle_expert, "Ctrl+E",
                                    "action.expert", checkable=True)
        self.minimal_action = action(view, "&Minimal mode (members, rent, income)", self.toggle_minimal, "Ctrl+M",
                                     "action.minimal", checkable=True)

        if self.store is not None:  # the procedure around the budget (issue 14)
            procedure = bar.addMenu("")
            t.set(procedure, lambda w, text: w.setTitle(text), N_("&Procedure"))
            action(procedure, "&To do", self.show_todo, "Ctrl+T", "action.todo")
            action(procedure, "New case from a &request…", self.new_from_request, None, "action.request")
            action(procedure, "Meeting &agenda…", self.meeting_agenda, None, "action.agenda")
            action(procedure, "Record a &meeting's decisions…", self.record_meeting, None, "action.meeting")
            action(procedure, "Case &history…", self.case_history, None, "action.timeline")

        # the CPAS's settings and policy (administrator), the caseworker's profile (issue 11)
        cpas = bar.addMenu("")
        t.set(cpas, lambda w, text: w.setTitle(text), N_("&Settings"))
        action(cpas, "CPAS settings and &policy…", self.edit_policy, None, "action.policy")
        self.users_action = action(cpas, "&Users…", self.edit_users, None, "action.users")
        self.profile_action = action(cpas, "My &profile…", self.edit_profile, None, "action.profile")
        self.profile_action.setEnabled(self.store is not None)
        self.session.storeChanged.connect(lambda: self.profile_action.setEnabled(self.store is not None))
        self.users_action.setEnabled(self.may_manage_users())
        self.session.storeChanged.connect(lambda: self.users_action.setEnabled(self.may_manage_users()))

        help_menu = bar.addMenu("")
        t.set(help_menu, lambda w, text: w.setTitle(text), N_("&Help"))
        action(help_menu, "&Help on this page", self.help_page, QKeySequence.StandardKey.HelpContents, "action.help")
        action(help_menu, "&About REDI Desktop", self.about, None, "action.about")
        examples = help_menu.addMenu("")
        t.set(examples, lambda w, text: w.setTitle(text), N_("E&xamples"))
        for path in sorted(paths.examples_dir().glob("*.json")):
            a = QAction(path.stem, self)
            a.triggered.connect(lambda _=False, p=path: self.load_file(p))  # a new, unsaved case
            examples.addAction(a)

        languages = bar.addMenu("")
        t.set(languages, lambda w, text: w.setTitle(text), N_("&Language"))
        group = QActionGroup(self)
        self.language_actions = {}
        for lang, name in (("fr", "&Français"), ("nl", "&Nederlands")):
            a = QAction(name, self, checkable=True)
            a.setObjectName(f"language.{lang}")
            a.setChecked(i18n.language() == lang)
            a.triggered.connect(lambda _=False, lang=lang: self.set_language(lang))
            group.addAction(a)
            languages.addAction(a)
            self.language_actions[lang] = a

    # -- actions ------------------------------------------------------------------------------------------

    def commit_typing(self) -> None:
        """What is being typed in a field goes into the household before anything else happens."""
        focused = QApplication.focusWidget()
        if focused is not None:
            focused.clearFocus()  # leaving the field commits it

    def set_language(self, lang: str) -> None:
        self.commit_typing()
        i18n.set_language(lang)
        set_qt_language(lang)
        self.language_actions[lang].setChecked(True)
        self.wizard.retranslate()
        settings.save({"language": lang})

    def edit_policy(self) -> None:
        from .policy_dialog import PolicyDialog

        self.policy_dialog = PolicyDialog(self.session, self)
        self.policy_dialog.open()

    def may_manage_users(self) -> bool:
        from ..domain.roles import may

        return self.store is not None and self.store.user is not None and may(self.store.user.role, "users")

    def edit_users(self) -> None:
        from .users_dialog import UsersDialog

        self.users_dialog = UsersDialog(self.session, self)
        self.users_dialog.open()

    def edit_profile(self) -> None:
        from .policy_dialog import ProfileDialog

        self.profile_dialog = ProfileDialog(self.session, self)
        self.profile_dialog.open()

    def toggle_expert(self, on: bool) -> None:
        self.commit_typing()
        if on and self.expert is None:
            self.expert = ExpertForm(self.wizard)
            self.stack.addWidget(self.expert)
        self.stack.setCurrentWidget(self.expert if on else self.wizard)

    def toggle_minimal(self, on: bool) -> None:
        self.wizard.set_minimal(on)

    def start(self, data: dict, case_id: str | None) -> None:
        """Put a household in the wizard, for a case (or a new one), keeping what was being typed before."""
        self.commit_typing()
        self.pending_request = None
        self.session.set_case(case_id)
        self.wizard.model.load(data)
        self.show_wizard()

    def may_replace(self) -> bool:
        """Whether the household on screen may give way to another: yes when nothing changed since it was
        opened or saved, else when the caseworker says so."""
        from . import dialogs

        self.commit_typing()
        on_screen = self.stack.currentWidget() not in (self.cases, self.todo)
        return not (on_screen and self.wizard.model.dirty) or dialogs.ask_replace_unsaved(self)

    def new_household(self) -> None:
        import datetime as dt

        from .model import empty_household

        if not self.may_replace():
            return
        if self.store is not None and self.resume_draft(None):
            return
        self.start(empty_household(dt.date.today(), i18n.language()), None)

    def cancel(self) -> None:
        """Cancel or Escape: close this household without saving it (after asking when it changed)."""
        if not self.may_replace():
            return
        if self.cases is not None:
            self.show_cases()
        else:
            import datetime as dt

            from .model import empty_household

            self.start(empty_household(dt.date.today(), i18n.language()), None)

    def resume_draft(self, case_id: str | None) -> bool:
        """Offer back the unfinished household kept for this case (or for a new one); True if taken up."""
        from . import dialogs

        before = self.case_id
        self.session.set_case(case_id)  # the drafts kept are the case's
        if not (self.wizard.drafts.load() and dialogs.ask_resume(self)):
            self.session.set_case(before)
            return False
        self.wizard.restore_draft()
        self.show_wizard(restart=False)
        return True

    def show_wizard(self, restart: bool = True) -> None:
        self.stack.setCurrentWidget(self.expert if self.expert_action.isChecked() and self.expert else self.wizard)
        self.wizard.show()  # after a Finish without a case database, QDialog hid it
        if restart:
            self.wizard.restart()

    def show_todo(self) -> None:
        if self.todo is not None and self.may_replace():
            self.todo.refresh()
            self.stack.setCurrentWidget(self.todo)

    def new_from_request(self) -> None:
        """A request received at the desk: its details first, then the household of the new case; the
        request is entered in the register, and its acknowledgment shown, when the case is saved."""
        import datetime as dt

        from . import dialogs
        from .model import empty_household
        from .procedure import RequestDialog

        if self.store is None or not self.may_replace():
            return
        dialog = RequestDialog(self)
        if not dialogs.ask_dialog(dialog) or dialog.result_request is None:
            return
        self.start(empty_household(dt.date.today(), i18n.language()), None)
        self.pending_request = dialog.result_request

    def meeting_agenda(self) -> None:
        """A meeting's agenda for its members, shown to print or save."""
        from ..services.procedure import agenda_pdf
        from . import dialogs
        from .procedure import AgendaDialog

        dialog = AgendaDialog(self.session, self)
        if not dialogs.ask_dialog(dialog) or dialog.meeting is None:
            return
        meeting = dialog.meeting
        self.agenda_preview = self.preview(lambda: agenda_pdf(self.store, meeting, i18n.language()),
                                           f"{_('agenda')}-{meeting.on_date.isoformat()}.pdf")

    agenda_preview = None

    def preview(self, make, name: str):
        """A document of the procedure made by `make` and shown to print or save (None when refused)."""
        from ..services import ServiceError
        from . import dialogs
        from .sheet_preview import SheetPreview

        try:
            pdf = make()
        except ServiceError as exc:
            dialogs.tell_error(self, exc.text())
            return None
        shown = SheetPreview(pdf, name, self)
        shown.show()
        return shown

    def case_history(self) -> None:
        """The open case's timeline with its chart (the PDF's drawing), shown to print or save."""
        from ..services.procedure import timeline_pdf
        from . import dialogs

        if self.store is None or self.case_id is None:
            dialogs.tell_info(self, _("Open a case first: its history is shown from the case list."))
            return
        case_id = self.case_id
        self.timeline_preview = self.preview(lambda: timeline_pdf(self.store, case_id, i18n.language()),
                                             f"{_('history')}.pdf")

    timeline_preview = None

    def record_meeting(self) -> None:
        from . import dialogs
        from .procedure import MeetingDecisions, choose_meeting

        if self.store is None:
            return
        meeting = choose_meeting(self.session)
        if meeting is None:
            dialogs.tell_info(self, _("No meeting has an agenda yet: make one first (Procedure, Meeting agenda)."))
            return
        dialogs.ask_dialog(MeetingDecisions(self.session, meeting, self, ask_folder=dialogs.ask_folder))

    def show_acknowledgment(self, case_id: str) -> None:
        from ..services.procedure import acknowledgment_pdf

        self.ack_preview = self.preview(lambda: acknowledgment_pdf(self.store, case_id), f"{_('acknowledgment')}.pdf")

    def show_cases(self) -> None:
        if self.cases is not None:
            self.cases.refresh()
            self.stack.setCurrentWidget(self.cases)

    def open_case(self, case_id: str, copy: bool) -> None:
        """A stored case in the wizard (its unfinished draft if the caseworker wants it back); copied, its
        last assessment starts a new one dated today."""
        import datetime as dt

        from ..services.cases import kept_scenarios

        self.commit_typing()
        self.store.record("view", case_id)
        if self.resume_draft(case_id):
            return
        household = self.store.latest_household(case_id).to_dict()
        scenarios = kept_scenarios(self.store, case_id)
        if scenarios:
            household["scenarios"] = scenarios
        if copy:
            household["assessment_date"] = dt.date.today().isoformat()
        self.start(household, case_id)

    def lock(self) -> None:
        """Hide everything, close the database (its key leaves memory), ask the passphrase again."""
        import datetime as dt

        from . import dialogs
        from .model import empty_household

        if self.store is None or self.locked:
            return
        self.locked = True
        self.commit_typing()
        self.wizard.autosave(force=True)  # what is on screen comes back after the unlock
        for window in QApplication.topLevelWidgets():  # a sheet preview shows names and amounts too
            if window is not self and window.isVisible() and isinstance(window, QDialog):
                window.close()
        drafts, self.wizard.drafts = self.wizard.drafts, None  # clearing the screen must not touch the draft
        reopen = self.store.reopener()
        self.session_user = self.store.user.name if self.store.user else ""
        self.store.close()
        self.session.set_store(None)
        self.centralWidget().hide()
        on_wizard = self.stack.currentWidget() is not self.cases
        self.wizard.model.load(empty_household(dt.date.today()))  # nothing of the case stays on screen
        store = dialogs.ask_unlock(self, False, lambda _name, phrase: reopen(phrase), user=self.session_user,
                                   fixed_user=True)
        self.locked = False
        if store is None:
            self.close()
            return
        self.session.set_store(store)
        self.wizard.drafts = drafts
        self.centralWidget().show()
        if on_wizard and self.wizard.restore_draft():
            self.show_wizard(restart=False)
        else:
            self.show_cases()

    locked = False
    daily_backup: DailyBackup | None = None  # made by run(): the day's backup at opening and at a new day's save

    def save_case(self) -> bool:
        """Finish: the assessment goes into the case database, in one transaction."""
        from ..domain.decision import Decision
        from ..services import ServiceError
        from ..services.cases import keep_scenarios, save_case
        from . import dialogs

        w = self.wizard
        decision = Decision.from_dict(w.model.data["decision"]) if w.model.data.get("decision") else None
        assessment = w.model.assessment()
        if assessment is None:
            dialogs.tell_error(self, ServiceError("reference_not_loaded").text())
            return False
        request = self.pending_request if self.case_id is None else None
        try:  # the assessment on screen is the one saved: computed once, for the household as it is
            case_id = save_case(self.store, w.household(), assessment, w.dataset, w.policy, decision, self.case_id,
                                request=request)
            keep_scenarios(self.store, case_id, w.model.get("scenarios"))  # beside it, never part of it
        except ServiceError as exc:
            dialogs.tell_error(self, exc.text())
            return False
        self.session.set_case(case_id)
        if self.daily_backup is not None:
            self.daily_backup.start()  # the first save of a day after the window stayed open overnight
        if request is not None:
            self.pending_request = None
            self.show_acknowledgment(case_id)
        return True

    def open_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Open a household file"), "", "JSON (*.json)")
        if path:
            self.load_file(Path(path))

    def load_file(self, path: Path) -> None:
        if not self.may_replace():
            return
        from ..services import ServiceError
        from ..services.casefile import read_json
        from . import dialogs

        try:  # what the form cannot read is shown at its field; a file that is not JSON is refused here
            data = read_json(path)
            if not isinstance(data, dict):
                raise ServiceError("file_unreadable", path=path)
        except ServiceError as exc:
            dialogs.tell_error(self, exc.text())
            return
        self.start(data, None)  # a household from a file is a new case, never the one that was open

    def save_file(self) -> None:
        from . import dialogs

        path = dialogs.ask_save_json_path(self, (self.wizard.model.get("file_reference") or "household") + ".json")
        if path is None:
            return
        from ..services import ServiceError
        from ..services.sheets import write_file

        data = self.wizard.model.data
        if any(data.get("client", {}).values()):  # a file is not encrypted: say so, offer to leave them out
            keep = dialogs.ask_keep_identity(self)
            if keep is None:
                return
            if not keep:
                data = {k: v for k, v in data.items() if k != "client"}
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        try:
            write_file(path, text.encode("utf-8"))
        except ServiceError as exc:
            dialogs.tell_error(self, exc.text())

    def on_wizard_finished(self, result: int) -> None:
        if result:
            self.statusBar().showMessage(_("Assessment complete."), 8000)
        if self.cases is not None and result:
            self.show_cases()
        else:
            self.show_wizard(restart=False)  # without a case database the household stays, to be saved as a file


def open_store(parent=None):
    """Unlock the case database, or offer to create it; None to work without one (drafts on disk)."""
    from ..services.cases import create_store, open_store, store_location
    from . import dialogs

    location = store_location()
    if isinstance(location, Path) and not location.exists():
        return dialogs.ask_unlock(parent, True, lambda name, phrase: create_store(location, phrase, admin=name))

    def sign_in(name, password):
        # unchecked: reading every page takes seconds on a large store; StoreCheck does it next, in a worker
        store = open_store(location, password, user=name, check=False)
        settings.save({"last_user": store.user.name})
        return store

    return dialogs.ask_unlock(parent, False, sign_in, user=settings.load().get("last_user", ""))


class StoreCheck(QObject):
    """PRAGMA quick_check on the case database in a worker thread, after the window is up."""

    done = Signal(bool)

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.done.connect(self.report)
        threading.Thread(target=lambda: self.done.emit(window.store.quick_check()), daemon=True).start()

    def report(self, ok: bool) -> None:
        from . import dialogs

        if not ok:
            dialogs.tell_error(self.window, _("The case database is damaged. Nothing was changed; restore a "
                                              "backup with “redi-desktop restore”."))
        elif self.window.daily_backup is not None:
            self.window.daily_backup.start()  # never a backup of a damaged store over a sound one


class DailyBackup(QObject):
    """The backup of the day the README promises, made in a worker thread (a large store takes seconds):
    after the check at opening, and at the first save of a new day. One that cannot be made is said once;
    the work itself is saved all the same."""

    failed = Signal(str)

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window, self.day, self.said = window, None, False
        self.failed.connect(self.report)

    def start(self) -> threading.Thread | None:
        """The day's backup, unless it was made (or tried) today; returns the worker (tests wait for it)."""
        import datetime as dt

        from ..services.cases import make_daily_backup

        today, store = dt.datetime.now(dt.UTC).date(), self.window.store
        if store is None or self.day == today:
            return None
        self.day = today

        def work():
            problem = make_daily_backup(store)
            if problem is not None:
                self.failed.emit(problem.text())

        worker = threading.Thread(target=work, daemon=True)
        worker.start()
        return worker

    def report(self, text: str) -> None:
        from . import dialogs

        if not self.said:
            self.said = True
            dialogs.tell_error(self.window, text)


class IdleLock(QObject):
    """Locks the window after some minutes without a key or a click: the laptop left on a kitchen table
    shows nothing, and the database key leaves memory."""

    def __init__(self, window: MainWindow, minutes: float):
        super().__init__(window)
        self.window = window
        self.timer = QTimer(self, singleShot=True, interval=int(minutes * 60_000))
        self.timer.timeout.connect(window.lock)
        QApplication.instance().installEventFilter(self)
        self.timer.start()

    def eventFilter(self, _obj, event) -> bool:
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel):
            self.timer.start()
        return False


def run() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    use_bundled_font(app)
    i18n.set_language(settings.load().get("language", i18n.language()))
    set_qt_language(i18n.language())
    store = open_store()
    window = MainWindow(drafts=DraftFile(), load_later=True, store=store)
    if store is not None:
        window.idle_lock = IdleLock(window, float(os.environ.get("REDI_DESKTOP_LOCK_MINUTES", "10")))
        window.daily_backup = DailyBackup(window)
        window.store_check = StoreCheck(window)  # then the day's backup
    if window.wizard.restore_draft():
        window.statusBar().showMessage(_("The draft you were typing has been reopened."), 10000)
    window.show()
    QTimer.singleShot(0, window.load_reference)  # the window first, then the database layer
    return app.exec()
