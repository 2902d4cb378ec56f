"""Screenshots of the procedure's screens (the To do view, the request, the meeting's decisions) at a
display scaling, over a temporary case database: `python -m tests.procedure_screens LANG SCALE FOLDER`
(QT_SCALE_FACTOR is set before Qt starts). tests/test_procedure_gui.py runs it at 100 % and 150 %."""

import datetime as dt
import sys
import tempfile
from decimal import Decimal
from pathlib import Path


def main(lang: str, scale: str, folder: str) -> int:
    from tests.screens import start

    app, out = start(lang, scale, folder)
    from redi_desktop.domain.request import Request
    from redi_desktop.gui.app import MainWindow
    from redi_desktop.gui.procedure import MeetingDecisions, RequestDialog
    from redi_desktop.services import procedure
    from redi_desktop.services.casefile import read_policy
    from redi_desktop.services.reference import open_dataset
    from redi_desktop.store import Store
    from tests.store_fixtures.helpers import TEST_KDF_ITER, add_case, synthetic_household

    factor = float(scale)
    tag = f"{lang}-{int(factor * 100)}"
    dataset, policy = open_dataset(), read_policy()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.create(Path(tmp) / "cases.db", "a synthetic passphrase", kdf_iter=TEST_KDF_ITER)
        cases = []
        for seed, received in enumerate((dt.date(2026, 1, 5), dt.date(2026, 2, 20), dt.date(2026, 1, 20),
                                         dt.date(2026, 2, 25)), 1):
            case_id = add_case(store, synthetic_household(seed), dataset, policy)
            procedure.record_request(store, case_id, Request(received=received))
            cases.append(case_id)
        procedure.record_decision(store, cases[2], dt.date(2026, 2, 10), "granted", Decimal("120.00"),
                                  dt.date(2026, 2, 1), 3)
        window = MainWindow(store=store)
        window.resize(int(1366 / factor), int(768 / factor))
        window.show()
        window.show_todo()
        window.todo.refresh(dt.date(2026, 3, 1))
        app.processEvents()
        names = [f"{tag}-todo.png"]
        window.grab().save(str(out / names[-1]))
        request = RequestDialog(window, today=dt.date(2026, 3, 1))
        request.show()
        app.processEvents()
        names.append(f"{tag}-request.png")
        request.grab().save(str(out / names[-1]))
        request.close()
        meeting = procedure.meeting_agenda(store, dt.date(2026, 3, 17), today=dt.date(2026, 3, 1))
        screen = MeetingDecisions(window.session, meeting, window)
        screen.resize(int(1300 / factor), int(600 / factor))
        screen.show()
        screen.rows[0]["amount"].setText("250,00")
        screen.rows[0]["months"].setText("0")
        screen.record()
        app.processEvents()
        names.append(f"{tag}-meeting.png")
        screen.grab().save(str(out / names[-1]))
        screen.close()
        window.close()
        store.close()
    print("\n".join(names))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
