"""The command line as a user runs it: a real process, real files, messages in French and Dutch."""

import json
import shutil
import subprocess
import sys

import pytest

from redi_desktop import paths

EXAMPLES = paths.examples_dir()


def run(*args, env=None):
    return subprocess.run([sys.executable, "-m", "redi_desktop", *args], capture_output=True, text=True,
                          env=env, timeout=120)


def test_compute_prints_the_budget_in_french_with_belgian_amounts():
    r = run("compute", str(EXAMPLES / "bxl-single-woman.json"), "--lang", "fr")
    assert r.returncode == 0, r.stderr
    assert "Alimentation" in r.stdout
    assert "1\u202f723,45" in r.stdout  # babel's fr_BE grouping: a narrow no-break space


def test_compute_prints_in_the_households_language_by_default():
    r = run("compute", str(EXAMPLES / "bxl-couple-two-children.json"))
    assert r.returncode == 0, r.stderr
    assert "Voeding" in r.stdout and "3.359,63" in r.stdout


def test_compute_json_follows_the_contract_and_is_deterministic():
    first = run("compute", str(EXAMPLES / "wal-worker-needs-car.json"), "--json")
    second = run("compute", str(EXAMPLES / "wal-worker-needs-car.json"), "--json")
    assert first.returncode == 0 and first.stdout == second.stdout
    data = json.loads(first.stdout)
    assert set(data["identity"]) >= {"dataset", "dataset_sha256", "policy", "policy_version", "engine_version",
                                     "inputs_sha256", "outputs_sha256"}
    assert set(data["totals"]) == {"reference_budget", "resources", "charges", "gap", "proposed_aid"}
    mobility = next(c for c in data["categories"] if c["key"] == "mobility")
    assert mobility["basis"] == "actual"
    line = data["categories"][0]["lines"][0]
    assert {"label", "member", "amount", "source", "price_date"} <= set(line)
    assert all(isinstance(v, str) for v in data["totals"].values())


def test_the_date_option_recomputes_with_the_prices_of_that_date():
    old = json.loads(run("compute", str(EXAMPLES / "bxl-single-woman.json"), "--json").stdout)
    new = json.loads(run("compute", str(EXAMPLES / "bxl-single-woman.json"), "--json", "--date", "2026-06-01").stdout)
    assert float(new["totals"]["reference_budget"]) > float(old["totals"]["reference_budget"])
    assert new["identity"]["inputs_sha256"] != old["identity"]["inputs_sha256"]


def test_a_local_policy_file_is_used(tmp_path):
    policy = tmp_path / "policy.yaml"
    policy.write_text("id: cpas-test\nversion: 3\nshare: 0.5\ncap: \"150.00\"\n", encoding="utf-8")
    data = json.loads(run("compute", str(EXAMPLES / "bxl-single-woman.json"), "--json", "--policy", str(policy)).stdout)
    assert data["identity"]["policy"] == "cpas-test" and data["identity"]["policy_version"] == 3
    assert data["totals"]["proposed_aid"] == "150.00"


@pytest.mark.parametrize("lang, words", [("fr", "Champ inconnu"), ("nl", "Onbekend veld")])
def test_invalid_input_is_one_sentence_in_the_users_language(tmp_path, lang, words):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"region": "BRU", "pets": 3, "members": [
        {"role": "applicant", "age": 30, "sex": "F", "activity": "employed"}]}), encoding="utf-8")
    r = run("compute", str(bad), "--lang", lang)
    assert r.returncode == 2
    assert words in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("content", ["{not json", "[]", '{"members": "x"}', ""])
def test_broken_files_exit_2_without_traceback(tmp_path, content):
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    r = run("compute", str(bad), "--lang", "nl")
    assert r.returncode == 2 and "Traceback" not in r.stderr and r.stderr.strip()


def test_a_missing_file_is_named(tmp_path):
    r = run("compute", str(tmp_path / "nowhere.json"), "--lang", "fr")
    assert r.returncode == 2 and "nowhere.json" in r.stderr and "Traceback" not in r.stderr


