"""The bundled reference database: built from resources/budgets/, opened read-only, loaded as plain objects.

Reading (reader.py) needs only the standard library; building (sources.py, database.py) needs PyYAML and
SQLAlchemy, imported only when a build asks for them, so that starting the application does not load them.
"""

from .reader import DatasetError, dataset_ids, load_dataset


def __getattr__(name: str):
    if name in ("BuildError", "read_dataset", "read_datasets"):
        from . import sources

        return getattr(sources, name)
    if name == "write_database":
        from .database import write_database

        return write_database
    raise AttributeError(name)


def build(sources_folder, target) -> dict[str, str]:
    """Rebuild budgets.db from the YAML sources (one folder per dataset); returns each dataset's sha256."""
    from .database import write_database
    from .sources import read_datasets

    datasets = read_datasets(sources_folder)
    write_database(datasets, target)
    return {d.id: d.sha256() for d in datasets}


__all__ = ["BuildError", "DatasetError", "build", "dataset_ids", "load_dataset", "read_dataset", "read_datasets",
           "write_database"]
