"""A laptop and the office database meet: what the laptop recorded offline goes to the office, and the cases
the office gives its user come down for the next home visits.

Both directions merge by case id (bundle.merge_cases): cases, household snapshots, assessments and decisions
are append-only, so what one side lacks is added and nothing is ever overwritten; a case changed on both
sides is listed as a conflict for a person to resolve. Each direction is one transaction on its side: a
sync cut in the middle (the network gone) leaves each side as it was or complete, and the next sync
finishes the work, since what is already there is recognised and skipped.

Each side keeps its own audit chain: the office records every case it received ("sync", by whom), the
laptop every case it took. A laptop's clock does not decide anything (merging is by id, not by time), but
a clock off by more than CLOCK_TOLERANCE is reported: its times would mislead whoever reads the history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import or_, select, text

from .bundle import ImportReport, cases_payload, merge_cases
from .errors import StoreError
from .models import Case

CLOCK_TOLERANCE = dt.timedelta(minutes=10)


@dataclass
class SyncReport:
    sent: ImportReport = field(default_factory=ImportReport)  # as the office saw what the laptop sent
    received: ImportReport = field(default_factory=ImportReport)  # as the laptop saw what the office sent
    clock_off_by: dt.timedelta | None = None  # the laptop's clock minus the server's, when beyond tolerance

    @property
    def conflicts(self) -> list[tuple[str, str]]:
        return sorted(set(self.sent.conflicts) | set(self.received.conflicts))


def _server_clock(office) -> dt.datetime:
    with office._read() as s:
        return s.execute(text("SELECT now()")).scalar_one()


def _followed_by(office, user_id: int) -> list[str]:
    """The office's cases this user follows: created by them or assigned to them."""
    with office._read() as s:
        return list(s.execute(select(Case.id).where(or_(Case.created_by == user_id, Case.assigned_to == user_id))
                              .order_by(Case.id)).scalars())


def sync(laptop, office, progress=None) -> SyncReport:
    """Send the laptop's cases to the office, then bring the office's cases of this user to the laptop.
    Both stores are signed in, as the same person (by name). `progress(step, steps)` is called as it goes."""
    if laptop.office or not office.office:
        raise StoreError("sync_needs_laptop_and_office")
    if laptop.user.name != office.user.name:
        raise StoreError("sync_other_user", user=laptop.user.name, office_user=office.user.name)
    report = SyncReport()
    step = (lambda n: progress(n, 4)) if progress else (lambda n: None)
    off_by = dt.datetime.now(dt.UTC) - _server_clock(office)
    if abs(off_by) > CLOCK_TOLERANCE:
        report.clock_off_by = off_by
    step(1)
    outgoing = cases_payload(laptop, laptop.case_ids())  # read whole before the other side is written
    step(2)
    report.sent = merge_cases(office, outgoing, action="sync")
    step(3)
    incoming = cases_payload(office, _followed_by(office, office.user.id))
    report.received = merge_cases(laptop, incoming, action="sync")
    step(4)
    return report
