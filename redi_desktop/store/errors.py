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
    "wrong_password": N_("The password of {user} is not right."),
    "keys_damaged": N_("The key file of the case database is damaged or missing: restore it from a backup "
                       "(it is saved beside each backup). Nothing was changed."),
    "user_name_bad": N_("A user name is 1 to 80 characters of text."),
    "role_unknown": N_("There is no role “{role}”: choose one of {roles}."),
    "user_exists": N_("There is already a user {user}."),
    "user_disabled": N_("The user {user} was disabled: ask an administrator."),
    "user_disable_self": N_("You cannot disable yourself: another administrator must do it."),
    "not_allowed": N_("{why}"),
    "not_signed_in_as": N_("You are not signed in as {user}: sign in as that user to act in their name."),
    "office_url_bad": N_("“{url}” is not the address of an office database (postgresql://USER@HOST:PORT/DATABASE)."),
    "office_login_refused": N_("The office database {url} refused the sign-in of the program: check the database "
                               "role and its password (libpq's password file)."),
    "office_no_database": N_("There is no database at {url}: ask whoever runs the server."),
    "office_tls": N_("The secure connection to {url} failed (TLS): check sslmode and the server's certificate."),
    "office_unreachable": N_("The office database {url} cannot be reached: check the network and try again. "
                             "Nothing was changed."),
    "sync_needs_laptop_and_office": N_("A sync is between this laptop's case database and an office database."),
    "sync_other_user": N_("You are {user} on this laptop but {office_user} at the office: sign in as the same person."),
    "office_backup": N_("The office database is backed up by its server (pg_dump or base backups), not by this "
                        "program."),
}

# failures the user can fix by what they type; the others are states of the machine
USER_FIXABLE = {"wrong_passphrase", "passphrase_empty", "passphrase_mismatch", "case_unknown", "case_needs_client",
                "store_missing", "store_exists", "backup_missing", "bundle_damaged", "bundle_unreadable",
                "user_unknown", "policy_reason_required", "policy_version_not_newer", "wrong_password",
                "user_name_bad", "role_unknown", "user_exists", "user_disabled", "user_disable_self", "not_allowed",
                "not_signed_in_as", "office_url_bad", "office_login_refused", "office_no_database", "office_tls",
                "office_backup", "sync_needs_laptop_and_office", "sync_other_user", "bundle_cost_too_high"}


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
