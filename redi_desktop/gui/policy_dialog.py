"""The CPAS's settings and policy editor (administrator), and the caseworker's profile.

The editor shows the active policy: the identity in French and in Dutch, how letters are made, every rule
and limit. Saving makes a new version (the active one's number plus one) with the reason typed, kept with
its author and date; the change log lists every version with what changed. A policy file can be exported
for the other laptops of the CPAS and imported from them. Bad input is shown at its field, and nothing is
saved. Every widget has an objectName equal to its path in the policy file (`identity.cpas_name.fr`,
`share`, `income_shares.child_benefit`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..domain.household import CATEGORIES, RESOURCE_TYPES
from ..domain.messages import N_, InvalidInput, Problem
from ..domain.policy import ADDRESS_WINDOWS, IDENTITY_FIELDS, MAX_SIGNATORIES, SHEET_LANGUAGES, Policy
from ..domain.profile import PROFILE_FIELDS
from ..i18n import CATEGORY_NAMES, FIELD_NAMES, RESOURCE_NAMES, _, field_label, format_date, language, message
from ..services import ServiceError
from ..services.policies import (
    active_policy,
    differences,
    export_policy,
    import_policy,
    next_version,
    save_policy,
    save_profile,
)

ERROR_STYLE = "border: 2px solid #C00000;"
SHEET_LANGUAGE_NAMES = {"bilingual": N_("French and Dutch side by side"), "file": N_("the file's language only")}
WINDOW_NAMES = {"right": N_("on the right"), "left": N_("on the left")}
LANGS = (("fr", N_("French")), ("nl", N_("Dutch")))


def _text(value: Any, lang: str) -> str:
    """A text of the policy file (one string or one per language) as typed in one language's field."""
    if isinstance(value, dict):
        return value.get(lang, "")
    return value or ""


def _local(fr: str, nl: str) -> Any:
    """What two fields typed make in the policy file: nothing, one string, or one per language."""
    fr, nl = fr.strip(), nl.strip()
    return fr if fr == nl else {"fr": fr, "nl": nl}  # one of the two empty: refused, at its field


class _Form:
    """The widgets of a form by their path in the policy file, and the problems shown at them."""

    def __init__(self, owner: QWidget):
        self.owner = owner
        self.widgets: dict[str, QWidget] = {}

    def add(self, path: str, widget: QWidget, name: str) -> QWidget:
        widget.setObjectName(path)
        widget.setAccessibleName(name)
        self.widgets[path] = widget
        return widget

    def line(self, path: str, name: str, value: str = "") -> QLineEdit:
        return self.add(path, QLineEdit(value), name)

    def show_problems(self, problems: list[Problem], summary: QLabel, more: dict[str, str] | None = None) -> None:
        """Each problem at its field (a red border, the sentence as its tooltip) and all of them below;
        `more` adds sentences of the application's own, by the path of their field."""
        for widget in self.widgets.values():
            widget.setStyleSheet("")
            widget.setToolTip("")
        texts = [(p.path, message(p)) for p in problems] + list((more or {}).items())
        for path, text in texts:
            widget = self._widget_for(path)
            if widget is not None:
                widget.setStyleSheet(ERROR_STYLE)
                widget.setToolTip(text)
        summary.setText("\n".join(dict.fromkeys(text for _path, text in texts)))

    def _widget_for(self, path: str) -> QWidget | None:
        while path:
            for candidate in (path, f"{path}.fr", f"{path}.nl"):
                if candidate in self.widgets:
                    return self.widgets[candidate]
            path = path.rpartition(".")[0]
        return None


