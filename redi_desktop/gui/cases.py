"""The case list and the case database's dialogs: unlock, first-run creation.

The list reads the store page by page (a lazy model): opening it with tens of thousands of cases costs
one page, not the whole table.
"""

from __future__ import annotations

import datetime as dt
import threading

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..domain.messages import N_
from ..i18n import _, format_date
from .fields import Texts, set_text

PAGE = 100
ROOT = QModelIndex()  # the table has no tree: every row hangs from the root
COLUMNS = (N_("File reference"), N_("Client"), N_("Status"), N_("Last change"))
STATUS_NAMES = {"open": N_("open"), "closed": N_("closed")}


class CaseTableModel(QAbstractTableModel):
    """The cases of the session's store (whichever store is open now: it changes at each unlock)."""

    def __init__(self, session, texts: Texts):
        super().__init__()
        self.session, self.search = session, ""
        self.rows: list = []
        self.total = 0
        self.reload()

    def reload(self, search: str | None = None) -> None:
        self.beginResetModel()
        if search is not None:
            self.search = search.strip()
        self.rows = self.session.store.list_cases(self.search or None, 0, PAGE)
        self.total = self.session.store.count_cases(self.search or None)
        self.endResetModel()

    def rowCount(self, parent=ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=ROOT) -> int:
        return len(COLUMNS)

    def canFetchMore(self, parent=ROOT) -> bool:
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent=ROOT) -> None:
        more = self.session.store.list_cases(self.search or None, len(self.rows), PAGE)
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
        self.rows += more
        self.endInsertRows()

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        c = self.rows[index.row()]
        column = index.column()
        if column == 0:
            return c.file_reference
        if column == 1:
            return f"{c.first_name} {c.last_name}".strip()
        if column == 2:
            return _(STATUS_NAMES.get(c.status, c.status))
        changed = dt.datetime.fromisoformat(c.updated_at.replace("Z", "+00:00"))
        if changed.tzinfo is not None:
            changed = changed.astimezone()  # stored in UTC, shown in the laptop's time
        return f"{format_date(changed.date())} {changed:%H:%M}"

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section])
        return None

    def case_id(self, row: int) -> str:
        return self.rows[row].id


class CaseList(QWidget):
    """Search by name or file reference, most recently changed first; new, open, copy."""

    new_case = Signal()
    open_case = Signal(str)
    copy_case = Signal(str)

    def __init__(self, session, texts: Texts):
        super().__init__()
        self.setObjectName("cases")
        self.search = QLineEdit(objectName="cases.search")
        texts.set(self.search, lambda w, t: w.setPlaceholderText(t), N_("Search by name or file reference"))
        texts.set(self.search, lambda w, t: w.setAccessibleName(t), N_("Search by name or file reference"))
        self.model = CaseTableModel(session, texts)
        self.table = QTableView(objectName="cases.table")
        texts.set(self.table, lambda w, t: w.setAccessibleName(t), N_("Cases"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.doubleClicked.connect(lambda index: self.open_case.emit(self.model.case_id(index.row())))
        self.count = QLabel(objectName="cases.count")
        buttons = QHBoxLayout()
        for name, label, slot in (("cases.new", N_("&New case"), self.new_case.emit),
                                  ("cases.open", N_("&Open"), lambda: self._emit(self.open_case)),
                                  ("cases.copy", N_("&Copy from the previous assessment"),
                                   lambda: self._emit(self.copy_case))):
            button = QPushButton(objectName=name)
            texts.set(button, set_text, label)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.table)
        layout.addWidget(self.count)
        layout.addLayout(buttons)
        self.typing = QTimer(self, singleShot=True, interval=200)  # search once the typing pauses
        self.typing.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _text: self.typing.start())
        self.texts = texts
        texts.set(self.count, set_text, lambda: _("{count} case(s)").format(count=self.model.total))

    def refresh(self) -> None:
        self.model.reload(self.search.text())
        self.count.setText(_("{count} case(s)").format(count=self.model.total))

    def _emit(self, signal) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            signal.emit(self.model.case_id(rows[0].row()))


