"""What the caseworker proposes and the committee decides: kept apart from what the engine computed.

Read from the optional "decision" object of a case file (beside the household's fields); never part of
the household, so the assessment's identity does not change when the committee decides.
"""

from __future__ import annotations

from .fields import Field, document
from .messages import N_

OUTCOMES = ("pending", "granted", "partly_granted", "refused")


DECISION_FIELDS = (
    Field("caseworker", "text", N_("social worker"), ""),
    Field("proposal_amount", "amount", N_("proposed aid")),  # the caseworker's proposal; None: the computed amount
    Field("proposal_reasons", "text", N_("reasons of the proposal"), ""),
    Field("body", "text", N_("deciding body"), ""),  # the deciding body; empty: the policy's
    Field("date", "date", N_("date of the decision")),
    Field("outcome", "choice", N_("outcome"), "pending", OUTCOMES, always=True),
    Field("amount", "amount", N_("amount")),
    Field("start", "date", N_("start of the aid")),
    Field("duration_months", "count", N_("duration in months"), low=1, high=120),
    Field("conditions", "text", N_("conditions"), ""),
    Field("motivation", "text", N_("motivation"), ""),
)


class Decision(document("DecisionFields", DECISION_FIELDS, "decision")):
    """What the caseworker proposes and the committee decides."""

    __slots__ = ()
