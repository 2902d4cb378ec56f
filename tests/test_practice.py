"""The anonymised practice report: its figures equal a direct count over the case store's tables, it names
no caseworker and no client, and it is written as CSV and as PDF (rendered to PNG for review)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import subprocess
from collections import Counter
from decimal import Decimal

import pdfplumber
from sqlalchemy import select

from redi_desktop.domain.decision import Decision
from redi_desktop.domain.request import CHANNELS, Request
from redi_desktop.services import procedure
from redi_desktop.services.practice import practice, practice_csv, practice_pdf
from redi_desktop.store.models import AuditEntry, DecisionRow, NotificationRow, RequestRow
from tests.conftest import review_folder
from tests.store_fixtures.helpers import add_case, synthetic_household
from tests.test_procedure import store  # noqa: F401 - the case store fixture

D = dt.date
START, END = D(2026, 1, 1), D(2026, 6, 30)


def fill(store, dataset, policy, n=24):  # noqa: F811
    rng = random.Random(14)
    for i in range(n):
        decision = Decision(caseworker=f"Travailleur{i % 3}", proposal_reasons="raison")
        case_id = add_case(store, synthetic_household(i), dataset, policy, decision)
        received = D(2025, 12, 1) + dt.timedelta(days=rng.randrange(0, 240))
        procedure.record_request(store, case_id, Request(received=received, how=rng.choice(CHANNELS)))
        if rng.random() < 0.75:
            decided = received + dt.timedelta(days=rng.randrange(5, 45))
            outcome = rng.choice(("granted", "partly_granted", "refused"))
            amount = Decimal(rng.randrange(50, 600)) if outcome != "refused" and rng.random() < 0.7 else None
            procedure.record_decision(store, case_id, decided, outcome, amount,
                                      decided if outcome != "refused" else None, 3 if outcome != "refused" else None)
            if rng.random() < 0.7:
                procedure.notify(store, case_id, decided + dt.timedelta(days=rng.randrange(0, 14)),
                                 rng.choice(("registered", "by_hand")))


def test_the_figures_equal_a_direct_count_over_the_store(store, dataset, policy):  # noqa: F811
    import json

    fill(store, dataset, policy)
    f = practice(store, START, END)
    within = lambda text: START.isoformat() <= text <= END.isoformat()  # noqa: E731
    with store._read() as s:
        requests = s.execute(select(RequestRow.case_id, RequestRow.received, RequestRow.how)).all()
        decisions = s.execute(select(DecisionRow.id, DecisionRow.case_id, DecisionRow.decided_on, DecisionRow.outcome,
                                     DecisionRow.decision_json).where(DecisionRow.outcome != "pending")).all()
        notes = s.execute(select(NotificationRow.decision_id, NotificationRow.on_date)).all()
    assert f.requests == sum(within(r.received) for r in requests) > 0
    assert f.requests_by_channel == dict(Counter(r.how for r in requests if within(r.received)))
    taken = [d for d in decisions if within(d.decided_on)]
    assert f.decisions_by_outcome == dict(Counter(d.outcome for d in taken)) and f.decisions > 0
    notified = {n.decision_id: n.on_date for n in notes}
    on_time = sum(1 for d in taken if d.id in notified
                  and dt.date.fromisoformat(notified[d.id]) <= procedure.law.notification_due(
                      dt.date.fromisoformat(d.decided_on)))
    assert f.notification_delay.on_time == on_time
    assert f.notification_delay.on_time + f.notification_delay.late == sum(d.id in notified for d in taken)
    assert f.notification_delay.pending == sum(d.id not in notified for d in taken)
    granted = [json.loads(d.decision_json) for d in taken if d.outcome != "refused"]
    with_amount = [Decimal(g["amount"]) for g in granted if "amount" in g]
    assert f.granted >= sum(with_amount)
    assert sum(g.cases for g in f.gaps_by_household.values()) == len(taken)
    answer = {d.case_id: dt.date.fromisoformat(d.decided_on) for d in decisions}  # one request and decision a case
    in_period = [r for r in requests if within(r.received)]
    due = {r.case_id: procedure.law.decision_due(dt.date.fromisoformat(r.received)) for r in in_period}
    assert f.decision_delay.on_time == sum(r.case_id in answer and answer[r.case_id] <= due[r.case_id]
                                           for r in in_period)
    assert f.decision_delay.late == sum(r.case_id in answer and answer[r.case_id] > due[r.case_id] for r in in_period)
    assert f.decision_delay.pending == sum(r.case_id not in answer for r in in_period)


def test_the_report_names_no_caseworker_and_no_client(store, dataset, policy, tmp_path):  # noqa: F811
    fill(store, dataset, policy, n=12)
    f = practice(store, START, END)
    text = practice_csv(f)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["section", "key", "value"] and ("requests", "received", str(f.requests)) in map(tuple, rows)
    for lang in ("fr", "nl"):
        pdf = practice_pdf(store, f, lang)
        target = review_folder("practice") / f"practice-{lang}.pdf"
        target.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "80", "-png", str(target), str(target.with_suffix(""))], check=True)
        with pdfplumber.open(target) as doc:
            printed = " ".join(page.extract_text() for page in doc.pages)
        for shown in (text, printed):
            assert "Travailleur" not in shown and "Prénom" not in shown and "Nom1" not in shown
            assert "REF-" not in shown
        assert str(f.requests) in printed
    with store._read() as s:
        assert s.execute(select(AuditEntry.ref).order_by(AuditEntry.id.desc())).scalars().first() == (
            "practice:2026-01-01/2026-06-30")
