"""`redi-desktop selftest`: what an installed (frozen) build runs to prove that it works.

Each check exercises one part the application needs at run time, from the files of the installation:
the reference database and its hash, the default policy, the engine on the example households, both
sheets in both languages, a throw-away encrypted case store created and migrated with the shipped Alembic
scripts, the gettext catalogs, and Qt (platform plugin, Qt's own French and Dutch translations, the bundled
fonts, the PDF module). It prints one line per check and ends with "selftest ok" (exit 0) or with the
names of the checks that failed (exit 1). The texts are plain English: they are for support staff.

Nothing of the user's is touched: the store, the sheets and any draft live in a temporary folder that is
removed at the end. With no console (the windowed Windows build started without redirection) the report
is also written to `selftest.log` in the user data folder, so that support can read it.

Environment:
- REDI_DESKTOP_SELFTEST_WINDOW=1 also opens the main window (offscreen when there is no display), waits
  until it is shown and the reference budgets are loaded, closes it, and reports both times;
  REDI_DESKTOP_SELFTEST_WINDOW=only runs just the Qt checks and the window, so that "since the process
  started" is the frozen build's start-up time to a usable window (as `redi-desktop` opens it).
- REDI_DESKTOP_SELFTEST_VERBOSE=1 prints the traceback of a failed check.

Qt is imported inside the Qt checks only, so that the other checks still run and report when Qt itself
is what is broken (the layer test lets this one module import Qt: checking Qt is its job).
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from . import __version__, paths

# a store for one test case: the lowest key derivation that is still SQLCipher's real code path
SELFTEST_KDF_ITER = 4_000
SELFTEST_PASSPHRASE = "selftest only, thrown away"


class CheckFailed(Exception):
    """A check found something wrong; the message says what, for support staff."""


class _Report:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.failed: list[str] = []

    def say(self, text: str) -> None:
        self.lines.append(text)
        if sys.stdout is not None:  # None in a windowed build started without a console
            print(text, flush=True)

    def run(self, name: str, check: Callable[[], str | None]) -> object:
        start = time.perf_counter()
        try:
            detail = check()
        except Exception as exc:  # every failure is reported, none stops the other checks
            ms = (time.perf_counter() - start) * 1000
            reason = str(exc) if isinstance(exc, CheckFailed) else f"{type(exc).__name__}: {exc}"
            self.say(f"FAILED {name} ({ms:.0f} ms): {reason}")
            if os.environ.get("REDI_DESKTOP_SELFTEST_VERBOSE"):
                self.say(traceback.format_exc().rstrip())
            self.failed.append(name)
            return None
        ms = (time.perf_counter() - start) * 1000
        self.say(f"ok     {name} ({ms:.0f} ms)" + (f": {detail}" if detail else ""))
        return detail


class _SelfTest:
    def __init__(self, work: Path, report: _Report) -> None:
        self.work = work
        self.report = report
        self.dataset = None
        self.policy = None
        self.examples: list = []  # (path, household, decision, assessment)
        self.qt_app = None

    # -- the checks, in the order they run ---------------------------------------------------------------

    def reference_database(self) -> str:
        from .reference import load_dataset

        path = paths.budgets_db()
        if not path.is_file():
            raise CheckFailed(f"{path} is missing")
        self.dataset = load_dataset(path)  # checks the content against the stored sha256
        return f"{self.dataset.id}, sha256 {self.dataset.sha256()[:12]} verified"

    def default_policy(self) -> str:
        from .services.casefile import read_policy

        self.policy = read_policy()
        return f"{self.policy.id} v{self.policy.version}"

    def compute_examples(self) -> str:
        from .services.assess import assess
        from .services.casefile import read_case

        self._need_reference()
        files = sorted(paths.examples_dir().glob("*.json"))
        if not files:
            raise CheckFailed(f"no example household in {paths.examples_dir()}")
        for path in files:
            case = read_case(path)
            household, decision = case.household, case.decision
            a = assess(household, self.dataset, self.policy)
            if a.totals.reference_budget <= 0:
                raise CheckFailed(f"{path.name}: the reference budget is {a.totals.reference_budget}")
            self.examples.append((path, household, decision, a))
        return f"{len(files)} households"

    def sheets(self) -> str:
        from .report import client_sheet, decision_sheet

        self._need_reference()
        if not self.examples:
            raise CheckFailed("no computed household to print")
        path, household, decision, a = self.examples[0]
        written = []
        outputs = [("decision-fr-nl", lambda: decision_sheet(a, household, self.policy, self.dataset, decision))]
        outputs += [(f"client-{lang}", lambda lang=lang: client_sheet(a, household, self.policy, self.dataset, lang))
                    for lang in ("fr", "nl")]
        for name, make in outputs:
            pdf = make()
            if not pdf.startswith(b"%PDF") or b"DejaVu" not in pdf:
                raise CheckFailed(f"the {name} sheet is not a PDF with the bundled DejaVu font")
            target = self.work / f"{name}.pdf"
            target.write_bytes(pdf)
            written.append(f"{name} {len(pdf) // 1024} KiB")
        from .report.charts import budget_chart, svg

        chart = svg(budget_chart(a, "fr"))  # the chart the screen shows (reportlab's SVG renderer)
        if not chart.startswith(b"<?xml") or b"<svg" not in chart:
            raise CheckFailed("the budget chart is not drawn as SVG")
        self.chart = chart  # read by Qt in the next check
        written.append(f"chart {len(chart) // 1024} KiB")
        return ", ".join(written)

    def case_store(self) -> str:
        from .services.cases import save_case, verify
        from .store import schema
        from .store.store import Store

        self._need_reference()
        named = [(h, a) for _p, h, _d, a in self.examples if h.client.first_name or h.client.last_name]
        if not named:
            raise CheckFailed("no example household names a client")
        household, assessment = named[0]
        path = self.work / "store" / "cases.db"
        store = Store.create(path, SELFTEST_PASSPHRASE, kdf_iter=SELFTEST_KDF_ITER)  # runs every migration
        try:
            case_id = save_case(store, household, assessment, self.dataset, self.policy)
        finally:
            store.close()
        if b"SQLite format 3" in path.read_bytes()[:16]:
            raise CheckFailed("the case store was written unencrypted")
        store = Store.open(path, SELFTEST_PASSPHRASE, kdf_iter=SELFTEST_KDF_ITER, backup_dir=self.work / "backups")
        try:
            revision, head = store.revision(), schema.head()
            if revision != head:
                raise CheckFailed(f"the store is at revision {revision}, the program expects {head}")
            if case_id not in store.case_ids():
                raise CheckFailed("the stored case cannot be read back")
            if not verify(store).ok:
                raise CheckFailed("the stored assessment does not recompute to the same result")
        finally:
            store.close()
        return f"encrypted, migrated to {head}, one case stored and verified"

    def catalogs(self) -> str:
        from .i18n import translations

        found = []
        for lang in ("fr", "nl"):
            folder = paths.i18n_dir() / lang / "LC_MESSAGES"
            if not (folder / "redi.po").is_file():
                raise CheckFailed(f"the {lang} catalog is missing from {folder}")
            text = translations(lang).gettext("Food")
            if text == "Food":
                raise CheckFailed(f"the {lang} catalog does not translate 'Food'")
            compiled = "compiled" if (folder / "redi.mo").is_file() else "from .po"
            found.append(f"{lang} '{text}' ({compiled})")
        return ", ".join(found)

    chart = b""  # the budget chart as SVG, once the sheets check drew it

    def qt(self) -> str:
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or sys.platform in ("win32", "darwin")
                or os.environ.get("QT_QPA_PLATFORM")):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from PySide6 import QtCore as core
        from PySide6 import QtGui as gui
        from PySide6 import QtPdf, QtPrintSupport, QtSvgWidgets  # noqa: F401  the sheet preview, printing, charts
        from PySide6 import QtWidgets as widgets
        from PySide6.QtSvg import QSvgRenderer
        self.qt_app = widgets.QApplication.instance() or widgets.QApplication([sys.argv[0]])
        if self.chart and not QSvgRenderer(core.QByteArray(self.chart)).isValid():
            raise CheckFailed("Qt cannot read the budget chart (QtSvg)")
        folder = core.QLibraryInfo.path(core.QLibraryInfo.LibraryPath.TranslationsPath)
        for lang in ("fr", "nl"):
            translator = core.QTranslator()
            if not (translator.load(f"qtbase_{lang}", folder) or translator.load(f"qt_{lang}", folder)):
                raise CheckFailed(f"Qt's {lang} translation (qtbase_{lang}.qm) is not in {folder}")
            if not translator.translate("QWizard", "&Next >"):
                raise CheckFailed(f"Qt's {lang} translation does not translate the wizard's Next button")
        families = []
        for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
            font_id = gui.QFontDatabase.addApplicationFont(str(paths.resources_dir() / "fonts" / name))
            if font_id < 0:
                raise CheckFailed(f"Qt cannot load the bundled font {name}")
            families += gui.QFontDatabase.applicationFontFamilies(font_id)
        return (f"Qt {core.qVersion()}, platform {self.qt_app.platformName()}, fr/nl translations from {folder}, "
                f"fonts {sorted(set(families))}")

    def main_window(self) -> str:
        """The main window as `redi-desktop` opens it, timed: shown, then the reference budgets loaded."""
        if self.qt_app is None:
            raise CheckFailed("Qt did not start")
        from PySide6 import QtCore as core

        os.environ["REDI_DESKTOP_DATA"] = str(self.work / "data")  # the draft of this window is thrown away
        start = time.perf_counter()
        from .gui.app import MainWindow, set_qt_language, use_bundled_font
        from .gui.drafts import DraftFile

        use_bundled_font(self.qt_app)
        set_qt_language("fr")
        window = MainWindow(drafts=DraftFile(self.work / "data" / "draft.json"), load_later=True)
        times: dict[str, float] = {}

        def loaded():
            window.load_reference()
            times["loaded"] = time.perf_counter() - start
            times["loaded_age"] = _process_age()
            self.qt_app.quit()

        def shown():
            times["shown"] = time.perf_counter() - start
            times["shown_age"] = _process_age()
            core.QTimer.singleShot(0, loaded)

        window.show()
        core.QTimer.singleShot(0, shown)
        core.QTimer.singleShot(30_000, self.qt_app.quit)  # never hang a self test
        self.qt_app.exec()
        window.close()
        window.deleteLater()
        if "loaded" not in times:
            raise CheckFailed("the main window did not show within 30 s")
        since_process = ""
        if times["shown_age"] is not None and times["loaded_age"] is not None:
            since_process = (f"; since the process started: shown at {times['shown_age']:.2f} s, "
                             f"usable at {times['loaded_age']:.2f} s")
        return f"shown after {times['shown']:.2f} s, reference budgets loaded after {times['loaded']:.2f} s{since_process}"

    def _need_reference(self) -> None:
        if self.dataset is None or self.policy is None:
            raise CheckFailed("skipped: the reference database or the policy did not load")


def _process_age() -> float | None:
    """Seconds since this process started (Linux: /proc, 10 ms resolution), to report the whole start-up."""
    try:
        started = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19]) / os.sysconf("SC_CLK_TCK")
        return float(Path("/proc/uptime").read_text().split()[0]) - started
    except Exception:
        return None


def run() -> int:
    """Run every check; print one line each, then "selftest ok" (0) or the names of what failed (1)."""
    report = _Report()
    frozen = "frozen" if getattr(sys, "frozen", False) else "from source"
    report.say(f"REDI Desktop {__version__} selftest, {frozen}, Python {platform.python_version()}, "
               f"{platform.system()} {platform.release()} {platform.machine()}")
    report.say(f"resources: {paths.resources_dir()}")
    start = time.perf_counter()
    saved_data = os.environ.get("REDI_DESKTOP_DATA")
    with tempfile.TemporaryDirectory(prefix="redi-selftest-") as work:
        t = _SelfTest(Path(work), report)
        window = os.environ.get("REDI_DESKTOP_SELFTEST_WINDOW", "")
        if window != "only":
            report.run("reference database", t.reference_database)
            report.run("default policy", t.default_policy)
            report.run("compute the example households", t.compute_examples)
            report.run("decision and client sheets, French and Dutch", t.sheets)
            report.run("encrypted case store, created and migrated", t.case_store)
            report.run("translation catalogs", t.catalogs)
        report.run("Qt, its translations and the fonts", t.qt)
        if window:
            report.run("main window", t.main_window)
        if saved_data is None:
            os.environ.pop("REDI_DESKTOP_DATA", None)
        else:
            os.environ["REDI_DESKTOP_DATA"] = saved_data
    report.say(f"total {time.perf_counter() - start:.2f} s")
    if report.failed:
        report.say("selftest FAILED: " + "; ".join(report.failed))
    else:
        report.say("selftest ok")
    if sys.stdout is None:
        _keep_log(report.lines)
    return 1 if report.failed else 0


def _keep_log(lines: list[str]) -> None:
    try:
        folder = paths.user_data_dir()
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "selftest.log").write_text("\n".join(lines) + "\n", encoding="utf-8")
    except OSError:
        pass
