"""The live budget beside every page: totals per category, resources, gap, proposed aid, updated on every
edit; a click on a category shows the lines it is made of ("why this amount?")."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from ..domain.messages import N_
from ..i18n import LINE_COLUMNS, TOTAL_NAMES, _, format_amount, format_date, format_factor, message, ngettext
from .fields import ALIGN_RIGHT, Texts, set_text
from .model import HouseholdModel
from .sections import BudgetTable


class LivePanel(QWidget):
    def __init__(self, model: HouseholdModel, texts: Texts):
        super().__init__()
        self.model = model
        self.setObjectName("live_panel")
        layout = QVBoxLayout(self)
        self.table = BudgetTable(texts, detailed=False)
        layout.addWidget(self.table, 3)
        form = QFormLayout()
        self.totals = {}
        for key in ("reference_budget", "resources", "charges", "gap", "proposed_aid"):
            label, value = QLabel(), QLabel(objectName=f"totals.{key}")
            value.setAlignment(ALIGN_RIGHT)
            texts.set(label, set_text, TOTAL_NAMES[key])
            texts.set(value, lambda w, t: w.setAccessibleName(t), TOTAL_NAMES[key])
            form.addRow(label, value)
            self.totals[key] = value
        layout.addLayout(form)
        self.lines = QTableWidget(0, len(LINE_COLUMNS), objectName="budget.lines")
        texts.set(self.lines, lambda w, t: w.setAccessibleName(t), N_("Lines of the category"))
        self.lines.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.lines.setTabKeyNavigation(False)
        self.lines.verticalHeader().hide()
        header = self.lines.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(3, 140)
        self.lines.setWordWrap(True)
        for i, msgid in enumerate(LINE_COLUMNS.values()):
            texts.set(self.lines, lambda w, t, i=i: w.setHorizontalHeaderItem(i, QTableWidgetItem(t)), msgid)
        layout.addWidget(self.lines, 2)
        self.status = QLabel(objectName="budget.status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.category = "housing"
        self.table.category_chosen.connect(self.show_lines)
        model.computed.connect(self.refresh)
        texts.languageChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        if not isValid(self):
            return
        a = self.model.assessment()
        self.table.show_assessment(a)
        for key, label in self.totals.items():
            label.setText(format_amount(getattr(a.totals, key)) if a is not None else "–")
        problems = self.model.problems()
        stale = self.model.stale
        if stale is not None:
            self.status.setText(_("Not up to date: {reason}").format(reason=message(stale)))
        elif problems:
            self.status.setText(ngettext("{count} thing to correct before this budget is final.",
                                         "{count} things to correct before this budget is final.",
                                         len(problems)).format(count=len(problems)))
        else:
            self.status.setText("")
        self.status.setStyleSheet("color: #b00020; font-weight: bold;" if stale is not None else "")
        for label in self.totals.values():
            label.setEnabled(stale is None)  # greyed while they are the figures of another household
        self.show_lines(self.category)

    def show_lines(self, key: str) -> None:
        self.category = key
        a = self.model.assessment()
        lines = a.category(key).lines if a is not None else ()
        self.lines.setRowCount(len(lines))
        for row, line in enumerate(lines):
            if line.source == "household":
                origin = _("household")
            else:
                origin = f"{line.source}\n{format_date(line.price_date)}" + (" *" if line.estimate else "")
            calculation = format_amount(line.unit_price)
            if line.quantity != 1:
                calculation = f"{line.quantity.normalize():f} × {calculation}"
            if line.lifetime_months != 1:
                calculation += f" / {line.lifetime_months}"
            if line.index_factor != 1:
                calculation += f" × {format_factor(line.index_factor)}"
            cells = [_(line.label), "" if line.member is None else str(line.member + 1), calculation, origin,
                     format_amount(line.amount)]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col in (2, 4):
                    item.setTextAlignment(ALIGN_RIGHT)
                if line.estimate:
                    item.setToolTip(_("An estimate: the dataset says how it was derived."))
                self.lines.setItem(row, col, item)
        self.lines.resizeRowsToContents()
