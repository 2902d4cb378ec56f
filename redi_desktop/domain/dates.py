"""The assessment date: which date an assessment is made on, and the range the reference data cover.

The rule holds on every path that computes (the command line, the case store, the GUI): the date given
explicitly, else the household's own, else today; and it must lie between FIRST_DATE and LAST_DATE.
`compute()` refuses a date outside the range itself, so no caller can store a budget of an uncovered date.
"""

from __future__ import annotations

import datetime as dt
import re

from .messages import InvalidInput, Problem

FIRST_DATE = dt.date(2023, 1, 1)  # the first date the reference data cover
LAST_DATE = dt.date(2099, 12, 31)
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def in_range(on: dt.date) -> bool:
    return FIRST_DATE <= on <= LAST_DATE


def check_assessment_date(on: dt.date) -> None:
    if not in_range(on):
        raise InvalidInput([Problem("date_out_of_range", "assessment_date")])


def assessment_date(explicit: dt.date | None, household, today: dt.date | None = None) -> dt.date:
    """The date of an assessment: explicit, else the household's, else today; refused out of range."""
    on = explicit or household.assessment_date or today or dt.date.today()
    check_assessment_date(on)
    return on


def parse_iso_date(text: str, path: str) -> dt.date:
    """YYYY-MM-DD exactly (a file or a command line; the GUI reads the user's own ways in i18n)."""
    try:
        if not ISO_DATE.fullmatch(text):
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput([Problem("bad_date", path, {"value": text})]) from None
