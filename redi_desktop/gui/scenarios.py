"""And if… / Wat als…: scenarios beside the budget, for the conversation with the client.

The caseworker picks what the guidance names (social housing at a rent, BIM claimed, a part-time job, a
cheaper energy contract, child benefit supplements, a debt plan) or another amount, and sees today's budget
beside each scenario: budget, resources, gap, proposed aid and the difference, with a chart. Scenarios are
kept with the case (the household's "scenarios", beside it, never part of its assessment). They are
computed only while the view is shown, and while the caseworker types only once she pauses (PAUSE_MS).

The charts are the sheets' own drawings (report/charts.py) shown as SVG; a click enlarges one for the
client across the desk.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QByteArray, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from ..domain.messages import N_, Problem
from ..i18n import (
    _,
    field_label,
    format_amount,
    format_money,
    format_signed,
    gettext_in,
    language,
    message,
    parse_amount,
)
from ..services.scenarios import (
    PRESET,
    PRESETS,
    amount_paths,
    budget_chart_svg,
    closing_wage,
    outcomes,
    preset_scenario,
    scenario_chart_svg,
)
from .fields import ALIGN_RIGHT, Texts, set_text
from .model import HouseholdModel

COLUMNS = (N_("Scenario"), N_("Budget"), N_("Resources"), N_("Gap"), N_("Proposed aid"), N_("Difference"))
TOTALS = ("reference_budget", "resources", "gap", "proposed_aid")
PAUSE_MS = 200  # scenarios are computed again this long after the last edit (benchmarks/bench_gui.py)


def accessible(widget: QWidget, texts: Texts, msgid: str) -> QWidget:
    texts.set(widget, lambda w, t: w.setAccessibleName(t), msgid)
    return widget


class ChartView(QWidget):
    """A chart from its SVG, drawn once per drawing and size (a repaint of the panel around it, at every
    keystroke, only copies the picture); a click (or Enter, Space) asks for it larger."""

    clicked = Signal()

    def __init__(self, name: str, height: int):
        super().__init__(objectName=name)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setMinimumHeight(height)
        self.lowest, self.svg = height, b""
        self.renderer = QSvgRenderer(self)
        self.picture: QPixmap | None = None

    def show_svg(self, data: bytes) -> None:
        if data == self.svg:
            return
        self.svg = data
        self.renderer.load(QByteArray(data))
        self.picture = None
        size = self.renderer.defaultSize()
        if size.width() > 0:  # as high as the drawing at the width it had when it came (never on a resize:
            # a scroll bar coming and going would make the height and the width chase each other)
            self.setFixedHeight(max(self.lowest, int((self.width() or 360) * size.height() / size.width())))
        self.update()

    def resizeEvent(self, event) -> None:
        self.picture = None
        super().resizeEvent(event)

    def paintEvent(self, _event) -> None:
        if not self.svg:
            return
        ratio = self.devicePixelRatioF()
        if self.picture is None or self.picture.size() != self.size() * ratio:
            self.picture = QPixmap(self.size() * ratio)
            self.picture.setDevicePixelRatio(ratio)
            self.picture.fill(Qt.GlobalColor.white)
            painter = QPainter(self.picture)
            size = self.renderer.defaultSize()  # the drawing's proportions kept, centred
            scale = min(self.width() / max(size.width(), 1), self.height() / max(size.height(), 1))
            w, h = size.width() * scale, size.height() * scale
            self.renderer.render(painter, QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h))
            painter.end()
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self.picture)
        if self.hasFocus():  # where the keyboard is
            painter.setPen(self.palette().highlight().color())
            painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        painter.end()

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.svg:
            self.clicked.emit()
        super().mousePressEvent(event)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and self.svg:
            self.clicked.emit()
            return
        super().keyPressEvent(event)


def enlarge(parent: QWidget, svg: bytes, title: str) -> QDialog:
    """The chart alone in a large window, for the client across the desk (not modal: Escape closes it)."""
    dialog = QDialog(parent, objectName="chart.enlarged")
    dialog.setWindowTitle(title)
    dialog.setAccessibleName(title)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    view = QSvgWidget(dialog, objectName="chart.enlarged.view")
    view.setAccessibleName(title)
    view.load(QByteArray(svg))
    layout = QVBoxLayout(dialog)
    layout.addWidget(view)
    size = view.renderer().defaultSize()
    dialog.resize(1100, int(1100 * size.height() / max(size.width(), 1)) + 40)
    dialog.show()
    return dialog


class ScenarioView(QWidget):
    """Presets and custom amounts, today's budget beside each scenario, and the comparison chart."""

    def __init__(self, model: HouseholdModel, texts: Texts, session):
        super().__init__(objectName="scenarios")
        self.model, self.texts, self.session = model, texts, session
        self.outcomes = []
        layout = QVBoxLayout(self)
        intro = QLabel(objectName="scenarios.intro", wordWrap=True)
        texts.set(intro, set_text, N_("First claim unused rights, lower costs, raise income; then the aid tops up "
                                      "what remains. Compare what each step would change."))
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.preset = accessible(QComboBox(objectName="scenarios.preset"), texts, N_("Scenario to add"))
        for p in PRESETS:
            self.preset.addItem("", p.key)
        texts.set(self.preset, lambda w, _t: [w.setItemText(i, _(p.label)) for i, p in enumerate(PRESETS)],
                  N_("Scenario to add"))
        self.path = accessible(QComboBox(objectName="scenarios.path"), texts, N_("Amount to change"))
        self.amount = accessible(QLineEdit(objectName="scenarios.amount"), texts, N_("Amount per month"))
        texts.set(self.amount, lambda w, t: w.setPlaceholderText(t), N_("Amount per month"))
        self.add_button = accessible(QPushButton(objectName="scenarios.add"), texts, N_("Add the scenario"))
        texts.set(self.add_button, set_text, N_("&Add"))
        self.add_button.setAutoDefault(False)
        for w, stretch in ((self.preset, 3), (self.path, 2), (self.amount, 1), (self.add_button, 0)):
            row.addWidget(w, stretch)
        layout.addLayout(row)
        self.error = QLabel(objectName="scenarios.error", wordWrap=True)
        self.error.setStyleSheet("color: #b00020;")
        accessible(self.error, texts, N_("What is wrong with the scenario"))
        layout.addWidget(self.error)
        self.table = accessible(QTableWidget(0, len(COLUMNS), objectName="scenarios.table"), texts,
                                N_("Today's budget beside each scenario"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for i, msgid in enumerate(COLUMNS):
            texts.set(self.table, lambda w, t, i=i: w.setHorizontalHeaderItem(i, QTableWidgetItem(t)), msgid)
        layout.addWidget(self.table, 2)
        buttons = QHBoxLayout()
        self.closing = QLabel(objectName="scenarios.closing", wordWrap=True)
        accessible(self.closing, texts, N_("The wage that closes the gap"))
        self.remove_button = accessible(QPushButton(objectName="scenarios.remove"), texts,
                                        N_("Remove the chosen scenario"))
        texts.set(self.remove_button, set_text, N_("&Remove"))
        self.remove_button.setAutoDefault(False)
        buttons.addWidget(self.closing, 1)
        buttons.addWidget(self.remove_button)
        layout.addLayout(buttons)
        self.chart = accessible(ChartView("scenarios.chart", 120), texts,
                                N_("Chart: the gap today and in each scenario (click to enlarge)"))
        layout.addWidget(self.chart)
        self.preset.currentIndexChanged.connect(self._preset_chosen)
        self.add_button.clicked.connect(self.add)
        self.amount.returnPressed.connect(self.add)
        self.remove_button.clicked.connect(self.remove)
        self.chart.clicked.connect(lambda: enlarge(self, self.chart.svg, _("And if…")))
        # while the caseworker types, the scenarios wait for a pause: the live budget stays as quick as without
        self.timer = QTimer(self, singleShot=True, interval=PAUSE_MS)
        self.timer.timeout.connect(self.refresh)
        model.computed.connect(self.timer.start)
        texts.languageChanged.connect(self.refresh)
        self._preset_chosen()

    # -- choosing and adding --------------------------------------------------------------------------------

    def _preset_chosen(self, *_args) -> None:
        preset = PRESET[self.preset.currentData()]
        self.amount.setEnabled(preset.amount is not None)
        self.amount.setText(format_amount(Decimal(preset.amount)) if preset.amount else "")
        self.path.setVisible(preset.key == "custom")
        if preset.key == "custom":
            self._fill_paths()
        self.error.setText("")

    def _fill_paths(self) -> None:
        household = self.model.household_object
        self.path.clear()
        for path in amount_paths(household) if household is not None else []:
            self.path.addItem(field_label(path), path)

    def add(self) -> bool:
        """Add the chosen scenario to the case; a bad amount or one that does not apply is said here."""
        preset = PRESET[self.preset.currentData()]
        household, a = self.model.household_object, self.model.assessment()
        if household is None or a is None:
            self.error.setText(_("Complete the household first: a scenario varies its budget."))
            return False
        amount = None
        if preset.key == "closing_wage":
            amount = closing_wage(a, self.session.policy)
            if not amount:
                self.error.setText(_("There is no gap to close, or the policy does not count wages."))
                return False
        elif preset.amount is not None:
            try:
                amount = parse_amount(self.amount.text())
            except ValueError:
                self.error.setText(message(Problem("bad_amount_typed", "", {
                    "value": self.amount.text(), "example": format_amount(Decimal("450.00"))})))
                self.amount.setFocus()
                return False
        path = self.path.currentData() if preset.key == "custom" else None
        lang = self.model.get("language") or language()  # named in the client's language: the sheet says it
        name = gettext_in(lang, preset.name).format(amount=format_money(amount, lang) if amount is not None else "",
                                                    field=field_label(path) if path else "")
        key = "part_time_job" if preset.key == "closing_wage" else preset.key
        scenario = preset_scenario(key, name, household, amount, path)
        if scenario is None:
            self.error.setText(_("This household has no debt repayment to renegotiate.") if key == "debt_plan"
                               else _("Choose the amount to change."))
            return False
        self.error.setText("")
        self.model.set("scenarios", [*(self.model.get("scenarios") or []), scenario])
        self.refresh()  # the caseworker's own step: shown at once
        return True

    def remove(self) -> None:
        row = self.table.currentRow()
        kept = list(self.model.get("scenarios") or [])
        if 1 <= row <= len(kept):
            del kept[row - 1]
            self.model.set("scenarios", kept or None)
            self.refresh()

    # -- showing ----------------------------------------------------------------------------------------------

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        """Compute the scenarios beside the assessment, only while shown (typing elsewhere costs nothing)."""
        if not isValid(self) or not self.isVisible():
            return
        self.timer.stop()
        household, a = self.model.household_object, self.model.assessment()
        data = self.model.get("scenarios") or []
        self.outcomes = outcomes(data, household, self.session.dataset, self.session.policy, a) \
            if household is not None and a is not None else []
        rows = [(_("Today"), a.totals if a is not None else None, None, None)]
        rows += [(o.name, o.result.totals if o.result else None, o.result.difference if o.result else None,
                  o.problems[0] if o.problems else None) for o in self.outcomes]
        self.table.clearSpans()
        self.table.setRowCount(len(rows))
        for r, (name, totals, difference, problem) in enumerate(rows):
            self.table.setItem(r, 0, QTableWidgetItem(name))
            if problem is not None:
                item = QTableWidgetItem(message(problem))
                item.setForeground(Qt.GlobalColor.darkRed)
                item.setToolTip(message(problem))
                self.table.setSpan(r, 1, 1, len(COLUMNS) - 1)
                self.table.setItem(r, 1, item)
                continue
            cells = [format_amount(getattr(totals, k)) if totals is not None else "–" for k in TOTALS]
            cells.append(format_signed(difference.gap) if difference is not None else "")
            for c, text in enumerate(cells, start=1):
                item = QTableWidgetItem(text)
                item.setTextAlignment(ALIGN_RIGHT)
                if difference is not None and c == len(COLUMNS) - 1:
                    item.setToolTip(_("Difference of the gap from today (proposed aid: {aid})").format(
                        aid=format_signed(difference.proposed_aid)))
                self.table.setItem(r, c, item)
        self.table.resizeRowsToContents()
        wage = closing_wage(a, self.session.policy) if a is not None else None
        self.closing.setText(_("The applicant's wage that closes the gap: {amount}").format(
            amount=format_money(wage)) if wage else "")
        if a is not None:
            self.chart.show_svg(scenario_chart_svg(a, self.outcomes, language()))


class ScenarioWindow(QDialog):
    """The scenario view in its own window beside the household (not modal: entry goes on)."""

    def __init__(self, model: HouseholdModel, texts: Texts, session, parent=None):
        super().__init__(parent, objectName="scenarios.window")
        texts.set(self, lambda w, t: (w.setWindowTitle(t), w.setAccessibleName(t)), N_("And if…"))
        self.view = ScenarioView(model, texts, session)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        self.resize(820, 640)


class SmallChart(ChartView):
    """The live panel's budget chart: drawn a moment after the last edit, not on every keystroke."""

    def __init__(self, model: HouseholdModel, texts: Texts):
        super().__init__("budget.chart", 40)
        self.model = model
        accessible(self, texts, N_("Chart: the month's needs and what comes in (click to enlarge)"))
        self.timer = QTimer(self, singleShot=True, interval=250)
        self.timer.timeout.connect(self.draw)
        model.computed.connect(self.timer.start)
        texts.languageChanged.connect(self.timer.start)
        self.full = b""  # the chart with its key, shown enlarged
        self.clicked.connect(lambda: enlarge(self, self.full, _("Your monthly budget")))

    def draw(self) -> None:
        if not isValid(self) or not self.isVisible():
            return
        a = self.model.assessment()
        if a is not None:
            self.show_svg(budget_chart_svg(a, language(), small=True))
            self.full = budget_chart_svg(a, language())

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.timer.start()
