"""Typing into the GUI with key events only, as a caseworker without a mouse would.

qtbot.keyClicks aborts the test run on non-ASCII characters (é, ë, €): those are sent as key events with
Qt.Key_unknown and their text, here and nowhere else.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QLineEdit, QPushButton, QSpinBox, QWidget


def type_text(widget: QWidget, text: str) -> None:
    for char in text:
        if char.isascii():
            QTest.keyClicks(widget, char)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier,
                                                         char))


def find(root: QWidget, name: str) -> QWidget:
    widget = root.findChild(QWidget, name)
    assert widget is not None, f"no widget named {name}"
    return widget


def focus(widget: QWidget) -> None:
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()


def enter(root: QWidget, name: str, value) -> None:
    """Give a field its value with the keyboard: type it, then Tab out (which commits it)."""
    widget = find(root, name)
    scroll_to(widget)
    focus(widget)
    if isinstance(widget, QComboBox):
        # Home, then Down to the item: typing would open the list at the first space
        texts = [widget.itemText(i) for i in range(widget.count())]
        target = next(i for i, t in enumerate(texts) if t == str(value) or t.startswith(str(value)))
        QTest.keyClick(widget, Qt.Key.Key_Home)
        for _ in range(target):
            QTest.keyClick(widget, Qt.Key.Key_Down)
    elif isinstance(widget, QCheckBox):
        if widget.isChecked() != bool(value):
            QTest.keyClick(widget, Qt.Key.Key_Space)
    elif isinstance(widget, QSpinBox):
        QTest.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        type_text(widget, str(value))
    elif isinstance(widget, QLineEdit):
        QTest.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClick(widget, Qt.Key.Key_Delete)
        type_text(widget, str(value))
    QTest.keyClick(widget, Qt.Key.Key_Tab)
    QApplication.processEvents()


def press(root: QWidget, name: str) -> None:
    button = find(root, name)
    assert isinstance(button, QPushButton)
    focus(button)
    QTest.keyClick(button, Qt.Key.Key_Space)
    QApplication.processEvents()


def scroll_to(widget: QWidget) -> None:
    from PySide6.QtWidgets import QScrollArea

    parent = widget.parent()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parent()
    if parent is not None:
        parent.ensureWidgetVisible(widget)


def open_page(wizard, page_id: int) -> None:
    """Show a page of the wizard directly (a test of one page, whatever the pages before it hold)."""
    wizard.setStartId(page_id)
    wizard.restart()
    wizard.setStartId(0)
    QApplication.processEvents()
