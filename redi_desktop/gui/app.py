"""A first window: the budget of each example household, category by category, and the lines of each.

The household wizard (issue 3) replaces the example chooser; the budget view and its object names
(totals.reference_budget, ...) stay as DESIGN.md names them.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .. import paths
from ..cli import load_bundled_dataset, load_case, load_policy
from ..engine import compute
from ..i18n import BASIS_NAMES, COLUMN_NAMES, TOTAL_NAMES, _, category_name, format_amount, format_date
from .sheet_preview import SheetPreview


class BudgetWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.dataset, self.policy = load_bundled_dataset(), load_policy(None)
        self.examples = sorted(paths.examples_dir().glob("*.json"))
        self.setWindowTitle("REDI Desktop")
        self.chooser = QComboBox(objectName="example")
        self.chooser.addItems([p.stem for p in self.examples])
        self.chooser.setAccessibleName(_("household"))
        self.decision_button = QPushButton(_("&Decision sheet…"), objectName="sheet.decision")
        self.client_button = QPushButton(_("&Client's budget sheet…"), objectName="sheet.client")
        self.decision_button.clicked.connect(lambda: self.preview(client=False))
        self.client_button.clicked.connect(lambda: self.preview(client=True))
        self.categories = QTableWidget(0, 4, objectName="categories")
        self.categories.setHorizontalHeaderLabels([_(name) for name in COLUMN_NAMES.values()])
        self.lines = QTableWidget(0, 4, objectName="lines")
        self.lines.setHorizontalHeaderLabels([_(COLUMN_NAMES["category"]), _("member"), _("amount"), _("Source")])
        self.totals = {key: QLabel(objectName=f"totals.{key}") for key in TOTAL_NAMES}
        form = QFormLayout()
        for key, label in TOTAL_NAMES.items():
            form.addRow(_(label), self.totals[key])
        self.status = QLabel()
        split = QSplitter()
        split.addWidget(self.categories)
        split.addWidget(self.lines)
        top = QHBoxLayout()
        for w in (self.chooser, self.decision_button, self.client_button):
            top.addWidget(w)
        layout = QVBoxLayout()
        layout.addLayout(top)
        layout.addWidget(split)
        layout.addLayout(form)
        layout.addWidget(self.status)
        central = QWidget()
        central.setLayout(layout)
        self.setCentralWidget(central)
        self.chooser.currentIndexChanged.connect(self.show_example)
        self.categories.currentCellChanged.connect(lambda row, *_: self.show_lines(row))
        self.show_example(0)
        self.resize(1200, 700)

    def preview(self, client: bool) -> SheetPreview:
        from ..report import client_sheet, decision_sheet  # reportlab only when a sheet is asked for

        h, a = self.household, self.assessment
        pdf = (client_sheet(a, h, self.policy, self.dataset) if client
               else decision_sheet(a, h, self.policy, self.dataset, self.decision))
        name = f"{h.file_reference or 'case'}-{'client' if client else 'decision'}.pdf"
        self.sheet_preview = SheetPreview(pdf, name, self)
        self.sheet_preview.show()
        return self.sheet_preview

    def show_example(self, index: int) -> None:
        self.household, self.decision = load_case(self.examples[index])
        household = self.household
        self.assessment = a = compute(household, self.dataset, self.policy, household.assessment_date)
        self.categories.setRowCount(len(a.categories))
        for row, c in enumerate(a.categories):
            cells = (category_name(c.key), format_amount(c.standard), format_amount(c.used), _(BASIS_NAMES[c.basis]))
            for col, text in enumerate(cells):
                self.categories.setItem(row, col, QTableWidgetItem(text))
        for key, label in self.totals.items():
            label.setText(format_amount(getattr(a.totals, key)))
        self.status.setText(_("Dataset {dataset}, policy {policy} v{version}, run {run}").format(
            dataset=a.identity.dataset, policy=a.identity.policy, version=a.identity.policy_version,
            run=a.identity.run_id) + " — " + format_date(a.date))
        self.show_lines(0)

    def show_lines(self, row: int) -> None:
        lines = self.assessment.categories[max(row, 0)].lines
        self.lines.setRowCount(len(lines))
        for r, line in enumerate(lines):
            origin = _("household") if line.source == "household" else f"{line.source}, {line.price_date}"
            cells = (_(line.label), "" if line.member is None else str(line.member + 1),
                     format_amount(line.amount), origin)
            for col, text in enumerate(cells):
                self.lines.setItem(r, col, QTableWidgetItem(text))


def run() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    window = BudgetWindow()
    window.show()
    return app.exec()
