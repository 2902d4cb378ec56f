"""Settings → Users (administrators): who may sign in, with which role; add a user with a first password,
take a user's access away. The store decides who may do it and keeps the keys (store/keys.py)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ..domain.roles import ROLE_LABELS, ROLES
from ..i18n import _


class UsersDialog(QDialog):
    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(_("Users"))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, 3, objectName="users.table")
        self.table.setHorizontalHeaderLabels([_("User"), _("Role"), _("Access")])
        self.table.setAccessibleName(_("Users"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        layout.addWidget(self.table)
        self.disable = QPushButton(_("&Take away the selected user's access"), objectName="users.disable")
        self.disable.clicked.connect(self.disable_selected)
        row = QHBoxLayout()
        row.addWidget(self.disable)
        row.addStretch()
        layout.addLayout(row)
        form = QFormLayout()
        self.name = QLineEdit(objectName="users.name")
        self.role = QComboBox(objectName="users.role")
        for role in ROLES:
            self.role.addItem(_(ROLE_LABELS[role]), role)
        self.password = QLineEdit(objectName="users.password")
        self.again = QLineEdit(objectName="users.password_again")
        for edit in (self.password, self.again):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        for label, widget in ((_("&New user"), self.name), (_("&Role"), self.role),
                              (_("First &password"), self.password), (_("Password a&gain"), self.again)):
            form.addRow(label, widget)
            widget.setAccessibleName(label.replace("&", ""))
        layout.addLayout(form)
        self.message = QLabel(objectName="users.message", wordWrap=True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.add = buttons.addButton(_("&Add the user"), QDialogButtonBox.ButtonRole.ActionRole)
        self.add.setObjectName("users.add")
        self.add.clicked.connect(self.add_user)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        users = self.session.store.users()
        self.table.setRowCount(len(users))
        for r, u in enumerate(users):
            for c, text in enumerate((u.name, _(ROLE_LABELS.get(u.role, u.role)),
                                      _("active") if u.active else _("disabled"))):
                self.table.setItem(r, c, QTableWidgetItem(text))

    def _say(self, text: str, error: bool) -> None:
        self.message.setStyleSheet("color: #b00020;" if error else "")
        self.message.setText(text)

    def _store(self, do) -> bool:
        from ..services import ServiceError
        from ..services.cases import store_errors

        try:
            with store_errors():
                do()
        except ServiceError as exc:
            self._say(exc.text(), error=True)
            return False
        self.refresh()
        return True

    def add_user(self) -> None:
        from ..services import ServiceError

        name, role = self.name.text().strip(), self.role.currentData()
        if self.password.text() != self.again.text():
            self._say(ServiceError("passphrase_mismatch").text(), error=True)
            return
        if self._store(lambda: self.session.store.add_user(name, role, self.password.text())):
            self._say(_("User {user} added ({role}).").format(user=name, role=_(ROLE_LABELS[role])), error=False)
            for edit in (self.name, self.password, self.again):
                edit.clear()

    def disable_selected(self) -> None:
        from . import dialogs

        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self._say(_("Choose a user in the list first."), error=True)
            return
        name = self.table.item(rows[0].row(), 0).text()
        if dialogs.ask_disable_user(self, name) and self._store(lambda: self.session.store.disable_user(name)):
            self._say(_("User {user} can no longer sign in.").format(user=name), error=False)
