"""The CPAS's own policy: the active version (of the case store, else of the user's policy file, else the
bundled default), saving a new version with its reason, import and export of a policy file, the change
log's differences, and the sheet of a stored case printed with the policy version its assessment used."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

from .. import paths
from ..domain.policy import Policy
from ..domain.profile import Profile
from ..files import write_atomic
from ..store.interface import CaseStore
from .casefile import read_policy
from .cases import ANCHOR_DIGITS, store_errors
from .errors import ServiceError

USER_POLICY_FILE = "policy.yaml"


def user_policy_path() -> Path:
    """Without a case store, the CPAS's policy lives in the user data folder (an update of the program
    never overwrites it), never in the program folder."""
    return paths.user_data_dir() / USER_POLICY_FILE


def active_policy(store: CaseStore | None = None) -> Policy:
    """The policy new assessments use: the store's active version, else the user's policy file, else the
    bundled default."""
    if store is not None:
        with store_errors():
            found = store.active_policy()
        if found is not None:
            return found
    path = user_policy_path()
    return read_policy(path if path.is_file() else None)


def next_version(policy: Policy, store: CaseStore | None = None) -> Policy:
    """The policy as the next version after the active one (what the editor saves)."""
    return dataclasses.replace(policy, version=active_policy(store).version + 1)


def save_policy(policy: Policy, reason: str, store: CaseStore | None = None, user: str | None = None) -> int:
    """A new active version, kept with its author, date and reason; without a store, the user's policy file
    (written atomically). Refused, with nothing saved, without a reason or when its version is not above the
    active one."""
    if not reason.strip():
        raise ServiceError("policy_reason_required")
    if store is not None:
        with store_errors():
            return store.add_policy_version(policy, reason, user=user)
    active = active_policy()
    if user_policy_path().is_file() and policy.version <= active.version:
        raise ServiceError("policy_version_not_newer", version=policy.version, active=active.version)
    write_file_atomic(user_policy_path(), policy_text(policy).encode("utf-8"))
    return policy.version


def import_policy(path: Path, reason: str, store: CaseStore | None = None, user: str | None = None) -> Policy:
    """Read a policy file (every problem refused before anything is saved) and make it the active version."""
    if not reason.strip():  # said before the file is read: the user fixes one thing at a time
        raise ServiceError("policy_reason_required")
    policy = read_policy(Path(path))
    save_policy(policy, reason, store, user)
    return policy


def policy_text(policy: Policy) -> str:
    """The policy as a YAML file that `read_policy` reads back as the same policy."""
    import yaml

    header = "# REDI Desktop local policy: share it with the other laptops of the CPAS (policy import).\n"
    return header + yaml.safe_dump(policy.to_dict(), allow_unicode=True, sort_keys=False, width=110)


def export_policy(policy: Policy, target: Path) -> None:
    write_file_atomic(target, policy_text(policy).encode("utf-8"))


def write_file_atomic(target: Path, data: bytes) -> None:
    try:
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        write_atomic(Path(target), data)
    except OSError:
        raise ServiceError("file_unwritable", user_fault=False, path=target) from None


def differences(old: Policy | None, new: Policy) -> list[tuple[str, Any, Any]]:
    """What changed from one version to the next, field by field: (path, before, after); the version
    number itself is left out (it always changes). The first version is compared with the bundled default
    policy, which was in force before it."""
    before = _flat((old or read_policy()).to_dict())
    after = _flat(new.to_dict())
    keys = [k for k in dict.fromkeys([*before, *after]) if k != "version"]
    return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


def _flat(d: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(d, dict) and not (set(d) == {"fr", "nl"} and prefix):
        out: dict[str, Any] = {}
        for k, v in d.items():
            out.update(_flat(v, f"{prefix}.{k}" if prefix else k))
        return out
    if isinstance(d, dict):  # a text per language: one value
        return {prefix: f"{d['fr']} / {d['nl']}"}
    if isinstance(d, list):
        return {prefix: json.dumps(d, ensure_ascii=False)}
    return {prefix: d}


def profile(store: CaseStore | None, user: str | None = None) -> Profile:
    if store is None:
        return Profile()
    with store_errors():
        return store.profile(user)


def save_profile(store: CaseStore, data: dict, user: str | None = None) -> Profile:
    """Check a profile typed in the dialog and keep it (one transaction)."""
    from ..domain.messages import InvalidInput

    try:
        found = Profile.from_dict(data)
    except InvalidInput as exc:
        raise ServiceError.invalid(exc) from None
    with store_errors():
        store.save_profile(found, user)
    return found


def case_sheet(store: CaseStore, case_id: str, client: bool = False, user: str | None = None,
               letter_date: dt.date | None = None) -> bytes:
    """The sheet of a stored case's newest assessment and decision, with the dataset and the policy version
    that assessment used; once the decision was notified, the letter states the appeal period."""
    from .cases import notification_of, stored_assessment
    from .sheets import make_sheet

    a, household, policy, dataset, decision = stored_assessment(store, case_id)
    with store_errors():
        caseworker = store.profile(user)
        anchor = store.audit_head()[:ANCHOR_DIGITS]
    chosen = []
    if client:  # the scenarios kept with the case: the client's page "What could help"
        from .scenarios import outcomes

        with store_errors():
            kept = store.scenarios(case_id)
        chosen = [o.result for o in outcomes(kept, household, dataset, policy, a) if o.result is not None]
    pdf = make_sheet(a, household, policy, dataset, decision, client=client, profile=caseworker,
                     letter_date=letter_date, anchor=anchor, notification=notification_of(store, case_id),
                     scenarios=chosen)
    with store_errors():
        store.record("print", case_id, ref=a.identity.run_id, user=user)
    return pdf
