"""Writes schema_0001.db: a case database of the first released schema (Alembic revision 0001) holding one
synthetic case with its assessment, as version 0.1 of the store wrote it. Run once per released schema:

    REDI_DESKTOP_KDF_ITER=1000 .venv/bin/python -m tests.store_fixtures.make_schema_0001
"""

from __future__ import annotations

import sys
from pathlib import Path

from redi_desktop import cli
from redi_desktop.domain.canonical import canonical_json, sha256_of
from redi_desktop.engine import compute
from redi_desktop.store import schema
from redi_desktop.store.audit import GENESIS, row_hash
from redi_desktop.store.connection import make_engine
from redi_desktop.store.copies import dataset_json, policy_json
from tests.store_fixtures.helpers import TEST_KDF_ITER, synthetic_household

FIXTURE_PASSPHRASE = "fixture passphrase 0001"
FIXTURE_CASE = "6f1c1a8e-0001-4000-8000-000000000001"
AT = "2026-01-15T09:00:00.000000+00:00"
TARGET = Path(__file__).with_name("schema_0001.db")


def main(target: Path = TARGET) -> None:
    target.unlink(missing_ok=True)
    engine = make_engine(target, FIXTURE_PASSPHRASE, TEST_KDF_ITER)
    schema.upgrade(engine, "0001")
    h = synthetic_household(1, "bxl-couple-two-children.json")
    dataset, policy = cli.load_bundled_dataset(), cli.load_policy(None)
    a = compute(h, dataset, policy, h.assessment_date)
    snap = h.on(h.assessment_date).to_dict()
    ptext, psha = policy_json(policy)
    with engine.begin() as c:
        sql = c.exec_driver_sql
        sql("INSERT INTO meta VALUES ('created_at', ?)", (AT,))
        sql("INSERT INTO users (id, name, role, password_hash, active, created_at) "
            "VALUES (1, 'admin', 'administrator', NULL, 1, ?)", (AT,))
        sql("INSERT INTO cases VALUES (?, ?, ?, ?, ?, 'fr', 'open', ?, ?, 1)",
            (FIXTURE_CASE, h.file_reference, h.client.first_name, h.client.last_name,
             f"{h.client.first_name} {h.client.last_name} {h.file_reference}".casefold(), AT, AT))
        sql("INSERT INTO household_snapshots VALUES (1, ?, ?, ?, ?)",
            (FIXTURE_CASE, canonical_json(snap), sha256_of(snap), AT))
        sql("INSERT INTO datasets VALUES (?, ?, ?, ?)", (dataset.sha256(), dataset.id, dataset_json(dataset), AT))
        sql("INSERT INTO policies VALUES (?, ?, ?, ?, ?)", (psha, policy.id, policy.version, ptext, AT))
        i = a.identity
        sql("INSERT INTO assessments VALUES (1, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)",
            (FIXTURE_CASE, h.assessment_date.isoformat(), canonical_json(a.to_dict()), i.dataset,
             dataset.sha256(), i.policy, i.policy_version, psha, i.engine_version, i.inputs_sha256,
             i.outputs_sha256, i.run_id, AT))
        prev = GENESIS
        for n, (action, case, ref, digest) in enumerate(
                [("init", None, None, None), ("create_user", None, "user:1", None),
                 ("create_case", FIXTURE_CASE, None, None), ("compute", FIXTURE_CASE, i.run_id, i.outputs_sha256)],
                start=1):
            h_ = row_hash(prev, n, AT, 1, action, case, ref, digest)
            sql("INSERT INTO audit_log VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?)", (n, AT, action, case, ref, digest, prev, h_))
            prev = h_
        sql("INSERT INTO meta VALUES ('audit_head', ?)", (f"{n}:{prev}",))
    with engine.connect() as c:
        c.connection.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        c.connection.driver_connection.execute("PRAGMA journal_mode = DELETE")
    engine.dispose()
    print(target, file=sys.stderr)


if __name__ == "__main__":
    main()
