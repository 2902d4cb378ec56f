"""The application layer as users meet it through the command line: one date rule on every path that
computes, a damaged reference database said in one sentence, stored cases verified across engine versions."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
import sqlite3
import subprocess
import sys

import pytest

from redi_desktop import paths
from redi_desktop.domain.assessment import Assessment, Identity
from redi_desktop.domain.canonical import sha256_of
from redi_desktop.domain.messages import InvalidInput
from redi_desktop.engine import compute
from redi_desktop.i18n import _, gettext_in, set_language
from redi_desktop.services import ServiceError
from redi_desktop.services.assess import assess
from redi_desktop.services.cases import verify
from redi_desktop.store import Store, StoreError
from tests.store_fixtures.helpers import PASSPHRASE, TEST_KDF_ITER, household, household_data

EXAMPLE = paths.examples_dir() / "bxl-single-woman.json"


def run(*args, env=None):
    return subprocess.run([sys.executable, "-m", "redi_desktop", *args], capture_output=True, text=True,
                          env=env, timeout=120)


@pytest.fixture
def store_env(tmp_path, monkeypatch):
    monkeypatch.setenv("REDI_DESKTOP_KDF_ITER", str(TEST_KDF_ITER))
    secret = tmp_path / "pw.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    assert run("init", "--passphrase-file", str(secret)).returncode == 0
    case = tmp_path / "case.json"
    case.write_text(json.dumps(household_data()), encoding="utf-8")
    return tmp_path, secret, case


# -- one date rule ------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_cases_add_refuses_a_date_before_the_data_like_compute(store_env, lang):
    tmp, secret, case = store_env
    expected = gettext_in(lang, "The date of {field} must be between 1 January 2023 and 31 December 2099.")
    for command in (["compute", str(case)], ["cases", "add", str(case), "--passphrase-file", str(secret)]):
        r = run(*command, "--date", "2019-01-01", "--lang", lang)
        assert r.returncode == 2, (command, r.stdout, r.stderr)
        assert expected.split("{field}")[0] in r.stderr and len(r.stderr.splitlines()) == 1
    r = run("cases", "list", "--passphrase-file", str(secret))
    assert r.returncode == 0 and r.stdout == ""  # nothing was stored


def test_the_engine_itself_refuses_a_date_its_data_do_not_cover(dataset, policy):
    h = household()
    for on in ("2019-01-01", "2022-12-31"):
        with pytest.raises(InvalidInput) as exc:
            compute(h, dataset, policy, dt.date.fromisoformat(on))
        assert exc.value.problems[0].key == "date_out_of_range"
    with pytest.raises(ServiceError) as exc:
        assess(h, dataset, policy, dt.date(2019, 1, 1))
    assert exc.value.user_fault and exc.value.problems[0].key == "date_out_of_range"


# -- a damaged reference database ---------------------------------------------------------------------


def damaged_copy(tmp_path, how: str):
    target = tmp_path / "budgets.db"
    shutil.copy(paths.budgets_db(), target)
    if how == "a changed figure":
        con = sqlite3.connect(target)
        con.execute("UPDATE line_value SET unit_price_cents = unit_price_cents + 1")
        con.commit()
        con.close()
    else:
        target.write_bytes(target.read_bytes()[:4096])
    return target


@pytest.mark.parametrize("how", ["a changed figure", "a truncated file"])
@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_a_damaged_reference_database_is_one_sentence_and_exit_1(tmp_path, how, lang):
    db = damaged_copy(tmp_path, how)
    r = run("compute", str(EXAMPLE), "--dataset", str(db), "--lang", lang)
    assert r.returncode == 1 and r.stdout == ""
    assert len(r.stderr.splitlines()) == 1 and "Traceback" not in r.stderr
    set_language(lang)
    key = "dataset_damaged" if how == "a changed figure" else "dataset_unreadable"
    assert r.stderr.strip() == ServiceError(key, False, path=db).text()


# -- verify across engine versions --------------------------------------------------------------------


def as_earlier_engine(a: Assessment, version: str = "0.0.1") -> Assessment:
    """The assessment an earlier engine would have stored: another method (here, housing counted 10.00
    lower), another version, hashes of its own."""
    categories = tuple(dataclasses.replace(c, used=c.used - 10) if c.key == "housing" else c for c in a.categories)
    totals = dataclasses.replace(a.totals, reference_budget=a.totals.reference_budget - 10)
    older = dataclasses.replace(a, categories=categories, totals=totals)
    ident = dataclasses.replace(a.identity, engine_version=version, outputs_sha256="")
    older = dataclasses.replace(older, identity=ident)
    return dataclasses.replace(older, identity=Identity(**{**ident.to_dict(),
                                                            "outputs_sha256": sha256_of(older.outputs())}))


def test_verify_tells_an_earlier_engine_from_tampering(tmp_path, dataset, policy, monkeypatch):
    monkeypatch.setenv("REDI_DESKTOP_KDF_ITER", str(TEST_KDF_ITER))
    path = tmp_path / "data" / "cases.db"
    store = Store.create(path, PASSPHRASE, kdf_iter=TEST_KDF_ITER)
    h = household()
    now = assess(h, dataset, policy)
    store.add_case(h, now, dataset, policy)
    old_case = store.add_case(h, as_earlier_engine(now), dataset, policy)
    report = verify(store)
    assert report.ok and report.checked == 2 and not report.differences
    assert [(run, v) for _id, run, v in report.earlier_engine] == [(as_earlier_engine(now).identity.run_id, "0.0.1")]

    secret = tmp_path / "pw.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    r = run("verify", "--all", "--passphrase-file", str(secret), "--lang", "fr")
    assert r.returncode == 0, r.stderr
    set_language("fr")
    assert "0.0.1" in r.stdout and _("{count} assessments recomputed: all identical.").format(count=1) in r.stdout

    # someone edits the stored output of the old assessment: its hash no longer matches, whatever the engine
    con = store.raw_connection()
    con.execute("DROP TRIGGER assessments_no_update")
    row_id = store.case(old_case)["assessments"][0]["run_id"]
    output = json.loads(con.execute("SELECT output_json FROM assessments WHERE run_id = ?", (row_id,)).fetchone()[0])
    output["totals"]["proposed_aid"] = "9999.00"
    con.execute("UPDATE assessments SET output_json = ? WHERE run_id = ?", (json.dumps(output), row_id))
    con.close()
    report = verify(store)
    assert not report.ok and [d[1] for d in report.differences] == [row_id] and not report.earlier_engine
    r = run("verify", "--all", "--passphrase-file", str(secret))
    assert r.returncode == 1
    store.close()


def test_the_store_refuses_an_assessment_of_another_household(tmp_path, dataset, policy):
    store = Store.create(tmp_path / "cases.db", PASSPHRASE, kdf_iter=TEST_KDF_ITER)
    other = assess(household(example="wal-worker-needs-car.json"), dataset, policy)
    with pytest.raises(StoreError) as exc:
        store.add_case(household(), other, dataset, policy)
    assert exc.value.key == "assessment_mismatch"
    assert store.case_ids() == []
    store.close()


def test_policy_and_decision_write_what_they_read(policy):
    from redi_desktop.domain.decision import Decision
    from redi_desktop.domain.policy import Policy

    local = Policy.from_dict({"id": "cpas-test", "version": 3, "share": "0.75", "cap": "500.00", "minimum": "25.00",
                              "count_debt_repayments": False, "income_shares": {"child_benefit": "0.5"},
                              "identity": {"cpas_name": "CPAS de Test", "signatories": ["A", "B"]}})
    for p in (policy, local):
        assert Policy.from_dict(p.to_dict()) == p
    assert local.to_dict()["cap"] == "500.00" and local.to_dict()["income_shares"]["child_benefit"] == "0.5"
    decision = Decision.from_dict({"outcome": "granted", "amount": "120.50", "start": "2026-12-01",
                                   "duration_months": 3, "motivation": "Écart établi."})
    assert decision.to_dict() == {"outcome": "granted", "amount": "120.50", "start": "2026-12-01",
                                  "duration_months": 3, "motivation": "Écart établi."}
    assert Decision.from_dict(decision.to_dict()) == decision
