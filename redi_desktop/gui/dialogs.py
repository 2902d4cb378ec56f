"""The modal questions the GUI asks, each in one small function so that tests can answer them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from ..i18n import _


def ask_save_path(parent: QWidget, suggested: str) -> Path | None:
    path, _filter = QFileDialog.getSaveFileName(parent, _("Save the sheet"), suggested, "PDF (*.pdf)")
    return Path(path) if path else None


def ask_print(parent: QWidget, printer: QPrinter) -> bool:
    return QPrintDialog(printer, parent).exec() == QDialog.DialogCode.Accepted


def ask_policy_file(parent: QWidget, save: bool, suggested: str = "") -> Path | None:
    """A policy file to export to (save) or to import from."""
    if save:
        path, _filter = QFileDialog.getSaveFileName(parent, _("Export the policy"), suggested, "YAML (*.yaml)")
    else:
        path, _filter = QFileDialog.getOpenFileName(parent, _("Import a policy file"), "",
                                                    "YAML (*.yaml *.yml);;JSON (*.json)")
    return Path(path) if path else None


def tell_error(parent: QWidget, text: str) -> None:
    QMessageBox.warning(parent, "REDI Desktop", text)


def ask_save_json_path(parent: QWidget, suggested: str) -> Path | None:
    path, _filter = QFileDialog.getSaveFileName(parent, _("Save the household"), suggested, "JSON (*.json)")
    return Path(path) if path else None


def ask_unlock(parent: QWidget | None, create: bool, attempt, user: str = "", fixed_user: bool = False):
    """The sign-in dialog (user and password); returns the opened store, or None if the user gave up."""
    from .cases import PassphraseDialog

    dialog = PassphraseDialog(create, attempt, parent, user=user, fixed_user=fixed_user)
    return dialog.store if dialog.exec() else None


def ask_resume(parent: QWidget) -> bool:
    """An unfinished household was kept: take it up again (Yes) or start from the stored one (No)."""
    answer = QMessageBox.question(parent, "REDI Desktop", _("An unfinished version of this household was kept. "
                                                           "Take it up again?"))
    return answer == QMessageBox.StandardButton.Yes


def ask_go_on_without_budgets(parent: QWidget, reason: str) -> bool:
    """The reference budgets cannot be read: go on typing without computing (Yes), or quit (No)."""
    text = reason + "\n\n" + _("You can go on entering the household: it is kept, but no budget is computed "
                                "until the program is repaired or reinstalled. Go on?")
    answer = QMessageBox.question(parent, "REDI Desktop", text)
    return answer == QMessageBox.StandardButton.Yes


def ask_replace_unsaved(parent: QWidget) -> bool:
    """The household on screen changed since it was opened or saved: replace it anyway?"""
    answer = QMessageBox.question(parent, "REDI Desktop", _("The household on screen has changes that are not "
                                                           "saved in a case. Close it without saving?"))
    return answer == QMessageBox.StandardButton.Yes


def tell_info(parent: QWidget, text: str) -> None:
    QMessageBox.information(parent, "REDI Desktop", text)


def ask_keep_identity(parent: QWidget) -> bool | None:
    """A household file is plain text that anyone with the file reads: with the client's identity
    (True), without it (False), or not at all (None)."""
    box = QMessageBox(QMessageBox.Icon.Question, "REDI Desktop",
                      _("A household file is not encrypted: whoever has the file can read it. Save the client's "
                        "name, register number, IBAN and address in it?"), parent=parent)
    with_identity = box.addButton(_("Save &with the identity"), QMessageBox.ButtonRole.AcceptRole)
    without = box.addButton(_("Save with&out the identity"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(without)
    box.exec()
    return {with_identity: True, without: False}.get(box.clickedButton())


def ask_disable_user(parent: QWidget, name: str) -> bool:
    """Take this user's access away? (Their cases stay for the service, their name in the audit log.)"""
    answer = QMessageBox.question(parent, "REDI Desktop", _("Take away the access of {user}? Their cases stay with "
                                                            "the service and their name stays in the history.")
                                  .format(user=name))
    return answer == QMessageBox.StandardButton.Yes


def ask_folder(parent: QWidget, title: str) -> Path | None:
    folder = QFileDialog.getExistingDirectory(parent, title)
    return Path(folder) if folder else None


def ask_dialog(dialog: QDialog) -> bool:
    """A dialog of the application's own (a request, a meeting's agenda or decisions), until it is closed;
    whether it was accepted."""
    return dialog.exec() == QDialog.DialogCode.Accepted
