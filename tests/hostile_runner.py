"""Run many command lines in one process, as `redi-desktop` would run each: `main(argv)` with stdout and stderr
captured, and a time guard per run so that a hang is reported instead of blocking the suite.

    python -m tests.hostile_runner JOBS.json RESULTS.json

JOBS.json is a list of {"id", "argv"}; RESULTS.json gets, per job, the exit status ("hang" past the guard),
stdout and stderr (cut to their first 10,000 characters, with their full length) and the seconds it took.
"""

from __future__ import annotations

import contextlib
import io
import json
import signal
import sys
import time
import traceback

GUARD_SECONDS = 20


class Hang(BaseException):  # not an Exception: the command line's own catch-all must not swallow it
    pass


def _alarm(signum, frame):
    raise Hang


def run_one(argv: list[str], seconds: float = GUARD_SECONDS) -> dict:
    from redi_desktop.cli import main

    out, err = io.StringIO(), io.StringIO()
    signal.signal(signal.SIGALRM, _alarm)
    start = time.perf_counter()
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as exc:  # --help, --version
                code = exc.code if isinstance(exc.code, int) else 1
            except Exception:  # what the user would see: Python's traceback, exit 1
                traceback.print_exc()
                code = 1
    except Hang:
        code = "hang"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    o, e = out.getvalue(), err.getvalue()
    return {"code": code, "stdout": o[:10_000], "stdout_len": len(o), "stderr": e[:10_000], "stderr_len": len(e),
            "seconds": round(time.perf_counter() - start, 3)}


def main(jobs_path: str, results_path: str) -> None:
    with open(jobs_path, encoding="utf-8") as f:
        jobs = json.load(f)
    results = []
    for job in jobs:
        results.append({"id": job["id"], **run_one(job["argv"])})
    with open(results_path, "w", encoding="utf-8") as f:
        json.dump(results, f, ensure_ascii=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
