"""The main window: language switch at run time, expert form on the same household, sheets, screenshots."""

import json

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QLabel, QWizard

from redi_desktop import i18n, paths
from redi_desktop.gui import dialogs
from redi_desktop.gui.app import MainWindow, set_qt_language
from redi_desktop.gui.drafts import DraftFile
from redi_desktop.gui.wizard import DECISION
from tests.conftest import review_folder

from .keyboard import enter, find


@pytest.fixture
def window(qtbot, tmp_path):
    i18n.set_language("fr")
    set_qt_language("fr")
    w = MainWindow(drafts=DraftFile(tmp_path / "draft.json"))
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    w.load_file(paths.examples_dir() / "vla-social-rent-family.json")
    yield w
    i18n.set_language("fr")
    set_qt_language("fr")


def test_switching_language_retranslates_everything_at_once(window):
    wizard = window.wizard
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    assert "Suivant" in next_button.text()
    budget = window.findChild(QLabel, "totals.reference_budget")
    assert budget.text() == "2\u202f766,19"
    window.set_language("nl")
    assert "Volgende" in next_button.text()
    assert budget.text() == "2.766,19"
    assert wizard.currentPage().title() == i18n._("The file")
    assert wizard.panel.table.horizontalHeaderItem(0).text() == "Categorie"
    assert find(wizard, "file_reference").accessibleName() == i18n._("File &reference").replace("&", "")


def test_expert_form_edits_the_same_household(window):
    window.expert_action.trigger()
    assert window.stack.currentWidget() is window.expert
    enter(window.expert, "housing.rent", "450")
    assert window.wizard.model.get("housing.rent") == "450.00"
    window.expert_action.trigger()
    assert find(window.wizard, "housing.rent").text() == "450,00"


def test_decision_sheet_preview_saves_and_prints(window, qtbot, tmp_path, monkeypatch):
    wizard = window.wizard
    while wizard.currentId() != DECISION:
        wizard.next()
    find(wizard, "sheet.decision").click()
    preview = wizard.sheet_preview
    qtbot.waitUntil(lambda: preview.document.status() == QPdfDocument.Status.Ready)
    assert preview.document.pageCount() <= 2  # the letter at a readable size: two pages at most
    target = tmp_path / "sheet.pdf"
    monkeypatch.setattr(dialogs, "ask_save_path", lambda parent, suggested: target)
    preview.save_button.click()
    assert target.read_bytes() == preview.pdf
    printed = tmp_path / "printed.pdf"

    def print_to_file(parent, printer):
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return True

    monkeypatch.setattr(dialogs, "ask_print", print_to_file)
    preview.print_button.click()
    assert printed.stat().st_size > 10_000
    preview.close()


def test_saving_the_household_file_round_trips(window, tmp_path, monkeypatch):
    target = tmp_path / "household.json"
    monkeypatch.setattr(dialogs, "ask_save_json_path", lambda parent, suggested: target)
    window.save_file()
    saved = json.loads(target.read_text(encoding="utf-8"))
    original = json.loads((paths.examples_dir() / "vla-social-rent-family.json").read_text(encoding="utf-8"))
    assert saved == original


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_screenshots_of_every_page_for_review(window, lang):
    """Saves screenshots/{lang}-{page}.png at 1366×768 in the review folder for a person to look at."""
    folder = review_folder("screenshots")
    window.set_language(lang)
    wizard = window.wizard
    wizard.restart()
    shots = []
    while True:
        image = window.grab()
        assert image.size() == QSize(1366, 768)
        path = folder / f"{lang}-{wizard.currentId()}.png"
        image.save(str(path))
        shots.append(path)
        if wizard.currentId() == DECISION:
            break
        wizard.next()
    window.expert_action.trigger()
    window.grab().save(str(folder / f"{lang}-expert.png"))
    window.expert_action.trigger()
    assert len(shots) == 7 and all(p.stat().st_size > 20_000 for p in shots)


def test_without_a_case_database_finish_keeps_the_household_on_screen(window):
    wizard = window.wizard
    wizard.accept()
    assert wizard.isVisible() and window.stack.currentWidget() is wizard
    assert wizard.model.get("file_reference") == "DEMO-VLA-02"


