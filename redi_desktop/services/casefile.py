"""Reading what a user gives the program: a household file (JSON, with an optional "decision" and optional
"scenarios" beside the household's fields) and a local policy file (YAML or JSON).

A file is read only if it is a regular file of a sane size (a FIFO would hang, a device never end); JSON
that names a field twice is refused (json would silently keep the last value: a rent of 2000 read as 500).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .. import paths
from ..domain.decision import Decision
from ..domain.household import Household
from ..domain.messages import InvalidInput, Problem
from ..domain.policy import Policy
from ..domain.request import Request
from ..domain.scenario import Scenario, read_scenarios
from ..files import FileTooLarge, NotARegularFile, read_regular_file
from .errors import ServiceError

MAX_FILE_BYTES = 2_000_000  # a household file is a few kilobytes
MAX_POLICY_BYTES = 256_000  # a policy, less: YAML is slow to read, a bigger file is a mistake


@dataclass(frozen=True)
class CaseFile:
    household: Household
    decision: Decision | None
    request: Request | None = None
    scenarios: tuple[Scenario, ...] = ()  # what-if variations: never part of the assessment


def read_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    try:
        return read_regular_file(path, limit)
    except FileNotFoundError:
        raise ServiceError("file_missing", path=path) from None
    except NotARegularFile:
        raise ServiceError("file_not_regular", path=path) from None
    except FileTooLarge:
        size = f"{limit // 1_000_000} MB" if limit >= 1_000_000 else f"{limit // 1000} kB"
        raise ServiceError("file_too_large", path=path, limit=size) from None
    except ValueError:  # a NUL in the name: no such file can exist
        raise ServiceError("file_missing", path=path) from None
    except OSError:
        raise ServiceError("file_unreadable", path=path) from None


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise InvalidInput([Problem("duplicate_key", "", {"value": key})])
        out[key] = value
    return out


def parse_json(text: str) -> Any:
    """JSON as a household file holds it; InvalidInput for anything else (bad syntax, a key twice)."""
    try:
        return json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except InvalidInput:  # a key twice (InvalidInput is a ValueError: said as such, not as bad JSON)
        raise
    except json.JSONDecodeError as exc:
        raise InvalidInput([Problem("bad_json_at", "", {"line": str(exc.lineno), "column": str(exc.colno)})]) from None
    except RecursionError:
        raise InvalidInput([Problem("json_too_deep")]) from None
    except ValueError:  # a number of thousands of digits, which Python refuses to read
        raise InvalidInput([Problem("number_too_long")]) from None


def read_json(path: Path) -> Any:
    data = read_bytes(path)
    try:
        text = data.decode("utf-8-sig")  # -sig: files saved by Windows Notepad start with a BOM
    except UnicodeDecodeError:
        raise ServiceError("file_unreadable", path=path) from None
    try:
        return parse_json(text)
    except InvalidInput as exc:
        raise ServiceError.invalid(exc, Path(path).name) from None


def case_from_data(data: Any, name: str = "") -> CaseFile:
    """A household, its decision, its request and its scenarios from the parsed JSON of a case file."""
    decision = data.pop("decision", None) if isinstance(data, dict) else None
    request = data.pop("request", None) if isinstance(data, dict) else None
    scenarios = data.pop("scenarios", None) if isinstance(data, dict) else None
    try:
        household = Household.from_dict(data)
        return CaseFile(household, None if decision is None else Decision.from_dict(decision),
                        None if request is None else Request.from_dict(request),
                        () if scenarios is None else read_scenarios(scenarios, household))
    except InvalidInput as exc:
        raise ServiceError.invalid(exc, name) from None


def read_case(path: Path) -> CaseFile:
    return case_from_data(read_json(path), Path(path).name)


def read_policy(path: Path | None = None) -> Policy:
    """A local policy file; without one, the bundled default policy."""
    import yaml

    path = Path(path or paths.default_policy())
    data = read_bytes(path, MAX_POLICY_BYTES)
    try:
        parsed = yaml.load(data.decode("utf-8-sig"), Loader=_policy_loader())  # noqa: S506 - a SafeLoader
    except _DuplicateKey as exc:
        raise ServiceError.invalid(InvalidInput([Problem("duplicate_key", "", {"value": exc.key})]), path.name) from None
    except (UnicodeDecodeError, yaml.YAMLError, RecursionError, ValueError):  # nested too deep, 5,000 digits
        raise ServiceError("policy_unreadable", path=path) from None
    try:
        return Policy.from_dict(parsed)
    except InvalidInput as exc:
        raise ServiceError.invalid(exc, path.name) from None


class _DuplicateKey(Exception):
    def __init__(self, key: Any):
        super().__init__(key)
        self.key = str(key)[:200]


@cache
def _policy_loader():
    """YAML's safe loader, refusing a mapping that names a key twice (YAML would keep the last silently:
    `share: 0.5` then `share: 1` read as 1)."""
    import yaml

    merge = "tag:yaml.org,2002:merge"

    class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml's parser when there is one
        def construct_mapping(self, node, deep=False):
            seen = set()
            if isinstance(node, yaml.MappingNode):
                for key_node, _value in node.value:
                    if key_node.tag == merge:
                        continue
                    key = self.construct_object(key_node, deep=deep)
                    try:
                        if key in seen:
                            raise _DuplicateKey(key)
                        seen.add(key)
                    except TypeError:  # an unhashable key: YAML's own error follows
                        pass
            return super().construct_mapping(node, deep=deep)

    return Loader
