"""What can go wrong with the case store, by key; the English text is the msgid of the catalogs."""

from __future__ import annotations

from typing import Any

from ..domain.messages import N_

MESSAGES: dict[str, str] = {
    "wrong_passphrase": N_("The passphrase is not right, or the case database is damaged."),
    "store_missing": N_("There is no case database in {path} yet: create it with “redi-desktop init”."),
    "store_exists": N_("A case database already exists in {path}."),
    "store_damaged": N_("The case database {path} is damaged. Nothing was changed; restore a backup."),
    "store_too_new": N_("The case database {path} was written by a newer version of REDI Desktop. Update the program."),
    "store_locked": N_("The case database is in use by another program. Close it and try again."),
    "store_in_use": N_("The case database is open in another program (REDI Desktop or a command): close it and try "
                       "again. Nothing was changed."),
    "store_full": N_("The disk is full: nothing was saved, and the case database is not damaged. Free some space "
                      "and try again."),
    "store_read_only": N_("The case database {path} cannot be written (read-only folder or file). Nothing was saved."),
    "store_unreadable": N_("The case database {path} cannot be opened."),
    "passphrase_empty": N_("The passphrase cannot be empty."),
    "passphrase_mismatch": N_("The two passphrases differ."),
    "case_unknown": N_("There is no case {case}."),
    "case_needs_client": N_("A case needs the client's first or last name."),
    "backup_missing": N_("The backup {path} does not exist."),
    "backup_damaged": N_("The backup {path} is damaged or was made with another passphrase. Nothing was changed."),
    "bundle_damaged": N_("The bundle {path} is damaged, or the bundle passphrase is not right."),
    "bundle_unreadable": N_("The file {path} is not a REDI Desktop bundle."),
    "bundle_cost_too_high": N_("The file {path} asks for more memory or time to unlock than REDI Desktop ever uses: "
                               "it was changed, or not made by REDI Desktop. Nothing was imported."),
    "file_unwritable": N_("The file {path} cannot be written."),
    "user_unknown": N_("There is no user {user}."),
    "policy_reason_required": N_("Say why the policy changes: the reason is kept in its change log. Nothing was saved."),
    "policy_version_not_newer": N_("The policy has version {version}, not newer than the active version {active}: "
                                   "nothing was saved."),
    "assessment_mismatch": N_("The assessment was not computed from this household: nothing was saved."),
}

# failures the user can fix by what they type; the others are states of the machine
USER_FIXABLE = {"wrong_passphrase", "passphrase_empty", "passphrase_mismatch", "case_unknown", "case_needs_client",
                "store_missing", "store_exists", "backup_missing", "bundle_damaged", "bundle_unreadable",
                "bundle_cost_too_high",
                "user_unknown", "policy_reason_required", "policy_version_not_newer"}


class StoreError(Exception):
    """A store failure a user can understand: a message key and its parameters (no personal data)."""

    def __init__(self, key: str, **params: Any):
        super().__init__(key)
        self.key = key
        self.params = params

    def text(self) -> str:
        """The sentence in the current language."""
        from ..i18n import _

        return _(MESSAGES[self.key]).format(**self.params)

    def __str__(self) -> str:
        return MESSAGES[self.key].format(**self.params)
