"""The parts of the household form. The wizard shows one per page; the expert form shows them all at once.

Each section only lays out fields bound to the model; what a value means is decided by the domain and the
engine, never here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QGroupBox,
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

from ..domain.decision import OUTCOMES
from ..domain.household import age_from
from ..domain.messages import N_
from ..i18n import (
    ACTIVITY_NAMES,
    BASIS_NAMES,
    CATEGORY_NAMES,
    CHARGE_NAMES,
    COLUMN_NAMES,
    NEED_NAMES,
    OUTCOME_NAMES,
    RESOURCE_NAMES,
    ROLE_NAMES,
    SCHOOL_LEVEL_NAMES,
    SEX_NAMES,
    TENURE_NAMES,
    TOTAL_NAMES,
    _,
    format_amount,
    message,
)
from .fields import (
    ALIGN_RIGHT,
    AmountField,
    CheckField,
    ChoiceField,
    CountField,
    DateField,
    Form,
    MemberChoiceField,
    NeedsField,
    NumberField,
    TextField,
    Texts,
    set_text,
)
from .model import HouseholdModel, date_or_today

REGION_NAMES = {"BRU": "Bruxelles / Brussel", "WAL": "Wallonie", "VLA": "Vlaanderen"}


def button(name: str) -> QPushButton:
    """A push button that Enter does not press: in the wizard, Enter always means Next (Space presses it)."""
    push = QPushButton(objectName=name)
    push.setAutoDefault(False)
    return push


class Section(QWidget):
    """A part of the form: its static fields and, for lists, one row widget per item."""

    title = ""
    shapeChanged = Signal()  # fields came or went (a detail shown, a row added): Tab's order is made again

    def __init__(self, model: HouseholdModel, texts: Texts):
        super().__init__()
        self.model, self.texts = model, texts
        self.forms: list[Form] = []
        model.valueChanged.connect(self._on_value)
        model.rowsChanged.connect(self._on_rows)
        model.reset.connect(self._on_reset)
        texts.languageChanged.connect(self._on_value)

    def form(self, layout: QFormLayout, prefix=None) -> Form:
        form = Form(self.model, self.texts, layout, prefix)
        self.forms.append(form)
        return form

    rebuilt_by: tuple[str, ...] = ()  # the lists whose rows this section shows (or names, like members)

    def _on_value(self, _path: str = "") -> None:
        if isValid(self):
            self.refresh()

    def _on_rows(self, list_path: str) -> None:
        if isValid(self):
            if list_path in self.rebuilt_by:
                self.rebuild()
            self.refresh()

    def _on_reset(self) -> None:
        if isValid(self):
            self.rebuild()
            self.refresh()

    def rebuild(self) -> None:
        """Lists changed length or order: make their rows again."""

    def refresh(self) -> None:
        self.forms = [f for f in self.forms if isValid(f.layout)]
        for form in self.forms:
            form.refresh()

    def fields(self):
        return [f for form in self.forms for f in form.fields]


class IdentitySection(Section):
    title = N_("File and client")

    def __init__(self, model, texts):
        super().__init__(model, texts)
        form = self.form(QFormLayout(self))
        form.add(TextField, "file_reference", "File &reference")
        form.add(ChoiceField, "language", "&Language of the file", {"fr": "Français", "nl": "Nederlands"}, texts)
        form.add(TextField, "postal_code", "&Postal code")
        self.region = QLabel(objectName="region")
        form.layout.addRow("", self.region)
        form.add(DateField, "assessment_date", "&Assessment date")
        form.add(TextField, "client.first_name", "Client's &first name")
        form.add(TextField, "client.last_name", "Client's &last name")
        form.add(TextField, "client.national_register_number", "National re&gister number")
        form.add(TextField, "client.iban", "&IBAN")
        form.add(TextField, "client.address", "A&ddress")

    def refresh(self):
        super().refresh()
        h = self.model.household_object
        self.region.setText(REGION_NAMES[h.region] if h is not None else "")


class ListSection(Section):
    """Rows of a list (members, incomes, charges, overrides) with add, remove and move buttons."""

    list_path = ""
    add_label = ""

    @property
    def rebuilt_by(self) -> tuple[str, ...]:
        return (self.list_path,)

    def __init__(self, model, texts):
        super().__init__(model, texts)
        self.layout_ = QVBoxLayout(self)
        self.rows_box = QVBoxLayout()
        self.layout_.addLayout(self.rows_box)
        self.add_button = button(f"{self.list_path}.add")
        texts.set(self.add_button, set_text, self.add_label)
        self.add_button.clicked.connect(self.add)
        self.layout_.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.layout_.addStretch()
        self.row_widgets: list[QWidget] = []
        self.rebuild()

    def add(self) -> None:
        """A new row, with the cursor in its first field."""
        self.model.add_row(self.list_path, self.new_row())
        if self.row_widgets:
            row = self.row_widgets[-1]
            field = next((w for w in row.findChildren(QWidget) if w.focusPolicy() & Qt.FocusPolicy.TabFocus), None)
            if field is not None:
                field.setFocus(Qt.FocusReason.OtherFocusReason)

    def new_row(self) -> dict:
        raise NotImplementedError

    def build_row(self, form: Form, path: str, index: int) -> None:
        raise NotImplementedError

    def row_title(self, index: int) -> str:
        return str(index + 1)

    def rebuild(self):
        for w in self.row_widgets:
            w.setParent(None)
            w.deleteLater()
        self.row_widgets = []
        self.forms = []
        for i, _row in enumerate(self.model.get(self.list_path, [])):
            box = QGroupBox()
            box.setObjectName(f"{self.list_path}[{i}]")
            self.texts.set(box, lambda w, t: w.setTitle(t), lambda i=i: self.row_title(i))
            inner = QVBoxLayout(box)
            form_layout = QFormLayout()
            inner.addLayout(form_layout)
            form = self.form(form_layout, prefix=lambda i=i: self.row_title(i))
            self.build_row(form, f"{self.list_path}[{i}]", i)
            buttons = QHBoxLayout()
            for key, label, action in (("up", N_("Move &up"), lambda i=i: self.model.move_row(self.list_path, i, -1)),
                                       ("down", N_("Move do&wn"), lambda i=i: self.model.move_row(self.list_path, i, 1)),
                                       ("remove", N_("Re&move"), lambda i=i: self.model.remove_row(self.list_path, i))):
                if key != "remove" and not self.movable:
                    continue
                push = button(f"{self.list_path}[{i}].{key}")
                self.texts.set(push, set_text, label)
                push.clicked.connect(action)
                buttons.addWidget(push)
            buttons.addStretch()
            inner.addLayout(buttons)
            self.rows_box.addWidget(box)
            self.row_widgets.append(box)

    movable = False


class MembersSection(ListSection):
    title = N_("Household members")
    list_path = "members"
    add_label = N_("&Add a member")
    movable = True

    def new_row(self):
        return {"role": "child"}  # the rest from what the caseworker types (activity from the age)

    def row_title(self, i):
        role = self.model.get(f"members[{i}].role")
        return _("Member {n}").format(n=i + 1) + (f" · {_(ROLE_NAMES[role])}" if role in ROLE_NAMES else "")

    def build_row(self, form, path, i):
        f = self.row_fields.setdefault(i, {"form": form})
        f["role"] = form.add(ChoiceField, f"{path}.role", "Ro&le", ROLE_NAMES, self.texts)
        f["birth_date"] = form.add(DateField, f"{path}.birth_date", "&Birth date (dd/mm/yyyy)")
        f["age"] = form.add(NumberField, f"{path}.age", "or a&ge in years")
        f["sex"] = form.add(ChoiceField, f"{path}.sex", "&Sex", SEX_NAMES, self.texts, empty="")
        f["activity"] = form.add(ChoiceField, f"{path}.activity", "Ac&tivity", ACTIVITY_NAMES, self.texts, empty="")
        # the details below are shown when they apply, or when they hold something
        f["school_level"] = form.add(ChoiceField, f"{path}.school_level", "S&chool level", SCHOOL_LEVEL_NAMES,
                                     self.texts)
        f["school_cost"] = form.add(AmountField, f"{path}.school_cost", "Actual school costs a month")
        f["childcare_days"] = form.add(CountField, f"{path}.childcare_days", "Days in &childcare a month", 31)
        f["childcare_cost"] = form.add(AmountField, f"{path}.childcare_cost", "Actual childcare cost a month")
        f["special_needs"] = form.add(NeedsField, f"{path}.special_needs", "Special needs", self.texts, NEED_NAMES)
        f["public_transport"] = form.add(CheckField, f"{path}.public_transport", "Travels by public transport",
                                         self.texts, N_("Travels by &public transport"), default=True)
        f["first_name"] = form.add(TextField, f"{path}.first_name", "First name (optional)")

    def rebuild(self):
        self.row_fields: dict[int, dict] = {}
        super().rebuild()
        self.refresh()  # the details that apply, from the start

    def refresh(self):
        super().refresh()
        on = date_or_today(self.model.get("assessment_date"))
        for i, fields in getattr(self, "row_fields", {}).items():
            m = self.model.get(f"members[{i}]") or {}
            age = age_from(m.get("birth_date"), m.get("age"), on)
            at_school = m.get("activity") in ("pupil", "student")
            young = age is not None and age < 4 or m.get("activity") == "infant"
            adult_woman = m.get("sex") in ("F", "X") and (age is None or 12 <= age <= 55)
            shown = {
                "school_level": at_school or m.get("school_level", "none") != "none",
                "school_cost": at_school or m.get("school_cost") is not None,
                "childcare_days": young or bool(m.get("childcare_days")),
                "childcare_cost": young or m.get("childcare_cost") is not None,
                "public_transport": age is None or age >= 6 or m.get("public_transport") is False,
            }
            shown["pregnancy"] = adult_woman or "pregnancy" in (m.get("special_needs") or [])
            if fields.get("shown") == shown:
                continue  # nothing comes or goes: no relayout on every keystroke
            fields["shown"] = shown
            self.shapeChanged.emit()
            for key, visible in shown.items():
                if key == "pregnancy":
                    fields["special_needs"].boxes["pregnancy"].setVisible(visible)
                    continue
                fields["form"].layout.setRowVisible(fields[key].widget, visible)
                fields["form"].layout.setRowVisible(fields[key].error, visible and fields[key].error.isVisibleTo(self))


class HousingSection(Section):
    title = N_("Housing")

    def __init__(self, model, texts):
        super().__init__(model, texts)
        self.form_ = self.form(QFormLayout(self))
        self.form_.add(ChoiceField, "housing.tenure", "&Tenure", TENURE_NAMES, texts)
        self.form_.add(AmountField, "housing.rent", "&Rent or mortgage a month (empty: the standard rent)")
        self.extra = [
            self.form_.add(AmountField, "housing.charges", "Rental &charges a month"),
            self.form_.add(AmountField, "housing.energy", "Actual &energy bill a month"),
            self.form_.add(AmountField, "housing.water", "Actual &water bill a month"),
        ]

    def set_minimal(self, minimal: bool) -> None:
        for field in self.extra:
            self.form_.layout.setRowVisible(field.widget, not minimal)
            if minimal:
                field.error.hide()


class MobilityHealthSection(Section):
    title = N_("Mobility and health")

    def __init__(self, model, texts):
        super().__init__(model, texts)
        form = self.form(QFormLayout(self))
        form.add(CheckField, "mobility.car_needed", "A &car is needed", texts, N_("A &car is needed"))
        form.add(TextField, "mobility.car_reason", "&Why the car is needed")
        form.add(AmountField, "mobility.car_cost", "Actual car &cost a month")
        form.add(CheckField, "health.increased_reimbursement", "Increased reimbursement (BIM)", texts,
                 N_("&Increased reimbursement (BIM / VT)"))
        form.add(AmountField, "health.extra_costs", "E&xtra illness costs a month")


class ResourcesSection(ListSection):
    title = N_("Income")
    list_path = "resources"
    add_label = N_("&Add an income")

    rebuilt_by = ("resources", "members")  # each income names its member

    def new_row(self):
        return {"type": "integration_income", "amount": "0.00", "member": 0}

    def row_title(self, i):
        return _("Income {n}").format(n=i + 1)

    def build_row(self, form, path, i):
        form.add(ChoiceField, f"{path}.type", "T&ype", RESOURCE_NAMES, self.texts)
        form.add(MemberChoiceField, f"{path}.member", "&Member")
        form.add(AmountField, f"{path}.amount", "Amount a mont&h")


class ChargesSection(ListSection):
    title = N_("Charges")
    list_path = "charges"
    add_label = N_("Add a c&harge")

    def new_row(self):
        return {"type": "debt_repayment", "amount": "0.00"}

    def row_title(self, i):
        return _("Charge {n}").format(n=i + 1)

    def build_row(self, form, path, i):
        form.add(ChoiceField, f"{path}.type", "T&ype", CHARGE_NAMES, self.texts)
        form.add(AmountField, f"{path}.amount", "Amount a mont&h")


class OverridesSection(ListSection):
    title = N_("Corrections")
    list_path = "overrides"
    add_label = N_("&Correct a category")

    def new_row(self):
        used = {o.get("category") for o in self.model.get("overrides", [])}
        category = next((c for c in CATEGORY_NAMES if c not in used), "food")
        a = self.model.assessment()
        amount = f"{a.category(category).used:.2f}" if a is not None else "0.00"
        return {"category": category, "amount": amount, "reason": ""}

    def row_title(self, i):
        return _("Correction {n}").format(n=i + 1)

    def build_row(self, form, path, i):
        form.add(ChoiceField, f"{path}.category", "Cate&gory", CATEGORY_NAMES, self.texts)
        form.add(AmountField, f"{path}.amount", "&Amount a month")
        form.add(TextField, f"{path}.reason", "&Reason (required)", optional=False)


class BudgetTable(QTableWidget):
    """The budget per category: standard, used and basis; a click shows the lines in the live panel."""

    category_chosen = Signal(str)

    def __init__(self, texts: Texts, detailed: bool):
        super().__init__(0, 4 if detailed else 2)
        self.detailed = detailed
        self.setObjectName("budget.categories")
        texts.set(self, lambda w, t: w.setAccessibleName(t), N_("Budget per category"))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setTabKeyNavigation(False)  # arrows move inside; Tab leaves (no keyboard trap)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, self.columnCount()):
            self.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # all thirteen categories in view, without scrolling
        self.setMinimumHeight((self.fontMetrics().height() + 6) * 14 + 8)
        keys = ("category", "standard", "used", "basis") if detailed else ("category", "used")
        for i, key in enumerate(keys):
            texts.set(self, lambda w, t, i=i: w.setHorizontalHeaderItem(i, QTableWidgetItem(t)), COLUMN_NAMES[key])
        self.keys: list[str] = []
        self.currentCellChanged.connect(lambda row, *_: self.keys and self.category_chosen.emit(self.keys[max(row, 0)]))

    def show_assessment(self, a) -> None:
        self.keys = [c.key for c in a.categories] if a is not None else []
        self.setRowCount(len(self.keys))
        for row, c in enumerate(a.categories if a is not None else []):
            cells = [_(CATEGORY_NAMES[c.key])]
            cells += ([format_amount(c.standard), format_amount(c.used), _(BASIS_NAMES[c.basis])] if self.detailed
                      else [format_amount(c.used)])
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col in (1, 2) and text[:1].isdigit():
                    item.setTextAlignment(ALIGN_RIGHT)
                if c.basis != "standard":
                    item.setToolTip(c.reason or _(BASIS_NAMES[c.basis]))
                self.setItem(row, col, item)


class ReviewSection(QWidget):
    """The budget with its basis, the corrections with their reasons, and what to check."""

    title = N_("Review")

    def __init__(self, model: HouseholdModel, texts: Texts):
        super().__init__()
        self.model, self.texts = model, texts
        layout = QVBoxLayout(self)
        self.table = BudgetTable(texts, detailed=True)
        layout.addWidget(self.table)
        self.totals = QLabel(objectName="review.totals")
        self.totals.setWordWrap(True)
        layout.addWidget(self.totals)
        self.overrides = OverridesSection(model, texts)
        layout.addWidget(self.overrides)
        self.warnings_box = QVBoxLayout()
        layout.addLayout(self.warnings_box)
        self.acknowledged: set[tuple[str, str]] = set()
        model.computed.connect(self.refresh)
        texts.languageChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        if not isValid(self):
            return
        a = self.model.assessment()
        self.table.show_assessment(a)
        if a is not None:
            self.totals.setText("  ·  ".join(f"{_(TOTAL_NAMES[k])}: {format_amount(getattr(a.totals, k))}"
                                             for k in ("reference_budget", "resources", "charges", "gap", "proposed_aid")))
        while self.warnings_box.count():
            widget = self.warnings_box.takeAt(0).widget()
            widget.setParent(None)  # off the page now, not at the next event loop turn
            widget.deleteLater()
        for w in self.model.warnings():
            box = QCheckBox(_("Checked: {warning}").format(warning=message(w)))
            box.setObjectName(f"warning.{w.key}.{w.path}")
            box.setAccessibleName(box.text())
            box.setChecked((w.key, w.path) in self.acknowledged)
            box.toggled.connect(lambda on, k=(w.key, w.path): self._acknowledge(k, on))
            self.warnings_box.addWidget(box)

    def _acknowledge(self, key, on):
        (self.acknowledged.add if on else self.acknowledged.discard)(key)


class DecisionSection(Section):
    title = N_("Proposal and decision")

    def __init__(self, model, texts):
        super().__init__(model, texts)
        layout = QVBoxLayout(self)
        form = self.form(QFormLayout())
        layout.addLayout(form.layout)
        form.add(TextField, "decision.caseworker", "Social &worker")
        form.add(AmountField, "decision.proposal_amount", "&Proposed aid a month (empty: the computed amount)")
        form.add(TextField, "decision.proposal_reasons", "Reasons of the &proposal")
        form.add(TextField, "decision.body", "Deciding &body")
        form.add(DateField, "decision.date", "&Date of the decision")
        form.add(ChoiceField, "decision.outcome", "&Outcome", {k: OUTCOME_NAMES[k] for k in OUTCOMES}, texts)
        form.add(AmountField, "decision.amount", "&Amount granted a month")
        form.add(DateField, "decision.start", "&From")
        form.add(CountField, "decision.duration_months", "For (&months)", 120)
        form.add(TextField, "decision.conditions", "Co&nditions")
        form.add(TextField, "decision.motivation", "Moti&vation (empty: the facts)")
        buttons = QHBoxLayout()
        self.decision_button = button("sheet.decision")
        self.client_button = button("sheet.client")
        texts.set(self.decision_button, set_text, "Decision &sheet…")
        texts.set(self.client_button, set_text, "Client's budget s&heet…")
        buttons.addWidget(self.decision_button)
        buttons.addWidget(self.client_button)
        buttons.addStretch()
        layout.addLayout(buttons)
        layout.addStretch()


SECTIONS = (IdentitySection, MembersSection, HousingSection, MobilityHealthSection, ResourcesSection,
            ChargesSection, ReviewSection, DecisionSection)
