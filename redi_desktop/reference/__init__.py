"""The bundled reference database: built from resources/budgets/, opened read-only, loaded as plain objects."""

from .database import DatasetError, load_dataset, write_database
from .sources import BuildError, read_dataset, read_datasets

__all__ = ["BuildError", "DatasetError", "load_dataset", "read_dataset", "read_datasets", "write_database"]


def build(sources_folder, target) -> dict[str, str]:
    """Rebuild budgets.db from the YAML sources (one folder per dataset); returns each dataset's sha256."""
    datasets = read_datasets(sources_folder)
    write_database(datasets, target)
    return {d.id: d.sha256() for d in datasets}
