"""The aid procedure around the budget: the register of requests, the deadlines the law sets (computed here
from what the store keeps), what is due on a day, the committee's decisions and their notification, and
the meetings' agendas. Every check is made before anything is written: a refusal saves nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..domain import deadlines as law
from ..domain.deadlines import Deadlines
from ..domain.decision import Decision
from ..domain.messages import InvalidInput
from ..domain.money import money_str
from ..domain.request import Request
from ..store.interface import CaseStore
from .cases import store_errors
from .errors import ServiceError

DECIDED = ("granted", "partly_granted", "refused")
GRANTED = ("granted", "partly_granted")
REVISION_NOTICE_DAYS = 30  # a revision is listed as due from this many days before the aid's last day
WHAT = ("decision", "notification", "revision")  # what `due` lists


@dataclass(frozen=True)
class DueItem:
    case: str
    what: str  # decision, notification, revision
    due: dt.date
    overdue: bool
    file_reference: str = ""
    client: str = ""  # shown on screen; not in the JSON of `due`

    def to_dict(self) -> dict[str, Any]:
        return {"case": self.case, "what": self.what, "due": self.due.isoformat(), "overdue": self.overdue,
                "file_reference": self.file_reference}


def _current(f) -> bool:
    """Whether the case's latest decision answers its latest request (else its notification and its aid no
    longer make the case's deadlines)."""
    return law.answers(f.received, f.decided)


def deadlines_of(f) -> Deadlines:
    """A case's deadlines from its stored procedure facts (store.ProcedureFacts)."""
    if not _current(f):
        return law.deadlines(f.received)
    granted = f.outcome in GRANTED
    return law.deadlines(f.received, f.decided, f.notified, f.method, f.start if granted else None,
                         f.months if granted else None)


def case_deadlines(store: CaseStore, case_id: str) -> Deadlines:
    with store_errors():
        (facts,) = store.procedure_facts(case_id)
    return deadlines_of(facts)


def due(store: CaseStore, on: dt.date) -> list[DueItem]:
    """What is due on `on` in every case: decisions not taken, decisions not notified, aid coming to its end
    (from REVISION_NOTICE_DAYS before); overdue first, then by date."""
    with store_errors():
        facts = store.procedure_facts()
    return due_items(facts, on)


def due_items(facts, on: dt.date) -> list[DueItem]:
    items: list[DueItem] = []
    notice = dt.timedelta(days=REVISION_NOTICE_DAYS)
    for f in facts:
        d = deadlines_of(f)
        answered = _current(f)
        if f.received is not None and not answered:
            what, when = "decision", d.decision_due
        elif answered and f.notified is None:
            what, when = "notification", d.notification_due
        elif d.revision_due is not None and on >= d.revision_due - notice:
            what, when = "revision", d.revision_due
        else:
            continue
        client = " ".join(x for x in (f.first_name, f.last_name) if x)
        items.append(DueItem(f.case_id, what, when, on > when, f.file_reference, client))
    items.sort(key=lambda i: (not i.overdue, i.due, WHAT.index(i.what), i.case))
    return items


def record_request(store: CaseStore, case_id: str, request: Request, user: str | None = None):
    """Enter a request of a case in the register; returns it with its register number."""
    if request.received is None:
        raise ServiceError("request_needs_date")
    with store_errors():
        return store.add_request(case_id, request, user=user)


def request_from(data: dict[str, Any], name: str = "") -> Request:
    """A request from the fields a caller gives ("received" ISO, "how", "received_by", "asked")."""
    if data.get("received") in (None, ""):
        raise ServiceError("request_needs_date")
    try:
        return Request.from_dict(data)
    except InvalidInput as exc:
        raise ServiceError.invalid(exc, name) from None


def record_decision(store: CaseStore, case_id: str, on: dt.date, outcome: str, amount: Decimal | None = None,
                    start: dt.date | None = None, months: int | None = None, conditions: str = "",
                    motivation: str = "", user: str | None = None) -> int:
    """Keep the committee's decision of a case (beside the caseworker's proposal, which it keeps); refused
    before anything is written when it is dated before the request or grants aid for zero months."""
    decision = decision_of(store, case_id, on, outcome, amount, start, months, conditions, motivation)
    with store_errors():
        return store.add_decision(case_id, decision, user=user)


