"""A request for aid as the CPAS receives it (organic law of 8 July 1976, art. 58 §1): the day it came in,
how, who received it and what is asked. The register number is given by the case store, in order.

Read from the optional "request" object of a case file (beside the household's fields, like "decision");
never part of the household, so the assessment's identity does not change with it.
"""

from __future__ import annotations

from .fields import Field, document
from .messages import N_

CHANNELS = ("in_person", "letter", "email", "phone", "third_party")

REQUEST_FIELDS = (
    Field("received", "date", N_("date the request was received"), required=True),
    Field("how", "choice", N_("how the request came in"), "in_person", CHANNELS, always=True),
    Field("received_by", "text", N_("received by"), ""),
    Field("asked", "text", N_("what is asked"), ""),
)


class Request(document("RequestFields", REQUEST_FIELDS, "request")):
    """A request for aid: received (date), how, received_by, asked."""

    __slots__ = ()
