"""The procedure's figures: `due` (every case's deadlines, overdue first) on a store of generated cases, and
one case's deadlines. Run: .venv/bin/python benchmarks/bench_procedure.py [--cases 5000]

The cases are written in bulk (bench_store.fill), then a third of them get only a request, a third a
decision not yet notified, a third a granted decision and its notification; `due` is measured through the
real path (services.procedure.due on the encrypted store). Target: at most 300 ms for 5,000 cases.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert  # noqa: E402

from benchmarks.bench_store import PASSPHRASE, fill, ms, timed  # noqa: E402
from redi_desktop.services import procedure  # noqa: E402
from redi_desktop.services.casefile import read_policy  # noqa: E402
from redi_desktop.services.reference import open_dataset  # noqa: E402
from redi_desktop.store import Store  # noqa: E402
from redi_desktop.store.connection import DEFAULT_KDF_ITER  # noqa: E402
from redi_desktop.store.models import DecisionRow, NotificationRow, RequestRow  # noqa: E402

TARGET = 0.300
ON = dt.date(2026, 6, 1)


def procedure_rows(store: Store) -> None:
    ids = store.case_ids()
    at = "2026-06-01T00:00:00+00:00"
    requests, decisions, notes = [], [], []
    for i, cid in enumerate(ids):
        received = dt.date(2026, 1, 1) + dt.timedelta(days=i % 150)
        requests.append(dict(case_id=cid, year=2026, number=i + 1, received=received.isoformat(), how="in_person",
                             received_by="", asked="", created_at=at))
        if i % 3:
            decided = received + dt.timedelta(days=20)
            body = {"date": decided.isoformat(), "outcome": "granted", "amount": "100.00",
                    "start": received.isoformat(), "duration_months": 6}
            decisions.append(dict(id=i + 1, case_id=cid, decision_json=json.dumps(body), outcome="granted",
                                  decided_on=decided.isoformat(), created_at=at))
            if i % 3 == 2:
                notes.append(dict(case_id=cid, decision_id=i + 1, on_date=(decided + dt.timedelta(days=2)).isoformat(),
                                  method="registered", created_at=at))
    with store._write() as s:
        s.execute(insert(RequestRow), requests)
        s.execute(insert(DecisionRow), decisions)
        s.execute(insert(NotificationRow), notes)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--cases", type=int, default=5000)
    args = p.parse_args()
    dataset, policy = open_dataset(), read_policy()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.create(Path(tmp) / "cases.db", PASSPHRASE, kdf_iter=DEFAULT_KDF_ITER)
        fill(store, args.cases - 1, dataset, policy)
        procedure_rows(store)
        took, items = timed(lambda: procedure.due(store, ON))
        overdue = sum(i.overdue for i in items)
        one, _ = timed(lambda: procedure.case_deadlines(store, store.case_ids()[len(items) // 2]))
        print(f"due on {ON} over {len(store.case_ids())} cases: {ms(took)} (median of 5), {len(items)} items, "
              f"{overdue} overdue; target {ms(TARGET)}: {'met' if took <= TARGET else 'MISSED'}")
        print(f"one case's deadlines: {ms(one)}")
        store.close()


if __name__ == "__main__":
    main()
