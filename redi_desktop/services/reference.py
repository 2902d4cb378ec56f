"""Opening the reference datasets (budgets.db), with a message a caseworker understands when it fails."""

from __future__ import annotations

from pathlib import Path

from .. import paths
from ..domain.dataset import Dataset
from .errors import ServiceError


def open_dataset(path: Path | None = None, dataset_id: str | None = None) -> Dataset:
    """The newest dataset of the bundled budgets.db (or of `path`), its content checked against its hash.
    A missing or damaged database is the installation's fault, not the user's."""
    from ..reference import DatasetError, load_dataset

    try:
        return load_dataset(path or paths.budgets_db(), dataset_id)
    except DatasetError as exc:
        raise ServiceError(exc.key, user_fault=False, path=exc.path) from None


def published_hashes(path: Path | None = None) -> dict[str, str]:
    """The sha256 of every dataset of the reference database (the bundled budgets.db), by dataset id: what a
    stored copy of a dataset must hash to."""
    from ..reference import DatasetError
    from ..reference.reader import dataset_ids, load_dataset

    path = path or paths.budgets_db()
    try:
        return {did: load_dataset(path, did).sha256() for did, _title in dataset_ids(path)}
    except DatasetError as exc:
        raise ServiceError(exc.key, user_fault=False, path=exc.path) from None
