"""What the practice looks like over a period, for the CPAS and its council: counts and sums only, never a
person nor a caseworker (the figures are made from requests, decisions and notifications with no author;
see the README for what the report does not show and why).

- requests received in the period, by how they came in;
- decisions taken in the period, by outcome;
- time to decision of the requests received in the period, against the 30 days (art. 58);
- time to notification of the decisions taken in the period, against the 8 days (art. 62bis);
- the gap of the decided cases by household type;
- computed, proposed and granted aid of the decisions granting aid;
- the caseworkers' corrections (overrides) by category, with their reasons as written.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from . import deadlines as law
from .money import round_cents, to_money

HOUSEHOLD_TYPES = ("single", "couple", "single_parent", "couple_with_children", "other")
OUTCOMES = ("granted", "partly_granted", "refused")
ADULTS = ("applicant", "partner", "other_adult")


def household_type(members: list[dict]) -> str:
    """A household's type from its members' roles: single, couple, single parent, couple with children,
    other (another adult lives with them)."""
    roles = Counter(m.get("role") for m in members)
    children, partner, others = roles["child"], roles["partner"], roles["other_adult"]
    if others:
        return "other"
    if partner:
        return "couple_with_children" if children else "couple"
    return "single_parent" if children else "single"


@dataclass(frozen=True)
class Delay:
    """How long a step took against its legal limit: on time, late, not done yet, the median in days."""

    on_time: int = 0
    late: int = 0
    pending: int = 0  # not done yet
    pending_overdue: int = 0  # not done and past the limit on the report's last day
    median_days: float | None = None


@dataclass(frozen=True)
class GapFigures:
    cases: int
    mean_gap: Decimal
    median_gap: Decimal


@dataclass
class PracticeFigures:
    start: dt.date
    end: dt.date
    requests: int = 0
    requests_by_channel: dict[str, int] = field(default_factory=dict)
    decisions_by_outcome: dict[str, int] = field(default_factory=dict)
    decision_delay: Delay = Delay()
    notification_delay: Delay = Delay()
    gaps_by_household: dict[str, GapFigures] = field(default_factory=dict)
    computed: Decimal = Decimal("0.00")  # of the decisions granting aid: the engine's amount under the policy
    proposed: Decimal = Decimal("0.00")  # the caseworker's proposal (the computed amount when none)
    granted: Decimal = Decimal("0.00")  # the committee's amount (the proposal when it gave none)
    overrides: dict[str, dict[str, int]] = field(default_factory=dict)  # category: {reason: count}

    @property
    def decisions(self) -> int:
        return sum(self.decisions_by_outcome.values())


def _median(values: list) -> float | None:
    return float(statistics.median(values)) if values else None


def _money_median(values: list[Decimal]) -> Decimal:
    return round_cents(statistics.median(values)) if values else Decimal("0.00")


def practice_figures(start: dt.date, end: dt.date, requests: list, decisions: list,
                     notifications: list[tuple[int, dt.date, str]]) -> PracticeFigures:
    """The figures of the period [start, end] from the register (RegisteredRequest-like: case_id and a
    request with received and how), the decisions taken (TakenDecision-like) and the notifications."""
    within = lambda day: start <= day <= end  # noqa: E731
    f = PracticeFigures(start, end)
    in_period = [r for r in requests if within(r.request.received)]
    f.requests = len(in_period)
    f.requests_by_channel = dict(Counter(r.request.how for r in in_period))

    by_case: dict[str, list] = {}
    for d in decisions:
        by_case.setdefault(d.case_id, []).append(d)
    received_by_case: dict[str, list[dt.date]] = {}
    for r in requests:
        received_by_case.setdefault(r.case_id, []).append(r.request.received)

    on_time = late = pending = pending_overdue = 0
    days = []
    for r in in_period:
        received = r.request.received
        later = [x for x in received_by_case[r.case_id] if x > received]
        until = min(later) if later else None  # a later request opens a new procedure
        answer = next((d for d in by_case.get(r.case_id, []) if d.decided >= received
                       and (until is None or d.decided < until)), None)
        due = law.decision_due(received)
        if answer is None:
            pending += 1
            pending_overdue += end > due
            continue
        days.append((answer.decided - received).days)
        if answer.decided <= due:
            on_time += 1
        else:
            late += 1
    f.decision_delay = Delay(on_time, late, pending, pending_overdue, _median(days))

    taken = [d for d in decisions if within(d.decided)]
    f.decisions_by_outcome = dict(Counter(d.outcome for d in taken))
    first_notice: dict[int, dt.date] = {}
    for decision_id, on, _method in notifications:
        first_notice.setdefault(decision_id, on)
    on_time = late = pending = pending_overdue = 0
    days = []
    for d in taken:
        due = law.notification_due(d.decided)
        notified = first_notice.get(d.id)
        if notified is None:
            pending += 1
            pending_overdue += end > due
            continue
        days.append((notified - d.decided).days)
        if notified <= due:
            on_time += 1
        else:
            late += 1
    f.notification_delay = Delay(on_time, late, pending, pending_overdue, _median(days))

    gaps: dict[str, list[Decimal]] = {}
    overrides: dict[str, Counter] = {}
    for d in taken:
        totals = d.output["totals"]
        gaps.setdefault(household_type(d.household.get("members", [])), []).append(to_money(totals["gap"]))
        for c in d.output.get("categories", []):
            if c.get("basis") == "override":
                overrides.setdefault(c["key"], Counter())[c.get("reason") or ""] += 1
        if d.outcome in ("granted", "partly_granted"):
            computed = to_money(totals["proposed_aid"])
            proposed = to_money(d.decision["proposal_amount"]) if d.decision.get("proposal_amount") else computed
            granted = to_money(d.decision["amount"]) if d.decision.get("amount") else proposed
            f.computed += computed
            f.proposed += proposed
            f.granted += granted
    f.gaps_by_household = {
        kind: GapFigures(len(values), round_cents(sum(values) / len(values)), _money_median(values))
        for kind, values in sorted(gaps.items(), key=lambda item: HOUSEHOLD_TYPES.index(item[0]))}
    f.overrides = {key: dict(counter.most_common()) for key, counter in sorted(overrides.items())}
    return f
