"""Store figures: unlock (SQLCipher's key derivation), open the case list with 50,000 cases, search, save
one assessment. Run: .venv/bin/python benchmarks/bench_store.py [--cases 50000]

The 50,000 cases are written in bulk (one transaction, one household snapshot and one real assessment each)
so that the figure is about reading them; saving is measured through the real path (assessed, then Store.add_case).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from redi_desktop.domain.canonical import canonical_json, sha256_of  # noqa: E402
from redi_desktop.engine import compute  # noqa: E402
from redi_desktop.services.casefile import read_policy  # noqa: E402
from redi_desktop.services.reference import open_dataset  # noqa: E402
from redi_desktop.store import Store  # noqa: E402
from redi_desktop.store.connection import DEFAULT_KDF_ITER  # noqa: E402
from tests.store_fixtures.helpers import add_case, synthetic_household  # noqa: E402

PASSPHRASE = "a benchmark passphrase"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def timed(fn, repeat: int = 5):
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs), result


def fill(store: Store, n: int, dataset, policy) -> None:
    h = synthetic_household(1)
    a = compute(h, dataset, policy, h.assessment_date)
    add_case(store, h, dataset, policy)  # stores the dataset and policy copies
    row = store.case(store.case_ids()[0])["assessments"][0]
    snap = canonical_json(h.on(h.assessment_date).to_dict())
    output = canonical_json(a.to_dict())
    with store._write() as s:
        c = s.connection()
        cases, snaps, assessments = [], [], []
        for i in range(n):
            cid = str(uuid.UUID(int=i + 1))
            at = f"2026-01-01T00:00:00.{i:06d}+00:00"
            first, last, ref = f"Prénom{i}", f"Nom{i}", f"REF-{i:06d}"
            cases.append((cid, ref, first, last, f"{first} {last} {ref}".casefold(), at, at))
            snaps.append((i + 1000, cid, snap, sha256_of(snap), at))
            assessments.append((i + 1000, cid, i + 1000, h.assessment_date.isoformat(), output, a.identity.dataset,
                                row["dataset_sha256"], a.identity.policy, a.identity.policy_version,
                                row["policy_sha256"], a.identity.engine_version, a.identity.inputs_sha256,
                                a.identity.outputs_sha256, a.identity.run_id, at))
        c.exec_driver_sql("INSERT INTO cases (id, file_reference, client_first_name, client_last_name, search_text, "
                          "language, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'fr', 'open', ?, ?)", cases)
        c.exec_driver_sql("INSERT INTO household_snapshots VALUES (?, ?, ?, ?, ?)", snaps)
        c.exec_driver_sql("INSERT INTO assessments (id, case_id, snapshot_id, on_date, output_json, dataset_id, "
                          "dataset_sha256, policy_id, policy_version, policy_sha256, engine_version, inputs_sha256, "
                          "outputs_sha256, run_id, created_at) VALUES "
                          "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", assessments)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--cases", type=int, default=50_000)
    args = p.parse_args()
    dataset, policy = open_dataset(), read_policy()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "cases.db"
        store = Store.create(path, PASSPHRASE, kdf_iter=DEFAULT_KDF_ITER)
        t = time.perf_counter()
        fill(store, args.cases, dataset, policy)
        store.checkpoint()
        fill_time = time.perf_counter() - t
        store.close()
        size = path.stat().st_size
        print(f"store of {args.cases:,} cases: {size / 1e6:.0f} MB, written in bulk in {fill_time:.1f} s")

        def unlock_only():
            import sqlcipher3

            from redi_desktop.store.connection import key_connection

            con = sqlcipher3.connect(str(path))
            key_connection(con, PASSPHRASE, DEFAULT_KDF_ITER)
            con.close()

        kdf, _ = timed(unlock_only)
        print(f"unlock (PBKDF2-HMAC-SHA512, {DEFAULT_KDF_ITER:,} rounds): {ms(kdf)}")

        def open_store():
            return Store.open(path, PASSPHRASE, kdf_iter=DEFAULT_KDF_ITER)

        opened, s = timed(open_store, 3)
        print(f"open the store (unlock + quick_check + schema check): {ms(opened)}")
        s.close()
        unchecked, s = timed(lambda: Store.open(path, PASSPHRASE, kdf_iter=DEFAULT_KDF_ITER, check=False), 3)
        print(f"open the store without quick_check (unlock + schema check): {ms(unchecked)}")
        check, _ = timed(s.quick_check, 3)
        print(f"quick_check alone: {ms(check)}")
        first_page, _ = timed(lambda: (s.count_cases(), s.list_cases(limit=100)))
        print(f"case list, lazy (count + first 100 rows): {ms(first_page)}; with the unchecked open: "
              f"{ms(unchecked + first_page)}")
        everything, rows = timed(lambda: s.list_cases(), 3)
        print(f"case list, all {len(rows):,} rows at once: {ms(everything)}")
        search, found = timed(lambda: s.list_cases("nom4999", limit=100))
        print(f"search 'nom4999' ({len(found)} found): {ms(search)}")
        search, found = timed(lambda: s.list_cases("ref-049999"))
        print(f"search by file reference ({len(found)} found): {ms(search)}")
        saves = []
        for n in range(20):
            h = synthetic_household(100 + n)
            t = time.perf_counter()
            add_case(s, h, dataset, policy)
            saves.append(time.perf_counter() - t)
        print(f"save one case + assessment (compute included, fsync'd commit), median of 20: "
              f"{ms(statistics.median(saves))}")
        s.close()


if __name__ == "__main__":
    main()
