"""Every page at 100 % and 150 % display scaling, in French and in Dutch, written for a person to look at
(the review folder of tests/conftest.py); here only that each page renders at the laptop's full size."""

import subprocess
import sys

import pytest
from PySide6.QtGui import QImage

from tests.conftest import review_folder


@pytest.mark.parametrize("scale", ["1", "1.5"])
@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_every_page_renders_at_the_laptops_size(lang, scale):
    folder = review_folder("screens")
    r = subprocess.run([sys.executable, "-m", "tests.screens", lang, scale, str(folder)], capture_output=True,
                       text=True, timeout=180)
    assert r.returncode == 0, r.stderr[-2000:]
    shots = r.stdout.split()
    assert len(shots) == 7
    for name in shots:
        image = QImage(str(folder / name))
        assert (image.width(), image.height()) == (1366, 768) or abs(image.width() - 1366) <= 2, name
