"""The case store as a caseworker and an administrator meet it: real SQLCipher files in temporary folders,
no mocks. Synthetic people only (tests.synthetic)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sqlcipher3

from redi_desktop.domain.decision import Decision
from redi_desktop.domain.profile import Profile
from redi_desktop.services.cases import verify
from redi_desktop.store import Store, StoreError, schema
from redi_desktop.store.backup import backup, backups, restore
from redi_desktop.store.bundle import export_cases, import_bundle
from redi_desktop.store.connection import key_connection
from redi_desktop.store.keys import file_keyspec
from tests.store_fixtures.helpers import (
    CANARIES,
    FAST_BUNDLE_COST,
    PASSPHRASE,
    TEST_KDF_ITER,
    add_assessment,
    add_case,
    contains_any,
    decrypted_pages,
    decrypted_wal_frames,
    household,
    synthetic_household,
)

FIXTURES = Path(__file__).parent / "store_fixtures"


@pytest.fixture
def store_path(tmp_path):
    return tmp_path / "data" / "cases.db"


@pytest.fixture
def store(store_path):
    s = Store.create(store_path, PASSPHRASE, kdf_iter=TEST_KDF_ITER)
    yield s
    s.close()


def reopen(path, passphrase=PASSPHRASE, **kw):
    return Store.open(path, passphrase, kdf_iter=TEST_KDF_ITER, **kw)


def raw(path, passphrase=PASSPHRASE):
    con = sqlcipher3.connect(str(path), isolation_level=None)
    key_connection(con, file_keyspec(path, passphrase), TEST_KDF_ITER)
    return con


# -- encryption at rest --------------------------------------------------------------------------------------


def test_a_saved_case_leaves_no_readable_trace_in_database_wal_backup_or_bundle(store, store_path, dataset, policy,
                                                                                tmp_path):
    case_id = add_case(store, household(), dataset, policy)
    wal = Path(f"{store_path}-wal")
    # the check can see them: decrypted with the key, the WAL holds the client's identifiers
    assert set(contains_any(decrypted_wal_frames(wal, db_path=store_path))) == set(CANARIES)
    copy = backup(store)
    bundle = tmp_path / "out.redi"
    export_cases(store, [case_id], bundle, "bundle passphrase", cost=FAST_BUNDLE_COST)
    for path in (store_path, wal, copy, bundle):
        data = path.read_bytes()
        assert data, path
        assert contains_any(data) == [], path
    for path in (store_path, copy):
        assert not path.read_bytes().startswith(b"SQLite format 3")


def test_wrong_passphrases_are_refused_without_noise(store, store_path, dataset, policy, capfd):
    add_case(store, household(), dataset, policy)
    store.close()
    capfd.readouterr()
    wrong = ["", " ", PASSPHRASE.upper(), PASSPHRASE + " ", PASSPHRASE[:-1], "x'00'", "'; DROP TABLE cases; --",
             "correct horse battery stapler", "ÇORRECT", "\u00a0" + PASSPHRASE] + [f"guess {n}" for n in range(15)]
    for guess in wrong:
        with pytest.raises(StoreError) as err:
            reopen(store_path, guess)
        assert err.value.key in ("wrong_password", "passphrase_empty")
    out, errors = capfd.readouterr()
    assert errors == "" and out == ""  # SQLCipher's own log stays silent
    with reopen(store_path) as s:
        assert len(s.list_cases()) == 1


def test_a_password_change_refuses_the_old_password_and_keeps_every_case(store, store_path, dataset, policy):
    case_id = add_case(store, household(), dataset, policy)
    store.change_password(PASSPHRASE, "a brand new passphrase")
    assert store.list_cases()[0].id == case_id
    store.close()
    with pytest.raises(StoreError, match="password"):
        reopen(store_path)
    with reopen(store_path, "a brand new passphrase") as s:
        assert [c.id for c in s.list_cases()] == [case_id]
        assert verify(s).ok


# -- cases, search, decisions, drafts, users -----------------------------------------------------------------


def test_cases_are_listed_newest_first_and_found_by_name_or_reference(store, dataset, policy):
    ids = [add_case(store, synthetic_household(n), dataset, policy) for n in range(5)]
    listed = store.list_cases()
    assert [c.id for c in listed] == ids[::-1]
    assert [c.last_name for c in store.list_cases("nom3")] == ["Nom3"]
    assert [c.file_reference for c in store.list_cases("REF-4")] == ["REF-4"]
    assert store.count_cases("prénom") == 5 and store.count_cases("nobody") == 0
    assert store.count_cases("100%") == 0  # a LIKE wildcard typed by the user matches itself only
    assert len(store.list_cases(offset=2, limit=2)) == 2


def test_a_case_keeps_every_assessment_and_decision(store, dataset, policy):
    h = household()
    case_id = add_case(store, h, dataset, policy)
    richer = household(example="bxl-parent-one-child.json")
    decision = Decision(caseworker="Agent 7", outcome="granted", proposal_reasons="synthetic")
    run = add_assessment(store, case_id, richer, dataset, policy, decision=decision)
    case = store.case(case_id)
    assert len(case["assessments"]) == 2
    assert case["assessments"][1]["run_id"] == run
    assert "granted" in case["assessments"][1]["decisions"][0]
    assert store.latest_household(case_id).client.last_name == h.client.last_name


def test_a_case_without_a_client_name_is_refused_and_nothing_is_stored(store, dataset, policy):
    with pytest.raises(StoreError) as err:
        add_case(store, household(first="", last=""), dataset, policy)
    assert err.value.key == "case_needs_client"
    with pytest.raises(StoreError) as err:
        add_case(store, household(), dataset, policy, user="nobody-of-that-name")
    assert err.value.key == "user_unknown"
    assert store.count_cases() == 0


def test_drafts_are_saved_and_replaced(store):
    store.save_draft({"members": []}, 1)
    store.save_draft({"members": [{"role": "applicant"}]}, 3)
    assert store.load_draft() == ({"members": [{"role": "applicant"}]}, 3)


# -- reproducibility and audit -------------------------------------------------------------------------------


def test_verify_recomputes_every_assessment_and_reports_a_changed_output(store, store_path, dataset, policy):
    for n in range(3):
        add_case(store, synthetic_household(n), dataset, policy)
    report = verify(store)
    assert report.ok and report.checked == 3 and report.audit_ok
    con = raw(store_path)
    con.execute("DROP TRIGGER assessments_no_update")
    con.execute("UPDATE assessments SET outputs_sha256 = ? WHERE id = 2", ("0" * 64,))
    con.close()
    report = verify(store)
    assert [d[0] for d in report.differences] == [2]
    assert report.audit_ok


def test_stored_assessments_and_audit_log_refuse_changes(store, store_path, dataset, policy):
    add_case(store, household(), dataset, policy)
    con = raw(store_path)
    for sql in ("UPDATE assessments SET on_date = '2024-01-01'", "UPDATE household_snapshots SET sha256 = ''",
                "UPDATE audit_log SET action = 'view'", "DELETE FROM audit_log"):
        with pytest.raises(sqlcipher3.IntegrityError, match="append-only"):
            con.execute(sql)
    con.close()


@pytest.mark.parametrize("tamper", ["change", "delete_last", "delete_middle"])
def test_a_changed_or_deleted_audit_entry_breaks_the_chain(store, store_path, dataset, policy, tamper):
    add_case(store, household(), dataset, policy)
    store.record("print", store.case_ids()[0])
    n = store.verify_audit().entries
    con = raw(store_path)
    con.execute("DROP TRIGGER audit_log_no_update")
    con.execute("DROP TRIGGER audit_log_no_delete")
    if tamper == "change":
        con.execute("UPDATE audit_log SET action = 'view' WHERE id = 3")
    elif tamper == "delete_last":
        con.execute("DELETE FROM audit_log WHERE id = ?", (n,))
    else:
        con.execute("DELETE FROM audit_log WHERE id = 2")
    con.close()
    report = store.verify_audit()
    assert not report.ok and report.first_bad is not None


# -- backups and restore -------------------------------------------------------------------------------------


def test_restore_brings_back_the_backup_and_keeps_the_replaced_file(store, store_path, dataset, policy):
    first = add_case(store, synthetic_household(1), dataset, policy)
    copy = backup(store)
    add_case(store, synthetic_household(2), dataset, policy)
    store.close()
    before = store_path.read_bytes()
    aside = restore(copy, store_path, PASSPHRASE, TEST_KDF_ITER)
    assert aside.read_bytes() == before
    with reopen(store_path) as s:
        assert s.case_ids() == [first]
        assert verify(s).ok


def test_backups_rotate_and_a_backup_with_another_password_is_refused(store, store_path):
    made = [backup(store, "manual") for _ in range(12)]
    kept = backups(store_path.parent / "backups", "manual")
    assert kept == made[-10:]
    store.close()
    with pytest.raises(StoreError) as err:
        restore(kept[-1], store_path, "another passphrase", TEST_KDF_ITER)
    assert err.value.key == "wrong_password"


# -- moving cases --------------------------------------------------------------------------------------------


def test_export_import_round_trip_merges_and_reports_a_conflict(tmp_path, dataset, policy):
    laptop = Store.create(tmp_path / "laptop" / "cases.db", PASSPHRASE, kdf_iter=TEST_KDF_ITER)
    office = Store.create(tmp_path / "office" / "cases.db", "office passphrase", kdf_iter=TEST_KDF_ITER)
    a = add_case(laptop, synthetic_household(1), dataset, policy)
    b = add_case(laptop, synthetic_household(2), dataset, policy)
    bundle = tmp_path / "move.redi"
    export_cases(laptop, [a, b], bundle, "bundle pw", cost=FAST_BUNDLE_COST)
    report = import_bundle(office, bundle, "bundle pw")
    assert sorted(report.imported) == sorted([a, b]) and not report.conflicts
    assert office.case(a)["assessments"] == laptop.case(a)["assessments"]

    add_assessment(laptop, a, synthetic_household(1), dataset, policy)  # only the laptop changed a
    add_assessment(laptop, b, synthetic_household(2), dataset, policy)  # both changed b
    add_assessment(office, b, synthetic_household(2), dataset, policy)
    office_b = office.case(b)
    export_cases(laptop, [a, b], bundle, "bundle pw", cost=FAST_BUNDLE_COST)
    report = import_bundle(office, bundle, "bundle pw")
    assert report.merged == [a] and report.conflicts == [(b, "diverged")]
    assert len(office.case(a)["assessments"]) == 2
    assert office.case(b) == office_b  # never silently overwritten
    assert verify(office).ok

    with pytest.raises(StoreError) as err:
        import_bundle(office, bundle, "not the bundle pw")
    assert err.value.key == "bundle_damaged"
    data = bytearray(bundle.read_bytes())
    data[len(data) // 2] ^= 0x01
    bundle.write_bytes(bytes(data))
    with pytest.raises(StoreError) as err:
        import_bundle(office, bundle, "bundle pw")
    assert err.value.key == "bundle_damaged"
    laptop.close()
    office.close()


# -- erasure -------------------------------------------------------------------------------------------------


def test_erasure_leaves_no_byte_of_the_case_even_decrypted(store, store_path, dataset, policy):
    gone = add_case(store, household(example="vla-social-rent-family.json"), dataset, policy)
    kept = add_case(store, synthetic_household(5), dataset, policy)
    store.checkpoint()
    assert set(contains_any(decrypted_pages(store_path))) == set(CANARIES)  # the check sees them when there
    store.erase(gone)
    wal = Path(f"{store_path}-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    pages = decrypted_pages(store_path)
    assert contains_any(pages) == []
    assert b"Nom5" in pages  # the other case is still there
    assert store.case_ids() == [kept]
    entries = verify(store).audit_entries
    con = raw(store_path)
    assert con.execute("SELECT action FROM audit_log WHERE case_id = ? ORDER BY id DESC LIMIT 1",
                       (gone,)).fetchone() == ("erase",)
    con.close()
    assert entries > 0
    with pytest.raises(StoreError):
        store.erase(gone)


# -- when things go wrong ------------------------------------------------------------------------------------


def test_a_full_disk_refuses_the_save_and_keeps_what_was_committed(store, store_path, dataset, policy):
    first = add_case(store, synthetic_household(1), dataset, policy)
    with store.engine.connect() as c:  # the store's own connection (one per thread): the "disk" is full
        pages = c.connection.driver_connection.execute("PRAGMA page_count").fetchone()[0]
        c.connection.driver_connection.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(StoreError) as err:
        for n in range(2, 30):
            add_case(store, synthetic_household(n), dataset, policy)
    assert err.value.key == "store_full"
    saved = store.case_ids()
    assert first in saved
    store.close()
    with reopen(store_path) as s:
        assert s.case_ids() == saved and s.quick_check()
        assert all(len(s.case(c)["assessments"]) == 1 for c in saved)
        assert verify(s).ok


def _make_read_only(folder: Path) -> list[Path]:
    items = [*folder.iterdir(), folder]
    if os.geteuid() == 0:  # root ignores permission bits: use the immutable attribute instead
        if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", *map(str, items)]).returncode:
            pytest.skip("running as root without chattr: cannot make a folder read-only")
    else:
        for p in items:
            p.chmod(0o555 if p.is_dir() else 0o444)
    return items


def _undo_read_only(items: list[Path]) -> None:
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", *map(str, items)], check=False)
    for p in items:
        p.chmod(0o755 if p.is_dir() else 0o644)


def test_a_read_only_folder_gives_its_message_and_loses_nothing(store, store_path, dataset, policy):
    case_id = add_case(store, household(), dataset, policy)
    store.close()
    before = store_path.read_bytes()
    items = _make_read_only(store_path.parent)
    try:
        with pytest.raises(StoreError) as err:
            reopen(store_path)
        assert err.value.key == "store_read_only"
        assert store_path.read_bytes() == before
    finally:
        _undo_read_only(items)
    with reopen(store_path) as s:
        assert s.case_ids() == [case_id]


def test_a_locked_store_refuses_the_save_and_saves_once_free(store_path, dataset, policy):
    store = Store.create(store_path, PASSPHRASE, kdf_iter=TEST_KDF_ITER)
    store.close()
    from redi_desktop.store import connection

    store = Store.open(store_path, PASSPHRASE, kdf_iter=TEST_KDF_ITER)
    store.engine.dispose()
    store.engine = connection.make_engine(store_path, store._keyspec, TEST_KDF_ITER, busy_timeout_ms=100)
    store._write_engine = store.engine.execution_options(write=True)
    other = raw(store_path)
    other.execute("BEGIN EXCLUSIVE")
    with pytest.raises(StoreError) as err:
        add_case(store, household(), dataset, policy)
    assert err.value.key == "store_locked"
    assert store.count_cases() == 0
    other.execute("ROLLBACK")
    other.close()
    add_case(store, household(), dataset, policy)
    assert store.count_cases() == 1
    store.close()


@pytest.mark.parametrize("damage", ["flip_page_1", "flip_data_page", "truncate_half", "truncate_to_zero"])
def test_a_damaged_file_is_refused_untouched_and_a_backup_restores_it(store, store_path, dataset, policy, damage):
    case_id = add_case(store, synthetic_household(1), dataset, policy)
    copy = backup(store)
    store.checkpoint()
    store.close()
    data = bytearray(store_path.read_bytes())
    if damage == "flip_page_1":
        data[200] ^= 0xFF
    elif damage == "flip_data_page":
        data[len(data) // 2 + 100] ^= 0x01
    elif damage == "truncate_half":
        data = data[:len(data) // 2]
    else:
        data = bytearray()
    store_path.write_bytes(bytes(data))
    with pytest.raises(StoreError) as err:
        reopen(store_path)
    assert err.value.key in ("store_damaged", "wrong_passphrase")
    assert "damaged" in str(err.value)  # the English source; text() is in the current language
    assert store_path.read_bytes() == bytes(data)  # not "repaired", not replaced
    aside = restore(copy, store_path, PASSPHRASE, TEST_KDF_ITER)
    assert aside.read_bytes() == bytes(data)
    with reopen(store_path) as s:
        assert s.case_ids() == [case_id] and verify(s).ok


# -- migrations ----------------------------------------------------------------------------------------------


def test_a_store_of_the_first_schema_is_upgraded_after_a_backup(tmp_path):
    from tests.store_fixtures.make_schema_0001 import FIXTURE_CASE, FIXTURE_PASSPHRASE

    path = tmp_path / "cases.db"
    shutil.copyfile(FIXTURES / "schema_0001.db", path)
    with Store.open(path, FIXTURE_PASSPHRASE, kdf_iter=TEST_KDF_ITER) as s:
        assert s.revision() == schema.head()
        assert s.case_ids() == [FIXTURE_CASE]
        report = verify(s)
        assert report.ok, report  # the assessment stored by schema 0001 still re-derives
        s.save_draft({"members": []}, 0)  # what 0002 added works
        assert s.active_policy() is None and s.profile() == Profile()  # and what 0003 added
        assert s.scenarios(FIXTURE_CASE) == []  # and 0006
    made = backups(tmp_path / "backups", "migration")
    assert len(made) == 1
    assert made[0].read_bytes()[:16] != b"SQLite format 3\x00"
    con = raw(made[0], FIXTURE_PASSPHRASE)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    con.close()


def test_a_store_written_by_a_newer_program_is_refused_untouched(store, store_path):
    store.close()
    con = raw(store_path)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    before = store_path.read_bytes()
    with pytest.raises(StoreError) as err:
        reopen(store_path)
    assert err.value.key == "store_too_new"
    assert store_path.read_bytes() == before


def test_creating_over_an_existing_store_is_refused(store, store_path):
    with pytest.raises(StoreError) as err:
        Store.create(store_path, PASSPHRASE, kdf_iter=TEST_KDF_ITER)
    assert err.value.key == "store_exists"


# -- the command line ----------------------------------------------------------------------------------------


@pytest.fixture
def english():
    from redi_desktop import i18n

    before = i18n.language()
    i18n.set_language("en")  # the English source strings, whatever an earlier test chose
    yield
    i18n.set_language(before)


@pytest.fixture
def cli_env(tmp_path, monkeypatch, english):
    monkeypatch.setenv("REDI_DESKTOP_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("REDI_DESKTOP_KDF_ITER", str(TEST_KDF_ITER))
    secret = tmp_path / "pw.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    bundle_secret = tmp_path / "bundle-pw.txt"
    bundle_secret.write_text("bundle passphrase\n", encoding="utf-8")
    return tmp_path, secret, bundle_secret


def run_store(argv, capsys):
    from redi_desktop.cli import main

    code = main([*argv, "--lang", "fr"])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_store_commands_from_init_to_erase(cli_env, capsys):
    import json

    from redi_desktop.i18n import _
    from tests.store_fixtures.helpers import household_data

    tmp, pw, bpw = cli_env
    case_file = tmp / "household.json"
    case_file.write_text(json.dumps(household_data()), encoding="utf-8")
    p = ["--passphrase-file", str(pw)]
    code, out, _err = run_store(["init", "--admin", "chef", *p], capsys)
    assert code == 0 and (tmp / "data" / "cases.db").exists()
    code, out, _err = run_store(["cases", "add", str(case_file), *p], capsys)
    case_id = out.strip()
    assert code == 0 and len(case_id) == 36 and out == case_id + "\n"  # the id alone
    code, out, _err = run_store(["cases", "list", *p], capsys)
    assert out.split() == [case_id, "TEST-1", *household_data()["client"]["first_name"].split(),
                           household_data()["client"]["last_name"]]
    code, out, _err = run_store(["verify", "--all", *p], capsys)
    assert code == 0 and _("{count} assessments recomputed: all identical.").format(count=1) in out
    code, out, _err = run_store(["backup", *p], capsys)
    assert code == 0 and Path(out.strip()).is_file()
    bundle = tmp / "case.redi"
    code, out, _err = run_store(["export", case_id, "-o", str(bundle), *p, "--bundle-passphrase-file", str(bpw)],
                             capsys)
    assert code == 0 and bundle.is_file()
    code, out, _err = run_store(["erase", case_id, *p], capsys)
    assert code == 0
    code, out, _err = run_store(["cases", "list", *p], capsys)
    assert out == ""
    code, out, _err = run_store(["import", str(bundle), *p, "--bundle-passphrase-file", str(bpw)], capsys)
    assert code == 0 and _("{case}: imported").format(case=case_id) in out
    code, out, _err = run_store(["import", str(bundle), *p, "--bundle-passphrase-file", str(bpw)], capsys)
    assert code == 0 and _("{case}: already up to date").format(case=case_id) in out
    code, out, err = run_store(["erase", "no-such-case", *p], capsys)
    assert code == 2 and err.strip() == _("There is no case {case}.").format(case="no-such-case")
    backup_file = sorted((tmp / "data" / "backups").glob("*manual.db"))[0]
    code, out, _err = run_store(["restore", str(backup_file), *p], capsys)
    assert code == 0 and _("Restored. The replaced database was kept as {path}.").split("{")[0] in out
    code, out, _err = run_store(["cases", "list", *p], capsys)
    assert out.split()[0] == case_id


def test_a_wrong_passphrase_on_the_command_line_is_one_sentence(cli_env):
    from redi_desktop.i18n import _, set_language

    set_language("fr")  # the command's language without LANG set
    tmp, pw, _bundle = cli_env
    env = {**os.environ}
    code = "from redi_desktop.cli import main; raise SystemExit(main())"
    r = subprocess.run([sys.executable, "-c", code, "init", "--passphrase-file", str(pw)], capture_output=True,
                       text=True, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    wrong = tmp / "wrong.txt"
    wrong.write_text("not it\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-c", code, "cases", "list", "--passphrase-file", str(wrong)],
                       capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 2
    assert r.stderr == _("The password of {user} is not right.").format(user="admin") + "\n"
    assert r.stdout == ""


def test_the_encrypted_file_provides_the_whole_store_interface(store):
    from redi_desktop.store.interface import CaseStore

    assert isinstance(store, CaseStore)
    missing = [name for name in dir(CaseStore) if not name.startswith("_") and not hasattr(store, name)]
    assert missing == []
