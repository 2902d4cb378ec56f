"""The case list over a real encrypted case database: save, find, open, copy; refusal without a client."""

import datetime as dt
import json

import pytest

from redi_desktop import paths
from redi_desktop.gui import dialogs
from redi_desktop.gui.app import MainWindow
from redi_desktop.gui.cases import PassphraseDialog
from redi_desktop.gui.wizard import MEMBERS
from redi_desktop.store import Store
from tests.store_fixtures.helpers import TEST_KDF_ITER

from .keyboard import enter, find, open_page, press


@pytest.fixture
def store(tmp_path):
    s = Store.create(tmp_path / "cases.db", "a long synthetic passphrase", kdf_iter=TEST_KDF_ITER)
    yield s
    s.close()


def finish_example(window, name):
    press(window.cases, "cases.new")
    window.wizard.model.load(json.loads((paths.examples_dir() / f"{name}.json").read_text(encoding="utf-8")))
    window.wizard.accept()


def test_a_finished_assessment_is_a_case_in_the_list(window, store):
    assert window.stack.currentWidget() is window.cases
    finish_example(window, "wal-owner-retired-couple")
    assert window.stack.currentWidget() is window.cases
    assert window.cases.model.rowCount() == 1
    assert window.cases.model.data(window.cases.model.index(0, 1)) == "Jeanne Exemple"
    assert len(store.case(store.case_ids()[0])["assessments"]) == 1


def test_search_open_and_copy_from_the_previous_assessment(window, store, qtbot):
    finish_example(window, "wal-owner-retired-couple")
    enter(window.cases, "cases.search", "exemple")
    qtbot.waitUntil(lambda: window.cases.model.total == 1)
    enter(window.cases, "cases.search", "nobody")
    qtbot.waitUntil(lambda: window.cases.model.total == 0)
    enter(window.cases, "cases.search", "")
    qtbot.waitUntil(lambda: window.cases.model.total == 1)
    window.cases.table.selectRow(0)
    press(window.cases, "cases.copy")
    assert window.stack.currentWidget() is window.wizard
    assert window.wizard.model.get("assessment_date") == dt.date.today().isoformat()
    assert window.wizard.model.get("members[0].birth_date") == "1956-03-14"
    window.wizard.accept()
    case = store.case(store.case_ids()[0])
    assert [a["on_date"] for a in case["assessments"]] == ["2026-11-28", dt.date.today().isoformat()]
    actions = [row[0] for row in store.raw_connection().execute("SELECT action FROM audit_log").fetchall()]
    assert "view" in actions


def test_a_case_needs_a_client_and_nothing_typed_is_lost(window, store, monkeypatch):
    said = []
    monkeypatch.setattr(dialogs, "tell_error", lambda parent, text: said.append(text))
    finish_example(window, "bxl-single-woman")
    assert said and store.case_ids() == []
    assert window.wizard.isVisible() and window.wizard.model.get("file_reference") == "MODEL-BXL-1"
    assert store.load_draft() is not None  # the draft is in the encrypted database


def test_the_unlock_dialog_says_a_wrong_passphrase_and_stays(qtbot, tmp_path):
    path = tmp_path / "cases.db"
    Store.create(path, "the right one", kdf_iter=TEST_KDF_ITER).close()
    dialog = PassphraseDialog(False, lambda _name, phrase: Store.open(path, phrase, kdf_iter=TEST_KDF_ITER))
    qtbot.addWidget(dialog)
    dialog.show()
    enter(dialog, "store.passphrase", "the wrong one")
    dialog.try_accept()
    assert dialog.store is None and find(dialog, "store.error").text()
    enter(dialog, "store.passphrase", "the right one")
    dialog.try_accept()
    assert dialog.store is not None
    dialog.store.close()


def test_locking_hides_the_case_and_unlocking_brings_it_back(window, store, monkeypatch):
    press(window.cases, "cases.new")
    window.wizard.model.load(json.loads((paths.examples_dir() / "wal-owner-retired-couple.json")
                                        .read_text(encoding="utf-8")))
    window.wizard.next()
    seen = {}

    def unlock(parent, create, attempt, user="", fixed_user=False):
        seen["user"] = (user, fixed_user)  # the same user signs in again
        seen["visible"] = window.centralWidget().isVisible()
        seen["reference"] = window.wizard.model.get("file_reference")
        return attempt("", "a long synthetic passphrase")

    monkeypatch.setattr(dialogs, "ask_unlock", unlock)
    window.lock()
    assert seen == {"user": ("admin", True), "visible": False, "reference": None}
    assert window.centralWidget().isVisible()
    assert window.wizard.model.get("file_reference") == "DEMO-WAL-01"
    assert window.store is not store  # a new connection, opened with the passphrase again
    window.store.close()


def test_the_background_check_reports_a_healthy_store(window, qtbot, monkeypatch):
    from redi_desktop.gui.app import StoreCheck

    said, reported = [], []
    monkeypatch.setattr(dialogs, "tell_error", lambda parent, text: said.append(text))
    report = StoreCheck.report  # the thread may finish before a waitSignal could connect: watch the slot
    monkeypatch.setattr(StoreCheck, "report", lambda self, ok: (report(self, ok), reported.append(ok)))
    StoreCheck(window)
    qtbot.waitUntil(lambda: bool(reported), timeout=10_000)
    assert reported == [True] and said == []


