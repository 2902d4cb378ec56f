"""Store figures, on the laptop's encrypted file and on an office's PostgreSQL database: sign in, the case
list's first page and a search with 50,000 cases, four writers at once, and a laptop's sync of 500 offline
assessments to the office.

Run: .venv/bin/python benchmarks/bench_store.py [--cases 50000] [--backend laptop|office|both]
The office figures use a throwaway PostgreSQL server started from the Debian package (tests/postgres.py),
or the server REDI_DESKTOP_TEST_POSTGRES names.

The 50,000 cases are written in bulk (one transaction, one household snapshot and one real assessment each,
through the store's models, so identity fields are sealed at the office as in real use) so that the figures
are about reading them; saving is measured through the real path (assessed, then Store.add_case).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from redi_desktop.domain.canonical import canonical_json, sha256_of  # noqa: E402
from redi_desktop.engine import compute  # noqa: E402
from redi_desktop.services.casefile import read_policy  # noqa: E402
from redi_desktop.services.reference import open_dataset  # noqa: E402
from redi_desktop.store import Store  # noqa: E402
from redi_desktop.store.connection import DEFAULT_KDF_ITER  # noqa: E402
from redi_desktop.store.models import AssessmentRow, Case, CaseToken, HouseholdSnapshot  # noqa: E402
from redi_desktop.store.store import search_text  # noqa: E402
from tests.store_fixtures.helpers import add_case, synthetic_household  # noqa: E402

PASSWORD = "a benchmark password"
WRITERS, PER_WRITER, OFFLINE = 4, 50, 500


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def timed(fn, repeat: int = 5):
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs), result


def fill(store: Store, n: int, dataset, policy, batch: int = 2_000) -> None:
    h = synthetic_household(1)
    a = compute(h, dataset, policy, h.assessment_date)
    add_case(store, h, dataset, policy)  # stores the dataset and policy copies
    row = store.case(store.case_ids()[0])["assessments"][0]
    snap = canonical_json(h.on(h.assessment_date).to_dict())
    output = canonical_json(a.to_dict())
    ident = a.identity
    for start in range(0, n, batch):
        cases, snaps, assessments, tokens = [], [], [], []
        for i in range(start, min(n, start + batch)):
            cid = str(uuid.UUID(int=i + 1))
            at = f"2026-01-01T00:00:00.{i:06d}+00:00"
            first, last, ref = f"Prénom{i}", f"Nom{i}", f"REF-{i:06d}"
            cases.append(dict(id=cid, file_reference=ref, client_first_name=first, client_last_name=last,
                              search_text=store.fields.index(search_text(first, last, ref)), language="fr",
                              status="open", created_at=at, updated_at=at, created_by=store.user.id))
            if store.fields.seals:  # the office's blind index, one row per token
                tokens += [dict(case_id=cid, token=t) for t in store.fields.tokens(search_text(first, last, ref))]
            snaps.append(dict(id=i + 1000, case_id=cid, household_json=snap, sha256=sha256_of(snap), created_at=at))
            assessments.append(dict(
                id=i + 1000, case_id=cid, snapshot_id=i + 1000, on_date=h.assessment_date.isoformat(),
                output_json=output, dataset_id=ident.dataset, dataset_sha256=row["dataset_sha256"],
                policy_id=ident.policy, policy_version=ident.policy_version, policy_sha256=row["policy_sha256"],
                engine_version=ident.engine_version, inputs_sha256=ident.inputs_sha256,
                outputs_sha256=ident.outputs_sha256, run_id=ident.run_id, created_at=at))
        with store._write() as s:
            s.execute(insert(Case), cases)
            s.execute(insert(HouseholdSnapshot), snaps)
            s.execute(insert(AssessmentRow), assessments)
            if tokens:
                s.execute(insert(CaseToken), tokens)


WRITER = """
import sys
from redi_desktop.services.assess import assess
from redi_desktop.services.reference import open_dataset
from redi_desktop.domain.policy import Policy
from redi_desktop.store import Store
from tests.store_fixtures.helpers import synthetic_household
location, user, pw, first, count = sys.argv[1:6]
dataset, policy = open_dataset(), Policy()
households = [synthetic_household(n) for n in range(int(first), int(first) + int(count))]
assessed = [(h, assess(h, dataset, policy)) for h in households]
with Store.open(location, pw, user=user, check=False) as store:
    print("ready", flush=True)
    sys.stdin.readline()
    for h, a in assessed:
        store.add_case(h, a, dataset, policy)
