"""The bundled reference database: built from resources/budgets/, opened read-only, loaded as plain objects."""

from .database import DatasetError, load_dataset, write_database
from .sources import BuildError, read_dataset

__all__ = ["BuildError", "DatasetError", "load_dataset", "read_dataset", "write_database"]


def build(sources_folder, target) -> str:
    """Rebuild budgets.db from the YAML sources; returns the dataset's sha256."""
    dataset = read_dataset(sources_folder)
    write_database([dataset], target)
    return dataset.sha256()