def decision_of(store: CaseStore, case_id: str, on: dt.date, outcome: str, amount: Decimal | None = None,
                start: dt.date | None = None, months: int | None = None, conditions: str = "",
                motivation: str = "") -> Decision:
    """The decision to keep, checked against the case's request and proposal (nothing is written)."""
    if outcome not in DECIDED:
        raise ServiceError("decision_outcome")
    if months is not None and months < 1:
        raise ServiceError("revision_zero_months")
    with store_errors():
        (facts,) = store.procedure_facts(case_id)
        proposal = store.latest_assessment(case_id)[4]
    if facts.received is not None and on < facts.received:
        raise ServiceError("decision_before_request", date=on.isoformat(), received=facts.received.isoformat())
    data = {k: v for k, v in (proposal.to_dict() if proposal else {}).items()
            if k in ("caseworker", "proposal_amount", "proposal_reasons", "body")}
    data.update({"date": on.isoformat(), "outcome": outcome, "conditions": conditions, "motivation": motivation})
    if amount is not None:
        data["amount"] = money_str(amount)
    if start is not None:
        data["start"] = start.isoformat()
    if months is not None:
        data["duration_months"] = months
    try:
        return Decision.from_dict(data)
    except InvalidInput as exc:
        raise ServiceError.invalid(exc) from None


@dataclass(frozen=True)
class DecisionRowInput:
    """One row of the secretary's screen: a case of the agenda and what the committee decided."""

    case_id: str
    outcome: str
    amount: Decimal | None = None
    start: dt.date | None = None
    months: int | None = None
    conditions: str = ""
    motivation: str = ""


def record_meeting_decisions(store: CaseStore, meeting, rows: list[DecisionRowInput],
                             user: str | None = None) -> dict[str, ServiceError]:
    """Keep the decisions of a meeting's agenda, dated the meeting's day, in one transaction. Every row is
    checked first: when one is wrong, nothing is written and the problems are returned by case."""
    problems: dict[str, ServiceError] = {}
    decisions = []
    for row in rows:
        try:
            decisions.append((row.case_id, decision_of(store, row.case_id, meeting.on_date, row.outcome, row.amount,
                                                        row.start, row.months, row.conditions, row.motivation)))
        except ServiceError as exc:
            problems[row.case_id] = exc
    if problems:
        return problems
    with store_errors():
        store.add_decisions(decisions, user=user)
    return {}


def meeting_letters(store: CaseStore, meeting, folder, user: str | None = None) -> list:
    """The decision letters of a meeting's cases that were decided, one PDF each in `folder` (named by the
    file reference and the meeting's date); returns the files written."""
    from pathlib import Path

    from .policies import case_sheet
    from .sheets import write_file

    written = []
    with store_errors():
        facts = {f.case_id: f for f in store.procedure_facts()}
    for case_id in meeting.case_ids:
        f = facts.get(case_id)
        if f is None or f.decided != meeting.on_date:
            continue
        pdf = case_sheet(store, case_id, user=user)
        name = "".join(c if c.isalnum() or c in "-_" else "_" for c in (f.file_reference or case_id[:8]))
        target = Path(folder) / f"{name}-{meeting.on_date.isoformat()}.pdf"
        write_file(target, pdf)
        written.append(target)
    return written


def notify(store: CaseStore, case_id: str, on: dt.date, method: str, user: str | None = None) -> Deadlines:
    """Keep when and how the case's decision was notified; returns the case's deadlines with the appeal
    period that notification opens."""
    if method not in law.METHODS:
        raise ServiceError("notification_method")
    with store_errors():
        (facts,) = store.procedure_facts(case_id)
    if not _current(facts):
        raise ServiceError("nothing_to_notify")
    if on < facts.decided:
        raise ServiceError("notification_before_decision", date=on.isoformat(), decided=facts.decided.isoformat())
    with store_errors():
        store.add_notification(case_id, facts.decision_id, on, method, user=user)
    return case_deadlines(store, case_id)


def agenda_cases(store: CaseStore) -> list[str]:
    """The cases whose proposal is ready for the committee: a request received and not yet decided, the
    oldest request first."""
    with store_errors():
        facts = store.procedure_facts()
    ready = [f for f in facts if f.received is not None and not _current(f)]
    ready.sort(key=lambda f: (f.received, f.file_reference, f.case_id))
    return [f.case_id for f in ready]


def meeting_agenda(store: CaseStore, on: dt.date, body: str = "", today: dt.date | None = None,
                   user: str | None = None):
    """The meeting of `on` with its agenda: the one kept already, else a new one made of the cases ready
    (refused when that day is past)."""
    with store_errors():
        kept = store.meetings(on)
    if kept:
        return kept[-1]
    if on < (today or dt.date.today()):
        raise ServiceError("meeting_in_past", date=on.isoformat())
    cases = agenda_cases(store)
    with store_errors():
        store.add_meeting(on, body, cases, user=user)
        return store.meetings(on)[-1]