@pytest.mark.parametrize("go_on", [True, False])
def test_a_damaged_reference_database_is_said_and_entry_goes_on_without_budgets(qtbot, tmp_path, monkeypatch, go_on):
    from tests.test_application import damaged_copy

    db = damaged_copy(tmp_path, "a changed figure")
    monkeypatch.setattr(paths, "budgets_db", lambda: db)
    asked = []
    monkeypatch.setattr(dialogs, "ask_go_on_without_budgets", lambda parent, text: asked.append(text) or go_on)
    i18n.set_language("fr")
    w = MainWindow(drafts=DraftFile(tmp_path / "draft.json"), load_later=True)  # as `redi-desktop` starts it
    qtbot.addWidget(w)
    w.show()
    w.load_reference()
    assert len(asked) == 1 and str(db) in asked[0]
    if not go_on:
        assert not w.isVisible()
        return
    assert w.isVisible()
    assert w.dataset_label.text() == i18n._("No reference budgets: nothing is computed")
    enter(w.wizard, "postal_code", "1000")  # typing goes on: nothing computed, nothing lost
    assert w.wizard.model.get("postal_code") == "1000"
    assert w.findChild(QLabel, "totals.reference_budget").text() == "–"
    assert json.loads((tmp_path / "draft.json").read_text(encoding="utf-8"))["household"]["postal_code"] == "1000"


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_the_wizard_refuses_an_assessment_date_the_data_do_not_cover(window, lang):
    window.set_language(lang)
    wizard = window.wizard
    wizard.restart()
    enter(wizard, "assessment_date", "01/01/2019")
    assert not wizard.currentPage().isComplete()
    error = find(wizard, "assessment_date.error")
    assert error.isVisible() and "2023" in error.text()


@pytest.mark.parametrize("keep", [True, False, None])
def test_saving_a_household_file_says_it_is_not_encrypted_and_can_leave_the_identity_out(window, tmp_path,
                                                                                         monkeypatch, keep):
    target = tmp_path / "household.json"
    monkeypatch.setattr(dialogs, "ask_save_json_path", lambda parent, suggested: target)
    asked = []
    monkeypatch.setattr(dialogs, "ask_keep_identity", lambda parent: asked.append(1) or keep)
    window.wizard.model.set("client.last_name", "Exemple")
    window.save_file()
    assert asked == [1]
    if keep is None:
        assert not target.exists()
        return
    saved = json.loads(target.read_text(encoding="utf-8"))
    assert ("client" in saved) == keep and saved["members"] == window.wizard.model.get("members")


def test_ctrl_p_previews_the_decision_sheet_and_about_names_the_data(window, monkeypatch):
    from PySide6.QtGui import QKeySequence

    actions = {a.objectName(): a for a in window.findChildren(type(window.expert_action))}
    assert actions["action.decision_sheet"].shortcut() == QKeySequence(QKeySequence.StandardKey.Print)
    actions["action.client_sheet"].trigger()
    assert window.wizard.sheet_preview.isVisible()
    window.wizard.sheet_preview.close()
    said = []
    monkeypatch.setattr(dialogs, "tell_info", lambda parent, text: said.append(text))
    actions["action.about"].trigger()
    assert said and window.wizard.dataset.id in said[0]


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_mnemonics_are_unique_in_the_menu_bar_and_in_each_menu(window, lang):
    import re

    window.set_language(lang)

    def letters(texts):
        found = [m.group(1).casefold() for t in texts for m in [re.search(r"&([^&\s])", t)] if m]
        return found

    menus = [a.menu() for a in window.menuBar().actions() if a.menu() is not None]
    bar = letters(m.title() for m in menus)
    assert len(bar) == len(menus) and len(set(bar)) == len(bar), bar
    for menu in menus:
        inside = letters(a.text() for a in menu.actions() if a.text())
        assert len(set(inside)) == len(inside), (menu.title(), inside)


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_f1_says_what_the_page_asks_in_the_users_language(window, monkeypatch, lang):
    from PySide6.QtTest import QTest

    from redi_desktop.gui.wizard import HOUSING, PAGE_HELP

    window.set_language(lang)
    said = []
    monkeypatch.setattr(dialogs, "tell_info", lambda parent, text: said.append(text))
    while window.wizard.currentId() != HOUSING:
        window.wizard.next()
    QTest.keyClick(window.wizard.currentPage(), Qt.Key.Key_F1)
    assert said == [i18n._(PAGE_HELP[HOUSING])] and said[0] != PAGE_HELP[HOUSING]
