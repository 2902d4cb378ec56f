"""A process that forks savers on request, for the kill test: its children open the store and save cases
one after the other, appending each case id to a log after its commit returns, until they are killed.

Protocol on stdin/stdout, one line each: "fork SEED" -> the child's pid; "reap" -> "reaped"; "quit".
The program, its imports and the reference dataset are loaded once here, so each saver starts at once.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from redi_desktop.services.casefile import read_policy
from redi_desktop.services.reference import open_dataset
from redi_desktop.store import Store, schema
from tests.store_fixtures.helpers import (
    PASSPHRASE,
    TEST_KDF_ITER,
    add_assessment,
    add_case,
    synthetic_household,
)


def saver(path: Path, log: Path, seed: int, dataset, policy) -> None:
    store = Store.open(path, PASSPHRASE, kdf_iter=TEST_KDF_ITER)
    fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    n = 0
    while True:
        h = synthetic_household(seed * 10_000 + n)
        case_id = add_case(store, h, dataset, policy)
        if n % 3 == 2:
            add_assessment(store, case_id, h, dataset, policy)
            case_id += "+2"
        os.write(fd, f"{case_id}\n".encode())
        n += 1


def main() -> None:
    path, log = Path(sys.argv[1]), Path(sys.argv[2])
    dataset, policy = open_dataset(), read_policy()
    schema.head()  # the migration scripts, read once
    child = None
    for line in sys.stdin:
        cmd, *arg = line.split()
        if cmd == "fork":
            child = os.fork()
            if child == 0:
                try:
                    saver(path, log, int(arg[0]), dataset, policy)
                finally:
                    os._exit(3)
            print(child, flush=True)
        elif cmd == "reap":
            os.waitpid(child, 0)
            print("reaped", flush=True)
        else:
            break


if __name__ == "__main__":
    main()
