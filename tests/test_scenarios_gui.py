"""And if… / Wat als…: the scenario window driven as a caseworker does, in French and in Dutch."""

import json
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton, QTableWidget, QWidget

from redi_desktop import i18n, paths

from .conftest import review_folder


@pytest.fixture
def wizard(blank_wizard):
    w = blank_wizard
    data = json.loads((paths.examples_dir() / "bxl-parent-one-child.json").read_text(encoding="utf-8"))
    data["housing"]["rent"] = "850.00"
    data["charges"] = [{"type": "debt_repayment", "amount": "150.00"}]
    w.load_household(data)
    return w


def open_window(wizard):
    button = wizard.panel.findChild(QPushButton, "budget.scenarios")
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    window = wizard.panel.scenario_window
    QTest.qWaitForWindowExposed(window)
    return window


def choose(window, key, amount=None):
    preset = window.findChild(QComboBox, "scenarios.preset")
    preset.setCurrentIndex(preset.findData(key))
    if amount is not None:
        field = window.findChild(QLineEdit, "scenarios.amount")
        field.selectAll()
        QTest.keyClicks(field, amount)
    QTest.mouseClick(window.findChild(QPushButton, "scenarios.add"), Qt.MouseButton.LeftButton)


def cell(window, row, col):
    item = window.findChild(QTableWidget, "scenarios.table").item(row, col)
    return item.text() if item is not None else ""


@pytest.mark.parametrize(("lang", "title", "today", "money"), [
    ("fr", "Et si…", "Aujourd'hui", "100,00"), ("nl", "Wat als…", "Vandaag", "100,00")])
def test_presets_side_by_side_with_the_assessment(wizard, lang, title, today, money):
    i18n.set_language(lang)
    wizard.retranslate()
    before = wizard.model.assessment()
    window = open_window(wizard)
    assert window.windowTitle() == title
    choose(window, "social_housing", "750")  # a rent lowered by 100
    choose(window, "part_time_job", "500")
    choose(window, "bim")
    choose(window, "debt_plan", "50")
    choose(window, "closing_wage")
    assert cell(window, 0, 0) == today and cell(window, 0, 3) == i18n.format_amount(before.totals.gap)
    assert cell(window, 1, 5) == "\u2212" + money  # the gap 100 lower
    assert cell(window, 1, 0).startswith("Logement social à 750")  # named in the file's language (French)
    assert cell(window, 2, 5) == "\u2212" + i18n.format_amount(Decimal("500"))
    assert cell(window, 4, 5) == "\u2212" + i18n.format_amount(Decimal("100"))  # debt 150 -> 50
    assert cell(window, 5, 3) == i18n.format_amount(Decimal("0"))  # the closing wage closes the gap
    assert wizard.model.assessment().identity == before.identity  # the assessment never changes
    kept = wizard.model.data["scenarios"]
    assert [s.get("set", {}).get("housing.rent") for s in kept][:1] == ["750.00"] and len(kept) == 5
    # the same scenarios are in the draft the wizard keeps, and come back with it
    wizard.autosave(force=True)
    draft, _page = wizard.drafts.load()
    assert draft["scenarios"] == kept
    chart = window.findChild(QWidget, "scenarios.chart")
    assert chart.svg.startswith(b"<?xml") and today.encode() in chart.svg.replace(b"&#x27;", b"'").replace(
        b"&apos;", b"'")
    for w in window.findChildren(QWidget):
        if w.objectName().startswith("scenarios.") and not isinstance(w, QLabel):
            assert w.accessibleName(), w.objectName()
    QTest.qWait(300)
    folder = review_folder("scenarios")
    window.grab().save(str(folder / f"scenarios-{lang}.png"))
    wizard.grab().save(str(folder / f"wizard-with-chart-{lang}.png"))


def test_a_bad_amount_is_said_at_the_field_and_nothing_is_added(wizard):
    i18n.set_language("fr")
    wizard.retranslate()
    window = open_window(wizard)
    choose(window, "part_time_job", "beaucoup")
    assert "beaucoup" in window.findChild(QLabel, "scenarios.error").text()
    assert "scenarios" not in wizard.model.data


def test_a_scenario_the_household_no_longer_allows_is_said_and_the_assessment_stands(wizard, qtbot):
    i18n.set_language("nl")
    wizard.retranslate()
    window = open_window(wizard)
    choose(window, "debt_plan", "50")
    wizard.model.set("scenarios", [*wizard.model.data["scenarios"],
                                   {"name": "kapot", "set": {"housing.rent": "-5.00"}},
                                   {"name": "leeg", "set": {"members": []}}])
    qtbot.waitUntil(lambda: window.findChild(QTableWidget, "scenarios.table").rowCount() == 4, timeout=3000)
    assert "negatief" in cell(window, 2, 1) and "zonder leden" in cell(window, 3, 1)
    assert cell(window, 1, 5).startswith("\u2212")  # the good one still computed
    assert wizard.model.assessment() is not None and not wizard.model.problems()
    window.findChild(QTableWidget, "scenarios.table").selectRow(2)
    QTest.mouseClick(window.findChild(QPushButton, "scenarios.remove"), Qt.MouseButton.LeftButton)
    assert [s["name"] for s in wizard.model.data["scenarios"]] == [wizard.model.data["scenarios"][0]["name"], "leeg"]


def test_the_live_panels_chart_enlarges_on_a_click(wizard, qtbot):
    chart = wizard.panel.findChild(QWidget, "budget.chart")
    qtbot.waitUntil(lambda: bool(chart.svg), timeout=3000)
    QTest.mouseClick(chart, Qt.MouseButton.LeftButton)
    big = wizard.panel.findChild(QWidget, "chart.enlarged")
    assert big is not None and big.isVisible() and big.width() > chart.width()
    big.close()


def test_typing_in_the_household_updates_the_scenarios_once_it_pauses(wizard, qtbot):
    window = open_window(wizard)
    choose(window, "part_time_job", "500")
    gap = cell(window, 1, 3)
    wizard.model.set("housing.rent", "800.00")  # 50 less
    assert cell(window, 1, 3) == gap  # not on the keystroke itself
    qtbot.waitUntil(lambda: cell(window, 1, 3) != gap, timeout=3000)
    assert cell(window, 1, 5) == "\u2212" + i18n.format_amount(Decimal("500"))


def test_a_custom_amount_changes_the_field_chosen(wizard):
    i18n.set_language("fr")
    wizard.retranslate()
    window = open_window(wizard)
    preset = window.findChild(QComboBox, "scenarios.preset")
    preset.setCurrentIndex(preset.findData("custom"))
    paths_box = window.findChild(QComboBox, "scenarios.path")
    assert paths_box.isVisible() and paths_box.itemText(paths_box.findData("charges[0].amount")) == "charge 1 › montant"
    paths_box.setCurrentIndex(paths_box.findData("charges[0].amount"))
    field = window.findChild(QLineEdit, "scenarios.amount")
    QTest.keyClicks(field, "100")
    QTest.keyClick(field, Qt.Key.Key_Return)
    assert wizard.model.data["scenarios"] == [{"name": "charge 1 › montant à 100,00\u00a0€",
                                               "set": {"charges[0].amount": "100.00"}}]
    assert cell(window, 1, 5) == "\u2212" + i18n.format_amount(Decimal("50"))
