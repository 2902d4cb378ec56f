"""Making a sheet (the decision letter, the client's budget sheet) and writing it, all or nothing."""

from __future__ import annotations

from pathlib import Path

from ..domain.assessment import Assessment
from ..domain.dataset import Dataset
from ..domain.decision import Decision
from ..domain.household import Household
from ..domain.policy import Policy
from ..domain.profile import Profile
from ..files import same_file, write_atomic
from .errors import ServiceError


def make_sheet(a: Assessment, household: Household, policy: Policy, dataset: Dataset,
               decision: Decision | None = None, client: bool = False, profile: Profile | None = None,
               letter_date=None) -> bytes:
    """The PDF of the decision letter, or with `client` the client's budget sheet; `profile` is the
    caseworker following the file, `letter_date` the date of the letter (default: the decision's, else
    the assessment's: never the clock, so that a sheet reprints the same)."""
    from ..report import SheetTooLong, client_sheet, decision_sheet

    try:
        return (client_sheet(a, household, policy, dataset) if client
                else decision_sheet(a, household, policy, dataset, decision, profile=profile,
                                    letter_date=letter_date))
    except SheetTooLong:
        raise ServiceError("sheet_too_long") from None


def write_file(target: Path, data: bytes, keep: tuple[Path, ...] = ()) -> None:
    """Write a file all or nothing; never over one of the files in `keep` (the household it came from)."""
    target = Path(target)
    for other in keep:
        if same_file(target, other):
            raise ServiceError("output_is_input", path=other)
    try:
        write_atomic(target, data)
    except OSError:
        raise ServiceError("file_unwritable", user_fault=False, path=target) from None
