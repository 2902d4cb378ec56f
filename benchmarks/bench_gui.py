"""GUI figures for the README: cold start to a usable wizard against a bare PySide6 window measured in the
same run, peak memory, and the live panel's update per edit. Prints figures; asserts nothing."""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time

BARE = ("from PySide6.QtWidgets import QApplication, QMainWindow\n"
        "app = QApplication([]); w = QMainWindow(); w.show(); app.processEvents()\n")
APP = ("from PySide6.QtWidgets import QApplication\n"
       "app = QApplication([])\n"
       "from redi_desktop.gui.app import MainWindow, use_bundled_font\n"
       "use_bundled_font(app); w = MainWindow(load_later=True); w.show(); app.processEvents()\n"
       "import sys; assert 'reportlab' not in sys.modules, 'reportlab loaded at start'\n")


def cold_start(code: str, runs: int = 7) -> tuple[float, int]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    times, peak = [], 0
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, env=env, capture_output=True)
        times.append(time.perf_counter() - t)
        peak = max(peak, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return statistics.median(times), peak


def live_update(edits: int = 200) -> tuple[float, float]:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from redi_desktop import paths
    from redi_desktop.gui.app import MainWindow

    window = MainWindow()
    window.show()
    data = json.loads((paths.examples_dir() / "bxl-couple-two-children.json").read_text(encoding="utf-8"))
    window.wizard.model.load(data)
    app.processEvents()
    times, cpu = [], []
    for i in range(edits):
        t, c = time.perf_counter(), time.process_time()
        window.wizard.model.set("housing.rent", f"{700 + i}.00")  # checks, computes, redraws both budgets
        app.processEvents()
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    # the processor time of this process is the figure to compare on a busy machine; wall time is what a
    # caseworker waits on an idle one
    return statistics.median(times), statistics.median(cpu)


def main() -> None:
    bare, _ = cold_start(BARE)
    app, peak_kib = cold_start(APP)
    print(f"bare PySide6 window: {bare:.2f} s; REDI Desktop to a usable wizard: {app:.2f} s "
          f"({app / bare:.1f}x the bare window)")
    full, peak_kib = cold_start(APP + "w.load_reference(); app.processEvents()\n")
    print(f"... and to the first budget on screen (reference database opened): {full:.2f} s ({full / bare:.1f}x)")
    print(f"peak memory of the application with its budget: {peak_kib / 1024:.0f} MiB")
    wall, cpu = live_update()
    print(f"live budget update per edit (median of 200): {wall * 1000:.1f} ms ({cpu * 1000:.1f} ms of processor)")


if __name__ == "__main__":
    main()
