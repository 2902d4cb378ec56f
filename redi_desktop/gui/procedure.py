"""The procedure on screen: the "To do" list (what is due and overdue, overdue first), a new request
received at the desk, and the secretary's one screen for a meeting's decisions with its batch of letters.

No rule lives here: deadlines, checks and writing are services.procedure's; bad input is shown at its
field (and nothing is saved)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.messages import N_
from ..domain.request import CHANNELS, Request
from ..i18n import (
    CHANNEL_NAMES,
    DUE_NAMES,
    OUTCOME_NAMES,
    _,
    format_date,
    format_short_date,
    ngettext,
    parse_amount,
    parse_typed_date,
)
from .fields import Texts, set_text

ERROR_STYLE = "color: #b00020;"
OVERDUE = QColor("#b00020")
TODO_COLUMNS = (N_("Due"), N_("What"), N_("Status"), N_("File reference"), N_("Client"))


def _error_label(name: str) -> QLabel:
    label = QLabel(objectName=name)
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    return label


def _mark(widget: QWidget, text: str) -> None:
    """An error at a field: said beside it and as its accessible description."""
    widget.setStyleSheet("border: 1px solid #b00020;" if text else "")
    widget.setAccessibleDescription(text)


class TodoView(QWidget):
    """What is due in every case on a day, overdue first (services.procedure.due); a double click opens
    the case."""

    open_case = Signal(str)

    def __init__(self, session, texts: Texts):
        super().__init__()
        self.setObjectName("todo")
        self.session, self.texts = session, texts
        self.on: dt.date | None = None  # None: today
        self.items: list = []
        self.title = QLabel(objectName="todo.title")
        self.title.setStyleSheet("font-weight: bold; font-size: 14pt;")
        texts.set(self.title, set_text, N_("To do"))
        self.summary = QLabel(objectName="todo.summary")
        self.table = QTableWidget(0, len(TODO_COLUMNS), objectName="todo.table")
        texts.set(self.table, lambda w, t: w.setAccessibleName(t), N_("To do"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda index: self.open_case.emit(self.items[index.row()].case))
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        texts.languageChanged.connect(self.show_items)

    def refresh(self, on: dt.date | None = None) -> None:
        from ..services.procedure import due

        if on is not None:
            self.on = on
        self.items = due(self.session.store, self.on or dt.date.today())
        self.show_items()

    def show_items(self) -> None:
        self.table.setHorizontalHeaderLabels([_(c) for c in TODO_COLUMNS])
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            cells = (format_short_date(item.due), _(DUE_NAMES[item.what]), _("overdue") if item.overdue else _("due"),
                     item.file_reference, item.client)
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if item.overdue:
                    cell.setForeground(QBrush(OVERDUE))
                self.table.setItem(row, column, cell)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        late = sum(i.overdue for i in self.items)
        self.summary.setText(_("{count} to do, {late} overdue").format(count=len(self.items), late=late))


class _DayDialog(QDialog):
    """A small form around a day typed the Belgian way (its field first); a refusal is said at that field."""

    def __init__(self, name: str, title: str, day_label: str, parent=None, today: dt.date | None = None,
                 day: str = ""):
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(_(title))
        self.today = today or dt.date.today()
        self.form = QFormLayout(self)
        self.day = QLineEdit(day, objectName=f"{name}.date")
        self.error = _error_label(f"{name}.error")
        self.add_row(day_label, self.day)

    def add_row(self, label: str, widget: QWidget) -> None:
        text = _(label)
        widget.setAccessibleName(text)
        self.form.addRow(text[:1].upper() + text[1:], widget)

    def finish_form(self) -> None:
        self.form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        self.form.addRow(buttons)

    def try_accept(self) -> None:
        from ..services import ServiceError

        text = self.day.text().strip()
        try:
            if not text:
                raise ServiceError(self.NO_DAY)
            try:
                day = parse_typed_date(text, self.today)
            except ValueError:
                self._refuse(_("“{value}” is not a date: type it like {example}.").format(
                    value=text, example=format_short_date(self.today)))
                return
            self.accept_day(day)
        except ServiceError as exc:
            self._refuse(exc.text())
            return
        self.accept()

    NO_DAY = "request_needs_date"

    def accept_day(self, day: dt.date) -> None:
        raise NotImplementedError

    def _refuse(self, text: str) -> None:
        self.error.setText(text)
        _mark(self.day, text)
        self.day.setFocus()


class RequestDialog(_DayDialog):
    """A request received at the desk: the day, how it came, who received it, what is asked. A new case
    starts from it (the register number is given when the case is saved)."""

    def __init__(self, parent=None, today: dt.date | None = None):
        today = today or dt.date.today()
        super().__init__("request", N_("New request for aid"), N_("date the request was received"), parent, today,
                         format_short_date(today))
        self.received = self.day
        self.result_request: Request | None = None
        self.how = QComboBox(objectName="request.how")
        for channel in CHANNELS:
            self.how.addItem(_(CHANNEL_NAMES[channel]), channel)
        self.received_by = QLineEdit(objectName="request.received_by")
        self.asked = QLineEdit(objectName="request.asked")
        for label, widget in ((N_("how the request came in"), self.how), (N_("received by"), self.received_by),
                              (N_("what is asked"), self.asked)):
            self.add_row(label, widget)
        self.finish_form()

    def accept_day(self, day: dt.date) -> None:
        from ..services.procedure import request_from

        self.result_request = request_from({"received": day.isoformat(), "how": self.how.currentData(),
                                            "received_by": self.received_by.text(), "asked": self.asked.text()})


class AgendaDialog(_DayDialog):
    """The day of a meeting: its agenda is the one kept, else a new one of the cases ready (not in the
    past: said at the field)."""

    NO_DAY = "meeting_needs_date"

    def __init__(self, session, parent=None, today: dt.date | None = None):
        super().__init__("agenda", N_("Agenda of a meeting"), N_("date of the meeting"), parent, today)
        self.session, self.meeting = session, None
        self.date = self.day
        self.body = QLineEdit(objectName="agenda.body")
        self.add_row(N_("deciding body"), self.body)
        self.finish_form()

    def accept_day(self, day: dt.date) -> None:
        from ..services.procedure import meeting_agenda

        self.meeting = meeting_agenda(self.session.store, day, self.body.text().strip(), today=self.today)


class _FieldError(ValueError):
    def __init__(self, field: str, text: str):
        super().__init__(text)
        self.field, self.text = field, text


_FIELDS = {"revision_zero_months": "months", "decision_outcome": "outcome", "decision_before_request": "outcome"}


def _field_of(exc) -> str:
    """The row's field a service refusal is about."""
    if exc.problems:
        key = exc.problems[0].path.rsplit(".", 1)[-1]
        return {"duration_months": "months", "amount": "amount", "start": "start"}.get(key, "outcome")
    return _FIELDS.get(exc.key, "outcome")


