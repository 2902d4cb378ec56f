# ruff: noqa: F811 - the fixture store comes from tests/test_cases_gui.py, window from conftest.py
"""The procedure in the application, over a real encrypted case database, in French and in Dutch: the To do
view (overdue first, in red), a new case started from a request (registered with the case, its
acknowledgment shown), a meeting's agenda and the secretary's one screen of decisions with the batch of
letters; bad input said at its field, nothing saved."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from redi_desktop import i18n, paths
from redi_desktop.domain.request import Request
from redi_desktop.gui import dialogs
from redi_desktop.gui.procedure import AgendaDialog, MeetingDecisions, RequestDialog
from redi_desktop.services import procedure
from tests.conftest import review_folder
from tests.store_fixtures.helpers import add_case, synthetic_household
from tests.test_cases_gui import store  # noqa: F401 - the same case database (the window: conftest.py)

D = dt.date
WORDS = {"fr": {"overdue": "en retard", "decision": "décision à prendre", "menu": "Pro&cédure",
                "no date": "Une demande doit porter la date de sa réception.", "past": "est passée"},
         "nl": {"overdue": "te laat", "decision": "beslissing te nemen", "menu": "&Procedure",
                "no date": "Een aanvraag moet de datum van ontvangst vermelden.", "past": "voorbij"}}


def with_request(store, dataset, policy, received, seed):
    case_id = add_case(store, synthetic_household(seed), dataset, policy)
    procedure.record_request(store, case_id, Request(received=received))
    return case_id


def shoot(widget, name: str) -> None:
    widget.grab().save(str(review_folder("procedure-gui") / f"{name}.png"))


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_the_to_do_view_lists_overdue_first_in_red(window, store, dataset, policy, lang):
    window.set_language(lang)
    late = with_request(store, dataset, policy, D(2026, 1, 5), 1)
    with_request(store, dataset, policy, D(2026, 2, 20), 2)
    unsent = with_request(store, dataset, policy, D(2026, 1, 20), 3)
    procedure.record_decision(store, unsent, D(2026, 2, 10), "refused")
    window.findChild(type(window.menuBar().actions()[0]), "action.todo").trigger()
    assert window.stack.currentWidget() is window.todo
    window.todo.refresh(D(2026, 3, 1))
    table = window.todo.table
    rows = [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]
    assert [r[3] for r in rows] == ["REF-1", "REF-3", "REF-2"]
    assert rows[0][2] == rows[1][2] == WORDS[lang]["overdue"] and rows[2][2] != WORDS[lang]["overdue"]
    assert rows[0][1] == WORDS[lang]["decision"]
    assert table.item(0, 0).foreground().color().name() == "#b00020"
    assert table.item(2, 0).foreground().color().name() != "#b00020"
    shoot(window, f"todo-{lang}")
    opened = []
    window.todo.open_case.disconnect()
    window.todo.open_case.connect(opened.append)
    window.todo.table.doubleClicked.emit(table.model().index(0, 0))
    assert opened == [late]


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_the_procedure_menu_has_unique_mnemonics(window, lang):
    window.set_language(lang)
    menus = {a.menu().title(): a.menu() for a in window.menuBar().actions() if a.menu() is not None}
    assert WORDS[lang]["menu"] in menus

    def letters(texts):
        return [m.group(1).casefold() for t in texts for m in [re.search(r"&([^&\s])", t)] if m]

    assert len(set(letters(menus))) == len(letters(menus)) == len(menus)
    items = letters(a.text() for a in menus[WORDS[lang]["menu"]].actions())
    assert len(items) == len(set(items)) == 5


def test_a_new_case_started_from_a_request_is_registered_with_it(window, store, monkeypatch):
    request = Request(received=D(2026, 11, 30), how="phone", received_by="A. Accueil", asked="aide au loyer")

    def answer(dialog):  # the caseworker types the request and presses OK
        dialog.received.setText("30/11/2026")
        dialog.how.setCurrentIndex(dialog.how.findData("phone"))
        dialog.received_by.setText("A. Accueil")
        dialog.asked.setText("aide au loyer")
        dialog.try_accept()
        return dialog.result() == dialog.DialogCode.Accepted

    monkeypatch.setattr(dialogs, "ask_dialog", answer)
    window.findChild(type(window.menuBar().actions()[0]), "action.request").trigger()
    assert window.stack.currentWidget() is window.wizard and window.pending_request == request
    window.wizard.model.load(json.loads((paths.examples_dir() / "wal-owner-retired-couple.json")
                                        .read_text(encoding="utf-8")))
    window.wizard.accept()
    (registered,) = store.requests()
    assert registered.request == request and registered.reference == "2026/00001"
    assert window.pending_request is None and window.ack_preview.isVisible()
    window.ack_preview.close()
    window.findChild(type(window.menuBar().actions()[0]), "action.timeline").trigger()  # the case just saved
    assert window.timeline_preview.isVisible()
    window.timeline_preview.close()
    assert procedure.case_deadlines(store, registered.case_id).decision_due == D(2026, 12, 30)


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_a_request_without_a_date_is_said_at_the_field(qtbot, lang):
    i18n.set_language(lang)
    dialog = RequestDialog(today=D(2026, 11, 30))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.received.setText("")
    dialog.try_accept()
    assert dialog.error.text() == WORDS[lang]["no date"] == dialog.received.accessibleDescription()
    assert dialog.result_request is None and not dialog.result()
    shoot(dialog, f"request-{lang}")
    dialog.received.setText("31/11/2026")
    dialog.try_accept()
    assert "31/11/2026" in dialog.error.text()
    dialog.received.setText("30/11/2026")
    dialog.how.setCurrentIndex(dialog.how.findData("email"))
    dialog.try_accept()
    assert dialog.result_request == Request(received=D(2026, 11, 30), how="email")


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_a_meeting_from_its_agenda_to_its_letters(window, store, dataset, policy, tmp_path, monkeypatch, qtbot,
                                                   lang):
    window.set_language(lang)
    a = with_request(store, dataset, policy, D(2026, 3, 2), 1)
    b = with_request(store, dataset, policy, D(2026, 3, 3), 2)
    agenda = AgendaDialog(window.session, window, today=D(2026, 3, 10))
    qtbot.addWidget(agenda)
    agenda.date.setText("09/03/2026")
    agenda.try_accept()
    assert WORDS[lang]["past"] in agenda.error.text() and store.meetings() == []
    agenda.date.setText("17/03/2026")
    agenda.try_accept()
    meeting = agenda.meeting
    assert meeting.case_ids == (a, b)
    def answer(dialog):  # the same day again: the agenda kept
        dialog.date.setText("17/03/2026")
        dialog.try_accept()
        return dialog.result() == dialog.DialogCode.Accepted

    monkeypatch.setattr(dialogs, "ask_dialog", answer)
    window.findChild(type(window.menuBar().actions()[0]), "action.agenda").trigger()
    assert window.agenda_preview.isVisible()
    window.agenda_preview.close()

    screen = MeetingDecisions(window.session, meeting, window, ask_folder=lambda parent, title: tmp_path)
    qtbot.addWidget(screen)
    screen.show()
    first, second = screen.rows
    first["outcome"].setCurrentIndex(first["outcome"].findData("granted"))
    first["amount"].setText("250,00")
    first["start"].setText("01/04/2026")
    first["months"].setText("0")
    second["outcome"].setCurrentIndex(second["outcome"].findData("refused"))
    second["motivation"].setText("ressources suffisantes")
    assert not screen.record()
    assert first["error"].text() and first["months"].accessibleDescription() == first["error"].text()
    assert not second["error"].text()
    assert all(procedure.case_deadlines(store, c).notification_due is None for c in (a, b))  # nothing saved
    shoot(screen, f"meeting-error-{lang}")
    first["months"].setText("6")
    assert screen.record()
    assert procedure.case_deadlines(store, a).revision_due == D(2026, 9, 30)
    assert procedure.case_deadlines(store, b).notification_due == D(2026, 3, 25)
    written = screen.write_letters()
    assert sorted(p.name for p in written) == ["REF-1-2026-03-17.pdf", "REF-2-2026-03-17.pdf"]
    shoot(screen, f"meeting-{lang}")


@pytest.mark.parametrize("scale", ["1", "1.5"])
@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_the_procedure_screens_render_at_100_and_150_percent(lang, scale):
    import subprocess
    import sys

    from PySide6.QtGui import QImage

    folder = review_folder("procedure-screens")
    r = subprocess.run([sys.executable, "-m", "tests.procedure_screens", lang, scale, str(folder)],
                       capture_output=True, text=True, timeout=180)
    assert r.returncode == 0, r.stderr[-2000:]
    shots = r.stdout.split()
    assert len(shots) == 3
    assert abs(QImage(str(folder / shots[0])).width() - 1366) <= 2
