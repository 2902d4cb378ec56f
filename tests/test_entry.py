"""Entry a caseworker can trust: nothing typed is dropped, the budget on screen is never silently stale."""

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QWizard

from redi_desktop import i18n, paths
from redi_desktop.gui.drafts import DraftFile
from redi_desktop.gui.wizard import HOUSING, IDENTITY, MEMBERS, HouseholdWizard
from redi_desktop.i18n import parse_amount, parse_typed_date

from .keyboard import enter, find, focus, open_page, type_text


@pytest.fixture
def wizard(blank_wizard):
    w = blank_wizard
    data = json.loads((paths.examples_dir() / "bxl-couple-two-children.json").read_text(encoding="utf-8"))
    data.pop("decision", None)
    w.load_household(data)
    return w


def type_then_next(wizard, name, text, how):
    """Type into a field without leaving it, then press Next: with Enter, or with a click."""
    field = find(wizard, name)
    focus(field)
    QTest.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(field, Qt.Key.Key_Delete)
    type_text(field, text)
    if how == "keyboard":
        QTest.keyClick(field, Qt.Key.Key_Return)
    else:
        QTest.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    QTest.qWait(1)


@pytest.mark.parametrize("lang", ["fr", "nl"])
@pytest.mark.parametrize("how", ["keyboard", "mouse"])
@pytest.mark.parametrize("page, name, typed, key", [
    (HOUSING, "housing.rent", "650x", "bad_amount_typed"),
    (IDENTITY, "assessment_date", "31/11/2026", "bad_date_typed"),
    (MEMBERS, "members[0].birth_date", "1984-13-01", "bad_date_typed"),
])
def test_an_unreadable_value_stops_next_and_stays_as_typed(wizard, lang, how, page, name, typed, key):
    i18n.set_language(lang)
    wizard.retranslate()
    open_page(wizard, page)
    before = wizard.model.get(name)
    type_then_next(wizard, name, typed, how)
    assert wizard.currentId() == page  # not moved on
    assert find(wizard, name).text() == typed  # the text as typed, to be corrected
    assert wizard.model.get(name) == before  # and no other value in its place
    error = find(wizard, f"{name}.error")
    example = "14/03/1974" if key == "bad_date_typed" else None
    assert error.isVisible() and typed in error.text() and (example is None or example in error.text())
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    i18n.set_language("fr")


def test_a_corrected_field_clears_its_error_even_when_it_is_the_value_kept(wizard):
    open_page(wizard, HOUSING)
    kept = find(wizard, "housing.rent").text()
    enter(wizard, "housing.rent", "650x")
    assert not wizard.currentPage().isComplete()
    enter(wizard, "housing.rent", kept)  # retyping the stored value
    assert not find(wizard, "housing.rent.error").isVisible() and wizard.currentPage().isComplete()


@pytest.mark.parametrize("typed, expected", [("650 €", "650.00"), ("650€", "650.00"), ("€ 650", "650.00"),
                                             ("1.234,50", "1234.50"), ("1 234,50", "1234.50"), ("1234.5", "1234.50")])
def test_amounts_are_read_as_belgians_type_them(typed, expected):
    i18n.set_language("fr")
    assert str(parse_amount(typed)) == expected


@pytest.mark.parametrize("typed", ["14/03/1974", "14-03-1974", "14.03.1974", "14031974", "14/3/74", "1974-03-14"])
def test_dates_are_read_as_belgians_type_them(typed):
    assert parse_typed_date(typed).isoformat() == "1974-03-14"


@pytest.mark.parametrize("typed", ["31/11/2026", "32/01/2020", "14/03", "1974", "03/14/1974"])
def test_a_date_that_does_not_exist_is_not_read(typed):
    with pytest.raises(ValueError):
        parse_typed_date(typed)


def test_the_budget_follows_budget_edits_while_the_iban_is_wrong(wizard):
    budget = wizard.findChild(QLabel, "totals.reference_budget")
    enter(wizard, "client.iban", "BE00 1234 5678 9012")
    assert find(wizard, "client.iban.error").isVisible()
    before = budget.text()
    open_page(wizard, HOUSING)
    enter(wizard, "housing.rent", "1500")
    assert budget.text() != before and budget.isEnabled()
    assert wizard.model.assessment().category("housing").used >= 1500
    status = wizard.findChild(QLabel, "budget.status")
    assert "1" in status.text() and i18n._("Not up to date: {reason}").split("{")[0] not in status.text()


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_with_an_unreadable_budget_input_the_panel_says_it_is_not_up_to_date(wizard, lang):
    i18n.set_language(lang)
    wizard.retranslate()
    open_page(wizard, HOUSING)
    enter(wizard, "housing.rent", "neuf cents")
    status = wizard.findChild(QLabel, "budget.status")
    assert status.text().startswith(i18n._("Not up to date: {reason}").split("{")[0]) and "neuf cents" in status.text()
    assert not wizard.findChild(QLabel, "totals.reference_budget").isEnabled()
    enter(wizard, "housing.rent", "900")
    assert status.text() == "" and wizard.findChild(QLabel, "totals.reference_budget").isEnabled()
    i18n.set_language("fr")


