"""The caseworker's profile: typed once, printed on each letter as "file followed by"."""

from __future__ import annotations

import re
from typing import Any

from .fields import Field, labels, read_record, record, write_group
from .messages import N_

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")

PROFILE_FIELDS = (
    Field("name", "text", N_("name"), ""),
    Field("phone", "text", N_("phone"), ""),
    Field("email", "text", N_("e-mail"), "", problem="bad_email", check=lambda v: bool(_EMAIL.fullmatch(v))),
    Field("service", "text", N_("service"), ""),
)
PROFILE_LABELS = labels(PROFILE_FIELDS)


class Profile(record("ProfileFields", PROFILE_FIELDS, "")):
    """Who follows the files: name, phone, e-mail and service of the caseworker."""

    __slots__ = ()

    @classmethod
    def from_dict(cls, data: Any) -> Profile:
        return read_record(cls, data, "profile", PROFILE_FIELDS)

    def to_dict(self) -> dict[str, Any]:
        return write_group(self, PROFILE_FIELDS)

    def __bool__(self) -> bool:
        return bool(self.to_dict())