def test_demo_covers_regions_tenures_school_levels_car_and_override(tmp_path):
    r = run("demo", "-o", str(tmp_path), "--lang", "fr")
    assert r.returncode == 0, r.stderr
    files = sorted(EXAMPLES.glob("*.json"))
    assert len(files) >= 8 and len(list(tmp_path.glob("*.assessment.json"))) == len(files)
    assert len(list(tmp_path.glob("*.decision.pdf"))) == len(list(tmp_path.glob("*.client.pdf"))) == len(files)
    households = [json.loads(f.read_text(encoding="utf-8")) for f in files]
    for h in households:
        h.pop("decision", None)
    from redi_desktop.domain.household import Household

    parsed = [Household.from_dict(h) for h in households]
    assert {h.region for h in parsed} == {"BRU", "WAL", "VLA"}
    assert {h.housing.tenure for h in parsed} == {"private_rent", "social_rent", "owner_mortgage", "owner",
                                                   "hosted", "homeless"}
    assert {m.school_level for h in parsed for m in h.members} == {"none", "nursery", "primary", "secondary",
                                                                    "higher"}
    assert any(h.mobility.car_needed for h in parsed) and any(h.overrides for h in parsed)


def test_without_a_display_the_application_runs_the_demo(tmp_path):
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    r = run("--lang", "nl", env=env)
    assert r.returncode == 0 and "MODEL-BXL-1" in r.stdout and r.stderr.strip()


def test_selftest_passes():
    r = run("selftest")
    assert r.returncode == 0 and "selftest ok" in r.stdout


def test_sheet_writes_a_pdf_and_the_client_sheet(tmp_path):
    target = tmp_path / "decision.pdf"
    r = run("sheet", str(EXAMPLES / "vla-social-rent-family.json"), "-o", str(target))
    assert r.returncode == 0, r.stderr
    assert target.read_bytes().startswith(b"%PDF")
    client = tmp_path / "client.pdf"
    assert run("sheet", str(EXAMPLES / "vla-social-rent-family.json"), "-o", str(client), "--client").returncode == 0
    assert client.read_bytes().startswith(b"%PDF") and client.read_bytes() != target.read_bytes()


def test_sheet_to_an_unwritable_place_fails_cleanly(tmp_path):
    r = run("sheet", str(EXAMPLES / "bxl-single-woman.json"), "-o", str(tmp_path / "missing" / "x.pdf"), "--lang", "fr")
    assert r.returncode == 1 and "Traceback" not in r.stderr and "x.pdf" in r.stderr
    assert not list(tmp_path.rglob("*.part"))


def test_a_decision_in_the_case_file_is_validated(tmp_path):
    case = json.loads((EXAMPLES / "bxl-single-woman.json").read_text(encoding="utf-8"))
    case["decision"] = {"outcome": "maybe"}
    bad = tmp_path / "case.json"
    bad.write_text(json.dumps(case), encoding="utf-8")
    r = run("sheet", str(bad), "-o", str(tmp_path / "x.pdf"), "--lang", "nl")
    assert r.returncode == 2 and "maybe" in r.stderr and not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("content", ["[" * 100_000, '{"members": ' + "9" * 5000 + "}"])
def test_pathological_json_is_invalid_input(tmp_path, content):
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    r = run("compute", str(bad), "--lang", "fr")
    assert r.returncode == 2 and "Traceback" not in r.stderr


def test_a_file_saved_with_a_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + (EXAMPLES / "bxl-single-woman.json").read_bytes())
    assert run("compute", str(path)).returncode == 0


def test_amounts_past_the_known_index_say_so():
    """The newest dataset indexes half-yearly with the consumer price index: January 2027 needs the
    index of December 2026, not yet in the data; November 2026 needs June 2026, which is."""
    late = json.loads(run("compute", str(EXAMPLES / "bru-homeless-man.json"), "--json", "--date", "2027-01-15").stdout)
    assert "index_stale" in {w["key"] for w in late["warnings"]}
    today = json.loads(run("compute", str(EXAMPLES / "bru-homeless-man.json"), "--json").stdout)
    assert "index_stale" not in {w["key"] for w in today["warnings"]}


def test_dataset_audit_prints_the_published_statements_and_whether_they_hold():
    r = run("dataset", "audit")
    assert r.returncode == 0, r.stderr
    assert "bxl-single-woman" in r.stdout and "1680" in r.stdout
    assert "ok  couple" in r.stdout and "NO  first child adolescent" in r.stdout


def test_dataset_import_verifies_shows_and_adds_only_with_yes(tmp_path):
    db, exported = tmp_path / "budgets.db", tmp_path / "newest.json"
    shutil.copy(paths.budgets_db(), db)
    assert run("dataset", "export", str(exported), "--output", str(db)).returncode == 0
    data = json.loads(exported.read_text(encoding="utf-8"))
    data["content"]["title"] = "altered in transit"
    exported.write_text(json.dumps(data), encoding="utf-8")
    r = run("dataset", "import", str(exported), "--output", str(db), "--lang", "nl")
    assert r.returncode == 2 and "controlesom" in r.stderr and len(r.stderr.splitlines()) == 1
