"""Who may do what in a CPAS's case base: four roles, and the actions each may take.

The roles follow how a small CPAS works: the caseworker follows her own cases and those assigned to her;
the head of service sees every case of the service and assigns them; the committee secretary prepares the
meetings and records decisions and notifications; the administrator keeps the users, the policy, the
reference data and the backups (on a one-person laptop the only user is an administrator and does all).
"""

from __future__ import annotations

from ..domain.messages import N_

ROLES = ("caseworker", "head", "secretary", "admin")

ROLE_LABELS = {
    "caseworker": N_("caseworker"),
    "head": N_("head of service"),
    "secretary": N_("committee secretary"),
    "admin": N_("administrator"),
}

# action -> the roles that may take it
ALLOWED: dict[str, frozenset[str]] = {
    "case_write": frozenset({"caseworker", "head", "admin"}),      # add a case, a new assessment, a draft
    "case_read_all": frozenset({"head", "secretary", "admin"}),   # every case, not only one's own
    "case_assign": frozenset({"head", "admin"}),
    "case_erase": frozenset({"head", "admin"}),
    "decide": frozenset({"secretary", "head", "admin"}),          # the committee's decision, notifications
    "policy": frozenset({"admin"}),
    "users": frozenset({"admin"}),
    "dataset": frozenset({"admin"}),
    "backup": frozenset({"admin"}),
    "verify": frozenset({"head", "admin"}),
}

# why a refusal is refused, in one sentence each (the catalogs translate them)
REFUSALS = {
    "case_write": N_("A {role} cannot save cases: ask a caseworker or the head of service."),
    "case_read_all": N_("This case is not yours and was not assigned to you: ask the head of service."),
    "case_assign": N_("Only the head of service or an administrator assigns cases."),
    "case_erase": N_("Only the head of service or an administrator erases a case."),
    "decide": N_("Only the committee secretary, the head of service or an administrator records decisions."),
    "policy": N_("Only an administrator changes the CPAS's policy."),
    "users": N_("Only an administrator manages the users."),
    "dataset": N_("Only an administrator imports reference data."),
    "backup": N_("Only an administrator makes or restores backups of the case base."),
    "verify": N_("Only the head of service or an administrator verifies the whole case base."),
}


def may(role: str, action: str) -> bool:
    return role in ALLOWED[action]