class PolicyDialog(QDialog):
    """Settings of the CPAS and its policy; each save a new version with its reason."""

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.setObjectName("policy_dialog")
        self.setWindowTitle(_("CPAS settings and local policy"))
        self.form = _Form(self)
        self.tabs = QTabWidget(objectName="policy.tabs")
        self.tabs.addTab(self._scrolled(self._identity_page()), _("Identity"))
        self.tabs.addTab(self._scrolled(self._rules_page()), _("Rules and limits"))
        self.tabs.addTab(self._letter_page(), _("Letters"))
        self.tabs.addTab(self._log_page(), _("Change log"))
        self.version_label = QLabel(objectName="policy.version")
        self.reason = self.form.line("reason", _("Reason of the change"))
        self.reason.setPlaceholderText(_("Why the policy changes (kept in the change log)"))
        self.problems = QLabel(objectName="policy.problems", wordWrap=True)
        self.problems.setStyleSheet("color: #C00000;")
        save = QPushButton(_("&Save as a new version"), objectName="policy.save")
        save.clicked.connect(self.save)
        imported = QPushButton(_("&Import a policy file…"), objectName="policy.import")
        imported.clicked.connect(self.import_file)
        exported = QPushButton(_("&Export the active policy…"), objectName="policy.export")
        exported.clicked.connect(self.export_file)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        reason_row = QHBoxLayout()
        reason_row.addWidget(QLabel(_("Reason of the change:")))
        reason_row.addWidget(self.reason, 1)
        buttons = QHBoxLayout()
        for b in (save, imported, exported):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.version_label)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(reason_row)
        layout.addWidget(self.problems)
        layout.addLayout(buttons)
        self.load(active_policy(session.store))

    # -- the pages ----------------------------------------------------------------------------------------

    @staticmethod
    def _scrolled(widget: QWidget) -> QScrollArea:
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setWidget(widget)
        return area

    def _identity_page(self) -> QWidget:
        page = QWidget()
        grid = QGridLayout(page)
        for col, (_lang, name) in enumerate(LANGS, 1):
            head = QLabel(_(name))
            head.setStyleSheet("font-weight: bold;")
            grid.addWidget(head, 0, col)
        rows = [("name", FIELD_NAMES["name"])] + [(f"identity.{f.key}", f.label) for f in IDENTITY_FIELDS]
        for row, (path, label) in enumerate(rows, 1):
            grid.addWidget(QLabel(_first_upper(_(label))), row, 0)
            for col, (lang, lang_name) in enumerate(LANGS, 1):
                grid.addWidget(self.form.line(f"{path}.{lang}", f"{_(label)} ({_(lang_name)})"), row, col)
        row = len(rows) + 1
        head = QLabel(_("Signatories (name; title in French and in Dutch, empty: the title the region's law gives)"))
        head.setWordWrap(True)
        grid.addWidget(head, row, 0, 1, 3)
        for i in range(MAX_SIGNATORIES):
            row += 1
            base = f"identity.signatories[{i}]"
            name = self.form.line(f"{base}.name", _("Signatory {n}: name").format(n=i + 1))
            name.setPlaceholderText(_("Name"))
            grid.addWidget(name, row, 0)
            for col, (lang, lang_name) in enumerate(LANGS, 1):
                title = self.form.line(f"{base}.title.{lang}", _("Signatory {n}: title ({language})").format(
                    n=i + 1, language=_(lang_name)))
                title.setPlaceholderText(_("Title ({language})").format(language=_(lang_name)))
                grid.addWidget(title, row, col)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        grid.setRowStretch(row + 1, 1)
        return page

    def _rules_page(self) -> QWidget:
        page = QWidget()
        row = QHBoxLayout(page)
        f = self.form

        def group(title: str) -> QFormLayout:
            box = QGroupBox(title)
            form = QFormLayout(box)
            row.addWidget(box, alignment=Qt.AlignmentFlag.AlignTop)
            return form

        def amount(path: str) -> QLineEdit:
            line = f.line(path, field_label(path))
            line.setMaximumWidth(140)
            return line

        aid = group(_("From the gap to the aid"))
        for path in ("share", "cap", "minimum"):
            aid.addRow(_first_upper(field_label(path)), amount(path))
        duration = f.add("duration_months", QSpinBox(minimum=1, maximum=120), field_label("duration_months"))
        duration.setMaximumWidth(140)
        aid.addRow(_first_upper(field_label("duration_months")), duration)
        aid.addRow(f.add("count_debt_repayments", QCheckBox(_first_upper(field_label("count_debt_repayments"))),
                         field_label("count_debt_repayments")))
        limits = group(_("Local limits"))
        limits.addRow(_first_upper(field_label("max_rent")), amount("max_rent"))
        limits.addRow(f.add("count_car_costs", QCheckBox(_first_upper(field_label("count_car_costs"))),
                            field_label("count_car_costs")))
        incomes = group(_("Share of each income counted (0 to 1)"))
        for key in RESOURCE_TYPES:
            incomes.addRow(_(RESOURCE_NAMES[key]), amount(f"income_shares.{key}"))
        actual = group(_("Categories where actual costs replace the standard"))
        for key in CATEGORIES:
            actual.addRow(f.add(f"actual_cost_categories.{key}", QCheckBox(_(CATEGORY_NAMES[key])),
                                _(CATEGORY_NAMES[key])))
        return page

    def _letter_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        for path, choices, names in (("sheet_language", SHEET_LANGUAGES, SHEET_LANGUAGE_NAMES),
                                     ("address_window", ADDRESS_WINDOWS, WINDOW_NAMES)):
            box = self.form.add(path, QComboBox(), field_label(path))
            for key in choices:
                box.addItem(_(names[key]), key)
            form.addRow(_first_upper(field_label(path)), box)
        note = QLabel(_("The address is printed where the window of a DL envelope (100 × 45 mm, 20 mm from the "
                        "side, 15 mm from the bottom) shows it: choose the side of your envelopes' window."))
        note.setWordWrap(True)
        form.addRow(note)
        return page

    def _log_page(self) -> QWidget:
        page = QWidget()
        self.log = QTableWidget(0, 4, objectName="policy.log")
        self.log.setHorizontalHeaderLabels([_("Version"), _("Date"), _("By"), _("Reason")])
        self.log.horizontalHeader().setStretchLastSection(True)
        self.log.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.log.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.log.currentCellChanged.connect(lambda row, *_: self._show_changes(row))
        self.changes = QPlainTextEdit(objectName="policy.changes", readOnly=True)
        layout = QVBoxLayout(page)
        layout.addWidget(self.log, 1)
        layout.addWidget(QLabel(_("What this version changed:")))
        layout.addWidget(self.changes, 1)
        return page

    # -- the policy in the form, and back ------------------------------------------------------------------

    def load(self, policy: Policy) -> None:
        d, w = policy.to_dict(), self.form.widgets
        self.version_label.setText(_("Active policy: “{name}”, version {version}").format(
            name=policy.name_in(language()), version=policy.version))
        for lang, _name in LANGS:
            w[f"name.{lang}"].setText(_text(d.get("name"), lang))
            for f in IDENTITY_FIELDS:
                w[f"identity.{f.key}.{lang}"].setText(_text(d["identity"].get(f.key), lang))
        for i in range(MAX_SIGNATORIES):
            s = policy.identity.signatories[i] if i < len(policy.identity.signatories) else None
            w[f"identity.signatories[{i}].name"].setText(str(s.name) if s else "")
            for lang, _name in LANGS:
                w[f"identity.signatories[{i}].title.{lang}"].setText(s.title.in_lang(lang) if s else "")
        for path in ("share", "cap", "minimum", "max_rent"):
            w[path].setText(str(d.get(path) or ""))
        for path in ("count_debt_repayments", "count_car_costs"):
            w[path].setChecked(getattr(policy, path))
        w["duration_months"].setValue(policy.duration_months)
        for key in RESOURCE_TYPES:
            w[f"income_shares.{key}"].setText(str(policy.income_shares.get(key, Decimal("1"))))
        for key in CATEGORIES:
            w[f"actual_cost_categories.{key}"].setChecked(key in policy.actual_cost_categories)
        for path in ("sheet_language", "address_window"):
            w[path].setCurrentIndex(w[path].findData(getattr(policy, path)))
        self.policy = policy
        self._fill_log()

    def data(self) -> dict[str, Any]:
        """The policy file the form holds (what Policy.from_dict reads)."""
        w, base = self.form.widgets, self.policy
        identity: dict[str, Any] = {f.key: _local(w[f"identity.{f.key}.fr"].text(), w[f"identity.{f.key}.nl"].text())
                                    for f in IDENTITY_FIELDS}
        signatories = []
        for i in range(MAX_SIGNATORIES):
            name = w[f"identity.signatories[{i}].name"].text().strip()
            title = _local(w[f"identity.signatories[{i}].title.fr"].text(), w[f"identity.signatories[{i}].title.nl"]
                           .text())
            if name or title:
                signatories.append({"name": name, "title": title} if title else name)
        identity["signatories"] = signatories
        d: dict[str, Any] = {
            "id": base.id, "version": base.version, "name": _local(w["name.fr"].text(), w["name.nl"].text()),
            "count_debt_repayments": w["count_debt_repayments"].isChecked(),
            "count_car_costs": w["count_car_costs"].isChecked(),
            "duration_months": w["duration_months"].value(),
            "income_shares": {k: w[f"income_shares.{k}"].text().strip() or "1" for k in RESOURCE_TYPES},
            "actual_cost_categories": [k for k in (*base.actual_cost_categories, *CATEGORIES)  # the policy's order
                                       if w[f"actual_cost_categories.{k}"].isChecked()],
            "sheet_language": w["sheet_language"].currentData(), "address_window": w["address_window"].currentData(),
            "identity": identity,
        }
        for path in ("share", "cap", "minimum", "max_rent"):
            text = w[path].text().strip().replace(",", ".")
            if text:
                d[path] = text
        return d

    def _fill_log(self) -> None:
        store = self.session.store
        self.entries = store.policy_log() if store is not None else []
        self.log.setRowCount(len(self.entries))
        for row, e in enumerate(self.entries):
            for col, value in enumerate((str(e.version), format_date(e.created_at[:10]), e.author, e.reason)):
                self.log.setItem(row, col, QTableWidgetItem(value))
        if self.entries:
            self.log.setCurrentCell(0, 0)

    def _show_changes(self, row: int) -> None:
        if not 0 <= row < len(self.entries):
            self.changes.setPlainText("")
            return
        older = self.entries[row + 1].policy if row + 1 < len(self.entries) else None
        lines = [f"{_first_upper(field_label(path))}: {before if before not in (None, '') else '–'} → "
                 f"{after if after not in (None, '') else '–'}"
                 for path, before, after in differences(older, self.entries[row].policy)]
        self.changes.setPlainText("\n".join(lines) or _("Nothing changed but the version."))

    # -- saving, importing, exporting ----------------------------------------------------------------------

    def save(self) -> bool:
        """A new version from the form, with the reason; False (and the problems at their fields) if not."""
        problems: list[Problem] = []
        try:
            policy = Policy.from_dict(self.data())
        except InvalidInput as exc:
            problems = exc.problems
        more = self._reason_missing()
        if problems or more:
            self.form.show_problems(problems, self.problems, more)
            return False
        return self._saved(lambda: save_policy(next_version(policy, self.session.store), self.reason.text(),
                                               self.session.store, self.session.user))

    def _reason_missing(self) -> dict[str, str]:
        return {} if self.reason.text().strip() else {"reason": ServiceError("policy_reason_required").text()}

    def _saved(self, do) -> bool:
        try:
            do()
        except ServiceError as exc:
            self.form.show_problems(exc.problems, self.problems)
            if not exc.problems:
                self.problems.setText(exc.text())
            return False
        self.form.show_problems([], self.problems)
        self.reason.clear()
        policy = active_policy(self.session.store)
        self.session.set_policy(policy)
        self.load(policy)
        return True

    def import_file(self) -> bool:
        from . import dialogs

        if self._reason_missing():
            self.form.show_problems([], self.problems, self._reason_missing())
            return False
        path = dialogs.ask_policy_file(self, save=False)
        if path is None:
            return False
        return self._saved(lambda: import_policy(path, self.reason.text(), self.session.store, self.session.user))

    def export_file(self) -> None:
        from . import dialogs

        path = dialogs.ask_policy_file(self, save=True, suggested=f"{self.policy.id}-v{self.policy.version}.yaml")
        if path is None:
            return
        try:
            export_policy(active_policy(self.session.store), path)
        except ServiceError as exc:
            self.problems.setText(exc.text())


