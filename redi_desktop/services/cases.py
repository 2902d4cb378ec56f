"""The case store seen from the application: open it, save a case with the assessment the caller
computed, verify what is stored. The store only stores; computing and recomputing happen here."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..domain.assessment import Assessment
from ..domain.canonical import sha256_of
from ..domain.dataset import Dataset
from ..domain.decision import Decision
from ..domain.household import Household
from ..domain.policy import Policy
from ..domain.request import Request
from ..store.interface import CaseStore
from .errors import ServiceError


@contextmanager
def store_errors() -> Iterator[None]:
    """The store's own errors as the application's."""
    from ..store.errors import StoreError

    try:
        yield
    except StoreError as exc:
        raise ServiceError.from_store(exc) from None


def default_store_path() -> Path:
    from ..store import default_path

    return default_path()


def store_location(named: str | None = None) -> Path | str:
    """Which case store: the one named (--store), else REDI_DESKTOP_STORE, else the laptop's file in the user
    data folder. A postgresql:// URL names an office database; anything else is a file."""
    import os

    from ..store.office import is_office_url

    named = named or os.environ.get("REDI_DESKTOP_STORE") or None
    if named is None:
        return default_store_path()
    return named if is_office_url(named) else Path(named).expanduser()


def shown(location: Path | str) -> str:
    """A store's location as a user may read it (an office URL without any secret)."""
    from ..store.office import display_url, is_office_url

    return display_url(location) if is_office_url(location) else str(location)


def create_store(location: Path | str, password: str, admin: str = "admin") -> CaseStore:
    """A new case store (a laptop's encrypted file, or an office database) with its first administrator."""
    from ..store import Store

    with store_errors():
        return Store.create(location, password, admin=admin)


def open_store(location: Path | str, password: str, user: str | None = None, daily_backup: bool = False,
               check: bool = True, warn: Callable[[ServiceError], None] | None = None) -> CaseStore:
    """Sign in and open the case store (on a laptop with a verified backup of the day first, before a
    write; an office database is backed up by its server). A backup that cannot be made never stops the
    work: `warn` is told why, once."""
    from ..store import Store

    with store_errors():
        store = Store.open(location, password, user=user, check=check)
    if daily_backup:
        problem = make_daily_backup(store)
        if problem is not None and warn is not None:
            warn(problem)
    return store


def make_daily_backup(store: CaseStore) -> ServiceError | None:
    """The day's verified backup, if none was made today; why it could not be made, or None. The case
    store itself is not touched by a failed backup, so the caller goes on and says it once."""
    from ..store.backup import backup_dir, daily_backup
    from ..store.errors import StoreError

    if store.office:  # backed up by its server
        return None
    try:
        daily_backup(store)
    except StoreError as exc:
        return ServiceError("backup_failed", user_fault=False, folder=backup_dir(store.path),
                            reason=ServiceError.from_store(exc).text())
    return None


def sync_with_office(laptop: CaseStore, office_location: str, password: str, progress=None):
    """Sign in at the office as the laptop's user, send what the laptop recorded, take the cases this user
    follows there (store/sync.py); the office database is closed again at the end."""
    from ..store.office import is_office_url
    from ..store.sync import sync

    if not is_office_url(office_location):
        raise ServiceError("office_url_bad", url=office_location)
    office = open_store(office_location, password, user=laptop.user.name)
    try:
        with store_errors():
            return sync(laptop, office, progress)
    finally:
        office.close()


