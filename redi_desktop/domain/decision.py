"""What the caseworker proposes and the committee decides: kept apart from what the engine computed.

Read from the optional "decision" object of a case file (beside the household's fields); never part of
the household, so the assessment's identity does not change when the committee decides.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .household import FieldReader
from .messages import InvalidInput
from .money import money_str

OUTCOMES = ("pending", "granted", "partly_granted", "refused")


@dataclass(frozen=True)
class Decision:
    caseworker: str = ""
    proposal_amount: Decimal | None = None  # the caseworker's proposal; None: the computed amount
    proposal_reasons: str = ""
    body: str = ""  # the deciding body; empty: the policy's
    date: dt.date | None = None
    outcome: str = "pending"
    amount: Decimal | None = None
    start: dt.date | None = None
    duration_months: int | None = None
    conditions: str = ""
    motivation: str = ""

    @classmethod
    def from_dict(cls, data: Any) -> Decision:
        r = FieldReader()
        d = r.obj(data, "decision", ("caseworker", "proposal_amount", "proposal_reasons", "body", "date",
                                     "outcome", "amount", "start", "duration_months", "conditions", "motivation"))
        decision = cls(
            caseworker=r.text(d, "caseworker", "decision"),
            proposal_amount=r.amount(d, "proposal_amount", "decision"),
            proposal_reasons=r.text(d, "proposal_reasons", "decision"),
            body=r.text(d, "body", "decision"),
            date=r.date(d, "date", "decision"),
            outcome=r.choice(d, "outcome", "decision", OUTCOMES, "pending"),
            amount=r.amount(d, "amount", "decision"),
            start=r.date(d, "start", "decision"),
            duration_months=r.integer(d, "duration_months", "decision", 1, 120),
            conditions=r.text(d, "conditions", "decision"),
            motivation=r.text(d, "motivation", "decision"),
        )
        if r.problems:
            raise InvalidInput(r.problems)
        return decision

    def to_dict(self) -> dict[str, Any]:
        """The fields given (empty ones left out), amounts as strings, dates ISO: what `from_dict` reads."""
        out: dict[str, Any] = {}
        for key, value in vars(self).items():
            if value is None or value == "":
                continue
            if isinstance(value, dt.date):
                value = value.isoformat()
            elif isinstance(value, Decimal):
                value = money_str(value)
            out[key] = value
        return out
