"""Making a sheet (the decision letter, the client's budget sheet) and writing it, all or nothing."""

from __future__ import annotations

import os
import stat
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
               letter_date=None, anchor: str | None = None, notification=None, scenarios=()) -> bytes:
    """The PDF of the decision letter, or with `client` the client's budget sheet; `profile` is the
    caseworker following the file, `letter_date` the date of the letter (default: the decision's, else
    the assessment's: never the clock, so that a sheet reprints the same); `anchor` the case store's audit
    chain head (services.cases.audit_anchor), printed in the small print; `notification` (the day and the
    method) makes the letter state the appeal period. `scenarios`, computed beside the assessment
    (ScenarioResult), give the client's sheet its page "What could help"."""
    from ..report import SheetTooLong, client_sheet, decision_sheet

    try:
        chosen = [(r.name, r.totals) for r in scenarios if r.totals is not None]
        return (client_sheet(a, household, policy, dataset, anchor=anchor, scenarios=chosen) if client
                else decision_sheet(a, household, policy, dataset, decision, profile=profile,
                                    letter_date=letter_date, anchor=anchor, notification=notification))
    except SheetTooLong:
        raise ServiceError("sheet_too_long") from None


def check_output(target: Path, keep: tuple[Path, ...] = (), said: str = "output_is_input") -> Path:
    """Refuse to write over one of the files in `keep` or over what is not a file: the new file would
    replace a folder's name, a pipe or, for an administrator, a device (`-o /dev/null` would leave /dev/null
    a plain file)."""
    target = Path(target)
    for other in keep:
        if same_file(target, other):
            raise ServiceError(said, path=other)
    try:
        mode = os.stat(target).st_mode
    except (OSError, ValueError):  # none yet (the usual case), or a name no file can have
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        raise ServiceError("file_not_regular", path=target)
    return target


def write_file(target: Path, data: bytes, keep: tuple[Path, ...] = ()) -> None:
    """Write a file all or nothing; never over one of the files in `keep` (the household it came from), nor
    over what is not a file (check_output)."""
    target = check_output(target, keep)
    try:
        write_atomic(target, data)
    except OSError:
        raise ServiceError("file_unwritable", user_fault=False, path=target) from None
