"""Several caseworkers, one case base: users and roles on both back-ends, the office's PostgreSQL database
(a real throwaway server, tests/postgres.py), concurrent writers, a writer killed mid-transaction, and no
client in clear on the server."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from redi_desktop.domain.household import Household
from redi_desktop.i18n import _
from redi_desktop.services.cases import verify
from redi_desktop.store import Store, StoreError
from redi_desktop.store.interface import CaseStore
from tests.store_fixtures.helpers import (
    CANARIES,
    TEST_KDF_ITER,
    add_case,
    contains_any,
    household,
    household_data,
    synthetic_household,
)

ROOT = Path(__file__).resolve().parent.parent
ADMIN_PW, ANNE_PW, BRUNO_PW, SARA_PW = "admin-pw-synthetic", "anne-pw-synthetic", "bruno-pw-synthetic", "sara-pw"


@pytest.fixture(params=["laptop", "office"])
def location(request, tmp_path, monkeypatch):
    monkeypatch.setenv("REDI_DESKTOP_KDF_ITER", str(TEST_KDF_ITER))
    if request.param == "laptop":
        return tmp_path / "data" / "cases.db"
    return request.getfixturevalue("office_url")


@pytest.fixture
def team(location):
    """A CPAS of four: the administrator, two caseworkers (Anne, Bruno) and the committee secretary (Sara)."""
    with Store.create(location, ADMIN_PW, admin="admin", kdf_iter=TEST_KDF_ITER) as admin:
        admin.add_user("anne", "caseworker", ANNE_PW)
        admin.add_user("bruno", "caseworker", BRUNO_PW)
        admin.add_user("sara", "secretary", SARA_PW)
        admin.add_user("hélène", "head", "helene-pw")
    return location


def sign_in(location, name, password):
    return Store.open(location, password, user=name, kdf_iter=TEST_KDF_ITER)


def test_both_back_ends_provide_the_whole_store_interface(team):
    with sign_in(team, "admin", ADMIN_PW) as store:
        assert isinstance(store, CaseStore)
        missing = [n for n in dir(CaseStore) if not n.startswith("_") and not hasattr(store, n)]
        assert missing == []


def test_each_user_signs_in_with_their_own_password_and_a_wrong_one_is_refused(team):
    for name, pw in (("anne", ANNE_PW), ("sara", SARA_PW), ("admin", ADMIN_PW)):
        with sign_in(team, name, pw) as store:
            assert store.user.name == name
    for name, pw in (("anne", BRUNO_PW), ("anne", ""), ("bruno", ANNE_PW.upper())):
        with pytest.raises(StoreError) as err:
            sign_in(team, name, pw)
        assert err.value.key in ("wrong_password", "passphrase_empty")
    with pytest.raises(StoreError) as err:
        sign_in(team, "nobody", ANNE_PW)
    assert err.value.key == "user_unknown"


def test_a_caseworker_sees_her_own_and_assigned_cases_and_the_audit_log_names_each_user(team, dataset, policy):
    with sign_in(team, "anne", ANNE_PW) as anne:
        mine = add_case(anne, household(first="Annecase", reference="A-1"), dataset, policy)
    with sign_in(team, "bruno", BRUNO_PW) as bruno:
        his = add_case(bruno, household(first="Brunocase", reference="B-1"), dataset, policy)
        assert bruno.case_ids() == [his]
        with pytest.raises(StoreError) as err:
            bruno.case(mine)
        assert err.value.key == "not_allowed" and "assigned" in err.value.text()
    with sign_in(team, "hélène", "helene-pw") as head:
        assert sorted(head.case_ids()) == sorted([mine, his])
        head.assign(mine, "bruno")  # Anne is away: Bruno takes the file over
    with sign_in(team, "bruno", BRUNO_PW) as bruno:
        assert sorted(bruno.case_ids()) == sorted([mine, his])
        assert bruno.case(mine)["file_reference"] == "A-1"
        assert [c.id for c in bruno.list_cases(search="annec")] == [mine]
    with sign_in(team, "sara", SARA_PW) as sara:
        assert len(sara.case_ids()) == 2  # the secretary prepares the meetings: every case
        with pytest.raises(StoreError) as err:
            add_case(sara, household(), dataset, policy)
        assert err.value.key == "not_allowed"
    with sign_in(team, "admin", ADMIN_PW) as admin:
        from sqlalchemy import select

        from redi_desktop.store.models import AuditEntry, User

        with admin._read() as s:
            names = dict(s.execute(select(User.id, User.name)).all())
            by = {(e.action, names.get(e.user_id)) for e in s.execute(select(AuditEntry)).scalars()}
        assert {("create_case", "anne"), ("create_case", "bruno"), ("assign", "hélène")} <= by
        assert verify(admin).ok


def test_a_caseworker_cannot_change_the_policy_or_add_users(team):
    from redi_desktop.domain.policy import Policy

    with sign_in(team, "anne", ANNE_PW) as anne:
        for attempt in (lambda: anne.add_user("mallory", "admin", "x"),
                        lambda: anne.add_policy_version(Policy(version=2), "mine now"),
                        lambda: anne.disable_user("admin"), lambda: anne.users()):
            with pytest.raises(StoreError) as err:
                attempt()
            assert err.value.key == "not_allowed"
    with sign_in(team, "admin", ADMIN_PW) as admin:
        assert [u.name for u in admin.users()] == ["admin", "anne", "bruno", "sara", "hélène"]
        assert admin.active_policy() is None


def test_a_disabled_user_cannot_sign_in_and_the_others_still_can(team, dataset, policy):
    with sign_in(team, "anne", ANNE_PW) as anne:
        case_id = add_case(anne, household(), dataset, policy)
    with sign_in(team, "admin", ADMIN_PW) as admin:
        admin.disable_user("anne")
        with pytest.raises(StoreError) as err:
            admin.disable_user("admin")
        assert err.value.key == "user_disable_self"
        assert [u.active for u in admin.users() if u.name == "anne"] == [False]
    with pytest.raises(StoreError) as err:
        sign_in(team, "anne", ANNE_PW)
    assert err.value.key in ("user_disabled", "user_unknown")
    with sign_in(team, "hélène", "helene-pw") as head:
        assert head.case_ids() == [case_id]  # her cases stay, for the service
        assert verify(head).ok


def test_a_removed_user_s_old_keyring_no_longer_opens_the_laptop_file(tmp_path, dataset, policy):
    """On a laptop, disabling a user re-keys the file: a copy of the keyring taken before does not open it."""
    from redi_desktop.store import keys

    path = tmp_path / "cases.db"
    with Store.create(path, ADMIN_PW, kdf_iter=TEST_KDF_ITER) as admin:
        admin.add_user("anne", "caseworker", ANNE_PW)
        add_case(admin, household(), dataset, policy)
    old_ring = keys.read_keyring(keys.keyring_path(path))
    old_key = keys.unlock(keys.find_entry(old_ring, "anne"), ANNE_PW)
    with sign_in(path, "admin", ADMIN_PW) as admin:
        admin.disable_user("anne")
    assert keys.find_entry(keys.read_keyring(keys.keyring_path(path)), "anne") is None
    import sqlcipher3

    from redi_desktop.store.connection import key_connection

    con = sqlcipher3.connect(str(path))
    with pytest.raises(sqlcipher3.DatabaseError):
        key_connection(con, keys.sqlcipher_key(old_key), TEST_KDF_ITER)
    con.close()
    with sign_in(path, "admin", ADMIN_PW) as admin:  # the administrator's own entry got the new key
        assert len(admin.case_ids()) == 1 and verify(admin).ok


def test_a_password_change_is_the_user_s_alone(team):
    with sign_in(team, "anne", ANNE_PW) as anne:
        anne.change_password(ANNE_PW, "anne-new-pw")
        with pytest.raises(StoreError) as err:
            anne.change_password("not her password", "x")
        assert err.value.key == "wrong_password"
    with pytest.raises(StoreError):
        sign_in(team, "anne", ANNE_PW)
    sign_in(team, "anne", "anne-new-pw").close()
    sign_in(team, "bruno", BRUNO_PW).close()


# -- the office database ----------------------------------------------------------------------------------


def _office_files(server) -> bytes:
    data = b""
    for p in server.data_folder().rglob("*"):
        if p.is_file():
            try:
                data += p.read_bytes()
            except OSError:
                pass
    return data


def test_no_client_name_register_number_or_iban_reaches_the_server_in_clear(office_url, postgres_server, dataset,
                                                                           policy):
    from redi_desktop.domain.decision import Decision

    with Store.create(office_url, ADMIN_PW, kdf_iter=TEST_KDF_ITER) as store:
        h = household()
        decision = Decision.from_dict({"outcome": "granted", "amount": "100.00", "start": "2026-12-01", "duration_months": 3,
                                       "motivation": f"Aide pour {h.client.first_name} {h.client.last_name}"})
        case_id = add_case(store, h, dataset, policy, decision)
        store.save_draft(household_data(), 2, case_id)
        assert [c.first_name for c in store.list_cases(search=CANARIES[1][:4])] == [CANARIES[0]]
        assert store.latest_household(case_id).client.national_register_number == CANARIES[2]
    db = office_url.rsplit("/", 1)[1]
    env = {**os.environ, "PGPASSFILE": str(postgres_server.passfile)}
    from tests.postgres import bin_dir

    dump = subprocess.run([str(bin_dir() / "pg_dump"), "-h", postgres_server.host, "-p", str(postgres_server.port),
                           "-U", "redi", db], capture_output=True, env=env, timeout=120, check=True).stdout
    assert b"household_snapshots" in dump and len(dump) > 10_000  # the dump holds the cases...
    assert contains_any(dump) == []  # ...and no client
    postgres_server.admin("CHECKPOINT")
    assert contains_any(_office_files(postgres_server)) == []


WRITER = """
import sys
from redi_desktop.services.assess import assess
from redi_desktop.reference import load_dataset
from redi_desktop import paths
from redi_desktop.domain.policy import Policy
from redi_desktop.store import Store
from tests.store_fixtures.helpers import synthetic_household
url, user, pw, first, count = sys.argv[1:6]
dataset, policy = load_dataset(paths.budgets_db()), Policy()
with Store.open(url, pw, user=user) as store:
    for n in range(int(first), int(first) + int(count)):
        h = synthetic_household(n)
        case_id = store.add_case(h, assess(h, dataset, policy), dataset, policy)
        print(n, case_id, flush=True)
