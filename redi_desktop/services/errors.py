"""The one error type of the application layer: a message key, its parameters, and whose it is to fix.

`user_fault` is True for input the user can correct (a file, a date, a passphrase): the command line exits
with 2, the GUI shows it at the page. Otherwise it is a state of the machine or the installation (a damaged
reference database, a full disk): exit 1, a message in a dialog. The text is made in the current language
when it is shown, so a language switch in between is respected.
"""

from __future__ import annotations

from typing import Any

from ..domain.messages import N_, InvalidInput, Problem

MESSAGES: dict[str, str] = {
    "file_missing": N_("The file {path} does not exist."),
    "file_unreadable": N_("The file {path} cannot be read."),
    "file_not_regular": N_("{path} is not a file (a folder, a device or a pipe): give the name of a file."),
    "file_too_large": N_("The file {path} is too large (more than {limit})."),
    "file_unwritable": N_("The file {path} cannot be written."),
    "output_is_input": N_("The sheet would overwrite the household file {path}: give another file name."),
    "output_is_store": N_("The bundle would overwrite the case database {path}: give another file name."),
    "policy_unreadable": N_("The policy file {path} cannot be read."),
    "dataset_missing": N_("The reference database {path} is missing."),
    "dataset_unknown": N_("The reference database {path} holds no dataset."),
    "dataset_unreadable": N_("The reference database {path} cannot be read."),
    "dataset_damaged": N_("The reference database {path} is damaged: its content does not match its hash."),
    "sheet_too_long": N_("The sheet cannot be made: a text is too long for one page. Shorten it."),
    "passphrase_file_bad": N_("The passphrase file {path} holds a character that cannot be part of a passphrase."),
    "run_id_or_all": N_("Name a run id, or use --all."),
    "reference_not_loaded": N_("The reference budgets are not loaded: nothing can be computed."),
    "dataset_file_missing": N_("Name the dataset file."),
    "dataset_file_format": N_("{name} is not a REDI Desktop dataset file. Nothing was added."),
    "dataset_file_checksum": N_("{name}: the checksum does not match the content (altered or damaged). "
                                "Nothing was added."),
    "dataset_file_content": N_("{name}: the content is not a dataset this version can read. Nothing was added."),
    "dataset_file_unsourced": N_("{name}: some values have no known source or derivation ({what}). "
                                 "Nothing was added."),
    "sheet_earlier_engine": N_("This assessment was computed by an earlier version of the program ({version}): "
                               "assess the case again to print its sheet."),
    "backup_failed": N_("The daily backup could not be made in {folder}: {reason} Your work is saved in the case "
                        "database all the same; make room or fix that folder so that it has a backup again."),
    "anchor_bad": N_("“{anchor}” is not a chain head as letters print it (at least 12 characters, 0 to 9 and a to f)."),
    "dataset_conflict": N_("The dataset {dataset} is already in the reference database with other content: a "
                           "corrected dataset needs a new id. Nothing was added."),
    "request_needs_date": N_("A request needs the date it was received."),
    "decision_outcome": N_("The outcome of a decision is granted, partly granted or refused."),
    "decision_before_request": N_("The decision ({date}) cannot be dated before the request ({received})."),
    "revision_zero_months": N_("Aid is granted for one month at least: give the number of months."),
    "notification_method": N_("A decision is notified by registered letter or by hand."),
    "nothing_to_notify": N_("This case has no decision to notify yet."),
    "notification_before_decision": N_("The notification ({date}) cannot be dated before the decision "
                                       "({decided})."),
    "no_request": N_("This case has no request in the register."),
    "period_backwards": N_("The period ends ({end}) before it starts ({start})."),
    "meeting_needs_date": N_("Give the date of the meeting."),
    "meeting_in_past": N_("The meeting of {date} is in the past: a new agenda is for a meeting to come."),
}


class ServiceError(Exception):
    """What went wrong, by key (services.MESSAGES, the store's messages, or the input's problems)."""

    def __init__(self, key: str, user_fault: bool = True, problems: list[Problem] | None = None,
                 file: str = "", **params: Any):
        super().__init__(key)
        self.key, self.user_fault, self.params = key, user_fault, params
        self.problems, self.file = problems or [], file

    @classmethod
    def invalid(cls, exc: InvalidInput, file: str = "") -> ServiceError:
        """Input that does not hold together: every problem, named by the file it came from."""
        return cls("invalid_input", True, problems=list(exc.problems), file=file)

    @classmethod
    def from_store(cls, exc) -> ServiceError:
        from ..store.errors import USER_FIXABLE

        return cls(exc.key, exc.key in USER_FIXABLE, **exc.params)

    def text(self) -> str:
        """One sentence in the current language (the first problem, and how many more)."""
        from ..i18n import _, excerpt, message, ngettext

        if self.problems:
            text = message(self.problems[0])
            if self.file:
                text = _("{file}: {problem}").format(file=excerpt(self.file, 80), problem=text)
            more = len(self.problems) - 1
            if more:
                text += " " + ngettext("({count} more problem)", "({count} more problems)", more).format(count=more)
            return text
        from ..store.errors import MESSAGES as STORE_MESSAGES

        template = MESSAGES.get(self.key) or STORE_MESSAGES[self.key]
        return _(template).format(**{k: excerpt(str(v), 120) for k, v in self.params.items()})

    def __str__(self) -> str:
        if self.problems:
            return "; ".join(p.english() for p in self.problems)
        from ..store.errors import MESSAGES as STORE_MESSAGES

        return (MESSAGES.get(self.key) or STORE_MESSAGES.get(self.key, self.key)).format(**self.params)
