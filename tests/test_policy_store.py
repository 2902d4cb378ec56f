"""The CPAS's policy, versioned in the case store, and the caseworker's profile: from the command line as an
administrator uses it, and through the store interface."""

from __future__ import annotations

import dataclasses
import json

import pdfplumber
import pytest
import yaml

from redi_desktop.domain.policy import LocalText, Policy
from redi_desktop.domain.profile import Profile
from redi_desktop.services import ServiceError
from redi_desktop.services.policies import active_policy, differences, import_policy, save_policy
from redi_desktop.store import Store, StoreError
from tests.store_fixtures.helpers import PASSPHRASE, TEST_KDF_ITER, household_data
from tests.test_store import cli_env, english, run_store  # noqa: F401  (fixtures)


@pytest.fixture
def store(tmp_path):
    s = Store.create(tmp_path / "data" / "cases.db", PASSPHRASE, admin="chef", kdf_iter=TEST_KDF_ITER)
    yield s
    s.close()


def own_policy(version=2, **identity):
    return Policy.from_dict({"id": "cpas-test", "version": version, "name": {"fr": "Politique test", "nl": "Testbeleid"},
                             "share": "0.8", "sheet_language": "file",
                             "identity": {"cpas_name": {"fr": "CPAS de Testville", "nl": "OCMW Teststad"}, **identity}})


def test_each_save_is_a_new_version_with_author_date_and_reason(store):
    assert store.active_policy() is None and active_policy(store) == Policy.from_dict(active_policy().to_dict())
    save_policy(own_policy(2), "Politique adoptée par le conseil", store, user="chef")
    save_policy(dataclasses.replace(own_policy(3), cap=own_policy().share * 500), "Plafond de 400 €", store)
    log = store.policy_log()
    assert [(e.version, e.author, e.reason) for e in log] == [(3, "chef", "Plafond de 400 €"),
                                                              (2, "chef", "Politique adoptée par le conseil")]
    assert log[0].created_at[:2] == "20" and active_policy(store).version == 3
    assert differences(log[1].policy, log[0].policy) == [("cap", None, "400.00")]


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_version_needs_a_reason(store, reason):
    with pytest.raises(ServiceError) as err:
        save_policy(own_policy(), reason, store)
    assert err.value.key == "policy_reason_required" and store.policy_log() == []
    with pytest.raises(StoreError):
        store.add_policy_version(own_policy(), reason)


def test_an_older_or_equal_version_is_refused_and_nothing_is_saved(store):
    save_policy(own_policy(5), "v5", store)
    for version in (4, 5):
        with pytest.raises(ServiceError) as err:
            save_policy(own_policy(version), "older", store)
        assert err.value.key == "policy_version_not_newer" and err.value.params == {"version": version, "active": 5}
    assert [e.version for e in store.policy_log()] == [5]


def test_without_a_store_the_policy_lives_in_the_user_data_folder(tmp_path):
    from redi_desktop import paths
    from redi_desktop.services.policies import user_policy_path

    assert user_policy_path().parent == paths.user_data_dir() and paths.resources_dir() not in \
        user_policy_path().parents
    save_policy(own_policy(2), "first", None)
    assert active_policy(None) == own_policy(2)
    with pytest.raises(ServiceError):
        save_policy(own_policy(2), "again", None)


def test_a_bad_policy_file_is_refused_with_nothing_saved(store, tmp_path):
    for content in ({"id": "x", "version": 9, "colour": "red"}, {"id": "x", "version": 9, "share": "1.5"},
                    {"id": "x", "version": 9, "cap": "-1.00"},
                    {"id": "x", "version": 9, "identity": {"cpas_name": {"fr": "CPAS de Testville"}}}):
        path = tmp_path / "policy.yaml"
        path.write_text(yaml.safe_dump(content), encoding="utf-8")
        with pytest.raises(ServiceError) as err:
            import_policy(path, "test", store)
        assert err.value.key == "invalid_input" and err.value.user_fault
    assert store.policy_log() == []


def test_the_profile_is_kept_per_user(store):
    assert store.profile() == Profile()
    store.save_profile(Profile(name="C. Testeur", phone="02 000 00 01", email="c@ocmw-test.example"), "chef")
    assert store.profile("chef").email == "c@ocmw-test.example"