"""


def _writer(url, user, pw, first, count):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", WRITER, url, user, pw, str(first), str(count)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)


def test_four_processes_adding_fifty_cases_each_at_once_lose_nothing(office_url):
    with Store.create(office_url, ADMIN_PW, kdf_iter=TEST_KDF_ITER) as admin:
        for name in ("w0", "w1", "w2", "w3"):
            admin.add_user(name, "caseworker", f"{name}-pw")
    writers = [_writer(office_url, f"w{i}", f"w{i}-pw", i * 1000, 50) for i in range(4)]
    saved = {}
    for w in writers:
        out, err = w.communicate(timeout=600)
        assert w.returncode == 0, err
        saved.update(dict(line.split() for line in out.splitlines()))
    assert len(saved) == 200
    with sign_in(office_url, "admin", ADMIN_PW) as admin:
        assert set(admin.case_ids()) == set(saved.values())
        for n, case_id in list(saved.items())[::37]:
            assert admin.case(case_id)["file_reference"] == f"REF-{n}"
        report = verify(admin)
        assert report.ok and report.checked == 200
        assert report.audit_entries == 2 + 4 + 200 * 2  # init and the admin, four users, each case twice


def test_a_writer_killed_mid_transaction_loses_nothing_it_committed(office_url):
    with Store.create(office_url, ADMIN_PW, kdf_iter=TEST_KDF_ITER):
        pass
    w = _writer(office_url, "admin", ADMIN_PW, 0, 100_000)
    committed = []
    deadline = time.monotonic() + 300
    while len(committed) < 15 and time.monotonic() < deadline:
        committed.append(w.stdout.readline().split()[1])
    os.kill(w.pid, signal.SIGKILL)  # somewhere in the middle of the next transaction
    w.wait(timeout=60)
    with sign_in(office_url, "admin", ADMIN_PW) as admin:
        ids = set(admin.case_ids())
        assert set(committed) <= ids and len(ids) <= len(committed) + 1
        assert verify(admin).ok  # no half case, no broken chain


def test_the_office_database_on_the_command_line(office_url, tmp_path, capsys, monkeypatch):
    from redi_desktop.cli import main

    monkeypatch.setenv("REDI_DESKTOP_KDF_ITER", str(TEST_KDF_ITER))
    monkeypatch.setenv("REDI_DESKTOP_STORE", office_url)
    secrets = {}
    for name, pw in (("admin", ADMIN_PW), ("anne", ANNE_PW), ("sara", SARA_PW)):
        secrets[name] = tmp_path / f"{name}.pw"
        secrets[name].write_text(pw + "\n", encoding="utf-8")
    case_file = tmp_path / "household.json"
    case_file.write_text(json.dumps(household_data()), encoding="utf-8")
    policy_file = tmp_path / "policy.yaml"
    policy_file.write_text("id: ours\nversion: 2\nshare: '0.5'\n", encoding="utf-8")

    def run(*argv, who="admin"):
        code = main([*argv, "--passphrase-file", str(secrets[who]), *(["--user", who] if who != "admin" else []),
                     "--lang", "fr"])
        out, err = capsys.readouterr()
        return code, out, err

    assert main(["init", "--passphrase-file", str(secrets["admin"]), "--lang", "fr"]) == 0
    assert "postgresql://redi@" in capsys.readouterr().out
    for name, role in (("anne", "caseworker"), ("sara", "secretary")):
        code, out, err = main(["users", "add", name, "--role", role, "--new-password-file", str(secrets[name]),
                               "--passphrase-file", str(secrets["admin"]), "--lang", "fr"]), *capsys.readouterr()
        assert code == 0, err
    code, out, err = run("users", "list")
    assert [line.split("\t")[0] for line in out.splitlines()] == ["admin", "anne", "sara"]
    code, out, err = run("cases", "add", str(case_file), who="anne")
    assert code == 0, err
    case_id = out.strip().splitlines()[-1]
    code, out, err = run("policy", "import", str(policy_file), "--reason", "la mienne", who="anne")
    assert code == 2 and err == _("Only an administrator changes the CPAS's policy.") + "\n" and out == ""
    code, out, err = run("users", "add", "mallory", "--role", "admin", who="anne")
    assert code == 2 and err == _("Only an administrator manages the users.") + "\n"
    code, out, err = run("cases", "list", who="sara")
    assert out.split()[0] == case_id
    code, out, err = run("verify", "--all")
    assert code == 0 and _("{count} assessments recomputed: all identical.").format(count=1) in out
    code, out, err = run("users", "disable", "anne")
    assert code == 0
    code, out, err = run("cases", "list", who="anne")
    assert code == 2 and err == _("The user {user} was disabled: ask an administrator.").format(user="anne") + "\n"
    code, out, err = run("backup")
    assert code == 2 and "pg_dump" in err


def test_an_unreachable_office_or_a_bad_url_is_one_sentence(tmp_path, capsys, monkeypatch, postgres_server):
    from redi_desktop.cli import main

    secret = tmp_path / "pw"
    secret.write_text("x\n", encoding="utf-8")
    monkeypatch.setenv("PGPASSFILE", str(postgres_server.passfile))
    from redi_desktop.store.errors import MESSAGES
    from redi_desktop.store.office import display_url

    port = postgres_server.port
    # exit 2: what the user can fix in what they typed; 1: the state of the network or the server
    for url, key, status in (("postgresql://redi@127.0.0.1:1/nowhere", "office_unreachable", 1),
                             (f"postgresql://redi@127.0.0.1:{port}/no_such_db", "office_no_database", 2),
                             (f"postgresql://intruder@127.0.0.1:{port}/postgres", "office_login_refused", 2),
                             ("postgresql://", "office_url_bad", 2)):
        code = main(["cases", "list", "--store", url, "--passphrase-file", str(secret), "--lang", "fr"])
        out, err = capsys.readouterr()
        assert (code, out) == (status, ""), (url, err)
        assert err == _(MESSAGES[key]).format(url=display_url(url)) + "\n"


# -- laptop and office ------------------------------------------------------------------------------------


@pytest.fixture
def office_team(office_url, monkeypatch):
    monkeypatch.setenv("REDI_DESKTOP_KDF_ITER", str(TEST_KDF_ITER))
    with Store.create(office_url, ADMIN_PW, kdf_iter=TEST_KDF_ITER) as admin:
        admin.add_user("anne", "caseworker", ANNE_PW)
        admin.add_user("hélène", "head", "helene-pw")
    return office_url


def anne_laptop(tmp_path, name="laptop.db"):
    path = tmp_path / name
    Store.create(path, ANNE_PW, admin="anne", kdf_iter=TEST_KDF_ITER).close()
    return path


def test_a_laptop_syncs_its_offline_cases_and_takes_the_ones_assigned(office_team, tmp_path, dataset, policy):
    from redi_desktop.services.cases import sync_summary, sync_with_office

    laptop_path = anne_laptop(tmp_path)
    with sign_in(office_team, "hélène", "helene-pw") as head:
        office_case = add_case(head, household(first="Officecase", reference="O-1"), dataset, policy)
        head.assign(office_case, "anne")
    offline = []
    with sign_in(laptop_path, "anne", ANNE_PW) as laptop:
        for n in range(3):  # three home visits without network
            offline.append(add_case(laptop, synthetic_household(n), dataset, policy))
        steps = []
        report = sync_with_office(laptop, office_team, ANNE_PW, progress=lambda n, total: steps.append((n, total)))
        assert steps[-1] == (4, 4)
        assert sorted(report.sent.imported) == sorted(offline) and report.received.imported == [office_case]
        assert report.conflicts == [] and report.clock_off_by is None
        assert sync_summary(report)[0] == _("Sent to the office: {new} new, {updated} updated, {same} already "
                                            "there.").format(new=3, updated=0, same=0)
        assert laptop.case(office_case)["file_reference"] == "O-1"  # ready for the next visit
        again = sync_with_office(laptop, office_team, ANNE_PW)  # nothing twice
        assert (again.sent.imported, again.received.imported) == ([], [])
        assert len(again.sent.unchanged) == 4
    with sign_in(office_team, "hélène", "helene-pw") as head:
        assert set(head.case_ids()) == {office_case, *offline}
        assert verify(head).ok


def test_a_case_assessed_on_the_laptop_and_at_the_office_is_a_conflict_not_a_loss(office_team, tmp_path,
                                                                                  dataset, policy):
    from redi_desktop.services.cases import sync_with_office
    from tests.store_fixtures.helpers import add_assessment

    laptop_path = anne_laptop(tmp_path)
    with sign_in(laptop_path, "anne", ANNE_PW) as laptop:
        case_id = add_case(laptop, household(), dataset, policy)
        sync_with_office(laptop, office_team, ANNE_PW)
        moved = household_data()
        moved["housing"]["rent"] = "700.00"  # the client moved: the caseworker assesses again at home
        add_assessment(laptop, case_id, Household.from_dict(moved), dataset, policy)
    with sign_in(office_team, "anne", ANNE_PW) as office:
        add_assessment(office, case_id, household(reference="TEST-1"), dataset, policy)
        office_runs = len(office.case(case_id)["assessments"])
    with sign_in(laptop_path, "anne", ANNE_PW) as laptop:
        laptop_runs = len(laptop.case(case_id)["assessments"])
        report = sync_with_office(laptop, office_team, ANNE_PW)
        assert report.conflicts == [(case_id, "diverged")]
        assert len(laptop.case(case_id)["assessments"]) == laptop_runs  # nothing overwritten here...
    with sign_in(office_team, "anne", ANNE_PW) as office:
        assert len(office.case(case_id)["assessments"]) == office_runs  # ...nor there


def test_a_sync_cut_by_the_network_leaves_the_office_whole_and_the_next_one_finishes(office_team, tmp_path,
                                                                                    dataset, policy,
                                                                                    postgres_server):
    """The office's connection is cut while the sync is writing there (rows inserted, transaction open):
    nothing of it stays, and the next sync sends everything."""
    import threading

    import psycopg

    from redi_desktop.services import ServiceError
    from redi_desktop.services.cases import sync_with_office

    laptop_path = anne_laptop(tmp_path)
    db = office_team.rsplit("/", 1)[1]
    with sign_in(laptop_path, "anne", ANNE_PW) as laptop:
        ids = [add_case(laptop, synthetic_household(n), dataset, policy) for n in range(5)]
        holder = psycopg.connect(host=postgres_server.host, port=postgres_server.port, user=postgres_server.superuser,
                                 dbname=db, passfile=str(postgres_server.passfile))
        # the audit chain's head is held: the sync inserts its first case, then waits there, mid-transaction
        holder.execute("SELECT value FROM meta WHERE key = 'audit_head' FOR UPDATE")
        outcome = {}

        def run():
            try:
                outcome["report"] = sync_with_office(laptop, office_team, ANNE_PW)
            except ServiceError as exc:
                outcome["error"] = exc

        worker = threading.Thread(target=run)
        worker.start()
        waiting = []
        deadline = time.monotonic() + 60
        while not waiting and time.monotonic() < deadline:
            time.sleep(0.05)
            waiting = postgres_server.query(
                f"SELECT pid FROM pg_stat_activity WHERE datname = '{db}' AND wait_event_type = 'Lock'")
        assert waiting, "the sync never reached the office"
        postgres_server.query(f"SELECT pg_terminate_backend({waiting[0][0]})")  # the network goes
        worker.join(timeout=60)
        holder.rollback()
        holder.close()
        assert outcome["error"].key == "office_unreachable"
        with sign_in(office_team, "hélène", "helene-pw") as head:
            assert head.case_ids() == [] and verify(head).ok  # nothing half-applied
        report = sync_with_office(laptop, office_team, ANNE_PW)
        assert sorted(report.sent.imported) == sorted(ids)


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_the_caseworker_syncs_from_the_window_and_sees_the_office_s_case(office_team, tmp_path, qtbot, dataset,
                                                                        policy, monkeypatch, lang):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLineEdit, QPushButton

    from redi_desktop.gui import dialogs
    from redi_desktop.gui.app import MainWindow, set_qt_language
    from redi_desktop.i18n import set_language
    from tests.conftest import review_folder

    set_language(lang)
    set_qt_language(lang)
    with sign_in(office_team, "hélène", "helene-pw") as head:
        office_case = add_case(head, household(first="Officecase", reference="O-7"), dataset, policy)
        head.assign(office_case, "anne")
    laptop = sign_in(anne_laptop(tmp_path), "anne", ANNE_PW)
    add_case(laptop, synthetic_household(7), dataset, policy)
    monkeypatch.setattr(dialogs, "ask_resume", lambda parent: False)
    window = MainWindow(store=laptop)
    qtbot.addWidget(window)
    window.show()
    assert window.windowTitle() == _("REDI Desktop — {user} ({role})").format(user="anne", role=_("administrator"))
    window.findChild(type(window.expert_action), "action.sync").trigger()
    sync = window.sync_dialog
    sync.findChild(QLineEdit, "sync.office").setText(office_team)
    password = sync.findChild(QLineEdit, "sync.password")
    qtbot.keyClicks(password, "wrong")
    qtbot.mouseClick(sync.findChild(QPushButton, "sync.start"), Qt.MouseButton.LeftButton)
    result = sync.findChild(type(sync.result), "sync.result")
    qtbot.waitUntil(lambda: sync.start.isEnabled(), timeout=60_000)
    assert result.text() == _("The password of {user} is not right.").format(user="anne")
    qtbot.keyClicks(password, ANNE_PW)
    qtbot.keyClick(password, Qt.Key.Key_Return)  # Enter synchronises
    qtbot.waitUntil(lambda: sync.start.isEnabled(), timeout=60_000)
    assert result.text().splitlines()[1] == _("Received from the office: {new} new, {updated} updated, {same} "
                                              "already here.").format(new=1, updated=0, same=1)  # and hers, just sent
    sync.grab().save(str(review_folder("office") / f"sync-{lang}.png"))
    sync.close()
    assert office_case in [window.cases.model.case_id(r) for r in range(window.cases.model.rowCount())]
    window.close()
    laptop.close()


def test_two_caseworkers_and_the_secretary_work_at_once_from_their_windows(office_team, qtbot, monkeypatch):
    """Three windows on one office database: Anne and Bruno each finish a household, the secretary sees
    both; the caseworker's policy editor says she may not save; the audit log names each of them."""
    from PySide6.QtWidgets import QPushButton

    from redi_desktop.gui import dialogs
    from redi_desktop.gui.app import MainWindow
    from tests.keyboard import enter, press

    with sign_in(office_team, "admin", ADMIN_PW) as admin:
        admin.add_user("bruno", "caseworker", BRUNO_PW)
        admin.add_user("sara", "secretary", SARA_PW)
    monkeypatch.setattr(dialogs, "ask_resume", lambda parent: False)
    monkeypatch.setattr(dialogs, "tell_error", lambda parent, text: (_ for _ in ()).throw(AssertionError(text)))
    windows = {}
    for name, pw in (("anne", ANNE_PW), ("bruno", BRUNO_PW), ("sara", SARA_PW)):
        w = MainWindow(store=sign_in(office_team, name, pw))
        qtbot.addWidget(w)
        w.show()
        windows[name] = w
    assert not windows["anne"].findChild(type(windows["anne"].expert_action), "action.backup").isEnabled()
    for name, example in (("anne", "bxl-single-woman"), ("bruno", "wal-owner-retired-couple")):
        w = windows[name]
        press(w.cases, "cases.new")
        data = json.loads((ROOT / "resources" / "examples" / f"{example}.json").read_text(encoding="utf-8"))
        data["file_reference"] = f"{name.upper()}-1"
        data["client"] = {**data.get("client", {}), "first_name": f"Client{name}", "last_name": "Synthétique"}
        w.wizard.model.load(data)
        w.wizard.accept()
    sara = windows["sara"]
    sara.cases.refresh()
    refs = sorted(sara.cases.model.rows[r].file_reference for r in range(sara.cases.model.rowCount()))
    assert refs == ["ANNE-1", "BRUNO-1"]
    anne = windows["anne"]
    anne.cases.refresh()
    assert [anne.cases.model.rows[r].file_reference for r in range(anne.cases.model.rowCount())] == ["ANNE-1"]
    anne.findChild(type(anne.expert_action), "action.policy").trigger()
    editor = anne.policy_dialog
    enter(editor, "reason", "mine")
    editor.findChild(QPushButton, "policy.save").click()
    assert editor.problems.text() == _("Only an administrator changes the CPAS's policy.")
    editor.close()
    for w in windows.values():
        w.store.close()
        w.close()
    with sign_in(office_team, "admin", ADMIN_PW) as admin:
        from sqlalchemy import select

        from redi_desktop.store.models import AuditEntry, User

        with admin._read() as s:
            names = dict(s.execute(select(User.id, User.name)).all())
            creators = sorted(names[e.user_id] for e in s.execute(select(AuditEntry).where(
                AuditEntry.action == "create_case")).scalars())
        assert creators == ["anne", "bruno"]
        assert verify(admin).ok


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_the_administrator_adds_and_disables_a_user_in_the_window(location, qtbot, monkeypatch, lang):
    from PySide6.QtWidgets import QPushButton

    from redi_desktop.gui import dialogs
    from redi_desktop.gui.app import MainWindow, set_qt_language
    from redi_desktop.i18n import set_language
    from tests.conftest import review_folder
    from tests.keyboard import enter

    set_language(lang)
    set_qt_language(lang)
    Store.create(location, ADMIN_PW, kdf_iter=TEST_KDF_ITER).close()
    monkeypatch.setattr(dialogs, "ask_resume", lambda parent: False)
    window = MainWindow(store=sign_in(location, "admin", ADMIN_PW))
    qtbot.addWidget(window)
    window.show()
    window.findChild(type(window.expert_action), "action.users").trigger()
    users = window.users_dialog
    enter(users, "users.name", "anne")
    enter(users, "users.password", ANNE_PW)
    enter(users, "users.password_again", ANNE_PW + "x")
    users.findChild(QPushButton, "users.add").click()
    assert users.message.text() == _("The two passphrases differ.") and users.table.rowCount() == 1
    enter(users, "users.password_again", ANNE_PW)
    users.findChild(QPushButton, "users.add").click()
    assert users.table.rowCount() == 2 and users.table.item(1, 1).text() == _("caseworker")
    users.grab().save(str(review_folder("office") / f"users-{lang}-{'office' if window.store.office else 'laptop'}.png"))
    with sign_in(location, "anne", ANNE_PW) as anne:  # her password opens the store
        assert anne.user.role == "caseworker"
        other = MainWindow(store=anne)
        qtbot.addWidget(other)
        assert not other.users_action.isEnabled()  # a caseworker does not manage users
        other.close()
    users.table.selectRow(1)
    monkeypatch.setattr(dialogs, "ask_disable_user", lambda parent, name: name == "anne")
    users.findChild(QPushButton, "users.disable").click()
    assert users.table.item(1, 2).text() == _("disabled")
    with pytest.raises(StoreError):
        sign_in(location, "anne", ANNE_PW)
    users.close()
    window.store.close()
    window.close()


