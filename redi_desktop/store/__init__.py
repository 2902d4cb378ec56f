"""The case store: an encrypted (SQLCipher) database of cases in the user data folder, separate from the
read-only budgets.db. See store.Store; the command line is in store.commands.

The names below load their modules on first use, so that the command line and the application do not
import the database layer before they need it.
"""

from importlib import import_module

from .errors import MESSAGES, StoreError

_LAZY = {"STORE_FILE": "store", "CaseSummary": "store", "Store": "store", "StoredAssessment": "store",
         "data_dir": "store", "default_path": "store"}

__all__ = ["MESSAGES", "STORE_FILE", "CaseSummary", "Store", "StoreError", "StoredAssessment", "data_dir",
           "default_path"]


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(name)
