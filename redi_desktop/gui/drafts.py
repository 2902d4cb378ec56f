"""The wizard's autosave: the household being typed, written atomically on every change.

A dead battery or a crash loses nothing: the next start reopens the draft at the page it was on.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..files import write_atomic
from ..paths import user_data_dir


class DraftFile:
    def __init__(self, path: Path | None = None):
        self.path = path or user_data_dir() / "drafts" / "current.json"

    def save(self, household: dict[str, Any], page: int) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = json.dumps({"household": household, "page": page}, ensure_ascii=False).encode("utf-8")
        write_atomic(self.path, data, mode=0o600)  # the client's identity: for this account only

    def load(self) -> tuple[dict[str, Any], int] | None:
        try:
            with open(self.path, encoding="utf-8") as f:
                data = json.load(f)
            return data["household"], int(data.get("page", 0))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError):
            # unreadable: keep it aside for whoever wants to look, and start afresh
            self.path.replace(self.path.with_suffix(".unreadable.json"))
            return None

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)


class StoreDrafts:
    """The same autosave, kept in the encrypted case database of the session, for the case on screen."""

    def __init__(self, session):
        self.session = session

    @property
    def store(self):
        return self.session.store

    @property
    def case_id(self) -> str | None:
        return self.session.case_id

    def save(self, household: dict[str, Any], page: int) -> None:
        self.store.save_draft(household, page, self.case_id)

    def load(self) -> tuple[dict[str, Any], int] | None:
        found = self.store.load_draft(self.case_id)
        return found if found and found[0] else None

    def clear(self) -> None:
        self.store.save_draft({}, 0, self.case_id)  # an empty draft is no draft
