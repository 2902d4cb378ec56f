"""Input fields bound to a path of the household model, and the registry that retranslates every text.

A field shows the model's value the way the current language writes it (1 234,50 / 1.234,50;
02/04/1985), reads what the user typed when she leaves it, and shows the problem at its path in the user's
language. Its objectName is its JSON path; its accessible name is its label.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)
from shiboken6 import isValid

from ..domain.messages import Problem
from ..domain.money import money_str
from ..i18n import _, format_amount, format_short_date, message, parse_amount, parse_typed_date
from .model import HouseholdModel


class Texts(QObject):
    """Every text on screen with its English source, so that a language switch redoes them all at once;
    then `languageChanged` tells the views to show their values (amounts, dates) the new language's way.

    Rows of a list are made again when the list changes: the texts of widgets Qt has deleted since are
    dropped whenever the registry has doubled, so it never holds more dead entries than live ones."""

    languageChanged = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._items: list[tuple[QWidget, Callable[[QWidget, str], None], Callable[[], str]]] = []
        self._pruned_at = 64

    def set(self, widget: QWidget, apply: Callable[[QWidget, str], None], text: Callable[[], str] | str) -> None:
        make = (lambda: _(text)) if isinstance(text, str) else text
        self._items.append((widget, apply, make))
        apply(widget, make())
        if len(self._items) >= 2 * self._pruned_at:
            self._prune()

    def _prune(self) -> None:
        self._items = [(w, apply, make) for w, apply, make in self._items if isValid(w)]
        self._pruned_at = max(64, len(self._items))

    def __len__(self) -> int:
        return len(self._items)

    def retranslate(self) -> None:
        self._prune()
        for widget, apply, make in self._items:
            apply(widget, make())
        self.languageChanged.emit()


def set_text(widget, text):
    widget.setText(text)


class Field:
    """One input bound to one path."""

    def __init__(self, model: HouseholdModel, path: str, widget: QWidget, error: QLabel):
        self.model, self.path, self.widget, self.error = model, path, widget, error
        self.invalid = False
        self.generation = model.generation
        widget.setObjectName(path)
        error.setObjectName(f"{path}.error")
        error.setStyleSheet("color: #b00020;")
        error.setWordWrap(True)
        error.hide()

    def value_to_widget(self, value) -> None:  # overridden
        raise NotImplementedError

    def refresh(self) -> None:
        if not isValid(self.widget):
            return
        if self.generation != self.model.generation or not self.widget.hasFocus():
            self.generation = self.model.generation
            self.widget.blockSignals(True)
            typed = self.model.typed_text(self.path)
            try:
                if typed is not None:
                    self.show_raw(typed)  # what could not be read stays as typed, to be corrected
                else:
                    self.value_to_widget(self.model.get(self.path))
            except (ArithmeticError, TypeError, ValueError):  # a file with "750,00" or a number for a date
                self.show_raw(self.model.get(self.path))
            self.widget.blockSignals(False)
        self.show_problems()

    def show_raw(self, value) -> None:
        if isinstance(self.widget, QLineEdit):
            self.widget.setText(str(value))

    def current(self) -> bool:
        """Whether what the widget holds still belongs to the household on screen (not one loaded since)."""
        return self.generation == self.model.generation

    def show_problems(self) -> None:
        if not isValid(self.error):
            return
        found = self.model.problems_at(self.path)
        text = message(found[0]) if found else ""
        self.error.setText(text)
        self.error.setVisible(bool(found))
        if self.widget.accessibleDescription() != text:
            self.widget.setAccessibleDescription(text)  # a screen reader says what is wrong with the field
        # (no QObject.setProperty here: with PySide6 6.12 it leaks a reference to None on every call)
        if bool(found) != self.invalid:
            self.invalid = bool(found)
            self.widget.setStyleSheet("border: 1px solid #b00020;" if found else "")


class TextField(Field):
    """Text as typed. Its subclasses only say how to read their text (`read`) and what is wrong when
    they cannot (`unreadable`); leaving the field, emptying it and a stale field are handled here once."""

    def __init__(self, model, path, error, optional=True):
        super().__init__(model, path, QLineEdit(), error)
        self.optional = optional
        self.widget.editingFinished.connect(self.commit)

    def value_to_widget(self, value):
        self.widget.setText("" if value is None else str(value))

    def commit(self):
        if not self.current():
            return
        text = self.widget.text().strip()
        if not text:
            self.model.set(self.path, None if self.optional else "")
            return
        try:
            value = self.read(text)
        except ValueError:
            self.model.set_unreadable(self.path, self.unreadable(text), self.widget.text())
            return
        self.model.set(self.path, value)

    def read(self, text: str):
        return text

    def unreadable(self, text: str) -> Problem:
        raise NotImplementedError


class AmountField(TextField):
    """An amount typed the current language's way; stored as "1234.50"."""

    def value_to_widget(self, value):
        self.widget.setText("" if value in (None, "") else format_amount(Decimal(value)))

    def read(self, text):
        return money_str(parse_amount(text))

    def unreadable(self, text):
        return Problem("bad_amount_typed", self.path, {"value": text, "example": format_amount(Decimal("1234.5"))})


