"""The test run is sealed: a test that writes the user's settings, drafts or a language choice writes them
into its own temporary folder, and the next test starts in the language the run started with. (The end of
the run also compares the checkout, HOME and the user data folder with their start: tests/conftest.py.)"""

import os
from pathlib import Path

from redi_desktop import i18n, paths
from redi_desktop.gui import settings
from tests.conftest import REAL_DATA, REAL_HOME, STARTING_LANGUAGE


def test_a_test_sees_its_own_home_and_user_data_folder(tmp_path):
    assert Path(os.environ["HOME"]) == tmp_path / "home" != REAL_HOME
    assert paths.user_data_dir() == tmp_path / "data" != REAL_DATA
    from platformdirs import user_data_path

    assert tmp_path in user_data_path("REDI Desktop", "REDI").parents  # Qt's and platformdirs' places too


def test_a_language_chosen_in_a_test_is_kept_in_that_tests_folder(tmp_path):
    before = sorted(REAL_DATA.rglob("*")) if REAL_DATA.exists() else []
    settings.save({"language": "nl"})
    i18n.set_language("nl")
    assert settings.load() == {"language": "nl"}
    assert (tmp_path / "data" / "settings.json").is_file()
    assert (sorted(REAL_DATA.rglob("*")) if REAL_DATA.exists() else []) == before


def test_the_next_test_starts_in_the_runs_language_with_no_settings():
    assert i18n.language() == STARTING_LANGUAGE
    assert settings.load() == {}
