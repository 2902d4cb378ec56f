"""The first window, driven as a user would: pick a household, read the totals, open a category."""

import json

from PySide6.QtWidgets import QLabel

from redi_desktop import i18n, paths
from redi_desktop.domain.household import Household
from redi_desktop.engine import compute
from redi_desktop.gui.app import BudgetWindow


def test_window_shows_the_engines_totals_and_lines(qtbot, dataset, policy):
    i18n.set_language("nl")
    window = BudgetWindow()
    qtbot.addWidget(window)
    window.show()
    index = window.chooser.findText("bxl-couple-two-children")
    window.chooser.setCurrentIndex(index)
    household = Household.from_dict(json.loads((paths.examples_dir() / "bxl-couple-two-children.json").read_text()))
    expected = compute(household, dataset, policy)
    shown = window.findChild(QLabel, "totals.reference_budget").text()
    assert shown == i18n.format_amount(expected.totals.reference_budget, "nl") == "3.300,43"
    assert window.categories.item(0, 0).text() == "Voeding"
    window.categories.setCurrentCell(4, 0)  # housing
    labels = [window.lines.item(r, 0).text() for r in range(window.lines.rowCount())]
    assert len(labels) == len(expected.category("housing").lines)
    i18n.set_language("fr")
