"""Time to write one decision sheet and one client sheet (median of 30), for the README. Asserts nothing."""

from __future__ import annotations

import json
import statistics
import time

from redi_desktop import paths
from redi_desktop.domain.household import Household
from redi_desktop.domain.policy import Policy
from redi_desktop.engine import compute
from redi_desktop.reference import load_dataset
from redi_desktop.report import client_sheet, decision_sheet


def median_ms(make, runs: int = 30) -> float:
    make()  # fonts registered, modules warm
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        make()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def main() -> None:
    dataset, policy = load_dataset(paths.budgets_db()), Policy()
    data = json.loads((paths.examples_dir() / "bxl-couple-two-children.json").read_text(encoding="utf-8"))
    household = Household.from_dict(data)
    a = compute(household, dataset, policy)
    print(f"decision letter (4 members, FR + NL): {median_ms(lambda: decision_sheet(a, household, policy, dataset)):.0f} ms")
    data["members"] += [{"role": "child", "age": 3 + i, "sex": "F", "activity": "pupil", "school_level": "primary"}
                        for i in range(4)]
    eight = Household.from_dict(data)
    a8 = compute(eight, dataset, policy)
    print(f"decision letter (8 members, FR + NL): {median_ms(lambda: decision_sheet(a8, eight, policy, dataset)):.0f} ms")
    own = Policy(sheet_language="file")
    print(f"decision letter (8 members, file's language): "
          f"{median_ms(lambda: decision_sheet(a8, eight, own, dataset)):.0f} ms")
    print(f"client budget sheet: {median_ms(lambda: client_sheet(a, household, policy, dataset)):.0f} ms")


if __name__ == "__main__":
    main()