def case_view(store: CaseStore, case_id: str) -> dict[str, Any]:
    """A case as `cases show --json` prints it: the client, the requests with their register numbers, the
    assessments with their totals, the decisions, the latest notification and the deadlines."""
    import json

    with store_errors():
        case = store.case(case_id)
        register = store.requests(case_id)
        (facts,) = store.procedure_facts(case_id)
    decisions = []
    for a in case["assessments"]:
        for text in a["decisions"]:
            decision_json, created_at = json.loads(text)
            decisions.append({**json.loads(decision_json), "recorded_at": created_at, "run_id": a["run_id"]})
    return {
        "id": case["id"], "file_reference": case["file_reference"],
        "client": {"first_name": case["client_first_name"], "last_name": case["client_last_name"]},
        "status": case["status"],
        "requests": [{"number": r.reference, **r.request.to_dict()} for r in register],
        "assessments": [{"run_id": a["run_id"], "on_date": a["on_date"],
                         "totals": json.loads(a["output"])["totals"]} for a in case["assessments"]],
        "decisions": decisions,
        "notification": None if facts.notified is None else {"date": facts.notified.isoformat(),
                                                             "method": facts.method},
        "deadlines": deadlines_of(facts).to_dict(),
    }


def acknowledgment_pdf(store: CaseStore, case_id: str, user: str | None = None) -> bytes:
    """The acknowledgment of receipt of the case's latest request, from the CPAS's active policy."""
    from ..report import acknowledgment
    from .policies import active_policy

    with store_errors():
        register = store.requests(case_id)
        if not register:
            raise ServiceError("no_request")
        household = store.latest_household(case_id)
        profile = store.profile(user)
    latest = register[-1]
    pdf = acknowledgment(household, active_policy(store), latest.request, latest.reference, profile)
    with store_errors():
        store.record("print", case_id, ref=f"request:{latest.year}/{latest.number}", user=user)
    return pdf


def agenda_pdf(store: CaseStore, meeting, lang: str, user: str | None = None) -> bytes:
    """The agenda of a meeting for its members: each case's latest assessment and proposal."""
    from ..report import meeting_agenda
    from .cases import stored_assessment
    from .policies import active_policy

    items = [stored_assessment(store, case_id) for case_id in meeting.case_ids]
    pdf = meeting_agenda(meeting.on_date, meeting.body, items, active_policy(store), lang)
    with store_errors():
        store.record("print", ref=f"meeting:{meeting.id}", user=user)
    return pdf


def case_timeline(store: CaseStore, case_id: str):
    """A case's events in order — requests, assessments, decisions, notifications: (day, kind, values) —
    and the points of its chart: (day, budget, resources, gap, aid granted) at each assessment and decision,
    each the latest known that day."""
    import json

    from ..domain.money import to_money

    with store_errors():
        case = store.case(case_id)
        register = store.requests(case_id)
        taken = [d for d in store.decisions_taken() if d.case_id == case_id]
        notes = store.notifications()
    ids = {d.id for d in taken}
    events = [(r.request.received, "request", {"number": r.reference, "how": r.request.how}) for r in register]
    totals = [(dt.date.fromisoformat(a["on_date"]), json.loads(a["output"])["totals"]) for a in case["assessments"]]
    events += [(day, "assessment", t) for day, t in totals]
    events += [(d.decided, "decision", {"outcome": d.outcome, "amount": d.decision.get("amount")}) for d in taken]
    events += [(on, "notification", {"method": method}) for decision_id, on, method in notes if decision_id in ids]
    order = {"request": 0, "assessment": 1, "decision": 2, "notification": 3}
    events.sort(key=lambda e: (e[0], order[e[1]]))
    points = []
    last = None
    granted = Decimal("0.00")
    for day, kind, values in events:
        if kind == "assessment":
            last = values
        elif kind == "decision":
            granted = to_money(values["amount"]) if values["outcome"] in GRANTED and values.get("amount") else (
                granted if values["outcome"] in GRANTED else Decimal("0.00"))
        else:
            continue
        if last is not None:
            point = (day, to_money(last["reference_budget"]), to_money(last["resources"]), to_money(last["gap"]),
                     granted)
            points = [p for p in points if p[0] != day] + [point]
    return case["file_reference"] or case_id[:8], events, points


def timeline_pdf(store: CaseStore, case_id: str, lang: str, user: str | None = None) -> bytes:
    from ..report.timeline import timeline_sheet

    title, events, points = case_timeline(store, case_id)
    pdf = timeline_sheet(title, events, points, lang)
    with store_errors():
        store.record("print", case_id, ref="timeline", user=user)
    return pdf