"""


def concurrent_writers(location: str, kdf_iter: int) -> float:
    """Four processes, each saving 50 cases as fast as it can, all at once: cases saved per second."""
    with Store.open(location, PASSWORD, kdf_iter=kdf_iter, check=False) as admin:
        for w in range(WRITERS):
            admin.add_user(f"writer{w}", "caseworker", f"writer{w}-pw")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "REDI_DESKTOP_KDF_ITER": str(kdf_iter)}
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(location), f"writer{w}", f"writer{w}-pw",
                               str(900_000 + w * PER_WRITER), str(PER_WRITER)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT) for w in range(WRITERS)]
    for p in procs:
        assert p.stdout.readline().strip() == "ready"
    t = time.perf_counter()
    for p in procs:
        p.stdin.write("go\n")
        p.stdin.flush()
    for p in procs:
        p.wait(timeout=900)
        assert p.returncode == 0
    return WRITERS * PER_WRITER / (time.perf_counter() - t)


def measure(name: str, location, dataset, policy, cases: int, kdf_iter: int) -> None:
    print(f"\n== {name} ==")
    store = Store.create(location, PASSWORD, kdf_iter=kdf_iter)
    t = time.perf_counter()
    fill(store, cases, dataset, policy)
    store.checkpoint()
    print(f"{cases:,} cases written in bulk in {time.perf_counter() - t:.1f} s")
    store.close()
    opened, s = timed(lambda: Store.open(location, PASSWORD, kdf_iter=kdf_iter, check=False), 3)
    print(f"sign in (password, key unlocked, schema checked; no quick_check): {ms(opened)}")
    first_page, _ = timed(lambda: (s.count_cases(), s.list_cases(limit=100)))
    print(f"case list, first page (count + first 100 rows): {ms(first_page)}  [target 300 ms]")
    found_n = None
    for query in ("nom4999", "Prénom31415", "ref-049999"):
        search, found = timed(lambda q=query: s.list_cases(q, limit=100))
        found_n = len(found)
        print(f"search {query!r} ({found_n} found): {ms(search)}  [target 100 ms]")
    saves = []
    for n in range(20):
        h = synthetic_household(100 + n)
        t = time.perf_counter()
        add_case(s, h, dataset, policy)
        saves.append(time.perf_counter() - t)
    print(f"save one case + assessment (compute included, committed), median of 20: {ms(statistics.median(saves))}")
    s.close()
    rate = concurrent_writers(location, kdf_iter)
    print(f"{WRITERS} writers at once, {PER_WRITER} cases each: {rate:.0f} cases saved per second")


def measure_sync(office_url: str, dataset, policy, kdf_iter: int, folder: Path) -> None:
    from redi_desktop.services.assess import assess
    from redi_desktop.store.sync import sync

    print("\n== laptop -> office sync ==")
    Store.create(office_url, PASSWORD, kdf_iter=kdf_iter).close()
    with Store.open(office_url, PASSWORD) as admin:
        admin.add_user("admin-laptop", "caseworker", PASSWORD)
    laptop = Store.create(folder / "laptop.db", PASSWORD, admin="admin-laptop", kdf_iter=kdf_iter)
    for n in range(OFFLINE):
        h = synthetic_household(500_000 + n)
        laptop.add_case(h, assess(h, dataset, policy), dataset, policy)
    office = Store.open(office_url, PASSWORD, user="admin-laptop")
    t = time.perf_counter()
    report = sync(laptop, office)
    took = time.perf_counter() - t
    print(f"sync of {OFFLINE} offline assessments ({len(report.sent.imported)} cases sent, "
          f"{len(report.received.unchanged)} checked back): {took:.1f} s")
    t = time.perf_counter()
    again = sync(laptop, office)
    print(f"the same sync again (nothing to do, {len(again.sent.unchanged)} recognised): "
          f"{time.perf_counter() - t:.1f} s")
    laptop.close()
    office.close()


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--cases", type=int, default=50_000)
    p.add_argument("--backend", choices=("laptop", "office", "both"), default="both")
    args = p.parse_args()
    dataset, policy = open_dataset(), read_policy()
    with tempfile.TemporaryDirectory() as tmp:
        if args.backend in ("laptop", "both"):
            measure("laptop: SQLCipher file", Path(tmp) / "cases.db", dataset, policy, args.cases,
                    DEFAULT_KDF_ITER)
        if args.backend in ("office", "both"):
            from tests import postgres

            server = postgres.start()
            os.environ["PGPASSFILE"] = str(server.passfile)
            try:
                measure("office: PostgreSQL", server.url(server.new_database()), dataset, policy, args.cases,
                        DEFAULT_KDF_ITER)
                measure_sync(server.url(server.new_database()), dataset, policy, DEFAULT_KDF_ITER, Path(tmp))
            finally:
                server.stop()


if __name__ == "__main__":
    main()