class PassphraseDialog(QDialog):
    """Unlock the case database, or create it on the first start (with its administrator)."""

    def __init__(self, create: bool, attempt, parent=None, user: str = "", fixed_user: bool = False):
        super().__init__(parent)
        self.attempt = attempt  # callable(name, password) -> store; raises StoreError with a message
        self.create = create
        self.store = None
        self.setWindowTitle("REDI Desktop")
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 48)  # a name and a password at ease
        form = QFormLayout(self)
        intro = QLabel(_("Create the case database: it is encrypted, and your password unlocks it. Nobody can "
                         "recover a forgotten password: keep it safe.") if create else _("Sign in."))
        intro.setWordWrap(True)
        form.addRow(intro)
        self.admin = QLineEdit(user or ("admin" if create else ""), objectName="store.admin")
        self.admin.setReadOnly(fixed_user)  # after a lock, the same user signs in again
        self.passphrase = QLineEdit(objectName="store.passphrase")
        self.again = QLineEdit(objectName="store.passphrase_again")
        for edit in (self.passphrase, self.again):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        user_label = _("Administrator") if create else _("User")
        form.addRow(user_label, self.admin)
        form.addRow(_("Password"), self.passphrase)
        if create:
            form.addRow(_("Password again"), self.again)
        self.error = QLabel(objectName="store.error")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        for edit, name in ((self.admin, user_label), (self.passphrase, _("Password")),
                           (self.again, _("Password again"))):
            edit.setAccessibleName(name)
        (self.passphrase if self.admin.text() else self.admin).setFocus()

    def try_accept(self) -> None:
        from ..services import ServiceError
        from ..services.cases import store_errors

        if self.create and self.passphrase.text() != self.again.text():
            self.error.setText(ServiceError("passphrase_mismatch").text())
            return
        try:
            with store_errors():
                name = self.admin.text().strip()
                self.store = self.attempt(name or ("admin" if self.create else None), self.passphrase.text())
        except ServiceError as exc:
            self.error.setText(exc.text())
            self.passphrase.selectAll()
            return
        self.accept()


class SyncDialog(QDialog):
    """Synchronise with the office: the office database's address and one's office password, then the sync
    runs in a worker thread (the window stays alive while the network is slow) with its steps shown, and
    what it did, conflicts first, in the same dialog."""

    progressed = Signal(int, int)
    finished_with = Signal(object)  # a list of lines, or the ServiceError

    def __init__(self, session, parent=None):
        from . import settings

        super().__init__(parent)
        self.session = session
        self.setWindowTitle(_("Synchronise with the office"))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)  # a URL and a sentence on one line
        form = QFormLayout(self)
        intro = QLabel(_("Your cases of this laptop go to the office database, and the cases you follow there "
                         "come to this laptop. Nothing is overwritten: a case changed on both sides is listed for "
                         "you to resolve."))
        intro.setWordWrap(True)
        form.addRow(intro)
        self.url = QLineEdit(settings.load().get("office_url", ""), objectName="sync.office")
        self.url.setPlaceholderText("postgresql://cpas@serveur:5432/redi")
        self.password = QLineEdit(objectName="sync.password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        for label, edit in ((_("Office database"), self.url), (_("Your office password"), self.password)):
            form.addRow(label, edit)
            edit.setAccessibleName(label)
        self.progress = QProgressBar(objectName="sync.progress", maximum=4)
        self.progress.setAccessibleName(_("Progress"))
        form.addRow(self.progress)
        self.result = QLabel(objectName="sync.result")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.result)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.start = buttons.addButton(_("&Synchronise"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.start.setObjectName("sync.start")
        self.start.clicked.connect(self.run)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.progressed.connect(lambda n, total: self.progress.setValue(n))
        self.finished_with.connect(self.show_result)
        (self.password if self.url.text() else self.url).setFocus()
        self.worker: threading.Thread | None = None

    def run(self) -> None:
        from ..services import ServiceError
        from ..services.cases import sync_summary, sync_with_office
        from . import settings

        url, password = self.url.text().strip(), self.password.text()
        self.start.setEnabled(False)
        self.progress.setValue(0)
        self.result.setText(_("Synchronising…"))
        settings.save({"office_url": url})

        def work():
            try:
                report = sync_with_office(self.session.store, url, password,
                                          progress=lambda n, total: self.progressed.emit(n, total))
                self.finished_with.emit(sync_summary(report))
            except ServiceError as exc:
                self.finished_with.emit(exc)

        self.worker = threading.Thread(target=work, daemon=True)
        self.worker.start()

    def show_result(self, outcome) -> None:
        self.start.setEnabled(True)
        self.password.clear()
        QTimer.singleShot(0, self.adjustSize)  # the lines of the result, all visible
        if isinstance(outcome, list):
            self.result.setStyleSheet("")
            self.result.setText("\n".join(outcome))
        else:
            self.result.setStyleSheet("color: #b00020;")
            self.result.setText(outcome.text())
