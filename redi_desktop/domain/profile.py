"""The caseworker's profile: typed once, printed on each letter as "file followed by"."""

from __future__ import annotations

import re

from .fields import Field, document, labels
from .messages import N_

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")

PROFILE_FIELDS = (
    Field("name", "text", N_("name"), ""),
    Field("phone", "text", N_("phone"), ""),
    Field("email", "text", N_("e-mail"), "", problem="bad_email", check=lambda v: bool(_EMAIL.fullmatch(v))),
    Field("service", "text", N_("service"), ""),
)
PROFILE_LABELS = labels(PROFILE_FIELDS)


class Profile(document("ProfileFields", PROFILE_FIELDS, "profile")):
    """Who follows the files: name, phone, e-mail and service of the caseworker."""

    __slots__ = ()

    def __bool__(self) -> bool:
        return bool(self.to_dict())