class MeetingDecisions(QDialog):
    """The secretary's one screen after a meeting: each case of the agenda with the committee's decision
    (outcome, amount, start, months, conditions, motivation); recorded all at once, then the letters."""

    def __init__(self, session, meeting, parent=None, ask_folder=None):
        super().__init__(parent)
        self.setObjectName("meeting")
        self.ask_folder = ask_folder  # gui.dialogs.ask_folder: where to write the letters
        self.session, self.meeting = session, meeting
        self.setWindowTitle(_("Decisions of the meeting of {date}").format(date=format_date(meeting.on_date)))
        self.rows: list[dict] = []
        grid = QGridLayout()
        heads = (N_("File"), N_("outcome"), N_("amount"), N_("start of the aid"), N_("duration in months"),
                 N_("conditions"), N_("motivation"))
        for column, head in enumerate(heads):
            label = QLabel(_(head)[:1].upper() + _(head)[1:])
            label.setStyleSheet("font-weight: bold;")
            grid.addWidget(label, 0, column)
        facts = {f.case_id: f for f in session.store.procedure_facts()}
        for i, case_id in enumerate(meeting.case_ids):
            f = facts[case_id]
            name = " ".join(x for x in (f.first_name, f.last_name) if x)
            row = {"case": case_id, "label": QLabel(f"{f.file_reference or '…'}\n{name}")}
            row["outcome"] = QComboBox(objectName=f"meeting.rows[{i}].outcome")
            for outcome in ("granted", "partly_granted", "refused"):
                row["outcome"].addItem(_(OUTCOME_NAMES[outcome]), outcome)
            for key in ("amount", "start", "months", "conditions", "motivation"):
                row[key] = QLineEdit(objectName=f"meeting.rows[{i}].{key}")
            row["months"].setMaximumWidth(60)
            row["error"] = _error_label(f"meeting.rows[{i}].error")
            for column, key in enumerate(("label", "outcome", "amount", "start", "months", "conditions",
                                          "motivation")):
                grid.addWidget(row[key], 1 + 2 * i, column)
                if key != "label":
                    row[key].setAccessibleName(f"{_(heads[column])}, {f.file_reference or name}")
            grid.addWidget(row["error"], 2 + 2 * i, 1, 1, 6)
            row["error"].hide()
            self.rows.append(row)
        grid.setColumnStretch(5, 2)
        grid.setColumnStretch(6, 3)
        grid.setRowStretch(1 + 2 * len(self.rows), 1)  # the rows at the top, the space below them
        inner = QWidget()
        inner.setLayout(grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        self.status = QLabel(objectName="meeting.status")
        self.status.setWordWrap(True)
        self.record_button = QPushButton(_("&Record the decisions"), objectName="meeting.record")
        self.letters_button = QPushButton(_("Write the &letters…"), objectName="meeting.letters")
        self.letters_button.setEnabled(False)
        close = QPushButton(_("&Close"), objectName="meeting.close")
        self.record_button.clicked.connect(self.record)
        self.letters_button.clicked.connect(self.write_letters)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        for b in (self.record_button, self.letters_button):
            buttons.addWidget(b)
        buttons.addStretch()
        buttons.addWidget(close)
        title = QLabel(_("Decisions of the meeting of {date}").format(date=format_date(meeting.on_date))
                       + (f" – {meeting.body}" if meeting.body else ""), objectName="meeting.title")
        title.setStyleSheet("font-weight: bold; font-size: 13pt;")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(scroll)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.resize(1200, 520)

    def record(self) -> bool:
        """Every row read and checked; all recorded, or none with each problem at its field."""
        from ..services import ServiceError
        from ..services.procedure import record_meeting_decisions

        inputs, problems = [], {}
        for row in self.rows:
            for key in ("outcome", "amount", "start", "months"):
                _mark(row[key], "")
            row["error"].setText("")
            row["error"].hide()
            try:
                inputs.append(self._row_input(row))
            except _FieldError as exc:
                problems[row["case"]] = (exc.field, exc.text)
        if not problems:
            try:
                found = record_meeting_decisions(self.session.store, self.meeting, inputs)
            except ServiceError as exc:
                self.status.setText(exc.text())
                return False
            problems = {case: (_field_of(exc), exc.text()) for case, exc in found.items()}
        for row in self.rows:
            field, text = problems.get(row["case"], ("", ""))
            row["error"].setText(text)
            row["error"].setVisible(bool(text))
            if text:
                _mark(row[field], text)
        if problems:
            self.status.setText(_("Nothing was recorded: correct the rows marked in red."))
            return False
        self.status.setText(ngettext("{count} decision recorded.", "{count} decisions recorded.",
                                     len(inputs)).format(count=len(inputs)))
        self.record_button.setEnabled(False)
        self.letters_button.setEnabled(True)
        return True

    @staticmethod
    def _row_input(row):
        from ..services.procedure import DecisionRowInput

        def typed_date(widget):
            text = widget.text().strip()
            if not text:
                return None
            try:
                return parse_typed_date(text)
            except ValueError:
                raise _FieldError("start", _("“{value}” is not a date: type it like {example}.").format(
                    value=text, example=format_short_date(dt.date(2026, 3, 31)))) from None

        amount_text, months_text = row["amount"].text().strip(), row["months"].text().strip()
        try:
            amount = parse_amount(amount_text) if amount_text else None
        except ValueError:
            raise _FieldError("amount", _("“{value}” is not an amount: type it like {example}.").format(
                value=amount_text, example="250,00")) from None
        if months_text and not months_text.isdigit():
            raise _FieldError("months", _("Aid is granted for one month at least: give the number of months."))
        return DecisionRowInput(row["case"], row["outcome"].currentData(), amount, typed_date(row["start"]),
                                int(months_text) if months_text else None, row["conditions"].text(),
                                row["motivation"].text())

    def write_letters(self) -> list:
        from ..services import ServiceError
        from ..services.procedure import meeting_letters

        folder = self.ask_folder(self, _("Where to write the letters"))
        if folder is None:
            return []
        try:
            written = meeting_letters(self.session.store, self.meeting, folder)
        except ServiceError as exc:
            self.status.setText(exc.text())
            return []
        self.status.setText(ngettext("{count} letter written in {folder}.", "{count} letters written in {folder}.",
                                     len(written)).format(count=len(written), folder=folder))
        return written


def choose_meeting(session, parent=None):
    """The meeting whose decisions are recorded: the latest one kept (None when there is none)."""
    meetings = session.store.meetings()
    return meetings[-1] if meetings else None