def test_finish_lists_each_point_to_correct_with_its_page(wizard, monkeypatch):
    from redi_desktop.gui import dialogs

    said = []
    monkeypatch.setattr(dialogs, "tell_error", lambda parent, text: said.append(text))
    wizard.model.set("client.iban", "BE00123")
    wizard.model.set("postal_code", "99999")
    open_page(wizard, HOUSING)
    wizard.accept()
    assert wizard.result() != QWizard.DialogCode.Accepted
    assert said and said[0].count("•") == 2 and wizard.page(IDENTITY).title() in said[0]
    assert wizard.currentId() == IDENTITY  # taken to the first point


def walk(start, stop, limit=300):
    """Press Tab from a widget until `stop` has the focus: the widgets passed, or fail on a loop."""
    from PySide6.QtWidgets import QApplication

    seen = []
    widget = start
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    for _ in range(limit):
        widget = QApplication.focusWidget()
        if widget is stop:
            return seen
        assert widget not in seen, f"Tab loops at {widget.objectName()} after {[w.objectName() for w in seen]}"
        seen.append(widget)
        QTest.keyClick(widget, Qt.Key.Key_Tab)
        QApplication.processEvents()
    raise AssertionError("Tab never reached the button")


@pytest.mark.parametrize("example", ["vla-social-rent-family", "bxl-couple-two-children"])
def test_from_any_field_tab_reaches_next_and_never_loops(wizard, example):
    from redi_desktop.gui.wizard import reading_order

    data = json.loads((paths.examples_dir() / f"{example}.json").read_text(encoding="utf-8"))
    data.pop("decision", None)
    wizard.load_household(data)
    for page_id in wizard.pageIds():
        open_page(wizard, page_id)
        QTest.qWait(1)
        page = wizard.currentPage()
        fields = reading_order(page)
        target = wizard.button(QWizard.WizardButton.FinishButton if page.isFinalPage() or page_id == max(
            wizard.pageIds()) else QWizard.WizardButton.NextButton)
        assert wizard.focusWidget() is fields[0]  # a page opens with the cursor in its first field
        for start in (fields[0], fields[len(fields) // 2], fields[-1]):
            passed = walk(start, target)
            assert [w for w in passed if w in fields] == fields[fields.index(start):]  # in reading order
        press_add = [w for w in fields if w.objectName().endswith(".add")]
        for button in press_add:  # a new row comes where it is shown, its first field focused
            QTest.keyClick(button, Qt.Key.Key_Space)
            QTest.qWait(1)
            list_path = button.objectName()[:-4]
            new = find(wizard.currentPage(), f"{list_path}[{len(wizard.model.get(list_path)) - 1}]")
            focused = wizard.focusWidget()
            assert new is not None and new.isAncestorOf(focused)
            # a new member has no age yet, so Next waits (disabled, Tab passes it): Cancel is the last stop
            walk(focused, target if target.isEnabled() else wizard.button(QWizard.WizardButton.CancelButton))


def test_tab_in_the_expert_form_reaches_every_section_and_its_finish(qtbot, tmp_path):
    from redi_desktop.gui.app import MainWindow
    from redi_desktop.gui.wizard import reading_order

    window = MainWindow(drafts=DraftFile(tmp_path / "draft.json"))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.load_file(paths.examples_dir() / "vla-social-rent-family.json")
    window.expert_action.trigger()
    QTest.qWait(1)
    expert = window.expert
    fields = reading_order(expert.inner)
    passed = walk(fields[0], expert.finish_button)
    names = [w.objectName() for w in passed]
    assert "decision.motivation" in names and "sheet.client" in names  # the decision section is reached
    assert [w for w in passed if w in fields] == fields[:-1]


TARGETS = {"Charleroi, single man": 100, "Ghent, couple with three children": 200,
           "Schaerbeek, mother and baby": 130, "Charleroi, single man, minimal mode": 60}


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_households_typed_with_the_keyboard_take_few_keys(qtbot, lang):
    """benchmarks/bench_entry.py types each household with key events only and checks what the wizard
    then holds; here its key counts must stay within the targets of the entry issue."""
    from benchmarks.bench_entry import HOUSEHOLDS, MINIMAL, run

    for name, steps in [*HOUSEHOLDS.items(), MINIMAL]:
        keys, _seconds, _household = run(name, steps, lang, minimal=name.endswith("minimal mode"))
        assert keys <= TARGETS[name], (name, keys)
    i18n.set_language("fr")


def test_replacing_unsaved_work_asks_first_and_cancel_closes_without_saving(qtbot, tmp_path, monkeypatch):
    from redi_desktop.gui import dialogs
    from redi_desktop.gui.app import MainWindow

    asked = []
    monkeypatch.setattr(dialogs, "ask_replace_unsaved", lambda parent: asked.append(1) or False)
    window = MainWindow(drafts=DraftFile(tmp_path / "draft.json"))
    qtbot.addWidget(window)
    window.show()
    window.load_file(paths.examples_dir() / "vla-social-rent-family.json")
    assert not asked  # nothing changed yet: no question
    enter(window.wizard, "file_reference", "TYPED-NOW")
    window.load_file(paths.examples_dir() / "bxl-single-woman.json")  # Help › Examples while typing
    assert asked == [1] and window.wizard.model.get("file_reference") == "TYPED-NOW"  # kept
    QTest.keyClick(window.wizard, Qt.Key.Key_Escape)  # Escape: close without saving, but asked first
    assert asked == [1, 1] and window.wizard.model.get("file_reference") == "TYPED-NOW"
    assert window.wizard.isVisible() and window.wizard.currentId() == IDENTITY
    monkeypatch.setattr(dialogs, "ask_replace_unsaved", lambda parent: True)
    QTest.keyClick(window.wizard, Qt.Key.Key_Escape)
    assert window.wizard.model.get("file_reference") in (None, "")  # a new household, nothing of the other


@pytest.mark.parametrize("postal_code, interface, language", [("9000", "fr", "nl"), ("6000", "nl", "fr"),
                                                              ("1030", "nl", "nl"), ("1030", "fr", "fr")])
def test_the_files_language_follows_the_region_then_the_interface(qtbot, postal_code, interface, language):
    import datetime as dt

    from redi_desktop.gui.model import empty_household

    i18n.set_language(interface)
    w = HouseholdWizard()
    qtbot.addWidget(w)
    w.show()
    w.load_household(empty_household(dt.date(2026, 12, 1), interface))
    QTest.qWait(1)
    enter(w, "postal_code", postal_code)
    assert w.model.get("language") == language
    i18n.set_language("fr")


def test_the_panel_explains_a_line_with_who_how_and_a_source_that_holds_it(wizard):
    from PySide6.QtWidgets import QTableWidget

    i18n.set_language("fr")
    wizard.retranslate()
    wizard.panel.show_lines("food")
    table = wizard.panel.findChild(QTableWidget, "budget.lines")
    a = wizard.model.assessment()
    food = a.category("food")
    cells = [[table.item(r, c).text() if table.item(r, c) else "" for c in range(table.columnCount())]
             for r in range(table.rowCount())]
    member_rows = [row for row in cells if "\n3 · " in row[0]]
    assert member_rows and "enfant" in member_rows[0][0] and "ans" in member_rows[0][0]  # role and age
    assert cells[-1][0] == "Total des lignes" and cells[-1][4] == i18n.format_money(food.used)
    first = food.lines[0]
    from redi_desktop.domain.dataset import DERIVATION_SOURCE

    shown = ("estimation REDI Desktop" if first.source == DERIVATION_SOURCE
             else wizard.dataset.sources[first.source].title[:20])
    assert shown in cells[0][3]  # the source by its title (our own derivation said so in words)
    assert table.item(0, 3).toolTip().startswith(first.source)  # and its id for whoever checks it
    title = wizard.panel.findChild(QLabel, "budget.lines.title").text()
    assert title.startswith("Alimentation") and "€" in title


def test_fields_are_named_with_their_member_and_say_their_error_to_a_screen_reader(wizard):
    from PySide6.QtWidgets import QComboBox, QLineEdit

    i18n.set_language("fr")
    wizard.retranslate()
    open_page(wizard, MEMBERS)
    page = wizard.currentPage()
    widgets = page.findChildren(QLineEdit) + page.findChildren(QComboBox)
    names = [w.accessibleName() for w in widgets if w.isVisibleTo(page) and not w.objectName().startswith("qt_")]
    assert len(names) == len(set(names))  # "Membre 2 · enfant · Rôle", never five times "Rôle"
    assert find(wizard, "members[1].role").accessibleName().startswith("Membre 2")
    enter(wizard, "members[1].birth_date", "31/02/2020")
    description = find(wizard, "members[1].birth_date").accessibleDescription()
    assert "31/02/2020" in description
    enter(wizard, "members[1].birth_date", "28/02/2020")
    assert find(wizard, "members[1].birth_date").accessibleDescription() == ""
