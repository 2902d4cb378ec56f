"""Keystrokes a caseworker needs to enter a household with the keyboard alone, in French and in Dutch.

Each household is typed into the real wizard with key events only: Tab until the cursor is in the next
field to fill (the real focus chain), the value typed (a choice by typing the first letters of its name),
Enter for Next. Every key press is counted. The time estimate is the keystroke-level model (Card, Moran and
Newell): 0.28 s a key for an average typist plus 1.35 s of thought for each value to fill.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_entry.py

Prints one line per household and language; asserts nothing (tests/test_entry.py checks the targets).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QLineEdit, QPushButton, QWidget  # noqa: E402

KEY_SECONDS, THINK_SECONDS = 0.28, 1.35

# (field path, value) in the order a caseworker fills them; ("next",) presses Enter (Next); ("press", name) a
# button. Each household also says what the wizard must hold afterwards (checked: a count of keys for a
# household entered wrongly would mean nothing).
IDENTITY = [("file_reference", "2026-0412"), ("postal_code", "6000"), ("client.first_name", "Alain"),
            ("client.last_name", "Exemple")]
HOUSEHOLDS = {
    "Charleroi, single man": ([
        *IDENTITY, ("next",),
        ("members[0].birth_date", "14031974"), ("members[0].sex", "man"),
        ("members[0].activity", "unemployed"), ("next",),
        ("housing.rent", "650"), ("next",), ("next",),
        ("press", "resources.add"), ("resources[0].type", "unemployment"), ("resources[0].amount", "1250"),
        ("next",), ("next",),
    ], {"postal_code": "6000", "members": [("applicant", "1974-03-14", "M", "unemployed", "none")],
        "housing": ("private_rent", "650.00"), "resources": [("unemployment", "1250.00", 0)]}),
    "Ghent, couple with three children": ([
        ("file_reference", "2026-0413"), ("postal_code", "9000"), ("client.first_name", "Bram"),
        ("client.last_name", "Voorbeeld"), ("next",),
        ("members[0].birth_date", "02051984"), ("members[0].sex", "man"), ("members[0].activity", "employed"),
        ("press", "members.add"), ("members[1].role", "partner"), ("members[1].birth_date", "11091986"),
        ("members[1].sex", "woman"), ("members[1].activity", "at home"),
        ("press", "members.add"), ("members[2].birth_date", "03032012"), ("members[2].sex", "man"),
        ("press", "members.add"), ("members[3].birth_date", "20062015"), ("members[3].sex", "woman"),
        ("press", "members.add"), ("members[4].birth_date", "15012021"), ("members[4].sex", "man"),
        ("next",),
        ("housing.tenure", "social rent"), ("housing.rent", "480"), ("next",), ("next",),
        ("press", "resources.add"), ("resources[0].type", "wage"), ("resources[0].amount", "1900"),
        ("press", "resources.add"), ("resources[1].type", "child benefit"), ("resources[1].amount", "650"),
        ("next",), ("next",),
    ], {"postal_code": "9000", "members": [
        ("applicant", "1984-05-02", "M", "employed", "none"), ("partner", "1986-09-11", "F", "at_home", "none"),
        ("child", "2012-03-03", "M", "pupil", "secondary"), ("child", "2015-06-20", "F", "pupil", "primary"),
        ("child", "2021-01-15", "M", "pupil", "nursery")],
        "housing": ("social_rent", "480.00"), "resources": [("wage", "1900.00", 0), ("child_benefit", "650.00", 0)]}),
    "Schaerbeek, mother and baby": ([
        ("file_reference", "2026-0414"), ("postal_code", "1030"), ("client.first_name", "Chloé"),
        ("client.last_name", "Exemple"), ("next",),
        ("members[0].birth_date", "21101998"), ("members[0].sex", "woman"), ("members[0].activity", "unemployed"),
        ("press", "members.add"), ("members[1].birth_date", "04062025"), ("members[1].sex", "woman"),
        ("next",),
        ("housing.rent", "780"), ("next",), ("next",),
        ("press", "resources.add"), ("resources[0].amount", "1776.07"),
        ("press", "resources.add"), ("resources[1].type", "child benefit"), ("resources[1].amount", "200"),
        ("next",), ("next",),
    ], {"postal_code": "1030", "members": [("applicant", "1998-10-21", "F", "unemployed", "none"),
                                           ("child", "2025-06-04", "F", "infant", "none")],
        "housing": ("private_rent", "780.00"),
        "resources": [("integration_income", "1776.07", 0), ("child_benefit", "200.00", 0)]}),
}
MINIMAL = ("Charleroi, single man, minimal mode", ([
    ("postal_code", "6000"), ("next",),
    ("members[0].birth_date", "14031974"), ("members[0].sex", "man"),
        ("members[0].activity", "unemployed"), ("next",),
    ("housing.rent", "650"), ("next",),
    ("press", "resources.add"), ("resources[0].type", "unemployment"), ("resources[0].amount", "1250"),
    ("next",),
], {"postal_code": "6000", "members": [("applicant", "1974-03-14", "M", "unemployed", "none")],
    "housing": ("private_rent", "650.00"), "resources": [("unemployment", "1250.00", 0)]}))
# how a choice is named in English; the French or Dutch name is found through the catalogs
CHOICES = {"man": "man", "woman": "woman", "employed": "employed", "at home": "at home", "partner": "partner",
           "social rent": "social rent", "unemployment": "Unemployment benefit",
           "integration income": "Integration income", "wage": "Wage", "unemployed": "unemployed",
           "child benefit": "Child benefit"}


class Keyboard:
    """Sends key events to the focused widget and counts them."""

    def __init__(self, app: QApplication):
        self.app, self.keys = app, 0

    def key(self, key: Qt.Key, text: str = "") -> None:
        from tests.keyboard import type_text  # (non-ASCII letters as Qt's test keyboard cannot send them)

        widget = self.app.focusWidget()
        QTest.keyClick(widget, key) if not text else type_text(widget, text)
        self.keys += max(1, len(text))
        self.app.processEvents()

    def tab_to(self, target: QWidget, limit: int = 200) -> None:
        for _ in range(limit):
            focused = self.app.focusWidget()
            if focused is target or (focused is not None and target.isAncestorOf(focused)):
                return
            self.key(Qt.Key.Key_Tab)
        raise RuntimeError(f"Tab never reaches {target.objectName()}")


def choose(keyboard: Keyboard, combo: QComboBox, name: str) -> None:
    """As a user picks in a closed list: the first letters of the item's first word (the list's own
    search; a space would open the list), then the Down arrow until it is selected."""
    from redi_desktop.i18n import _
    from tests.keyboard import type_text

    wanted = _(name).casefold()
    first_word = wanted.split(" ")[0]
    for letter in first_word:
        if combo.currentText().casefold() == wanted:
            return
        type_text(combo, letter)
        keyboard.keys += 1
        keyboard.app.processEvents()
    target = next((i for i in range(combo.count()) if combo.itemText(i).casefold() == wanted), None)
    if target is None:
        raise RuntimeError(f"{combo.objectName()}: no item {wanted!r}")
    while combo.currentIndex() != target:  # the arrow towards it, as many times as it takes
        keyboard.key(Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up)
    if combo.currentText().casefold() != wanted:
        raise RuntimeError(f"{combo.objectName()}: typing does not reach {wanted!r}")


def type_household(window, steps, keyboard: Keyboard) -> int:
    wizard = window.wizard
    thoughts = 0
    for step in steps:
        if step[0] == "next":
            keyboard.key(Qt.Key.Key_Return)
            continue
        if step[0] == "press":
            button = wizard.findChild(QPushButton, step[1])
            keyboard.tab_to(button)
            keyboard.key(Qt.Key.Key_Space)
            continue
        path, value = step
        widget = wizard.findChild(QWidget, path)
        if widget is None:
            raise RuntimeError(f"no field {path} on page {wizard.currentId()}")
        keyboard.tab_to(widget)
        thoughts += 1
        if isinstance(widget, QComboBox):
            choose(keyboard, widget, CHOICES.get(value, value))
        elif isinstance(widget, QCheckBox):
            keyboard.key(Qt.Key.Key_Space)
        elif isinstance(widget, QLineEdit):
            keyboard.key(Qt.Key.Key_unknown, value)
    return thoughts


def run(name: str, steps, lang: str, minimal: bool = False) -> tuple[int, float, object]:
    from redi_desktop import i18n
    from redi_desktop.gui.app import MainWindow, set_qt_language

    i18n.set_language(lang)
    set_qt_language(lang)
    window = MainWindow()
    window.resize(1366, 768)
    window.show()
    if minimal:
        window.minimal_action.trigger()
    window.wizard.restart()
    app = QApplication.instance()
    for _ in range(3):
        app.processEvents()
    keyboard = Keyboard(app)
    steps, expected = steps
    thoughts = type_household(window, steps, keyboard)
    household = window.wizard.household()
    got = {"postal_code": household.postal_code,
           "members": [(m.role, m.birth_date.isoformat(), m.sex, m.activity, m.school_level) for m in household.members],
           "housing": (household.housing.tenure, f"{household.housing.rent:.2f}"),
           "resources": [(r.type, f"{r.amount:.2f}", r.member) for r in household.resources]}
    if got != expected:
        raise RuntimeError(f"{name}: the wizard holds {got}, not {expected}")
    seconds = keyboard.keys * KEY_SECONDS + thoughts * THINK_SECONDS
    window.close()
    window.deleteLater()
    return keyboard.keys, seconds, household


def main() -> None:
    app = QApplication.instance() or QApplication([])  # noqa: F841 (kept alive for the windows)
    for lang in ("fr", "nl"):
        for name, steps in [*HOUSEHOLDS.items(), MINIMAL]:
            keys, seconds, _household = run(name, steps, lang, minimal=name.endswith("minimal mode"))
            print(f"{lang}  {name:<40} {keys:>4} keys  ~{seconds:.0f} s")


if __name__ == "__main__":
    main()
