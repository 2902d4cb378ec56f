"""The user's few preferences (the language chosen), kept between starts in the user data folder."""

from __future__ import annotations

import json

from ..files import write_atomic
from ..paths import user_data_dir


def _path():
    return user_data_dir() / "settings.json"


def load() -> dict:
    try:
        return json.loads(_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def save(changes: dict) -> None:
    data = {**load(), **changes}
    path = _path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(data).encode("utf-8"))
    except OSError:
        pass  # a preference that cannot be kept is not worth an error
