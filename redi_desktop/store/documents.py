"""Every stored document with what vouches for it, for verification outside the store: each case's
identity fields, household snapshots, assessment outputs and decisions, beside the digests the audit chain
recorded when they were written (services.cases.verify compares them; the store only reads).

What the chain records (audit entries, each in the hash chain):
- create_case, update_case and import (of a new case): digest = sha256 of the case's identity (CASE_IDENTITY);
- compute: digest = sha256 of [inputs_sha256, outputs_sha256] (before issue 13: outputs_sha256 alone);
- decide: digest = sha256 of the decision's JSON, ref "assessment:<id>".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from ..domain.canonical import sha256_of
from .models import AssessmentRow, AuditEntry, Case, DecisionRow, HouseholdSnapshot

CASE_IDENTITY = ("file_reference", "client_first_name", "client_last_name", "language")


def case_identity(case) -> dict:
    """The fields of a case that name the client and the file (a Case row or a dict with them)."""
    get = case.get if isinstance(case, dict) else lambda f: getattr(case, f)
    return {f: get(f) for f in CASE_IDENTITY}


def identity_digest(case) -> str:
    return sha256_of(case_identity(case))


def compute_digest(inputs_sha256: str, outputs_sha256: str) -> str:
    return sha256_of([inputs_sha256, outputs_sha256])


@dataclass
class Documents:
    cases: list[tuple[str, dict]] = field(default_factory=list)  # case id, identity fields
    snapshots: list[tuple[int, str, str, str]] = field(default_factory=list)  # id, case, household JSON, sha256
    assessments: list[tuple[int, str, int, str, str, str, str]] = field(default_factory=list)
    # id, case, snapshot id, run id, output JSON, inputs_sha256, outputs_sha256
    decisions: list[tuple[int, str, int | None, str, str, str | None]] = field(default_factory=list)
    # id, case, assessment id, decision JSON, outcome, decided_on
    audit: list[tuple[int, str, str | None, str | None, str | None]] = field(default_factory=list)
    # id, action, case, ref, digest: the entries about cases, oldest first


def read_documents(s) -> Documents:
    d = Documents()
    d.cases = [(c.id, case_identity(c)) for c in s.execute(select(Case).order_by(Case.id)).scalars()]
    d.snapshots = [tuple(r) for r in s.execute(select(HouseholdSnapshot.id, HouseholdSnapshot.case_id,
                                                      HouseholdSnapshot.household_json, HouseholdSnapshot.sha256)
                                               .order_by(HouseholdSnapshot.id))]
    d.assessments = [tuple(r) for r in s.execute(select(
        AssessmentRow.id, AssessmentRow.case_id, AssessmentRow.snapshot_id, AssessmentRow.run_id,
        AssessmentRow.output_json, AssessmentRow.inputs_sha256, AssessmentRow.outputs_sha256)
        .order_by(AssessmentRow.id))]
    d.decisions = [tuple(r) for r in s.execute(select(
        DecisionRow.id, DecisionRow.case_id, DecisionRow.assessment_id, DecisionRow.decision_json,
        DecisionRow.outcome, DecisionRow.decided_on).order_by(DecisionRow.id))]
    d.audit = [tuple(r) for r in s.execute(select(AuditEntry.id, AuditEntry.action, AuditEntry.case_id,
                                                  AuditEntry.ref, AuditEntry.digest)
                                           .where(AuditEntry.case_id.is_not(None)).order_by(AuditEntry.id))]
    return d