class ProfileDialog(QDialog):
    """The caseworker's name, phone, e-mail and service, printed on letters as "file followed by"."""

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.setObjectName("profile_dialog")
        self.setWindowTitle(_("My profile"))
        self.setMinimumWidth(520)
        self.form = _Form(self)
        layout = QFormLayout(self)
        intro = QLabel(_("Printed on each letter as the person following the file, with how to reach you."))
        intro.setWordWrap(True)
        layout.addRow(intro)
        current = session.profile()
        for f in PROFILE_FIELDS:
            layout.addRow(_first_upper(_(f.label)), self.form.line(f"profile.{f.key}", _(f.label),
                                                                    getattr(current, f.key)))
        self.problems = QLabel(objectName="profile.problems", wordWrap=True)
        self.problems.setStyleSheet("color: #C00000;")
        layout.addRow(self.problems)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setObjectName("profile.save")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)

    def save(self) -> bool:
        data = {f.key: self.form.widgets[f"profile.{f.key}"].text().strip() for f in PROFILE_FIELDS}
        try:
            save_profile(self.session.store, data, self.session.user)
        except ServiceError as exc:
            self.form.show_problems(exc.problems, self.problems)
            if not exc.problems:
                self.problems.setText(exc.text())
            return False
        self.accept()
        return True


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


