"""Kill test: a process saving assessments is killed with SIGKILL at random moments; after each kill no
committed case is lost, no case is partial, quick_check passes and the audit chain holds.

The count is REDI_STORE_KILLS (default 40; the issue asks 200: `REDI_STORE_KILLS=200 pytest
tests/test_store_kill.py`)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from redi_desktop.services.cases import verify
from redi_desktop.store import Store
from tests.store_fixtures.helpers import PASSPHRASE, TEST_KDF_ITER

KILLS = int(os.environ.get("REDI_STORE_KILLS", "40"))
ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the saver is forked")
def test_killed_savers_lose_no_committed_case_and_leave_no_partial_one(tmp_path):
    path, log = tmp_path / "cases.db", tmp_path / "committed.log"
    Store.create(path, PASSPHRASE, kdf_iter=TEST_KDF_ITER).close()
    worker = subprocess.Popen([sys.executable, "-m", "tests.store_fixtures.kill_worker", str(path), str(log)],
                              cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    rng = random.Random(5)
    committed: dict[str, int] = {}
    try:
        for n in range(KILLS):
            worker.stdin.write(f"fork {n}\n")
            worker.stdin.flush()
            pid = int(worker.stdout.readline())
            time.sleep(rng.uniform(0.0, 0.6))  # during the sign-in, the computation, the commit or the fsync
            os.kill(pid, signal.SIGKILL)
            worker.stdin.write("reap\n")
            worker.stdin.flush()
            assert worker.stdout.readline().strip() == "reaped"
            lines = log.read_text().split("\n")[:-1] if log.exists() else []  # a cut last line is not counted
            for line in lines:
                case_id, _, two = line.partition("+")
                committed[case_id] = 2 if two else max(committed.get(case_id, 0), 1)
            with Store.open(path, PASSPHRASE, kdf_iter=TEST_KDF_ITER) as store:
                assert store.quick_check(), f"kill {n}"
                assert store.verify_audit().ok, f"kill {n}"
                stored = set(store.case_ids())
                assert set(committed) <= stored, f"kill {n}: committed cases lost"
                with store.engine.connect() as c:
                    partial = c.exec_driver_sql(
                        "SELECT count(*) FROM cases WHERE id NOT IN (SELECT case_id FROM assessments) "
                        "OR id NOT IN (SELECT case_id FROM household_snapshots) OR id NOT IN "
                        "(SELECT case_id FROM audit_log WHERE action = 'create_case')").scalar()
                    orphans = c.exec_driver_sql(
                        "SELECT count(*) FROM assessments a LEFT JOIN household_snapshots s ON s.id = a.snapshot_id "
                        "WHERE s.id IS NULL").scalar()
                assert partial == 0 and orphans == 0, f"kill {n}"
                for case_id, count in committed.items():
                    if count == 2:
                        assert len(store.case(case_id)["assessments"]) == 2
    finally:
        worker.stdin.write("quit\n")
        worker.stdin.flush()
        worker.wait(timeout=30)
    with Store.open(path, PASSPHRASE, kdf_iter=TEST_KDF_ITER) as store:
        report = verify(store)
        assert report.ok and report.checked >= len(committed)
    assert len(committed) > KILLS // 4  # the savers did save between kills
    print(f"{KILLS} kills, {len(committed)} committed cases, {report.checked} assessments re-derived")
