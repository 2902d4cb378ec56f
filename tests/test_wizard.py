"""The household wizard driven by the keyboard, in French and in Dutch, against the engine's own result."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QWizard

from redi_desktop import i18n, paths
from redi_desktop.domain.household import Household
from redi_desktop.engine import compute
from redi_desktop.gui.drafts import DraftFile
from redi_desktop.gui.wizard import DECISION, HOUSING, MEMBERS, MOBILITY, MONEY, REVIEW, HouseholdWizard
from redi_desktop.i18n import (
    ACTIVITY_NAMES,
    CATEGORY_NAMES,
    CHARGE_NAMES,
    RESOURCE_NAMES,
    ROLE_NAMES,
    SCHOOL_LEVEL_NAMES,
    SEX_NAMES,
    TENURE_NAMES,
    format_amount,
)

from .keyboard import enter, find, open_page, press


@pytest.fixture
def language():
    yield i18n.set_language
    i18n.set_language("fr")


@pytest.fixture
def wizard(blank_wizard):
    return blank_wizard


def example(name):
    data = json.loads((paths.examples_dir() / f"{name}.json").read_text(encoding="utf-8"))
    data.pop("decision", None)
    return data


def amount(value: str) -> str:
    return format_amount(Decimal(value))


def date(value: str) -> str:
    d = dt.date.fromisoformat(value)
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def next_page(w):
    QTest.keyClick(w.currentPage(), Qt.Key.Key_Return)  # Enter is Next
    QTest.qWait(1)


def complete_by_keyboard(w, data):
    """Everything a caseworker types for this household, page by page."""
    enter(w, "file_reference", data.get("file_reference", ""))
    enter(w, "postal_code", data.get("postal_code", ""))
    enter(w, "assessment_date", date(data["assessment_date"]))
    next_page(w)
    assert w.currentId() == MEMBERS
    for i, m in enumerate(data["members"]):
        if i >= len(w.model.get("members")):
            press(w, "members.add")
        p = f"members[{i}]"
        enter(w, f"{p}.role", i18n._(ROLE_NAMES[m["role"]]))
        if "birth_date" in m:
            enter(w, f"{p}.birth_date", date(m["birth_date"]))
        else:
            enter(w, f"{p}.age", m["age"])
        enter(w, f"{p}.sex", i18n._(SEX_NAMES[m["sex"]]))
        enter(w, f"{p}.activity", i18n._(ACTIVITY_NAMES[m["activity"]]))
        enter(w, f"{p}.school_level", i18n._(SCHOOL_LEVEL_NAMES[m.get("school_level", "none")]))
        if m.get("childcare_days"):
            enter(w, f"{p}.childcare_days", m["childcare_days"])
        for need in m.get("special_needs", []):
            enter(w, f"{p}.special_needs.{need}", True)
    next_page(w)
    assert w.currentId() == HOUSING
    housing = data["housing"]
    enter(w, "housing.tenure", i18n._(TENURE_NAMES[housing["tenure"]]))
    for key in ("rent", "charges", "energy", "water"):
        if key in housing:
            enter(w, f"housing.{key}", amount(housing[key]))
    next_page(w)
    assert w.currentId() == MOBILITY
    mobility, health = data.get("mobility", {}), data.get("health", {})
    if mobility.get("car_needed"):
        enter(w, "mobility.car_needed", True)
        enter(w, "mobility.car_reason", mobility["car_reason"])
        if "car_cost" in mobility:
            enter(w, "mobility.car_cost", amount(mobility["car_cost"]))
    if health.get("increased_reimbursement"):
        enter(w, "health.increased_reimbursement", True)
    if Decimal(health.get("extra_costs", "0")):
        enter(w, "health.extra_costs", amount(health["extra_costs"]))
    next_page(w)
    assert w.currentId() == MONEY
    for i, r in enumerate(data["resources"]):
        press(w, "resources.add")
        enter(w, f"resources[{i}].type", i18n._(RESOURCE_NAMES[r["type"]]))
        enter(w, f"resources[{i}].member", str(r["member"] + 1) if "member" in r else "—")
        enter(w, f"resources[{i}].amount", amount(r["amount"]))
    for i, c in enumerate(data["charges"]):
        press(w, "charges.add")
        enter(w, f"charges[{i}].type", i18n._(CHARGE_NAMES[c["type"]]))
        enter(w, f"charges[{i}].amount", amount(c["amount"]))
    next_page(w)
    assert w.currentId() == REVIEW, w.model.problems()
    for i, o in enumerate(data["overrides"]):
        press(w, "overrides.add")
        enter(w, f"overrides[{i}].category", i18n._(CATEGORY_NAMES[o["category"]]))
        enter(w, f"overrides[{i}].amount", amount(o["amount"]))
        enter(w, f"overrides[{i}].reason", o["reason"])
    next_page(w)
    assert w.currentId() == DECISION


@pytest.mark.parametrize("lang", ["fr", "nl"])
@pytest.mark.parametrize("name", ["bxl-couple-two-children", "vla-social-rent-family", "vla-mortgage-young-family",
                                  "wal-worker-needs-car"])
def test_a_household_completed_by_keyboard_gives_the_engines_result(wizard, language, name, lang, dataset, policy):
    language(lang)
    wizard.retranslate()
    data = example(name)
    complete_by_keyboard(wizard, data)
    expected = Household.from_dict({**data, "language": "fr"})
    got = wizard.household()
    assert got.members == expected.members and got.housing == expected.housing
    assert got.resources == expected.resources and got.charges == expected.charges
    assert got.overrides == expected.overrides and got.mobility == expected.mobility
    mine, engine = compute(got, dataset, policy), compute(expected, dataset, policy)
    assert mine.outputs() == engine.outputs()
    shown = wizard.findChild(QLabel, "totals.proposed_aid").text()
    assert shown == format_amount(engine.totals.proposed_aid, lang)
    QTest.keyClick(wizard.currentPage(), Qt.Key.Key_Return)  # Enter on the last page is Finish
    assert wizard.result() == QWizard.DialogCode.Accepted


@pytest.mark.parametrize("lang, words", [("fr", "n'est pas un montant"), ("nl", "is geen bedrag")])
def test_a_bad_amount_is_said_in_the_users_language_when_the_field_is_left(wizard, language, lang, words):
    language(lang)
    wizard.retranslate()
    open_page(wizard, HOUSING)
    enter(wizard, "housing.rent", "sept cents")
    error = find(wizard, "housing.rent.error")
    assert error.isVisible() and words in error.text()
    assert not wizard.currentPage().isComplete()
    enter(wizard, "housing.rent", "700")
    assert not error.isVisible() and wizard.model.get("housing.rent") == "700.00"


@pytest.mark.parametrize("field, typed, key", [
    ("postal_code", "99999", "bad_postal_code"),
    ("assessment_date", "31/02/2025", "bad_date"),
    ("assessment_date", "01/01/2019", "date_out_of_range"),
    ("client.iban", "BE00 0000 0000 0000", "bad_iban"),
    ("client.national_register_number", "85.04.02-123.45", "bad_national_number"),
])
def test_each_identity_field_says_what_is_wrong(wizard, field, typed, key):
    from redi_desktop.domain.messages import MESSAGES

    enter(wizard, field, typed)
    error = find(wizard, f"{field}.error")
    assert error.isVisible()
    expected = i18n._(MESSAGES[key]).split("{")[0].strip()
    assert expected[:12] in error.text()
    assert not wizard.currentPage().isComplete()


def test_a_correction_without_reason_is_refused(wizard):
    wizard.load_household(example("bxl-single-woman"))
    for _ in range(REVIEW):
        wizard.next()
    press(wizard, "overrides.add")
    enter(wizard, "overrides[0].amount", "300")
    assert not wizard.currentPage().isComplete()
    assert find(wizard, "overrides[0].reason.error").isVisible()
    enter(wizard, "overrides[0].reason", "régime sans gluten")
    assert wizard.currentPage().isComplete()
    assert wizard.model.assessment().category("food").reason == "régime sans gluten"


def test_the_draft_survives_a_forced_close(qtbot, dataset, policy, tmp_path):
    drafts = DraftFile(tmp_path / "draft.json")
    first = HouseholdWizard(dataset, policy, drafts=drafts)
    first.show()
    first.load_household(example("vla-social-rent-family"))
    first.next(), first.next()
    enter(first, "housing.rent", "412")
    first.hide()
    first.deleteLater()  # the lid closes: no Finish, no Cancel
    second = HouseholdWizard(dataset, policy, drafts=drafts)
    qtbot.addWidget(second)
    assert second.restore_draft()
    assert second.model.get("housing.rent") == "412.00"
    assert second.currentId() == HOUSING


def test_an_unreadable_draft_is_kept_aside_and_the_wizard_starts(qtbot, dataset, policy, tmp_path):
    (tmp_path / "draft.json").write_text("{half a draft", encoding="utf-8")
    w = HouseholdWizard(dataset, policy, drafts=DraftFile(tmp_path / "draft.json"))
    qtbot.addWidget(w)
    assert not w.restore_draft()
    assert (tmp_path / "draft.unreadable.json").exists()


def test_minimal_mode_asks_members_rent_and_income(wizard):
    wizard.set_minimal(True)
    wizard.load_household(example("bxl-single-woman"))
    visited = [wizard.currentId()]
    while wizard.currentId() != REVIEW:
        wizard.next()
        visited.append(wizard.currentId())
    assert MOBILITY not in visited and DECISION not in visited
    assert not find(wizard, "housing.energy").isVisibleTo(wizard.page(HOUSING))
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()


def test_every_input_has_an_accessible_name(wizard):
    from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QSpinBox

    wizard.load_household(example("vla-mortgage-young-family"))
    for kind in (QLineEdit, QComboBox, QSpinBox, QCheckBox):
        for widget in wizard.findChildren(kind):
            if widget.objectName() and not widget.objectName().startswith("qt_"):
                assert widget.accessibleName(), widget.objectName()
