"""Datasets side by side: the first one (be-2023-12) is frozen, so every case stored with it recomputes
identically; a new assessment uses the newest one unless a dataset is named."""

import json
from pathlib import Path

import pytest

from redi_desktop import paths
from redi_desktop.domain.household import Household
from redi_desktop.engine import compute
from redi_desktop.reference import dataset_ids, load_dataset, read_datasets
from redi_desktop.store.copies import dataset_from_json, dataset_json

FIRST = "be-2023-12"
FIRST_SHA256 = "5c590fcdfa68a88a1b7158110dd31a35fb08a6b81e93acca4efd115aacdccc7d"
FIXTURES = Path(__file__).parent / "fixtures" / FIRST
EXAMPLES = sorted(paths.examples_dir().glob("*.json"))


def test_the_first_dataset_keeps_its_sha256(dataset_2023):
    assert dataset_2023.id == FIRST
    assert dataset_2023.sha256() == FIRST_SHA256


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_the_first_dataset_gives_the_assessments_it_always_gave(example, dataset_2023, policy):
    """Outputs captured with `redi-desktop compute FILE --json` before a second dataset existed."""
    data = json.loads(example.read_text(encoding="utf-8"))
    data.pop("decision", None)  # the case file's decision, read beside the household by the command line
    household = Household.from_dict(data)
    a = compute(household, dataset_2023, policy)
    expected = json.loads((FIXTURES / example.name).read_text(encoding="utf-8"))
    assert json.loads(json.dumps(a.to_dict())) == expected


def test_the_database_holds_every_dataset_of_the_sources_newest_first():
    built = read_datasets(paths.budgets_sources())
    assert FIRST in [d.id for d in built]
    listed = [i for i, _title in dataset_ids(paths.budgets_db())]
    assert sorted(listed) == sorted(d.id for d in built)
    assert load_dataset(paths.budgets_db()).id == listed[0] != FIRST


def test_a_dataset_kept_in_a_case_store_comes_back_identical(dataset, dataset_2023):
    for d in (dataset, dataset_2023):
        back = dataset_from_json(dataset_json(d))
        assert back.sha256() == d.sha256()
        assert back.categories == d.categories and back.indexation == d.indexation and back.cpi == d.cpi
