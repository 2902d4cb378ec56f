"""A reference dataset as a file a CPAS can receive and import: `redi-desktop dataset export|import`.

The file is JSON: {"format": "redi-dataset/1", "sha256": ..., "content": Dataset.content(), "order": [line
ids]}. Before anything is written it is verified: its format, its checksum (the sha256 of its content, which
is the dataset's identity), its schema (it must read back as a dataset whose sha256 is that checksum), and
that every value is sourced (a known source; a derivation that says how it was derived). Then what changes
for the published model households is shown (services/dataset_audit), and only when asked the dataset is
added to the database beside the others, which stay as they were so that old cases recompute identically.
A newer index month is a new dataset: the same content with the month added.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..domain.canonical import canonical_json, sha256_of
from ..domain.dataset import DERIVATION_SOURCE as DERIVATION
from ..domain.dataset import Dataset
from ..reference import dataset_ids, load_dataset, write_database
from ..store.copies import dataset_from_json
from .casefile import read_bytes
from .dataset_audit import audit
from .errors import ServiceError

FORMAT = "redi-dataset/1"
MAX_DATASET_BYTES = 50_000_000  # a dataset is a few hundred kilobytes


def export_text(dataset: Dataset) -> str:
    content = dataset.content()
    return canonical_json({"format": FORMAT, "sha256": sha256_of(content), "content": content,
                           "order": [line.id for line in dataset.lines]}) + "\n"


def read_file(path: Path) -> Dataset:
    """The dataset of a file, verified (format, checksum, schema, sources), or a ServiceError saying why."""
    name = Path(path).name
    try:
        data = json.loads(read_bytes(path, MAX_DATASET_BYTES).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError, ValueError):
        raise ServiceError("dataset_file_format", name=name) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or set(data) != {"format", "sha256", "content",
                                                                                   "order"}:
        raise ServiceError("dataset_file_format", name=name)
    if sha256_of(data["content"]) != data["sha256"]:
        raise ServiceError("dataset_file_checksum", name=name)
    try:
        dataset = dataset_from_json(canonical_json({"content": data["content"], "order": data["order"]}))
    except (KeyError, TypeError, ValueError, ArithmeticError, AttributeError):
        raise ServiceError("dataset_file_content", name=name) from None
    if dataset.sha256() != data["sha256"] or sorted(data["order"]) != sorted(line.id for line in dataset.lines):
        raise ServiceError("dataset_file_content", name=name)
    unsourced = unsourced_values(dataset)
    if unsourced:
        raise ServiceError("dataset_file_unsourced", name=name, what=", ".join(unsourced[:3]))
    return dataset


def unsourced_values(dataset: Dataset) -> list[str]:
    """What in the dataset cites no known source, or is derived without saying how."""
    known = set(dataset.sources)
    bad = []
    for line in dataset.lines:
        if line.category not in dataset.categories:
            bad.append(f"{line.id} (category {line.category} not declared)")
        for v in line.values:
            if v.source not in known or (v.source == DERIVATION and not v.estimate):
                bad.append(line.id)
    bad += [f"index {p.month:%Y-%m}" for p in (*dataset.index, *dataset.cpi) if p.source not in known]
    bad += [f"integration income {s.valid_from}" for s in dataset.integration_income if s.source not in known]
    if dataset.indexation.source and dataset.indexation.source not in known:
        bad.append("indexation rule")
    return list(dict.fromkeys(bad))


@dataclass(frozen=True)
class ImportReport:
    dataset: Dataset
    already_present: bool
    totals: list[tuple[str, str, str]]  # model household, total with the current newest, with the imported
    written: bool


def import_file(path: Path, database: Path, activate: bool) -> ImportReport:
    """Verify the file, compare the model households with the database's newest dataset, and add it to
    the database when `activate` (never replacing a dataset: the same id must be the same content)."""
    dataset = read_file(path)
    present = dict(dataset_ids(database))
    current = load_dataset(database)
    if dataset.id in present:
        kept = load_dataset(database, dataset.id)
        if kept.sha256() != dataset.sha256():
            raise ServiceError("dataset_conflict", dataset=dataset.id)
    before, after = audit(current), audit(dataset)
    totals = [(m.name, f"{m.total:.2f}", f"{n.total:.2f}") for m, n in zip(before.models, after.models, strict=True)]
    written = False
    if activate and dataset.id not in present:
        others = [load_dataset(database, i) for i in present]
        write_database(sorted([*others, dataset], key=lambda d: (d.price_date, d.id)), database)
        written = True
    return ImportReport(dataset, dataset.id in present, totals, written)