def test_the_policy_commands_and_a_case_sheet_with_the_version_it_used(cli_env, capsys):  # noqa: F811
    from redi_desktop.i18n import _

    tmp, pw, _bpw = cli_env
    p = ["--passphrase-file", str(pw)]
    assert run_store(["init", "--admin", "chef", *p], capsys)[0] == 0
    code, out, err = run_store(["policy", "log", *p], capsys)
    assert code == 0 and err == "" and out.strip() == _("No policy was saved in the case store: new assessments use "
                                                        "the default policy.")
    code, out, _err = run_store(["policy", "show", "--json", *p], capsys)
    assert code == 0 and json.loads(out)["id"] == "default"
    v2 = tmp / "v2.yaml"
    v2.write_text(yaml.safe_dump(own_policy(2, tribunal_address="Tribunal du travail de Testville").to_dict(),
                                 allow_unicode=True), encoding="utf-8")
    code, out, err = run_store(["policy", "import", str(v2), "--reason", "Adoptée le 1er décembre", *p], capsys)
    assert code == 0, err
    case_file = tmp / "household.json"
    case_file.write_text(json.dumps({**household_data(), "language": "fr"}), encoding="utf-8")
    code, out, _err = run_store(["cases", "add", str(case_file), *p], capsys)
    case_id = out.strip()
    v3 = tmp / "v3.yaml"
    v3.write_text(yaml.safe_dump(own_policy(3, cpas_name={"fr": "CPAS de Neuville", "nl": "OCMW Nieuwstad"})
                                 .to_dict(), allow_unicode=True), encoding="utf-8")
    assert run_store(["policy", "import", str(v3), "--reason", "Nouveau nom", *p], capsys)[0] == 0
    # the case assessed under version 2 reprints with version 2
    sheet = tmp / "sheet.pdf"
    code, out, err = run_store(["sheet", "--case", case_id, "-o", str(sheet), *p], capsys)
    assert code == 0, err
    with pdfplumber.open(sheet) as doc:
        text = " ".join(page.extract_text() for page in doc.pages)
    assert "CPAS de Testville" in text and "Neuville" not in text and "Testbeleid" not in text
    assert "policy cpas-test v2" in text and "(version 2)" in text
    # a new case uses the active version 3
    code, out, _err = run_store(["cases", "add", str(case_file), *p], capsys)
    code, out, err = run_store(["sheet", "--case", out.strip(), "-o", str(sheet), "--client", *p], capsys)
    assert code == 0, err
    code, out, _err = run_store(["policy", "log", *p], capsys)
    assert out.index("Version 3") < out.index("Version 2") and "Nouveau nom" in out and "chef" in out
    assert "identity.cpas_name: CPAS de Testville / OCMW Teststad -> CPAS de Neuville / OCMW Nieuwstad" in out
    # an older version, an empty reason, a broken file: one sentence, exit 2, nothing saved
    code, out, err = run_store(["policy", "import", str(v2), "--reason", "retour", *p], capsys)
    assert code == 2 and err.strip() == _("The policy has version {version}, not newer than the active version "
                                          "{active}: nothing was saved.").format(version=2, active=3)
    code, out, err = run_store(["policy", "import", str(v3), "--reason", " ", *p], capsys)
    assert code == 2 and "Traceback" not in err and len(err.strip().splitlines()) == 1
    exported = tmp / "exported.yaml"
    assert run_store(["policy", "export", "-o", str(exported), *p], capsys)[0] == 0
    assert Policy.from_dict(yaml.safe_load(exported.read_text(encoding="utf-8"))).identity.cpas_name == \
        LocalText("CPAS de Neuville", "OCMW Nieuwstad")
    code, out, _err = run_store(["policy", "log", *p], capsys)
    assert out.count("Version ") == 2


def test_a_case_file_with_scenarios_keeps_them_and_its_client_sheet_says_what_could_help(cli_env, capsys):  # noqa: F811
    tmp, pw, _bpw = cli_env
    p = ["--passphrase-file", str(pw)]
    assert run_store(["init", "--admin", "chef", *p], capsys)[0] == 0
    case_file = tmp / "household.json"
    scenarios = [{"name": "Logement social", "set": {"housing.tenure": "social_rent", "housing.rent": "300.00"}}]
    case_file.write_text(json.dumps({**household_data(), "language": "fr", "scenarios": scenarios}),
                         encoding="utf-8")
    code, out, err = run_store(["cases", "add", str(case_file), *p], capsys)
    assert code == 0, err
    sheet = tmp / "client.pdf"
    code, _out, err = run_store(["sheet", "--case", out.strip(), "-o", str(sheet), "--client", *p], capsys)
    assert code == 0, err
    with pdfplumber.open(sheet) as doc:
        assert len(doc.pages) == 2 and "Ce qui pourrait aider" in doc.pages[1].extract_text()
        assert "Logement social" in doc.pages[1].extract_text()
    bad = tmp / "bad.json"  # a scenario that cannot be: nothing is saved
    bad.write_text(json.dumps({**household_data(), "scenarios": [{"name": "x", "set": {"housing.rnet": "1.00"}}]}),
                   encoding="utf-8")
    code, _out, err = run_store(["cases", "add", str(bad), *p], capsys)
    assert code == 2 and "scénario 1" in err
    code, out, _err = run_store(["cases", "list", *p], capsys)
    assert len([line for line in out.splitlines() if line.strip()]) == 1
