"""budgets.db: rebuilt identically from its sources, every figure sourced, opened read-only, checked."""

import shutil
import sqlite3

import pytest
import yaml

from redi_desktop import paths
from redi_desktop.domain.household import CATEGORIES
from redi_desktop.reference import BuildError, DatasetError, build, load_dataset, read_dataset, read_datasets


def dump(path):
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as c:
        return list(c.iterdump())


def test_a_rebuild_equals_the_committed_database(tmp_path):
    target = tmp_path / "budgets.db"
    digests = build(paths.budgets_sources(), target)
    assert dump(target) == dump(paths.budgets_db())
    assert digests == {d: load_dataset(paths.budgets_db(), d).sha256() for d in digests}


def test_the_database_holds_what_the_sources_say():
    for d in read_datasets(paths.budgets_sources()):
        assert load_dataset(paths.budgets_db(), d.id) == d


def test_every_value_has_a_known_source_and_a_price_date(dataset):
    for line in dataset.lines:
        for v in line.values:
            assert v.source in dataset.sources, line.id
            assert v.price_date >= dataset.index[0].month, line.id
    assert all(p.source in dataset.sources for p in dataset.index)
    assert all(s.source in dataset.sources for s in dataset.integration_income)


def test_every_category_and_region_is_covered(dataset):
    assert {line.category for line in dataset.lines} == set(CATEGORIES)
    rent_regions = {r for line in dataset.lines if line.actual == "rent" for r in line.when.regions}
    assert rent_regions == {"BRU", "WAL", "VLA"}


def test_the_index_covers_2023_onwards_month_by_month(dataset):
    months = [p.month for p in dataset.index]
    assert months[0].isoformat() == "2023-01-01"
    assert all((b.year - a.year) * 12 + b.month - a.month == 1 for a, b in zip(months, months[1:], strict=False))


def copy_sources(tmp_path):
    """A copy of the newest dataset's folder (named by its id)."""
    folder = tmp_path / "budgets"
    shutil.copytree(paths.budgets_sources() / load_dataset(paths.budgets_db()).id, folder)
    return folder


def edit(path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_an_unknown_key_fails_the_build(tmp_path):
    folder = copy_sources(tmp_path)
    edit(folder / "food.yaml", lambda d: d["lines"][0].update(colour="red"))
    with pytest.raises(BuildError, match="unknown key"):
        read_dataset(folder)


def test_a_missing_source_fails_the_build(tmp_path):
    folder = copy_sources(tmp_path)
    edit(folder / "clothing.yaml", lambda d: d["lines"][0].update(source="nowhere"))
    with pytest.raises(BuildError, match="source"):
        read_dataset(folder)


def test_a_float_amount_fails_the_build(tmp_path):
    folder = copy_sources(tmp_path)
    edit(folder / "clothing.yaml", lambda d: d["lines"][0]["values"][0].update(unit_price=12.5))
    with pytest.raises(BuildError, match="amount"):
        read_dataset(folder)


def test_the_app_cannot_write_the_reference_database(tmp_path):
    copy = tmp_path / "budgets.db"
    shutil.copy(paths.budgets_db(), copy)
    load_dataset(copy)
    with sqlite3.connect(f"file:{copy}?mode=ro", uri=True) as c, pytest.raises(sqlite3.OperationalError):
        c.execute("DELETE FROM line_value")


def test_a_changed_figure_is_detected(tmp_path):
    copy = tmp_path / "budgets.db"
    shutil.copy(paths.budgets_db(), copy)
    with sqlite3.connect(copy) as c:
        ids = [r[0] for r in c.execute("SELECT id FROM dataset")]
        for dataset_id in ids:  # one figure of each dataset
            c.execute("UPDATE line_value SET unit_price_cents = unit_price_cents + 1 WHERE pk = "
                      "(SELECT min(pk) FROM line_value WHERE dataset_id = ?)", (dataset_id,))
    for dataset_id in ids:
        with pytest.raises(DatasetError) as info:
            load_dataset(copy, dataset_id)
        assert info.value.key == "dataset_damaged"


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    bad = tmp_path / "budgets.db"
    bad.write_bytes(b"not a database at all" * 100)
    with pytest.raises(DatasetError) as info:
        load_dataset(bad)
    assert info.value.key == "dataset_unreadable"


def test_a_category_file_not_declared_fails_the_build(tmp_path):
    folder = copy_sources(tmp_path)
    edit(folder / "dataset.yaml", lambda d: d["categories"].remove("unforeseen"))
    with pytest.raises(BuildError, match="not declared"):
        read_dataset(folder)


def test_an_unknown_index_series_fails_the_build(tmp_path):
    folder = copy_sources(tmp_path)
    edit(folder / "dataset.yaml", lambda d: d["indexation"].update(series="gold_price"))
    with pytest.raises(BuildError, match="series"):
        read_dataset(folder)


def test_a_folder_named_other_than_its_dataset_fails_the_build(tmp_path):
    copy_sources(tmp_path)
    with pytest.raises(BuildError, match="folder"):
        read_datasets(tmp_path)
