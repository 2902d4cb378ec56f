"""The procedure's deadlines counted as the Judicial Code counts (art. 52-54, 53bis): across month ends,
leap years, year ends, weekends and Belgian public holidays."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from redi_desktop.domain.deadlines import (
    appeal_until,
    deadlines,
    decision_due,
    easter,
    is_working_day,
    months_end,
    notification_due,
    public_holidays,
    revision_due,
)
from redi_desktop.domain.messages import InvalidInput
from redi_desktop.domain.request import Request

D = dt.date


@pytest.mark.parametrize("year, sunday", [(2000, D(2000, 4, 23)), (2019, D(2019, 4, 21)), (2024, D(2024, 3, 31)),
                                          (2025, D(2025, 4, 20)), (2026, D(2026, 4, 5)), (2027, D(2027, 3, 28)),
                                          (2038, D(2038, 4, 25))])
def test_easter_sunday(year, sunday):
    assert easter(year) == sunday


def test_the_ten_belgian_public_holidays_of_2026():
    assert sorted(public_holidays(2026)) == [
        D(2026, 1, 1), D(2026, 4, 6), D(2026, 5, 1), D(2026, 5, 14), D(2026, 5, 25), D(2026, 7, 21),
        D(2026, 8, 15), D(2026, 11, 1), D(2026, 11, 11), D(2026, 12, 25)]


@pytest.mark.parametrize("received, due", [
    (D(2026, 3, 2), D(2026, 4, 1)),  # a plain Wednesday
    (D(2026, 1, 1), D(2026, 2, 2)),  # 31 January 2026 is a Saturday: Monday
    (D(2025, 12, 2), D(2026, 1, 2)),  # across the year end, onto New Year's Day: the next day
    (D(2024, 1, 30), D(2024, 2, 29)),  # a leap day is a day like any other
    (D(2023, 1, 30), D(2023, 3, 1)),  # no leap day in 2023
    (D(2026, 3, 7), D(2026, 4, 7)),  # 6 April 2026 is Easter Monday
    (D(2026, 6, 21), D(2026, 7, 22)),  # 21 July, the National Day
])
def test_decision_due_thirty_days_after_the_request(received, due):
    assert decision_due(received) == due


@pytest.mark.parametrize("decided, due", [
    (D(2026, 7, 13), D(2026, 7, 22)),  # 21 July is a holiday
    (D(2026, 12, 28), D(2027, 1, 5)),  # across the year end
    (D(2024, 2, 21), D(2024, 2, 29)),  # leap year
    (D(2026, 11, 3), D(2026, 11, 12)),  # 11 November, the Armistice
    (D(2026, 5, 6), D(2026, 5, 15)),  # 14 May 2026 is Ascension: the next day
])
def test_notification_due_eight_days_after_the_decision(decided, due):
    assert notification_due(decided) == due


@pytest.mark.parametrize("first, months, last", [
    (D(2026, 1, 31), 1, D(2026, 2, 28)),  # no 31 February: the last day of February
    (D(2024, 1, 31), 1, D(2024, 2, 29)),  # in a leap year, the 29th
    (D(2026, 2, 1), 1, D(2026, 2, 28)),
    (D(2026, 3, 1), 1, D(2026, 3, 31)),
    (D(2024, 2, 29), 12, D(2025, 2, 28)),
    (D(2025, 12, 1), 3, D(2026, 2, 28)),  # across the year end
    (D(2026, 11, 15), 3, D(2027, 2, 14)),
    (D(2026, 1, 1), 12, D(2026, 12, 31)),
])
def test_a_period_in_months_ends_on_the_eve_of_the_same_date(first, months, last):
    assert months_end(first, months) == last


@pytest.mark.parametrize("start, months, last", [
    (D(2026, 1, 1), 12, D(2026, 12, 31)),
    (D(2026, 1, 31), 1, D(2026, 2, 28)),
    (D(2024, 1, 31), 1, D(2024, 2, 29)),
    (D(2026, 3, 15), 6, D(2026, 9, 14)),
    (D(2026, 11, 1), 3, D(2027, 1, 31)),  # a Sunday: the aid's last day is not moved
])
def test_revision_due_on_the_last_day_the_aid_covers(start, months, last):
    assert revision_due(start, months) == last


def test_a_revision_period_of_zero_months_is_refused():
    with pytest.raises(ValueError):
        revision_due(D(2026, 1, 1), 0)


@pytest.mark.parametrize("notified, method, until", [
    # by hand: from the day after the handing, three months to the eve of the same date
    (D(2026, 9, 21), "by_hand", D(2026, 12, 21)),
    (D(2026, 11, 30), "by_hand", D(2027, 3, 1)),  # ends 28 February 2027, a Sunday
    (D(2026, 1, 30), "by_hand", D(2026, 4, 30)),
    # registered (art. 53bis 2°): from the third working day after posting
    (D(2026, 9, 21), "registered", D(2026, 12, 23)),  # Mon: Tue, Wed, Thu 24 Sep first day; 23 Dec last
    (D(2026, 12, 23), "registered", D(2027, 3, 30)),  # 25 Dec and the weekend skipped; 28-29 Mar 2027 Easter
    (D(2026, 5, 13), "registered", D(2026, 8, 18)),  # 14 May (Ascension) and the weekend skipped: first day 19 May
])
def test_appeal_until(notified, method, until):
    assert appeal_until(notified, method) == until


def test_deadlines_of_a_case_follow_what_happened():
    nothing = deadlines(None)
    assert nothing.to_dict() == {"decision_due": None, "notification_due": None, "appeal_until": None,
                                 "revision_due": None}
    d = deadlines(D(2026, 3, 2), D(2026, 3, 20), D(2026, 3, 23), "by_hand", D(2026, 4, 1), 6)
    assert d.to_dict() == {"decision_due": "2026-04-01", "notification_due": "2026-03-30",
                           "appeal_until": "2026-06-23", "revision_due": "2026-09-30"}


days = st.dates(min_value=D(2023, 1, 1), max_value=D(2099, 12, 31))


@given(days)
def test_every_expiry_is_a_working_day_and_not_early(day):
    for due, least in ((decision_due(day), day + dt.timedelta(days=30)),
                       (notification_due(day), day + dt.timedelta(days=8))):
        assert is_working_day(due)
        assert least <= due <= least + dt.timedelta(days=5)  # at most a long weekend and a holiday later
        assert all(not is_working_day(least + dt.timedelta(days=k)) for k in range((due - least).days))
    for method in ("registered", "by_hand"):
        until = appeal_until(day, method)
        assert is_working_day(until) and D(day.year, day.month, 1) + dt.timedelta(days=88) <= until


@given(days, st.integers(min_value=1, max_value=120))
def test_months_chain_without_gap_or_overlap(start, months):
    """The day after the last day of aid is the same date `months` later, or the first of the month after
    when that month has no such date: consecutive periods never overlap nor leave a day uncovered."""
    last = revision_due(start, months)
    after = last + dt.timedelta(days=1)
    assert after.day == start.day or (after.day == 1 and start.day > 28)
    assert (after.year - start.year) * 12 + after.month - start.month in (months, months + 1)
    assert revision_due(start, months + 1) > last


def test_a_request_is_read_from_the_case_file():
    r = Request.from_dict({"received": "2026-01-31", "how": "letter", "received_by": "A. Agent",
                           "asked": "help with the rent"})
    assert (r.received, r.how, r.received_by, r.asked) == (D(2026, 1, 31), "letter", "A. Agent", "help with the rent")
    assert Request.from_dict(r.to_dict()) == r


@pytest.mark.parametrize("data, key", [({"how": "letter"}, "missing_field"), ({"received": None}, "missing_field"),
                                       ({"received": "31/01/2026"}, "bad_date"),
                                       ({"received": "2026-01-31", "how": "fax"}, "bad_choice"),
                                       ({"received": "2026-01-31", "by": "x"}, "unknown_field")])
def test_a_request_without_a_date_or_with_a_bad_field_is_refused(data, key):
    with pytest.raises(InvalidInput) as err:
        Request.from_dict(data)
    assert err.value.problems[0].key == key
