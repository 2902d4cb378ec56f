"""The procedure kept in a real case store: the register numbered in order, decisions, notifications and
meetings audited, the deadlines and what is due computed from them, and every refusal saving nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from redi_desktop.domain.request import Request
from redi_desktop.services import procedure
from redi_desktop.services.cases import verify
from redi_desktop.services.errors import ServiceError
from redi_desktop.store import Store
from tests.store_fixtures.helpers import PASSPHRASE, TEST_KDF_ITER, add_case, household, synthetic_household

D = dt.date


@pytest.fixture
def store(tmp_path):
    s = Store.create(tmp_path / "cases.db", PASSPHRASE, kdf_iter=TEST_KDF_ITER)
    yield s
    s.close()


def case_with_request(store, dataset, policy, received: D, seed: int = 1) -> str:
    case_id = add_case(store, synthetic_household(seed), dataset, policy)
    procedure.record_request(store, case_id, Request(received=received, how="in_person", received_by="A. Agent"))
    return case_id


def audit_actions(store) -> list[str]:
    from sqlalchemy import select

    from redi_desktop.store.models import AuditEntry

    with store._read() as s:
        return list(s.execute(select(AuditEntry.action).order_by(AuditEntry.id)).scalars())


def test_the_register_numbers_requests_in_order_within_each_year(store, dataset, policy):
    a = add_case(store, synthetic_household(1), dataset, policy)
    b = add_case(store, synthetic_household(2), dataset, policy)
    first = procedure.record_request(store, a, Request(received=D(2026, 12, 30)))
    second = procedure.record_request(store, b, Request(received=D(2026, 12, 31), how="letter"))
    third = procedure.record_request(store, a, Request(received=D(2027, 1, 2), how="email", asked="rent arrears"))
    assert [first.reference, second.reference, third.reference] == ["2026/00001", "2026/00002", "2027/00001"]
    assert [r.request.how for r in store.requests()] == ["in_person", "letter", "email"]
    assert [r.request.asked for r in store.requests(a)] == ["", "rent arrears"]
    assert audit_actions(store).count("request") == 3 and verify(store).audit_ok


def test_a_case_added_with_its_request_is_entered_in_the_register(store, dataset, policy):
    from redi_desktop.services.assess import assess
    from redi_desktop.services.cases import save_case

    h = household()
    case_id = save_case(store, h, assess(h, dataset, policy), dataset, policy,
                        request=Request(received=D(2026, 11, 2), how="phone"))
    (r,) = store.requests(case_id)
    assert r.reference == "2026/00001" and r.request.how == "phone"
    assert procedure.case_deadlines(store, case_id).decision_due == D(2026, 12, 2)


def test_deadlines_follow_the_decision_and_its_notification(store, dataset, policy):
    case_id = case_with_request(store, dataset, policy, D(2026, 3, 2))
    assert procedure.case_deadlines(store, case_id).to_dict() == {
        "decision_due": "2026-04-01", "notification_due": None, "appeal_until": None, "revision_due": None}
    procedure.record_decision(store, case_id, D(2026, 3, 20), "granted", Decimal("250.00"), D(2026, 4, 1), 6,
                              "look for a cheaper flat", "the gap is structural")
    assert procedure.case_deadlines(store, case_id).notification_due == D(2026, 3, 30)
    d = procedure.notify(store, case_id, D(2026, 3, 23), "registered")
    assert d.to_dict() == {"decision_due": "2026-04-01", "notification_due": "2026-03-30",
                           "appeal_until": "2026-06-25", "revision_due": "2026-09-30"}
    decision = store.latest_assessment(case_id)[4]
    assert (decision.outcome, decision.amount, decision.duration_months) == ("granted", Decimal("250.00"), 6)
    assert audit_actions(store)[-2:] == ["decide", "notify"] and verify(store).ok


def test_a_refused_aid_has_no_revision(store, dataset, policy):
    case_id = case_with_request(store, dataset, policy, D(2026, 3, 2))
    procedure.record_decision(store, case_id, D(2026, 3, 20), "refused", motivation="resources above the budget")
    procedure.notify(store, case_id, D(2026, 3, 20), "by_hand")
    d = procedure.case_deadlines(store, case_id)
    assert d.revision_due is None and d.appeal_until == D(2026, 6, 22)  # 20 June is a Saturday


@pytest.mark.parametrize("bad, key", [
    (dict(on=D(2026, 3, 1), outcome="granted"), "decision_before_request"),
    (dict(on=D(2026, 3, 5), outcome="granted", start=D(2026, 3, 5), months=0), "revision_zero_months"),
    (dict(on=D(2026, 3, 5), outcome="maybe"), "decision_outcome"),
    (dict(on=D(2026, 3, 5), outcome="granted", amount=Decimal("-5")), "invalid_input"),
])
def test_a_wrong_decision_is_refused_and_nothing_is_saved(store, dataset, policy, bad, key):
    case_id = case_with_request(store, dataset, policy, D(2026, 3, 2))
    before = store.case(case_id), audit_actions(store)
    with pytest.raises(ServiceError) as err:
        procedure.record_decision(store, case_id, **bad)
    assert err.value.key == key and err.value.user_fault and err.value.text()
    assert (store.case(case_id), audit_actions(store)) == before


def test_a_notification_before_the_decision_or_without_one_is_refused(store, dataset, policy):
    case_id = case_with_request(store, dataset, policy, D(2026, 3, 2))
    with pytest.raises(ServiceError) as err:
        procedure.notify(store, case_id, D(2026, 3, 10), "registered")
    assert err.value.key == "nothing_to_notify"
    procedure.record_decision(store, case_id, D(2026, 3, 20), "refused")
    before = audit_actions(store)
    with pytest.raises(ServiceError) as err:
        procedure.notify(store, case_id, D(2026, 3, 19), "registered")
    assert err.value.key == "notification_before_decision"
    with pytest.raises(ServiceError) as err:
        procedure.notify(store, case_id, D(2026, 3, 21), "fax")
    assert err.value.key == "notification_method"
    assert audit_actions(store) == before and procedure.case_deadlines(store, case_id).appeal_until is None


def test_a_request_without_a_date_is_refused(store, dataset, policy):
    case_id = add_case(store, synthetic_household(1), dataset, policy)
    for attempt in (lambda: procedure.record_request(store, case_id, Request(received=None)),
                    lambda: procedure.request_from({"how": "letter"}),
                    lambda: procedure.request_from({"received": ""})):
        with pytest.raises(ServiceError) as err:
            attempt()
        assert err.value.key == "request_needs_date"
    assert store.requests() == []


def test_due_lists_overdue_first_then_by_date(store, dataset, policy):
    late = case_with_request(store, dataset, policy, D(2026, 1, 5), seed=1)  # decision due 4 Feb: overdue
    soon = case_with_request(store, dataset, policy, D(2026, 2, 20), seed=2)  # decision due 23 Mar (22 is a Sunday)
    unsent = case_with_request(store, dataset, policy, D(2026, 1, 20), seed=3)
    procedure.record_decision(store, unsent, D(2026, 2, 10), "refused")  # notification due 18 Feb: overdue
    done = case_with_request(store, dataset, policy, D(2026, 1, 20), seed=4)
    procedure.record_decision(store, done, D(2026, 2, 2), "granted", Decimal("100.00"), D(2026, 2, 1), 2)
    procedure.notify(store, done, D(2026, 2, 3), "by_hand")  # aid until 31 Mar: revision listed from 1 Mar
    quiet = add_case(store, synthetic_household(5), dataset, policy)  # no request: nothing due
    items = procedure.due(store, D(2026, 3, 1))
    assert [(i.case, i.what, i.due.isoformat(), i.overdue) for i in items] == [
        (late, "decision", "2026-02-04", True),
        (unsent, "notification", "2026-02-18", True),
        (soon, "decision", "2026-03-23", False),
        (done, "revision", "2026-03-31", False),
    ]
    assert quiet not in {i.case for i in items}
    assert [(i.case, i.overdue) for i in procedure.due(store, D(2026, 2, 1))][:1] == [(late, False)]
    # a new request after the decision opens a new procedure: the decision is due again
    procedure.record_request(store, done, Request(received=D(2026, 3, 10)))
    assert [(i.what, i.due) for i in procedure.due(store, D(2026, 3, 11)) if i.case == done] == [
        ("decision", D(2026, 4, 9))]


def test_a_meeting_agenda_holds_the_cases_ready_and_is_kept(store, dataset, policy):
    a = case_with_request(store, dataset, policy, D(2026, 3, 4), seed=1)
    b = case_with_request(store, dataset, policy, D(2026, 3, 2), seed=2)
    decided = case_with_request(store, dataset, policy, D(2026, 3, 1), seed=3)
    procedure.record_decision(store, decided, D(2026, 3, 3), "refused")
    meeting = procedure.meeting_agenda(store, D(2026, 3, 17), "CSSS", today=D(2026, 3, 10))
    assert meeting.case_ids == (b, a) and meeting.body == "CSSS"
    again = procedure.meeting_agenda(store, D(2026, 3, 17), today=D(2026, 3, 18))  # kept: not a new agenda
    assert again.id == meeting.id and len(store.meetings()) == 1
    with pytest.raises(ServiceError) as err:
        procedure.meeting_agenda(store, D(2026, 3, 9), today=D(2026, 3, 10))
    assert err.value.key == "meeting_in_past"
    assert len(store.meetings()) == 1 and audit_actions(store).count("meeting") == 1


def test_erasing_a_case_erases_its_procedure(store, dataset, policy):
    case_id = case_with_request(store, dataset, policy, D(2026, 3, 2))
    procedure.record_decision(store, case_id, D(2026, 3, 20), "refused")
    procedure.notify(store, case_id, D(2026, 3, 20), "by_hand")
    procedure.meeting_agenda(store, D(2026, 3, 30), today=D(2026, 3, 1))
    store.erase(case_id)
    assert store.requests() == [] and store.procedure_facts() == [] and verify(store).ok


def test_a_meetings_decisions_are_kept_all_or_none_and_its_letters_written(store, dataset, policy, tmp_path):
    a = case_with_request(store, dataset, policy, D(2026, 3, 2), seed=1)
    b = case_with_request(store, dataset, policy, D(2026, 3, 3), seed=2)
    meeting = procedure.meeting_agenda(store, D(2026, 3, 17), today=D(2026, 3, 10))
    rows = [procedure.DecisionRowInput(a, "granted", Decimal("200.00"), D(2026, 4, 1), 0),
            procedure.DecisionRowInput(b, "refused", motivation="resources above the budget")]
    problems = procedure.record_meeting_decisions(store, meeting, rows)
    assert {k: v.key for k, v in problems.items()} == {a: "revision_zero_months"}
    assert procedure.case_deadlines(store, b).notification_due is None  # b was not saved either
    rows[0] = procedure.DecisionRowInput(a, "granted", Decimal("200.00"), D(2026, 4, 1), 3)
    assert procedure.record_meeting_decisions(store, meeting, rows) == {}
    assert procedure.case_deadlines(store, a).to_dict()["revision_due"] == "2026-06-30"
    assert procedure.case_deadlines(store, b).notification_due == D(2026, 3, 25)
    written = procedure.meeting_letters(store, meeting, tmp_path)
    assert sorted(p.name for p in written) == ["REF-1-2026-03-17.pdf", "REF-2-2026-03-17.pdf"]
    assert all(p.read_bytes().startswith(b"%PDF") for p in written)
