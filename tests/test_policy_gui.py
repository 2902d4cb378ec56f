"""The CPAS settings and policy editor and the caseworker's profile, driven as an administrator would."""

import io
from decimal import Decimal

import pdfplumber
import pytest
from PySide6.QtCore import QSize

from redi_desktop.gui import dialogs
from redi_desktop.store import Store
from tests.conftest import review_folder
from tests.store_fixtures.helpers import TEST_KDF_ITER, household_data

from .keyboard import enter, find, press

IDENTITY_TAB, RULES_TAB, LETTER_TAB, LOG_TAB = range(4)


@pytest.fixture
def store(tmp_path):
    s = Store.create(tmp_path / "cases.db", "a long synthetic passphrase", admin="chef", kdf_iter=TEST_KDF_ITER)
    yield s
    s.close()


def open_editor(window):
    window.findChild(type(window.expert_action), "action.policy").trigger()
    dialog = window.policy_dialog
    dialog.resize(1366, 768)
    return dialog


def on_tab(dialog, tab, name, value):
    dialog.tabs.setCurrentIndex(tab)
    enter(dialog, name, value)


def test_a_cpas_sets_its_identity_and_policy_and_the_next_sheet_carries_them(window, store, qtbot):
    status = find(window, "status.dataset")
    assert "v1" in status.text()
    dialog = open_editor(window)
    on_tab(dialog, IDENTITY_TAB, "identity.cpas_name.fr", "CPAS de Testville")
    on_tab(dialog, IDENTITY_TAB, "identity.cpas_name.nl", "OCMW Teststad")
    on_tab(dialog, IDENTITY_TAB, "name.fr", "Politique test")
    on_tab(dialog, IDENTITY_TAB, "name.nl", "Testbeleid")
    on_tab(dialog, RULES_TAB, "share", "0.5")
    on_tab(dialog, LETTER_TAB, "sheet_language", dialog.form.widgets["sheet_language"].itemText(1))
    # no reason: nothing saved, the reason field says why
    press(dialog, "policy.save")
    assert store.policy_log() == [] and dialog.reason.styleSheet() and dialog.reason.toolTip()
    enter(dialog, "reason", "Adopted by the council")
    press(dialog, "policy.save")
    log = store.policy_log()
    assert [(e.version, e.reason, e.author) for e in log] == [(2, "Adopted by the council", "chef")]
    assert log[0].policy.share == Decimal("0.5") and log[0].policy.identity.cpas_name.nl == "OCMW Teststad"
    assert "Politique test" in status.text() and "v2" in status.text()
    window.set_language("nl")
    assert "Testbeleid" in status.text()
    # the change log lists the version, its reason and what changed (in the language of the moment)
    dialog.close()
    dialog = open_editor(window)
    dialog.tabs.setCurrentIndex(LOG_TAB)
    assert dialog.log.item(0, 3).text() == "Adopted by the council"
    changes = dialog.changes.toPlainText().splitlines()
    assert "Aandeel van het verschil: 1 → 0.5" in changes and len(changes) == 4  # name, share, CPAS, letter
    # the next assessment and sheet from the GUI use the new version
    data = household_data("bxl-single-woman.json")
    window.start(data, None)
    a = window.wizard.model.assessment()
    assert a.identity.policy_version == 2  # half of the gap, rounded half up to the cent
    assert (a.totals.gap, a.totals.proposed_aid) == (Decimal("460.25"), Decimal("230.13"))
    preview = window.wizard.preview_sheet(client=False)
    with pdfplumber.open(io.BytesIO(preview.pdf)) as doc:
        text = " ".join(page.extract_text() for page in doc.pages)
    assert "CPAS de Testville" in text and "OCMW Teststad" not in text  # the file's language only


def test_bad_input_is_shown_at_its_field_and_nothing_is_saved(window, store):
    dialog = open_editor(window)
    on_tab(dialog, RULES_TAB, "share", "1.5")
    on_tab(dialog, RULES_TAB, "cap", "-10")
    on_tab(dialog, IDENTITY_TAB, "identity.service.fr", "Service social")
    enter(dialog, "reason", "test")
    press(dialog, "policy.save")
    assert store.policy_log() == []
    for name in ("share", "cap", "identity.service.fr"):
        assert dialog.form.widgets[name].styleSheet(), name
    assert len(dialog.problems.text().splitlines()) == 3


def test_export_and_import_a_policy_file(window, store, tmp_path, monkeypatch):
    dialog = open_editor(window)
    on_tab(dialog, IDENTITY_TAB, "identity.cpas_name.fr", "CPAS de Testville")
    on_tab(dialog, IDENTITY_TAB, "identity.cpas_name.nl", "OCMW Teststad")
    enter(dialog, "reason", "first")
    press(dialog, "policy.save")
    target = tmp_path / "shared.yaml"
    monkeypatch.setattr(dialogs, "ask_policy_file", lambda parent, save, suggested="": target)
    press(dialog, "policy.export")
    text = target.read_text(encoding="utf-8").replace("version: 2", "version: 7").replace("Testville", "Neuville")
    target.write_text(text, encoding="utf-8")
    press(dialog, "policy.import")  # without a reason: refused
    assert [e.version for e in store.policy_log()] == [2]
    enter(dialog, "reason", "from the office laptop")
    press(dialog, "policy.import")
    assert [e.version for e in store.policy_log()] == [7, 2]
    assert dialog.form.widgets["identity.cpas_name.fr"].text() == "CPAS de Neuville"
    assert window.session.policy.version == 7


def test_the_profile_is_printed_as_file_followed_by(window, store):
    window.findChild(type(window.expert_action), "action.profile").trigger()
    dialog = window.profile_dialog
    enter(dialog, "profile.name", "C. Testeur")
    enter(dialog, "profile.email", "not an address")
    press(dialog, "profile.save")
    assert store.profile("chef").name == "" and dialog.form.widgets["profile.email"].styleSheet()
    enter(dialog, "profile.email", "c.testeur@ocmw-test.example")
    enter(dialog, "profile.phone", "02 000 00 01")
    press(dialog, "profile.save")
    assert store.profile().email == "c.testeur@ocmw-test.example"
    window.start(household_data("bxl-single-woman.json"), None)
    preview = window.wizard.preview_sheet(client=False)
    with pdfplumber.open(io.BytesIO(preview.pdf)) as doc:
        text = " ".join(page.extract_text() for page in doc.pages)
    assert "C. Testeur" in text and "c.testeur@ocmw-test.example" in text


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_screenshots_of_the_dialogs_for_review(window, lang):
    folder = review_folder("dialogs")
    window.set_language(lang)
    dialog = open_editor(window)
    on_tab(dialog, IDENTITY_TAB, "identity.cpas_name.fr", "CPAS de Testville")
    on_tab(dialog, IDENTITY_TAB, "identity.cpas_name.nl", "OCMW Teststad")
    on_tab(dialog, RULES_TAB, "cap", "400.00")
    enter(dialog, "reason", "Plafond voté par le conseil")
    press(dialog, "policy.save")
    for tab in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(tab)
        image = dialog.grab()
        assert image.size() == QSize(1366, 768)
        image.save(str(folder / f"{lang}-policy-{tab}.png"))
    window.findChild(type(window.expert_action), "action.profile").trigger()
    window.profile_dialog.grab().save(str(folder / f"{lang}-profile.png"))
    dialog.close()