def test_a_caseworker_exports_only_her_cases_and_leaves_backups_to_the_administrator(tmp_path, dataset, policy):
    from redi_desktop.store.backup import backup
    from redi_desktop.store.bundle import export_cases
    from tests.store_fixtures.helpers import FAST_BUNDLE_COST

    path = tmp_path / "cases.db"
    with Store.create(path, ADMIN_PW, kdf_iter=TEST_KDF_ITER) as admin:
        admin.add_user("anne", "caseworker", ANNE_PW)
        others = add_case(admin, household(), dataset, policy)
    with sign_in(path, "anne", ANNE_PW) as anne:
        mine = add_case(anne, household(first="Annecase"), dataset, policy)
        assert export_cases(anne, [mine], tmp_path / "mine.redi", "bundle pw", cost=FAST_BUNDLE_COST) == 1
        for attempt in (lambda: export_cases(anne, [others], tmp_path / "theirs.redi", "bundle pw",
                                             cost=FAST_BUNDLE_COST),
                        lambda: backup(anne, "manual")):
            with pytest.raises(StoreError) as err:
                attempt()
            assert err.value.key == "not_allowed"
        assert not (tmp_path / "theirs.redi").exists()


def test_the_procedure_on_both_back_ends_with_each_role_in_its_place(team, dataset, policy):
    """A caseworker registers the request with the case, the secretary records the decision and its
    notification, the deadlines follow; a caseworker may not record a decision; each due list is its own."""
    import datetime as dt

    from redi_desktop.domain.request import Request
    from redi_desktop.services import ServiceError
    from redi_desktop.services.assess import assess
    from redi_desktop.services.procedure import case_deadlines, due, notify, record_decision

    with sign_in(team, "anne", ANNE_PW) as anne:
        h = household()
        case_id = anne.add_case(h, assess(h, dataset, policy), dataset, policy,
                                request=Request.from_dict({"received": "2026-11-02", "how": "in_person",
                                                           "asked": f"aide pour {h.client.last_name}"}))
        with pytest.raises(ServiceError) as err:
            record_decision(anne, case_id, dt.date(2026, 11, 20), "granted", amount=None)
        assert err.value.key == "not_allowed"
        assert [i.case for i in due(anne, dt.date(2026, 12, 4))] == [case_id]  # decision overdue
    with sign_in(team, "bruno", BRUNO_PW) as bruno:
        assert due(bruno, dt.date(2026, 12, 4)) == []  # not his case
    with sign_in(team, "sara", SARA_PW) as sara:
        record_decision(sara, case_id, dt.date(2026, 11, 20), "refused", motivation="ressources suffisantes")
        deadlines = notify(sara, case_id, dt.date(2026, 11, 23), "by_hand")
        assert deadlines.decision_due == dt.date(2026, 12, 2)
        assert deadlines.appeal_until == dt.date(2027, 2, 23)
    with sign_in(team, "admin", ADMIN_PW) as admin:
        assert case_deadlines(admin, case_id).notification_due == dt.date(2026, 11, 30)  # 28 Nov is a Saturday
        assert verify(admin).ok


