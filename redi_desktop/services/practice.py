"""The anonymised practice report of a period (domain/practice.py computes it from what the store keeps):
as CSV (one figure a line: section, key, value) and as PDF with charts, in the user's language."""

from __future__ import annotations

import csv
import datetime as dt
import io

from ..domain.money import money_str
from ..domain.practice import OUTCOMES, PracticeFigures, practice_figures
from ..store.interface import CaseStore
from .cases import store_errors
from .errors import ServiceError


def practice(store: CaseStore, start: dt.date, end: dt.date, user: str | None = None) -> PracticeFigures:
    if end < start:
        raise ServiceError("period_backwards", start=start.isoformat(), end=end.isoformat())
    with store_errors():
        figures = practice_figures(start, end, store.requests(), store.decisions_taken(), store.notifications())
        store.record("print", ref=f"practice:{start.isoformat()}/{end.isoformat()}", user=user)
    return figures


def practice_rows(f: PracticeFigures) -> list[tuple[str, str, str]]:
    """Every figure as (section, key, value), keys in English, amounts and dates as the contract writes them."""
    out = [("period", "start", f.start.isoformat()), ("period", "end", f.end.isoformat()),
           ("requests", "received", str(f.requests))]
    out += [("requests_by_channel", k, str(v)) for k, v in sorted(f.requests_by_channel.items())]
    out += [("decisions_by_outcome", k, str(f.decisions_by_outcome.get(k, 0))) for k in OUTCOMES]
    for section, d in (("time_to_decision", f.decision_delay), ("time_to_notification", f.notification_delay)):
        out += [(section, "on_time", str(d.on_time)), (section, "late", str(d.late)),
                (section, "not_done", str(d.pending)), (section, "not_done_limit_passed", str(d.pending_overdue)),
                (section, "median_days", "" if d.median_days is None else f"{d.median_days:g}")]
    for kind, g in f.gaps_by_household.items():
        out += [("gap_by_household", f"{kind}.cases", str(g.cases)),
                ("gap_by_household", f"{kind}.mean", money_str(g.mean_gap)),
                ("gap_by_household", f"{kind}.median", money_str(g.median_gap))]
    out += [("aid", "computed", money_str(f.computed)), ("aid", "proposed", money_str(f.proposed)),
            ("aid", "granted", money_str(f.granted))]
    for key, reasons in f.overrides.items():
        out += [(f"overrides.{key}", reason, str(count)) for reason, count in reasons.items()]
    return out


def practice_csv(f: PracticeFigures) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("section", "key", "value"))
    writer.writerows(practice_rows(f))
    return buffer.getvalue()


def practice_pdf(store: CaseStore, f: PracticeFigures, lang: str) -> bytes:
    from ..report import practice_report
    from .policies import active_policy

    ident = active_policy(store).identity.cpas_name
    name = ident.in_lang(lang) or ident.fr or ident.nl or "CPAS / OCMW"
    return practice_report(f, name, lang)
