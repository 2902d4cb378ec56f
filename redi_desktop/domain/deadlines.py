"""The legal deadlines of the aid procedure, counted as the Judicial Code counts periods.

- decision due: 30 days from the request's receipt (organic law of 8 July 1976, art. 58 §1);
- notification due: 8 days from the decision (art. 62bis);
- appeal until: 3 months from the notification (art. 71; the Charter of the social insured, art. 14, says
  the period does not start if the decision lacks its mentions: the date is the latest one, not a promise);
- revision due: the last day the granted aid covers, start + months − 1 day.

Counting (Judicial Code art. 52–54): a period runs from the day after the event (art. 52); a period in
months runs from the date of its first day to the eve of the same date (art. 54, "de quantième à veille de
quantième"), the last day of the month when that date does not exist; an expiry on a Saturday, a Sunday or
a legal public holiday moves to the next working day (art. 53). The revision date is the last day of the
aid, not a time limit to act: it is not moved.

A registered letter (art. 53bis, inserted by the law of 13 December 2005, in force 2 January 2006): towards
the addressee, "unless the law provides otherwise", a period that runs from a notification on paper runs,
for a registered or an ordinary letter, from the third working day after the letter was handed to the postal
services, unless the addressee proves otherwise (2°); for a registered letter with acknowledgment of
receipt, from the day after it was presented at the addressee's home (1°). Text quoted by the federal family
benefits agency's circular 996/62 of 29 March 2006 (gpedia.groeipakket.be); Saturdays and Sundays are not
working days for it (Council of State, 26 June 2007, no. 230.088, elfri.be). Article 62bis of the organic law
sends the decision by registered letter (or by hand against a receipt) and art. 71 says nothing else about
the start, so 53bis 2° applies: the three months start on the third working day after posting. Case law on
CPAS decisions is not uniform (the labour court of Mons, 18 January 2006, took the first presentation at
the home, citing the Constitutional Court, 5 May 2011, no. 59/2011: terralaboris.be; a Brussels guide says
the first working day after posting: bdas-wwsb.brussels, 6.3, 1 October 2024). The product follows the
Code's text and says so in the README. By hand against a receipt, the period runs from the day after the
handing (art. 52).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from functools import cache

DECISION_DAYS = 30  # organic law, art. 58 §1
NOTIFICATION_DAYS = 8  # art. 62bis
APPEAL_MONTHS = 3  # art. 71
METHODS = ("registered", "by_hand")
ONE_DAY = dt.timedelta(days=1)


def easter(year: int) -> dt.date:
    """Easter Sunday of the Gregorian calendar (the anonymous algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    j = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * j) // 451
    month, day = divmod(h + j - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


@cache
def public_holidays(year: int) -> frozenset[dt.date]:
    """Belgium's ten legal public holidays (law of 4 January 1974): New Year, Easter Monday, Labour Day,
    Ascension, Whit Monday, the National Day, the Assumption, All Saints, the Armistice, Christmas."""
    e = easter(year)
    return frozenset({
        dt.date(year, 1, 1), e + dt.timedelta(days=1), dt.date(year, 5, 1), e + dt.timedelta(days=39),
        e + dt.timedelta(days=50), dt.date(year, 7, 21), dt.date(year, 8, 15), dt.date(year, 11, 1),
        dt.date(year, 11, 11), dt.date(year, 12, 25),
    })


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year)


def next_working_day(day: dt.date) -> dt.date:
    """The day itself when it is a working day, else the next one (art. 53)."""
    while not is_working_day(day):
        day += ONE_DAY
    return day


def add_months(day: dt.date, months: int) -> dt.date | None:
    """The same date `months` later, or None when that month has no such date (31 January + 1 month)."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    if day.day > calendar.monthrange(year, month)[1]:
        return None
    return dt.date(year, month, day.day)


def months_end(first: dt.date, months: int) -> dt.date:
    """The last day of a period of `months` whose first day is `first`: the eve of the same date, or the
    last day of the month when that month has no such date."""
    same = add_months(first, months)
    if same is not None:
        return same - ONE_DAY
    y, m = divmod(first.month - 1 + months, 12)
    year, month = first.year + y, m + 1
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def days_after(event: dt.date, days: int) -> dt.date:
    """The expiry of a period of `days` counted from the day after `event`, moved off a non-working day."""
    return next_working_day(event + dt.timedelta(days=days))


def decision_due(received: dt.date) -> dt.date:
    return days_after(received, DECISION_DAYS)


def notification_due(decided: dt.date) -> dt.date:
    return days_after(decided, NOTIFICATION_DAYS)


def appeal_starts(notified: dt.date, method: str) -> dt.date:
    """The first day of the appeal period: the third working day after posting a registered letter
    (art. 53bis 2°), the day after a handing against a receipt (art. 52)."""
    if method == "registered":
        day, count = notified, 0
        while count < 3:
            day += ONE_DAY
            if is_working_day(day):
                count += 1
        return day
    if method == "by_hand":
        return notified + ONE_DAY
    raise ValueError(method)


def appeal_until(notified: dt.date, method: str) -> dt.date:
    """The last day to appeal to the labour tribunal (art. 71), moved off a non-working day."""
    return next_working_day(months_end(appeal_starts(notified, method), APPEAL_MONTHS))


def revision_due(start: dt.date, months: int) -> dt.date:
    """The last day the granted aid covers: start + months − 1 day (not moved: a day of aid, not a limit)."""
    if months < 1:
        raise ValueError(months)
    return months_end(start, months)


def answers(received: dt.date | None, decided: dt.date | None) -> bool:
    """Whether a decision of `decided` answers the latest request, received on `received`: one dated before
    that request answered an earlier one."""
    return decided is not None and (received is None or decided >= received)


@dataclass(frozen=True)
class Deadlines:
    """A case's deadlines, each None until the step it follows is known."""

    decision_due: dt.date | None = None
    notification_due: dt.date | None = None
    appeal_until: dt.date | None = None
    revision_due: dt.date | None = None

    def to_dict(self) -> dict[str, str | None]:
        return {k: None if v is None else v.isoformat() for k, v in self.__dict__.items()}


def deadlines(received: dt.date | None, decided: dt.date | None = None, notified: dt.date | None = None,
              method: str | None = None, start: dt.date | None = None, months: int | None = None) -> Deadlines:
    """What is due from what happened: the decision from the request, the notification from the decision,
    the appeal from the notification, the revision from the aid granted (start and months)."""
    return Deadlines(
        decision_due=None if received is None else decision_due(received),
        notification_due=None if decided is None else notification_due(decided),
        appeal_until=None if notified is None or method is None else appeal_until(notified, method),
        revision_due=None if start is None or not months else revision_due(start, months),
    )