def test_the_office_s_decision_comes_to_the_laptop_and_two_decisions_are_a_conflict(office_team, tmp_path,
                                                                                  dataset, policy):
    import datetime as dt

    from redi_desktop.services.cases import sync_with_office
    from redi_desktop.services.procedure import record_decision

    with sign_in(office_team, "admin", ADMIN_PW) as admin:
        admin.add_user("sara", "secretary", SARA_PW)
    laptop_path = anne_laptop(tmp_path)
    with sign_in(laptop_path, "anne", ANNE_PW) as laptop:
        case_id = add_case(laptop, household(), dataset, policy)
        sync_with_office(laptop, office_team, ANNE_PW)
    with sign_in(office_team, "sara", SARA_PW) as sara:  # the committee decided at the office
        record_decision(sara, case_id, dt.date(2026, 11, 20), "granted", amount=None, motivation="comité")
    with sign_in(laptop_path, "anne", ANNE_PW) as laptop:
        report = sync_with_office(laptop, office_team, ANNE_PW)
        assert report.received.merged == [case_id] and report.conflicts == []
        assert len(laptop.case(case_id)["assessments"][0]["decisions"]) == 1  # on the laptop for the next visit
        assert verify(laptop).ok
        record_decision(laptop, case_id, dt.date(2026, 11, 21), "refused", motivation="autre")  # a second one
    with sign_in(office_team, "sara", SARA_PW) as sara:
        record_decision(sara, case_id, dt.date(2026, 11, 22), "partly_granted", amount=None, motivation="revu")
    with sign_in(laptop_path, "anne", ANNE_PW) as laptop:
        report = sync_with_office(laptop, office_team, ANNE_PW)
        assert (case_id, "decisions") in report.conflicts  # listed, neither side overwritten
        assert len(laptop.case(case_id)["assessments"][0]["decisions"]) == 2
