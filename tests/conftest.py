import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from redi_desktop import paths  # noqa: E402
from redi_desktop.domain.policy import Policy  # noqa: E402
from redi_desktop.reference import load_dataset  # noqa: E402


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