def sync_summary(report) -> list[str]:
    """What a sync did, in a few lines a caseworker reads (the command line prints them, the GUI shows them)."""
    from ..i18n import _, ngettext

    lines = [
        _("Sent to the office: {new} new, {updated} updated, {same} already there.").format(
            new=len(report.sent.imported), updated=len(report.sent.merged), same=len(report.sent.unchanged)),
        _("Received from the office: {new} new, {updated} updated, {same} already here.").format(
            new=len(report.received.imported), updated=len(report.received.merged),
            same=len(report.received.unchanged)),
    ]
    reasons = {"diverged": _("assessed on both sides since the last sync"),
               "changed": _("name or file reference changed on one side"),
               "decisions": _("two different decisions")}
    for case_id, why in report.conflicts:
        lines.append(_("Conflict, nothing overwritten: case {case} ({why}). Compare both and keep one.").format(
            case=case_id, why=reasons.get(why, why)))
    if report.clock_off_by is not None:
        minutes = int(report.clock_off_by.total_seconds() // 60)
        lines.append(ngettext("This laptop's clock is {n} minute off the office's: set it right, or the times "
                              "in the history mislead.", "This laptop's clock is {n} minutes off the office's: "
                              "set it right, or the times in the history mislead.", abs(minutes)).format(n=minutes))
    return lines


def save_case(store: CaseStore, household: Household, assessment: Assessment, dataset: Dataset, policy: Policy,
              decision: Decision | None = None, case_id: str | None = None, user: str | None = None,
              request: Request | None = None) -> str:
    """A new case (returns its id) or a new assessment of `case_id`, in one transaction; a request given
    with a new case is entered in the register in that transaction."""
    with store_errors():
        if case_id is None:
            return store.add_case(household, assessment, dataset, policy, decision, user=user, request=request)
        if request is not None:
            store.add_request(case_id, request, user=user)
        store.add_assessment(case_id, household, assessment, dataset, policy, decision, user=user)
        return case_id


def keep_scenarios(store: CaseStore, case_id: str, scenarios: list | None, user: str | None = None) -> None:
    """The what-if scenarios of a case kept beside it (outside its history); only when they changed."""
    with store_errors():
        if (scenarios or []) != store.scenarios(case_id):
            store.save_scenarios(case_id, list(scenarios or []), user=user)


def kept_scenarios(store: CaseStore, case_id: str) -> list:
    with store_errors():
        return store.scenarios(case_id)


# what a document that does not match its hash or its audit digest is: the kinds verify reports
TAMPERED = ("identity", "snapshot", "output", "assessment", "decision")


@dataclass
class VerifyReport:
    checked: int = 0
    differences: list[tuple[int, str, str, str]] = field(default_factory=list)  # id, run, stored, found
    earlier_engine: list[tuple[int, str, str]] = field(default_factory=list)  # id, run, engine version
    tampered: list[tuple[str, str, int | None]] = field(default_factory=list)  # case, TAMPERED kind, row id
    unpublished: list[tuple[int, str, str]] = field(default_factory=list)  # assessment id, run, dataset id
    audit_ok: bool = True
    audit_entries: int = 0
    audit_first_bad: int | None = None
    anchor: str | None = None  # a chain head read from a letter
    anchor_found: int | None = None  # the entry it is the hash of, None when the chain no longer holds it

    @property
    def ok(self) -> bool:
        """Nothing tampered with: assessments of an earlier engine are not a failure."""
        return (not self.differences and not self.tampered and not self.unpublished and self.audit_ok
                and (self.anchor is None or self.anchor_found is not None))


def verify(store: CaseStore, run_id: str | None = None, user: str | None = None,
           published: dict[str, str] | None = None, anchor: str | None = None) -> VerifyReport:
    """Check every stored assessment (or one run), every stored document and the audit chain; differences
    are reported, never repaired. Each stored input and output must still match its hash. An assessment of
    this engine version is recomputed with the dataset and policy it used and must come out the same; one of
    an earlier engine cannot be (the method changed), so it is reported apart, not as a difference. The
    dataset copy an assessment used must be the published one (`published`: dataset id -> sha256, by
    default that of the bundled budgets.db), or a forged copy would recompute a forged output "identical".
    Case identities, household snapshots, outputs and decisions must match the digests the audit chain
    recorded when they were written. `anchor`: the start of a chain head printed on a letter, which the
    chain must still hold (a chain recomputed after a change no longer does)."""
    from ..engine import ENGINE_VERSION, compute
    from ..store.copies import policy_from_json
    from .reference import published_hashes

    report = VerifyReport(anchor=anchor)
    published = published_hashes() if published is None else published
    with store_errors():
        rows = store.stored_assessments(run_id)
        chain = store.verify_audit()
        docs = store.documents()
        if anchor is not None:
            report.anchor_found = store.audit_entry_with_hash(anchor)
    cases = {a[1] for a in docs.assessments if a[3] == run_id} if run_id else None
    report.tampered = [found for found in _document_problems(docs) if cases is None or found[0] in cases]
    for row in rows:
        report.checked += 1
        found = _stored_hashes_problem(row)
        if found is None:
            try:
                with store_errors():
                    copy = store.dataset(row.dataset_sha256)
            except ServiceError:
                found = "dataset differs"  # the copy no longer hashes to what the assessment names
            else:
                if published.get(copy.id) != row.dataset_sha256:
                    report.unpublished.append((row.id, row.run_id, copy.id))
                    continue
        if found is None and row.engine_version != ENGINE_VERSION:
            report.earlier_engine.append((row.id, row.run_id, row.engine_version))
            continue
        if found is None:
            try:
                household = Household.from_dict(json.loads(row.household_json))
                with store_errors():
                    dataset = store.dataset(row.dataset_sha256)
                a = compute(household, dataset, policy_from_json(row.policy_json), row.on_date)
                found = a.identity.outputs_sha256 if a.identity.inputs_sha256 == row.inputs_sha256 else "inputs differ"
            except Exception as exc:  # a stored assessment that no longer computes is a difference too
                found = type(exc).__name__
        if found != row.outputs_sha256:
            report.differences.append((row.id, row.run_id, row.outputs_sha256, found))
    report.audit_ok, report.audit_entries, report.audit_first_bad = chain.ok, chain.entries, chain.first_bad
    with store_errors():
        store.record("verify", ref=run_id or "all", user=user)
    return report


def _document_problems(docs) -> list[tuple[str, str, int | None]]:
    """Every stored document that does not match its own hash or the digest the audit chain recorded when
    it was written: (case, kind, row id). Cases imported before digests were chained (an "import" entry
    without one) and cases created without an identity digest are checked against their hashes only."""
    from ..store.documents import compute_digest, identity_digest

    identity: dict[str, str] = {}
    legacy: set[str] = set()
    chained: set[tuple[str, str, str, str | None]] = set()
    for _id, action, case, ref, digest in docs.audit:
        if action in ("create_case", "update_case", "import") and digest:
            identity[case] = digest
        elif action == "import":
            legacy.add(case)
        elif action in ("compute", "decide"):
            chained.add((action, case, ref, digest))
    found = [(case, "identity", None) for case, fields in docs.cases
             if case in identity and identity_digest(fields) != identity[case]]
    snapshots = {}
    for sid, case, text, sha in docs.snapshots:
        snapshots[sid] = sha
        if sha256_of(json.loads(text)) != sha:
            found.append((case, "snapshot", sid))
    for aid, case, sid, run, text, inputs, outputs in docs.assessments:
        ident = json.loads(text).get("identity") or {}
        if snapshots.get(sid) != inputs or (ident.get("run_id", run), ident.get("inputs_sha256"),
                                            ident.get("outputs_sha256")) != (run, inputs, outputs):
            found.append((case, "output", aid))
        elif case not in legacy and not ({("compute", case, run, compute_digest(inputs, outputs)),
                                          ("compute", case, run, outputs)} & chained):  # the digest before issue 13
            found.append((case, "assessment", aid))
    for did, case, aid, text, outcome, decided_on in docs.decisions:
        data = json.loads(text)
        if ((case not in legacy and ("decide", case, f"assessment:{aid}", sha256_of(data)) not in chained)
                or (Decision.from_dict(data).outcome, data.get("date")) != (outcome, decided_on)):
            found.append((case, "decision", did))
    return found


def _stored_hashes_problem(row) -> str | None:
    """What is wrong with a stored assessment's own hashes (edited input or output), or None."""
    if sha256_of(json.loads(row.household_json)) != row.inputs_sha256:
        return "inputs differ"
    output = json.loads(row.output_json)
    output.pop("identity", None)
    got = sha256_of(output)
    return None if got == row.outputs_sha256 else got


ANCHOR_DIGITS = 12  # of the audit chain's head, printed on every letter; `verify --anchor` looks for them


def audit_anchor(store: CaseStore | None) -> str | None:
    """The start of the audit chain's head, for the small print of a letter (None without a case store)."""
    if store is None:
        return None
    with store_errors():
        return store.audit_head()[:ANCHOR_DIGITS]


def back_up(store: CaseStore) -> Path:
    """A verified, encrypted copy of the case store in its backups folder; returns where it is."""
    from ..store.backup import backup

    with store_errors():
        return backup(store, "manual")


@dataclass(frozen=True)
class PasswordChange:
    earlier_backups: int  # backups made before: they open with the old password only
    backup: Path | None  # a new backup, with the new key entry
    problem: ServiceError | None = None  # why it could not be made


def change_password(store: CaseStore, password: str, new_password: str) -> PasswordChange:
    """The signed-in user's new password, then a backup (on a laptop). The earlier backups keep the keyring
    of their day, so they open with the old password only (re-keying them would take seconds each, and when
    the old password leaked, copies already made elsewhere stay readable with it anyway); the caller says so."""
    from ..store.backup import backup, backup_dir, backups

    with store_errors():
        store.change_password(password, new_password)
    if store.office:
        return PasswordChange(0, None)
    earlier = len(backups(backup_dir(store.path)))
    try:
        with store_errors():
            return PasswordChange(earlier, backup(store, "password"))  # the program's own, like the daily one
    except ServiceError as exc:
        return PasswordChange(earlier, None, exc)


def stored_assessment(store: CaseStore, case_id: str):
    """A stored case's newest assessment recomputed with the dataset and the policy version it used (it must
    come out as stored): (assessment, household, policy, dataset, decision)."""
    from ..engine import compute

    with store_errors():
        household, output, dataset_sha, policy_sha, decision = store.latest_assessment(case_id)
        dataset, policy = store.dataset(dataset_sha), store.policy(policy_sha)
    a = compute(household, dataset, policy, dt.date.fromisoformat(output["date"]))
    if a.identity.outputs_sha256 != output["identity"]["outputs_sha256"]:
        raise ServiceError("sheet_earlier_engine", user_fault=False, version=output["identity"]["engine_version"])
    return a, household, policy, dataset, decision


def notification_of(store: CaseStore, case_id: str) -> tuple[dt.date, str] | None:
    """When and how the decision answering the case's latest request was notified, if it was."""
    from ..domain.deadlines import answers

    with store_errors():
        (facts,) = store.procedure_facts(case_id)
    return (facts.notified, facts.method) if answers(facts.received, facts.decided) and facts.notified else None
