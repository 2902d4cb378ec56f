"""Engine speed, for the README: median time to compute one household, and 10,000 generated households.

Run: make bench (or .venv/bin/python benchmarks/bench_engine.py). Prints figures; asserts nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import statistics
import time

from redi_desktop import paths
from redi_desktop.domain.household import ACTIVITIES, SCHOOL_LEVELS, TENURES, Household
from redi_desktop.domain.policy import Policy
from redi_desktop.engine import compute
from redi_desktop.reference import load_dataset


def generated(rng: random.Random) -> Household:
    members = [{"role": "applicant", "age": rng.randint(18, 90), "sex": rng.choice("FM"),
                "activity": rng.choice(ACTIVITIES)}]
    for _ in range(rng.randint(0, 6)):
        age = rng.randint(0, 80)
        members.append({"role": "child" if age < 18 else "other_adult", "age": age, "sex": rng.choice("FMX"),
                        "activity": rng.choice(ACTIVITIES), "school_level": rng.choice(SCHOOL_LEVELS)})
    return Household.from_dict({
        "region": rng.choice(["BRU", "WAL", "VLA"]), "members": members,
        "housing": {"tenure": rng.choice(TENURES)},
        "resources": [{"type": "wage", "amount": f"{rng.randint(0, 3000)}.00"}],
    })


def main() -> None:
    t0 = time.perf_counter()
    dataset = load_dataset(paths.budgets_db())
    load = time.perf_counter() - t0
    policy = Policy()
    household = Household.from_dict(json.loads((paths.examples_dir() / "bxl-couple-two-children.json").read_text()))
    on = dt.date(2026, 11, 28)
    compute(household, dataset, policy, on)  # warm the caches
    times = []
    for _ in range(2000):
        t = time.perf_counter()
        compute(household, dataset, policy, on)
        times.append(time.perf_counter() - t)
    rng = random.Random(2026)
    batch = [generated(rng) for _ in range(10_000)]
    t = time.perf_counter()
    for h in batch:
        compute(h, dataset, policy, on)
    total = time.perf_counter() - t
    print(f"load budgets.db (read-only, hash checked): {load * 1000:.0f} ms")
    print(f"one household (couple, two children), median of 2,000: {statistics.median(times) * 1000:.3f} ms")
    print(f"10,000 generated households: {total:.2f} s, {total / len(batch) * 1000:.3f} ms each")


if __name__ == "__main__":
    main()
