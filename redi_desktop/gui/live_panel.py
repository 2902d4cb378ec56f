"""The live budget beside every page: totals per category, resources, gap, proposed aid, updated on every
edit; a click on a category shows the lines it is made of ("why this amount?")."""

from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from ..domain.dataset import DERIVATION_SOURCE
from ..domain.household import age_from
from ..domain.messages import N_
from ..domain.money import ZERO
from ..i18n import (
    LINE_COLUMNS,
    ROLE_NAMES,
    TOTAL_NAMES,
    _,
    category_name,
    excerpt,
    format_amount,
    format_date,
    format_factor,
    format_money,
    format_month,
    message,
    ngettext,
)
from .fields import ALIGN_RIGHT, Texts, set_text
from .model import HouseholdModel
from .sections import BudgetTable


class LivePanel(QWidget):
    """The budget beside every page: the totals, the categories, and for the chosen category each line with
    who it is for, how it is calculated in words, its source by title and its price date, and a total."""

    def __init__(self, model: HouseholdModel, texts: Texts, sources=lambda: {}, session=None):
        super().__init__()
        self.model, self.sources = model, sources  # sources(): the dataset's sources by id
        self.texts, self.session, self.scenario_window = texts, session, None
        self.setObjectName("live_panel")
        layout = QVBoxLayout(self)
        self.table = BudgetTable(texts, detailed=False)
        form = QFormLayout()
        self.totals = {}
        for key in ("reference_budget", "resources", "charges", "gap", "proposed_aid"):
            label, value = QLabel(), QLabel(objectName=f"totals.{key}")
            value.setAlignment(ALIGN_RIGHT)
            texts.set(label, set_text, TOTAL_NAMES[key])
            texts.set(value, lambda w, t: w.setAccessibleName(t), TOTAL_NAMES[key])
            form.addRow(label, value)
            self.totals[key] = value
        # the totals first: at 150 % on a small screen the gap and the aid stay in view without scrolling
        # beside the totals (no height taken from the tables): the budget chart small, and the scenarios
        from .scenarios import SmallChart  # (QtSvg, and reportlab once a chart is drawn)

        top, side = QHBoxLayout(), QVBoxLayout()
        top.addLayout(form, 3)
        top.addLayout(side, 2)
        self.chart = SmallChart(model, texts)
        side.addWidget(self.chart)
        if session is not None:
            self.scenarios_button = QPushButton(objectName="budget.scenarios")
            self.scenarios_button.setAutoDefault(False)
            texts.set(self.scenarios_button, set_text, N_("And if…"))  # every letter is some field's mnemonic
            self.scenarios_button.setShortcut(QKeySequence("Ctrl+I"))
            texts.set(self.scenarios_button, lambda w, t: (w.setAccessibleName(t), w.setToolTip(t + " (Ctrl+I)")),
                      N_("And if… compare scenarios with the client"))
            self.scenarios_button.clicked.connect(self.show_scenarios)
            side.addWidget(self.scenarios_button)
        side.addStretch()
        layout.addLayout(top)
        layout.addWidget(self.table, 3)
        self.lines = QTableWidget(0, len(LINE_COLUMNS), objectName="budget.lines")
        texts.set(self.lines, lambda w, t: w.setAccessibleName(t), N_("Lines of the category"))
        self.lines.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.lines.setTabKeyNavigation(False)
        self.lines.verticalHeader().hide()
        header = self.lines.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(3, 130)
        self.lines.setColumnHidden(1, True)  # who a line is for is said under its label: the panel is narrow
        self.lines.setWordWrap(True)
        for i, msgid in enumerate(LINE_COLUMNS.values()):
            texts.set(self.lines, lambda w, t, i=i: w.setHorizontalHeaderItem(i, QTableWidgetItem(t)), msgid)
        self.lines_title = QLabel(objectName="budget.lines.title")
        self.lines_title.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.lines_title)
        layout.addWidget(self.lines, 2)
        self.status = QLabel(objectName="budget.status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.category = "housing"
        self.table.category_chosen.connect(self.show_lines)
        model.computed.connect(self.refresh)
        texts.languageChanged.connect(self.refresh)
        self.refresh()

    def show_scenarios(self):
        """The scenario window beside the household (made once, kept while the panel lives)."""
        from .scenarios import ScenarioWindow

        if self.scenario_window is None:
            self.scenario_window = ScenarioWindow(self.model, self.texts, self.session, self.window())
        self.scenario_window.show()
        self.scenario_window.raise_()
        return self.scenario_window

    def _cells(self, line, a, sources) -> tuple[list[str], str, bool]:
        """One line: label, member (role and age), the calculation in words, the source, the amount."""
        who = ""
        if line.member is not None:
            m = self.model.get(f"members[{line.member}]") or {}
            age = age_from(m.get("birth_date"), m.get("age"), dt.date.fromisoformat(a.date))
            who = f"{line.member + 1} · {_(ROLE_NAMES.get(m.get('role'), 'member'))}"
            if age is not None:
                who += ", " + ngettext("{n} year", "{n} years", age).format(n=age)
        if line.source == "household":
            label = _(line.label) + (f"\n{who}" if who else "")
            return [label, who, _("the household's own cost"), _("household"), format_money(line.amount)], "", False
        calculation = format_money(line.unit_price)
        if line.quantity != 1:
            calculation = f"{line.quantity.normalize():f} × {calculation}"
        if line.lifetime_months != 1:
            calculation += " ÷ " + ngettext("{n} month", "{n} months", line.lifetime_months).format(
                n=line.lifetime_months)
        if line.index_factor != 1:
            calculation += f" × {format_factor(line.index_factor)}\n" + _("(index {start} → {end})").format(
                start=format_month(line.price_date), end=format_month(a.date))
        source = sources.get(line.source)
        if line.source == DERIVATION_SOURCE:  # the project's own derivation: said so, in the user's language
            title = _("REDI Desktop estimate")
        else:
            title = excerpt(source.title, 40) if source is not None else line.source
        origin = f"{title}\n{format_date(line.price_date)}" + (" *" if line.estimate else "")
        tip = line.source + (" · " + _("An estimate: the dataset says how it was derived.") if line.estimate else "")
        label = _(line.label) + (f"\n{who}" if who else "")
        return [label, who, calculation, origin, format_money(line.amount)], tip, False

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
        category = a.category(key) if a is not None else None
        lines = category.lines if category is not None else ()
        self.lines_title.setText(_("{category}: {amount}").format(category=category_name(key),
                                                                   amount=format_money(category.used)) if category else "")
        sources = self.sources() or {}
        rows = [self._cells(line, a, sources) for line in lines]
        if category is not None:  # the lines add up to the category, and a correction says so
            rows.append(([_("Total of the lines"), "", "", "", format_money(sum((x.amount for x in lines), ZERO))],
                         "", True))
            if category.basis == "override":
                rows.append(([_("Corrected by the caseworker"), "", category.reason or "", "",
                              format_money(category.used)], category.reason or "", True))
        self.lines.setRowCount(len(rows))
        for row, (cells, tip, bold) in enumerate(rows):
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col in (2, 4):
                    item.setTextAlignment(ALIGN_RIGHT)
                if tip:
                    item.setToolTip(tip)
                if bold:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.lines.setItem(row, col, item)
        self.lines.resizeRowsToContents()
