"""Where the bundled resources are: beside the package in a checkout, or in a frozen build's folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def resources_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def budgets_db() -> Path:
    return resources_dir() / "budgets.db"


def budgets_sources() -> Path:
    return resources_dir() / "budgets"


def default_policy() -> Path:
    return resources_dir() / "policies" / "default.yaml"


def examples_dir() -> Path:
    return resources_dir() / "examples"


def i18n_dir() -> Path:
    return resources_dir() / "i18n"


def user_data_dir() -> Path:
    """Where the user's own data live (drafts, cases): REDI_DESKTOP_DATA if set, else the platform's place."""
    override = os.environ.get("REDI_DESKTOP_DATA")
    if override:
        return Path(override)
    from platformdirs import user_data_path

    return user_data_path("REDI Desktop", "REDI")