def test_a_household_opened_from_a_file_is_a_new_case_not_the_open_one(window, store, tmp_path):
    finish_example(window, "wal-owner-retired-couple")
    first = store.case_ids()[0]
    window.cases.table.selectRow(0)
    press(window.cases, "cases.open")
    other = json.loads((paths.examples_dir() / "wal-owner-retired-couple.json").read_text(encoding="utf-8"))
    other["client"]["first_name"], other["file_reference"] = "Autre", "DEMO-OTHER"
    path = tmp_path / "other-client.json"
    path.write_text(json.dumps(other), encoding="utf-8")
    window.load_file(path)
    window.wizard.accept()
    assert len(store.case_ids()) == 2
    assert store.case(first)["file_reference"] == "DEMO-WAL-01"


def test_what_is_being_typed_is_kept_when_the_screen_locks(window, store, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from .keyboard import focus, type_text

    press(window.cases, "cases.new")
    window.wizard.model.load(json.loads((paths.examples_dir() / "wal-owner-retired-couple.json")
                                        .read_text(encoding="utf-8")))
    window.wizard.next(), window.wizard.next()
    rent = find(window.wizard, "housing.rent")
    focus(rent)
    QTest.keyClick(rent, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(rent, "845")  # no Tab: the lid closes while typing
    monkeypatch.setattr(dialogs, "ask_unlock",
                        lambda parent, create, attempt, **kw: attempt("", "a long synthetic passphrase"))
    window.lock()
    assert window.wizard.model.get("housing.rent") == "845.00"
    window.store.close()


def test_a_new_household_never_receives_the_field_being_typed(window, monkeypatch):
    monkeypatch.setattr(dialogs, "ask_replace_unsaved", lambda parent: True)  # "close it without saving"
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from .keyboard import focus, type_text

    press(window.cases, "cases.new")
    window.wizard.model.load(json.loads((paths.examples_dir() / "vla-social-rent-family.json")
                                        .read_text(encoding="utf-8")))
    window.wizard.next(), window.wizard.next(), window.wizard.next(), window.wizard.next()
    amount = find(window.wizard, "resources[0].amount")
    focus(amount)
    QTest.keyClick(amount, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(amount, "999")
    window.new_household()  # Ctrl+N while typing
    assert window.wizard.model.get("resources") == []
    assert window.wizard.model.get("housing.rent") is None


def test_two_applicants_are_said_on_the_members_page(window):
    press(window.cases, "cases.new")
    window.wizard.model.add_row("members", {"role": "applicant", "age": 30, "sex": "M", "activity": "employed"})
    open_page(window.wizard, MEMBERS)
    label = find(window.wizard, "page.members.problems")
    assert label.isVisible() and label.text()
    assert not window.wizard.currentPage().isComplete()


def test_an_unfinished_version_of_a_case_is_offered_back(window, store, monkeypatch):
    finish_example(window, "wal-owner-retired-couple")
    window.cases.table.selectRow(0)
    press(window.cases, "cases.open")
    window.wizard.next(), window.wizard.next()
    enter(window.wizard, "housing.rent", "999")
    window.show_cases()
    monkeypatch.setattr(dialogs, "ask_resume", lambda parent: True)
    window.cases.table.selectRow(0)
    press(window.cases, "cases.open")
    assert window.wizard.model.get("housing.rent") == "999.00"


def test_a_draft_typed_before_the_case_database_moves_into_it_and_leaves_no_clear_copy(qtbot, store, tmp_path):
    from redi_desktop.gui.drafts import DraftFile

    plain = DraftFile(tmp_path / "drafts" / "current.json")
    plain.save({"postal_code": "6000", "client": {"last_name": "Exemple"}}, 2)
    assert oct(plain.path.stat().st_mode & 0o777) == "0o600"  # while it is plain: for this account only
    w = MainWindow(drafts=plain, store=store)
    qtbot.addWidget(w)
    assert not plain.path.exists()
    assert store.load_draft() == ({"postal_code": "6000", "client": {"last_name": "Exemple"}}, 2)


def test_the_case_database_is_backed_up_from_the_menu_and_the_copy_opens(window, store, monkeypatch):
    from redi_desktop.store.backup import backup_dir, backups

    said = []
    monkeypatch.setattr(dialogs, "tell_info", lambda parent, text: said.append(text))
    finish_example(window, "wal-owner-retired-couple")
    window.findChild(type(window.expert_action), "action.backup").trigger()
    copies = backups(backup_dir(store.path), "manual")
    assert len(copies) == 1 and str(copies[0]) in said[0]
    with Store.open(copies[0], "a long synthetic passphrase", kdf_iter=TEST_KDF_ITER) as copy:
        assert copy.case_ids() == store.case_ids()


def test_scenarios_are_kept_with_the_case_outside_its_history(window, store):
    from redi_desktop.services.cases import verify

    data = json.loads((paths.examples_dir() / "wal-owner-retired-couple.json").read_text(encoding="utf-8"))
    scenarios = [{"name": "BIM", "set": {"health.increased_reimbursement": True}}]
    press(window.cases, "cases.new")
    window.wizard.model.load({**data, "scenarios": scenarios})
    window.wizard.accept()
    case_id = store.case_ids()[0]
    assert store.scenarios(case_id) == scenarios
    (stored,) = store.stored_assessments()
    assert "scenarios" not in stored.household_json  # never part of the assessment's input
    window.cases.table.selectRow(0)
    press(window.cases, "cases.open")
    assert window.wizard.model.get("scenarios") == scenarios
    window.wizard.model.set("scenarios", None)  # the caseworker removes them: gone on the next save
    window.wizard.accept()
    assert store.scenarios(case_id) == [] and verify(store).ok
    actions = [row[0] for row in store.raw_connection().execute("SELECT action FROM audit_log").fetchall()]
    assert actions.count("scenarios") == 2
    store.erase(case_id)
    assert store.raw_connection().execute("SELECT count(*) FROM case_scenarios").fetchone() == (0,)