class DateField(TextField):
    """A date typed dd/mm/yyyy (or yyyy-mm-dd); stored ISO."""

    def value_to_widget(self, value):
        try:
            shown = format_short_date(dt.date.fromisoformat(value))
        except (TypeError, ValueError):
            shown = value or ""
        self.widget.setText(shown)

    def read(self, text):
        return parse_typed_date(text).isoformat()

    def unreadable(self, text):
        return Problem("bad_date_typed", self.path, {"value": text, "example": format_short_date(dt.date(1974, 3, 14))})


class NumberField(TextField):
    """A whole number (an age), empty when not known."""

    def read(self, text):
        if not (text.isdigit() and len(text) <= 3):
            raise ValueError(text)
        return int(text)

    def unreadable(self, text):
        return Problem("bad_number", self.path)


class CountField(Field):
    def __init__(self, model, path, error, maximum):
        super().__init__(model, path, QSpinBox(), error)
        self.widget.setRange(0, maximum)
        self.widget.setSpecialValueText("–")  # nothing given: not "0 months"
        self.widget.valueChanged.connect(lambda v: self.model.set(self.path, v or None))

    def value_to_widget(self, value):
        self.widget.setValue(int(value or 0))


def narrow_combo() -> QComboBox:
    """A closed list as wide as the form gives it, not as wide as its longest item (at 150 % a long
    activity name would otherwise push the whole page wider than the screen)."""
    combo = QComboBox()
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(12)
    return combo


class ChoiceField(Field):
    """A choice among keys, shown by their translated names."""

    def __init__(self, model, path, error, names: dict[str, str], texts: Texts, empty: str | None = None):
        super().__init__(model, path, narrow_combo(), error)
        self.keys = ([None] if empty is not None else []) + list(names)
        for key in self.keys:
            self.widget.addItem("", key)
        labels = {None: empty, **names}
        for i, key in enumerate(self.keys):
            texts.set(self.widget, lambda w, t, i=i: w.setItemText(i, t), labels[key])
        self.widget.activated.connect(lambda i: self.model.set(self.path, self.keys[i]))

    def value_to_widget(self, value):
        self.widget.setCurrentIndex(self.keys.index(value) if value in self.keys else 0)


class MemberChoiceField(Field):
    """Which member an income belongs to: by number and role, kept in step with the members."""

    def __init__(self, model, path, error):
        super().__init__(model, path, narrow_combo(), error)
        self.widget.activated.connect(lambda i: self.model.set(self.path, self.widget.itemData(i)))

    def value_to_widget(self, value):
        from ..i18n import ROLE_NAMES

        self.widget.clear()
        self.widget.addItem("—", None)
        for i, m in enumerate(self.model.get("members", [])):
            self.widget.addItem(f"{i + 1} · {_(ROLE_NAMES.get(m.get('role'), 'member'))}", i)
        index = self.widget.findData(value) if value is not None else 0
        self.widget.setCurrentIndex(max(index, 0))


class CheckField(Field):
    def __init__(self, model, path, error, texts: Texts, label: str, default: bool = False):
        super().__init__(model, path, QCheckBox(), error)
        self.default = default  # what the domain takes when the field is absent
        texts.set(self.widget, set_text, label)
        self.widget.toggled.connect(lambda on: self.model.set(self.path, on))

    def value_to_widget(self, value):
        self.widget.setChecked(self.default if value is None else bool(value))


class NeedsField(Field):
    """The special needs of a member: a check box each, stored as a list."""

    def __init__(self, model, path, error, texts: Texts, names: dict[str, str]):
        from PySide6.QtWidgets import QVBoxLayout

        super().__init__(model, path, QWidget(), error)
        layout = QVBoxLayout(self.widget)  # one under the other: a row of them is wider than a laptop at 150 %
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes = {}
        for key, label in names.items():
            box = QCheckBox()
            box.setObjectName(f"{path}.{key}")
            texts.set(box, set_text, label)
            texts.set(box, lambda w, t: w.setAccessibleName(t), label)
            box.toggled.connect(self.commit)
            layout.addWidget(box)
            self.boxes[key] = box
        layout.addStretch()

    def value_to_widget(self, value):
        for key, box in self.boxes.items():
            box.setChecked(key in (value or []))

    def commit(self):
        needs = [k for k, box in self.boxes.items() if box.isChecked()]
        self.model.set(self.path, needs or None)


class Form:
    """Builds labelled fields into a QFormLayout and keeps them for refreshing."""

    def __init__(self, model: HouseholdModel, texts: Texts, layout: QFormLayout, prefix: Callable[[], str] | None = None):
        self.model, self.texts, self.layout = model, texts, layout
        self.prefix = prefix  # a row's name before its fields' (a screen reader says "Member 2 · Role")
        self.fields: list[Field] = []
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)

    def add(self, kind: type[Field], path: str, label: str | Callable[[], str], *args, **kwargs) -> Field:
        field = kind(self.model, path, QLabel(), *args, **kwargs)
        caption = QLabel()
        caption.setBuddy(field.widget)
        self.texts.set(caption, set_text, label)
        prefix = self.prefix
        self.texts.set(field.widget, lambda w, t: w.setAccessibleName(
            (f"{prefix()} · " if prefix else "") + t.replace("&", "")), label)
        if isinstance(field, CheckField):
            self.layout.addRow(field.widget)
            caption.deleteLater()
        else:
            self.layout.addRow(caption, field.widget)
        self.layout.addRow("", field.error)
        self.fields.append(field)
        field.refresh()
        return field

    def refresh(self) -> None:
        self.fields = [f for f in self.fields if isValid(f.widget)]
        for field in self.fields:
            field.refresh()


ALIGN_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
