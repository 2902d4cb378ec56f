"""`redi-desktop dataset import FILE`: a dataset file is verified (format, checksum, schema, every value
sourced) before anything is written, what changes for the model households is shown, and it is added
beside the datasets already there only when asked. Index values in these tests are synthetic."""

import dataclasses
import datetime as dt
import json
from decimal import Decimal

import pytest

from redi_desktop.domain.dataset import IndexPoint, Source
from redi_desktop.domain.household import Household
from redi_desktop.engine import compute
from redi_desktop.reference import dataset_ids, load_dataset, write_database
from redi_desktop.services import ServiceError
from redi_desktop.services.dataset_exchange import export_text, import_file, read_file


@pytest.fixture
def old_only(tmp_path, dataset_2023):
    db = tmp_path / "budgets.db"
    write_database([dataset_2023], db)
    return db


def write(tmp_path, text, name="dataset.json"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_dataset_is_shown_first_and_added_only_when_asked(tmp_path, old_only, dataset, dataset_2023):
    path = write(tmp_path, export_text(dataset))
    shown = import_file(path, old_only, activate=False)
    assert not shown.written and [i for i, _t in dataset_ids(old_only)] == ["be-2023-12"]
    assert [t[0] for t in shown.totals] == ["bxl-single-woman", "bxl-parent-one-child", "bxl-couple-two-children"]
    assert shown.totals[0][1:] == ("1680.57", "1723.45")  # the single woman, before and after
    added = import_file(path, old_only, activate=True)
    assert added.written
    assert load_dataset(old_only).sha256() == dataset.sha256()  # the newest is used for new assessments
    assert load_dataset(old_only, "be-2023-12").sha256() == dataset_2023.sha256()  # the old one stays


def test_a_file_whose_content_was_altered_is_refused(tmp_path, dataset):
    data = json.loads(export_text(dataset))
    data["content"]["lines"][0]["values"][0]["unit_price"] = "1.00"
    with pytest.raises(ServiceError) as exc:
        read_file(write(tmp_path, json.dumps(data)))
    assert exc.value.key == "dataset_file_checksum" and "checksum" in exc.value.text()


def test_a_value_without_a_known_source_is_refused_even_with_a_matching_checksum(tmp_path, dataset):
    stripped = dataclasses.replace(dataset, sources={k: v for k, v in dataset.sources.items()
                                                     if k != "cm-contribution-2024"})
    with pytest.raises(ServiceError) as exc:
        read_file(write(tmp_path, export_text(stripped)))
    assert exc.value.key == "dataset_file_unsourced"


def test_a_file_that_is_not_a_dataset_is_refused(tmp_path):
    for text in (json.dumps({"format": "something else"}), "not json at all"):
        with pytest.raises(ServiceError) as exc:
            read_file(write(tmp_path, text))
        assert exc.value.key == "dataset_file_format"


def test_another_content_under_an_id_already_present_is_refused(tmp_path, old_only, dataset_2023):
    changed = dataclasses.replace(dataset_2023, title="the same id, other content")
    with pytest.raises(ServiceError) as exc:
        import_file(write(tmp_path, export_text(changed)), old_only, activate=True)
    assert exc.value.key == "dataset_conflict"


def test_new_index_months_come_as_a_new_dataset_and_end_the_stale_warning(tmp_path, old_only, dataset, policy):
    months = [dt.date(2026, m, 1) for m in range(8, 13)]
    test_source = Source("test-index", "synthetic index values for this test", "", "tests", "2026")
    newer = dataclasses.replace(
        dataset, id="be-2023-12-r3", sources={**dataset.sources, "test-index": test_source},
        cpi=dataset.cpi + tuple(IndexPoint(m, Decimal("141.00"), "test-index") for m in months))
    import_file(write(tmp_path, export_text(newer)), old_only, activate=True)
    import_file(write(tmp_path, export_text(dataset), "r2.json"), old_only, activate=True)
    assert load_dataset(old_only).id == "be-2023-12-r3"
    h = Household.from_dict({"region": "BRU", "members": [{"role": "applicant", "age": 40, "sex": "F",
                                                           "activity": "unemployed"}]})
    january = dt.date(2027, 1, 4)
    assert "index_stale" in {w.key for w in compute(h, dataset, policy, january).warnings}
    assert "index_stale" not in {w.key for w in compute(h, load_dataset(old_only), policy, january).warnings}
