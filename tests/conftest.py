"""Shared by every test: headless Qt, the bundled reference data, and a sealed environment.

Every test runs with HOME, the XDG folders and REDI_DESKTOP_DATA in its own temporary folder, and the
language as it was at the start: no test reads or writes the user's real settings, drafts or case store,
and no test depends on another's language. Screenshots and rendered sheets for review go to
REDI_DESKTOP_REVIEW (default: a folder in the system's temporary directory), never into the checkout.
At the end of the run the checkout, the real HOME and the real user data folder are compared with how
they were at its start; any difference fails the run.
"""

import os
import subprocess
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# hypothesis keeps examples and constants in .hypothesis/ of the working folder unless told otherwise
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", str(Path(tempfile.gettempdir()) / "redi-desktop-hypothesis"))

from hypothesis import settings  # noqa: E402

from redi_desktop import i18n, paths  # noqa: E402
from redi_desktop.domain.policy import Policy  # noqa: E402
from redi_desktop.reference import load_dataset  # noqa: E402

settings.register_profile("sealed", database=None)  # no .hypothesis folder in the checkout
settings.load_profile("sealed")

CHECKOUT = Path(__file__).resolve().parent.parent
REAL_HOME = Path.home()
REAL_DATA = paths.user_data_dir()
REVIEW = Path(os.environ.get("REDI_DESKTOP_REVIEW") or Path(tempfile.gettempdir()) / "redi-desktop-review")
STARTING_LANGUAGE = i18n.language()


def review_folder(name: str) -> Path:
    """Where a test leaves pictures for a person to look at (screenshots, sheets rendered to PNG)."""
    folder = REVIEW / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(autouse=True)
def sealed(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("USERPROFILE", str(home))
    for var, sub in (("XDG_CONFIG_HOME", ".config"), ("XDG_DATA_HOME", ".local/share"),
                     ("XDG_CACHE_HOME", ".cache"), ("XDG_STATE_HOME", ".local/state")):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.setenv("REDI_DESKTOP_DATA", str(tmp_path / "data"))
    # cheap key derivation for test stores (SQLCipher's rounds, argon2id's cost), in subprocesses too
    monkeypatch.setenv("REDI_DESKTOP_KDF_ITER", "1000")
    monkeypatch.delenv("REDI_DESKTOP_STORE", raising=False)
    monkeypatch.delenv("REDI_DESKTOP_LANG", raising=False)
    yield
    i18n.set_language(STARTING_LANGUAGE)
    import sys

    app = sys.modules.get("redi_desktop.gui.app")
    if app is not None and app.QApplication.instance() is not None:
        app.set_qt_language(STARTING_LANGUAGE)


@pytest.fixture(autouse=True)
def no_unanswered_dialog(monkeypatch):
    """A modal question nobody answers would hang the run (offscreen, nobody clicks): every dialog of
    gui/dialogs.py fails the test instead, unless the test gives its answer (monkeypatch)."""
    from redi_desktop.gui import dialogs

    for name in [n for n in vars(dialogs) if n.startswith(("ask_", "tell_"))]:
        def unanswered(*_args, _name=name, **_kw):
            raise AssertionError(f"the test left the dialog {_name} unanswered")

        monkeypatch.setattr(dialogs, name, unanswered)


def footprint() -> dict[str, object]:
    """What a run must leave as it found it: the checkout's files (git's view, ignored ones included, but
    not the virtual environment and Python's bytecode caches), the names in the real HOME and its config
    and data folders, and every file of the real user data folder."""
    status = subprocess.run(["git", "status", "--porcelain", "--ignored", "--untracked-files=all"], cwd=CHECKOUT,
                            capture_output=True, text=True).stdout.splitlines()
    checkout = sorted(line for line in status
                      if not any(part in line for part in (".venv", "__pycache__", ".egg-info", "/dist/", "/build/")))

    def names(folder: Path) -> list[str]:
        try:
            return sorted(p.name for p in folder.iterdir())
        except OSError:
            return []

    data = sorted((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in REAL_DATA.rglob("*")) \
        if REAL_DATA.exists() else []
    return {"checkout": checkout, "home": names(REAL_HOME), "config": names(REAL_HOME / ".config"),
            "data_home": names(REAL_HOME / ".local" / "share"), "user_data": data}


def pytest_sessionstart(session):
    session.config.footprint_before = footprint()


def pytest_sessionfinish(session, exitstatus):
    before, after = session.config.footprint_before, footprint()
    changed = {k: (sorted(set(map(str, after[k])) - set(map(str, before[k]))),
                   sorted(set(map(str, before[k])) - set(map(str, after[k]))))
               for k in before if before[k] != after[k]}
    if changed:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        reporter.write_line(f"The test run changed what it must leave alone (added, removed): {changed}", red=True)
        session.exitstatus = 1
    elif REVIEW.exists():
        session.config.pluginmanager.get_plugin("terminalreporter").write_line(
            f"Screenshots and sheets for review: {REVIEW}")


@pytest.fixture(scope="session")
def dataset():
    """The bundled reference dataset, as the application opens it (read-only, hash checked)."""
    return load_dataset(paths.budgets_db())


@pytest.fixture(scope="session")
def dataset_2023():
    """The first dataset (December 2023 prices, health index monthly), frozen: stored cases name it."""
    return load_dataset(paths.budgets_db(), "be-2023-12")


@pytest.fixture(scope="session")
def policy():
    return Policy()


@pytest.fixture(scope="session")
def postgres_server():
    """One throwaway PostgreSQL server for the run (tests/postgres.py), stopped and removed at its end."""
    from tests import postgres

    server = postgres.start()
    yield server
    server.stop()


@pytest.fixture
def office_url(postgres_server, monkeypatch):
    """A fresh, empty office database on that server, reached as the program's role through libpq's
    password file; dropped after the test."""
    monkeypatch.setenv("PGPASSFILE", str(postgres_server.passfile))
    name = postgres_server.new_database()
    yield postgres_server.url(name)
    postgres_server.drop_database(name)


@pytest.fixture
def blank_wizard(qtbot, dataset, policy, tmp_path):
    """The household wizard alone, shown at 1366 × 768, its draft in the test's folder."""
    from redi_desktop.gui.drafts import DraftFile
    from redi_desktop.gui.wizard import HouseholdWizard

    w = HouseholdWizard(dataset, policy, drafts=DraftFile(tmp_path / "draft.json"))
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    return w


@pytest.fixture
def window(qtbot, store, monkeypatch):
    """The main window over the module's `store`, shown at 1366 × 768: a kept draft is not offered back,
    and an error dialog fails the test with its text."""
    from redi_desktop.gui import dialogs
    from redi_desktop.gui.app import MainWindow

    monkeypatch.setattr(dialogs, "ask_resume", lambda parent: False)
    monkeypatch.setattr(dialogs, "tell_error", lambda parent, text: (_ for _ in ()).throw(AssertionError(text)))
    w = MainWindow(store=store)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    return w
