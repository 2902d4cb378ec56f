"""Faults found on the laptop store by adversarial runs (issue 13), each reproduced for real: a full disk (a
small tmpfs in a user and mount namespace), a backup folder that cannot be written, stale backup parts, a
truncated file, two `init` at once, a restore while the store is open, permissions, erasures and backups,
hostile bundles."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from redi_desktop.store import Store, StoreError
from tests.store_fixtures.helpers import PASSPHRASE, TEST_KDF_ITER, add_case, household_data, synthetic_household

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch):
    monkeypatch.setenv("REDI_DESKTOP_KDF_ITER", str(TEST_KDF_ITER))


def _namespaces_work() -> bool:
    unshare = shutil.which("unshare")
    return bool(unshare) and subprocess.run([unshare, "-rm", "true"], capture_output=True).returncode == 0


def _in_small_disk(tmp_path: Path, data: Path, free: int, commands: list[list[str]]) -> list[tuple[int, str]]:
    """Copy the data folder onto a 1 MiB tmpfs (a user and mount namespace: no root needed) filled up to
    `free` bytes, run each command line on it, and give back each one's exit status and stderr."""
    mnt, out = tmp_path / "mnt", tmp_path / "out"
    mnt.mkdir()
    out.mkdir()
    secret = tmp_path / "pw.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    lines = [f"mount -t tmpfs -o size=1M tmpfs {mnt}", f"cp -a {data} {mnt}/data",
             f"{sys.executable} -c \"import shutil; f = shutil.disk_usage('{mnt}').free - {free}; "
             f"open('{mnt}/filler', 'wb').write(bytes(max(f, 0)))\""]
    for n, argv in enumerate(commands):
        cmd = " ".join([sys.executable, "-m", "redi_desktop", *argv, "--passphrase-file", str(secret), "--lang", "fr"])
        lines.append(f"REDI_DESKTOP_DATA={mnt}/data {cmd} 2>{out}/{n}.err; echo $? > {out}/{n}.rc")
    lines.append(f"cmp {data}/cases.db {mnt}/data/cases.db > {out}/cmp 2>&1; echo $? >> {out}/cmp")
    subprocess.run(["unshare", "-rm", "sh", "-c", "\n".join(lines)], cwd=ROOT, check=True, timeout=300)
    results = [(int((out / f"{n}.rc").read_text()), (out / f"{n}.err").read_text()) for n in range(len(commands))]
    assert (out / "cmp").read_text().strip().endswith("0"), "the case database was changed"
    return results


@pytest.mark.skipif(not _namespaces_work(), reason="no user namespaces: cannot mount a small disk")
@pytest.mark.parametrize("free", [28_000, 8_000, 0])
def test_a_full_disk_is_said_as_a_full_disk_never_as_damage(tmp_path, dataset, policy, free):
    from redi_desktop.i18n import gettext_in
    from redi_desktop.store.errors import MESSAGES

    data = tmp_path / "data"
    with Store.create(data / "cases.db", PASSPHRASE, kdf_iter=TEST_KDF_ITER) as store:
        add_case(store, synthetic_household(1), dataset, policy)
    case_file = tmp_path / "case.json"
    case_file.write_text(json.dumps(household_data()), encoding="utf-8")
    results = _in_small_disk(tmp_path, data, free, [["cases", "list"], ["cases", "add", str(case_file)],
                                                    ["verify", "--all"]])
    full = gettext_in("fr", MESSAGES["store_full"])
    damaged = gettext_in("fr", MESSAGES["store_damaged"]).split("{")[0]
    for code, err in results:
        assert code == 1 and err.strip() == full, err
        assert damaged not in err


# -- a cut file, a hostile bundle ----------------------------------------------------------------------------


@pytest.mark.parametrize("size", [1, 100, 511])
def test_a_store_cut_to_a_few_bytes_is_refused_as_damaged_and_left_untouched(tmp_path, dataset, policy, size):
    path = tmp_path / "cases.db"
    with Store.create(path, PASSPHRASE, kdf_iter=TEST_KDF_ITER) as store:
        add_case(store, synthetic_household(1), dataset, policy)
    with open(path, "r+b") as f:
        f.truncate(size)
    before = path.read_bytes()
    with pytest.raises(StoreError) as err:
        Store.open(path, PASSPHRASE, kdf_iter=TEST_KDF_ITER)
    assert err.value.key == "store_damaged"
    assert path.read_bytes() == before and not Path(f"{path}-wal").exists()
    with pytest.raises(StoreError) as err:
        Store.create(path, PASSPHRASE, kdf_iter=TEST_KDF_ITER)
    assert err.value.key == "store_exists" and path.read_bytes() == before


def test_a_bundle_asking_for_more_key_derivation_than_we_write_is_refused_before_deriving(tmp_path, dataset,
                                                                                          policy):
    import struct

    from redi_desktop.store import bundle

    path = tmp_path / "cases.db"
    with Store.create(path, PASSPHRASE, kdf_iter=TEST_KDF_ITER) as store:
        case_id = add_case(store, synthetic_household(1), dataset, policy)
        target = tmp_path / "move.redi"
        bundle.export_cases(store, [case_id], target, "bundle pw", cost=(1, 1024, 1))
        data = bytearray(target.read_bytes())
        for t, m, p in ((16, 1024 * 1024, 1), (bundle.TIME_COST + 1, 1024, 1), (1, bundle.MEMORY_KIB + 1, 1),
                        (1, 1024, bundle.PARALLELISM + 1)):
            data[9:21] = struct.pack(">III", t, m, p)  # what a tampered header asks: 16 passes over 1 GiB
            target.write_bytes(bytes(data))
            with pytest.raises(StoreError) as err:
                bundle.import_bundle(store, target, "bundle pw")
            assert err.value.key == "bundle_cost_too_high"
        assert store.case_ids() == [case_id]


# -- backups that cannot be made, stale parts, the GUI's daily backup ------------------------------------------


def run_cli(argv, capsys):
    from redi_desktop.cli import main

    code = main([*argv, "--lang", "fr"])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def cli_store(tmp_path, capsys):
    secret = tmp_path / "pw.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    case_file = tmp_path / "case.json"
    case_file.write_text(json.dumps(household_data()), encoding="utf-8")
    assert run_cli(["init", "--passphrase-file", str(secret)], capsys)[0] == 0
    return tmp_path / "data", secret, case_file


def test_a_backup_folder_that_cannot_be_written_does_not_stop_a_save(cli_store, capsys):
    from redi_desktop.i18n import gettext_in
    from redi_desktop.services.errors import MESSAGES

    data, secret, case_file = cli_store
    shutil.rmtree(data / "backups", ignore_errors=True)
    (data / "backups").write_text("not a folder")  # what no account, root included, can make a folder of
    said = gettext_in("fr", MESSAGES["backup_failed"]).split("{")[0]
    ids = []
    for _n in range(2):
        code, out, err = run_cli(["cases", "add", str(case_file), "--passphrase-file", str(secret)], capsys)
        assert code == 0, err
        ids.append(out.strip())
        assert err.count("\n") == 1 and err.startswith(said), err  # said once, in one sentence
    with Store.open(data / "cases.db", PASSPHRASE, kdf_iter=TEST_KDF_ITER) as store:
        assert sorted(store.case_ids()) == sorted(ids)


def test_stale_backup_parts_are_removed_and_a_running_one_is_left(tmp_path):
    import time

    from redi_desktop.store.backup import backup, backups

    path = tmp_path / "cases.db"
    folder = tmp_path / "backups"
    folder.mkdir()
    stale = folder / ".cases-20260101T000000000000Z-daily.db.part"
    running = folder / ".cases-20260102T000000000000Z-manual.db.part"
    for part in (stale, running):
        part.write_bytes(b"half a copy")
    old = time.time() - 2 * 3600
    os.utime(stale, (old, old))
    restore_part = tmp_path / ".cases.db.restore.part"
    restore_part.write_bytes(b"half a restore")
    os.utime(restore_part, (old, old))
    with Store.create(path, PASSPHRASE, kdf_iter=TEST_KDF_ITER) as store:
        made = backup(store)
    assert not stale.exists() and running.exists()
    assert backups(folder) == [made]
    from redi_desktop.store.backup import restore

    restore(made, path, PASSPHRASE, TEST_KDF_ITER)
    assert not restore_part.exists()


def test_the_gui_makes_the_daily_backup_after_its_check_and_says_once_when_it_cannot(qtbot, tmp_path, monkeypatch):
    from redi_desktop.gui import dialogs
    from redi_desktop.gui.app import DailyBackup, MainWindow, StoreCheck
    from redi_desktop.store.backup import backups

    said = []
    monkeypatch.setattr(dialogs, "tell_error", lambda parent, text: said.append(text))
    monkeypatch.setattr(dialogs, "ask_resume", lambda parent: False)
    store = Store.create(tmp_path / "cases.db", PASSPHRASE, kdf_iter=TEST_KDF_ITER)
    try:
        window = MainWindow(store=store)
        qtbot.addWidget(window)
        window.daily_backup = DailyBackup(window)
        StoreCheck(window)  # as run() does: the check, then the day's backup, both in worker threads
        qtbot.waitUntil(lambda: len(backups(tmp_path / "backups", "daily")) == 1, timeout=10_000)
        assert window.daily_backup.start() is None  # one a day
        assert said == []

        shutil.rmtree(tmp_path / "backups")
        (tmp_path / "backups").write_text("not a folder")
        for _n in range(2):  # a new day, twice: said once
            window.daily_backup.day = None
            window.daily_backup.start().join()
        qtbot.waitUntil(lambda: bool(said), timeout=10_000)
        qtbot.wait(50)
        assert len(said) == 1 and str(tmp_path / "backups") in said[0]
    finally:
        store.close()


# -- creation, restore and who has the store open ------------------------------------------------------------


def test_two_creations_at_once_make_one_store_and_the_other_is_told_it_exists(tmp_path):
    import threading

    for n in range(6):
        path = tmp_path / f"round{n}" / "cases.db"
        start, results = threading.Barrier(2), []

        def create(admin, path=path, start=start, results=results):
            start.wait()
            try:
                Store.create(path, PASSPHRASE, admin=admin, kdf_iter=TEST_KDF_ITER).close()
                results.append("created")
            except StoreError as exc:
                results.append(exc.key)

        workers = [threading.Thread(target=create, args=(name,)) for name in ("anna", "bert")]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        assert sorted(results) == ["created", "store_exists"], n
        with Store.open(path, PASSPHRASE, kdf_iter=TEST_KDF_ITER) as store:
            assert store.verify_audit().ok and store.verify_audit().entries == 2


HOLDER = """
import sys
from redi_desktop.store import Store
store = Store.open(sys.argv[1], sys.argv[2], kdf_iter=int(sys.argv[3]))
print("open", flush=True)
sys.stdin.readline()
store.close()
"""


def test_restore_is_refused_while_another_program_has_the_store_open(tmp_path, dataset, policy):
    from redi_desktop.store.backup import backup, restore

    path = tmp_path / "cases.db"
    with Store.create(path, PASSPHRASE, kdf_iter=TEST_KDF_ITER) as store:
        copy = backup(store)
        case_id = add_case(store, synthetic_household(1), dataset, policy)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(path), PASSPHRASE, str(TEST_KDF_ITER)], cwd=ROOT,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        before = path.read_bytes()
        with pytest.raises(StoreError) as err:
            restore(copy, path, PASSPHRASE, TEST_KDF_ITER)
        assert err.value.key == "store_in_use"
        assert path.read_bytes() == before and not list(tmp_path.glob("cases-replaced-*"))
    finally:
        holder.communicate("close\n", timeout=30)
    assert restore(copy, path, PASSPHRASE, TEST_KDF_ITER) is not None  # closed: restore goes ahead
    with Store.open(path, PASSPHRASE, kdf_iter=TEST_KDF_ITER) as store:
        assert case_id not in store.case_ids()


def test_every_file_with_cases_in_it_is_readable_by_this_account_only(tmp_path, dataset, policy):
    from redi_desktop.services.sheets import write_file
    from redi_desktop.store.backup import backup, restore
    from redi_desktop.store.bundle import export_cases

    before = os.umask(0o022)  # the usual umask: files would be 0644
    try:
        data = tmp_path / "data"
        store = Store.create(data / "cases.db", PASSPHRASE, kdf_iter=TEST_KDF_ITER)
        case_id = add_case(store, synthetic_household(1), dataset, policy)
        store.save_draft(household_data(), 1)
        made = [data / "cases.db", data / "cases.db-wal", data / "cases.db-shm", data / "cases.db.lock",
                backup(store)]
        export_cases(store, [case_id], tmp_path / "move.redi", "bundle pw", cost=(1, 1024, 1))
        write_file(tmp_path / "letter.pdf", b"%PDF-1.4 letter")
        made += [tmp_path / "move.redi", tmp_path / "letter.pdf"]
        modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in made}
        store.close()
        restore(made[4], data / "cases.db", PASSPHRASE, TEST_KDF_ITER)
        modes["restored cases.db"] = stat.S_IMODE((data / "cases.db").stat().st_mode)
        modes["data folder"] = stat.S_IMODE(data.stat().st_mode) & 0o077
        modes["backups folder"] = stat.S_IMODE((data / "backups").stat().st_mode) & 0o077
    finally:
        os.umask(before)
    assert {name: mode for name, mode in modes.items() if mode & 0o077} == {}


def test_a_store_and_backups_made_readable_by_all_before_are_made_private_again(tmp_path):
    from redi_desktop.store.backup import backup

    path = tmp_path / "cases.db"
    with Store.create(path, PASSPHRASE, kdf_iter=TEST_KDF_ITER) as store:
        old = backup(store)
    for p in (path, old):
        p.chmod(0o644)  # as earlier versions left them
    with Store.open(path, PASSPHRASE, kdf_iter=TEST_KDF_ITER) as store:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        backup(store)
    assert stat.S_IMODE(old.stat().st_mode) == 0o600


# -- integrity: every stored document against its hash and the audit chain -----------------------------------


def keyed(path):
    import sqlcipher3

    from redi_desktop.store.connection import key_connection
    from redi_desktop.store.keys import file_keyspec

    con = sqlcipher3.connect(str(path), isolation_level=None)
    key_connection(con, file_keyspec(path, PASSPHRASE), TEST_KDF_ITER)
    for trigger in ("cases", "household_snapshots", "assessments", "decisions"):
        con.execute(f"DROP TRIGGER IF EXISTS {trigger}_no_update")  # what someone with a password can do
    return con


@pytest.fixture
def decided(tmp_path, dataset, policy):
    """A store with one case and its decision, another case re-assessed under a new name: verify passes."""
    from redi_desktop.domain.decision import Decision
    from redi_desktop.services.cases import verify
    from tests.store_fixtures.helpers import add_assessment

    path = tmp_path / "cases.db"
    store = Store.create(path, PASSPHRASE, kdf_iter=TEST_KDF_ITER)
    decision = Decision(caseworker="Agent 7", outcome="granted", proposal_reasons="synthetic", amount="412.50")
    case_id = add_case(store, synthetic_household(1), dataset, policy, decision=decision)
    other = add_case(store, synthetic_household(2), dataset, policy)
    add_assessment(store, other, synthetic_household(3), dataset, policy)  # a new name: an update_case entry
    report = verify(store)
    assert report.ok and not report.tampered, report
    yield store, path, case_id, other
    store.close()


def test_a_changed_client_name_decision_or_household_is_found_by_verify(decided):
    from redi_desktop.services.cases import verify

    store, path, case_id, other = decided
    con = keyed(path)
    con.execute("UPDATE cases SET client_last_name = 'Forged' WHERE id = ?", (case_id,))
    con.execute("UPDATE decisions SET decision_json = replace(decision_json, '412.50', '912.50')")
    # the household's IBAN changed with every hash made to agree: only the audit chain still knows
    snap_id, text = con.execute("SELECT id, household_json FROM household_snapshots WHERE case_id = ?",
                                (other,)).fetchall()[-1]
    data = json.loads(text)
    data["client"]["iban"] = "BE71096123456769"
    from redi_desktop.domain.canonical import canonical_json, sha256_of

    old_sha, new_sha = sha256_of(json.loads(text)), sha256_of(data)
    con.execute("UPDATE household_snapshots SET household_json = ?, sha256 = ? WHERE id = ?",
                (canonical_json(data), new_sha, snap_id))
    aid, output = con.execute("SELECT id, output_json FROM assessments WHERE snapshot_id = ?", (snap_id,)).fetchone()
    con.execute("UPDATE assessments SET inputs_sha256 = ?, output_json = ? WHERE id = ?",
                (new_sha, output.replace(old_sha, new_sha), aid))
    con.close()
    report = verify(store)
    assert not report.ok and report.audit_ok
    assert sorted(report.tampered, key=str) == sorted([(case_id, "identity", None), (case_id, "decision", 1),
                                                       (other, "assessment", aid)], key=str)


def test_a_stored_output_changed_under_its_hash_is_found(decided):
    from redi_desktop.services.cases import verify

    store, path, case_id, _other = decided
    con = keyed(path)
    con.execute("UPDATE assessments SET output_json = replace(output_json, '\"granted\"', '\"refused\"')")
    text = con.execute("SELECT output_json FROM assessments WHERE id = 1").fetchone()[0]
    data = json.loads(text)
    data["totals"]["proposed_aid"] = "9999.00"
    con.execute("UPDATE assessments SET output_json = ? WHERE id = 1", (json.dumps(data),))
    con.close()
    report = verify(store)
    assert [d[0] for d in report.differences] == [1] and not report.ok


def test_verify_on_the_command_line_names_the_case_and_what_differs(decided, tmp_path, capsys, monkeypatch):
    from redi_desktop.i18n import gettext_in

    store, path, case_id, _other = decided
    store.close()
    monkeypatch.setenv("REDI_DESKTOP_DATA", str(tmp_path))
    secret = tmp_path / "pw.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    con = keyed(path)
    con.execute("UPDATE decisions SET decision_json = replace(decision_json, '412.50', '912.50')")
    con.close()
    code, out, err = run_cli(["verify", "--all", "--passphrase-file", str(secret)], capsys)
    assert code == 1, err
    expected = gettext_in("fr", "Case {case}: decision {id} was changed (it does not match the audit log).")
    assert expected.format(case=case_id, id=1) in out


def test_a_forged_dataset_copy_brought_by_a_bundle_is_not_identical(tmp_path, dataset, policy):
    """A crafted bundle: a dataset with the published id but other prices, and an output computed on it.
    Recomputation agrees with the forgery; the published hash of that id does not."""
    import dataclasses

    from redi_desktop.services.assess import assess
    from redi_desktop.services.cases import verify
    from redi_desktop.store.bundle import export_cases, import_bundle

    line = dataset.lines[0]
    value = dataclasses.replace(line.values[0], unit_price=line.values[0].unit_price * 3)
    forged = dataclasses.replace(dataset, lines=(dataclasses.replace(line, values=(value, *line.values[1:])),
                                                 *dataset.lines[1:]))
    assert forged.id == dataset.id and forged.sha256() != dataset.sha256()
    household = synthetic_household(4)
    with Store.create(tmp_path / "forger.db", PASSPHRASE, kdf_iter=TEST_KDF_ITER) as forger:
        case_id = forger.add_case(household, assess(household, forged, policy), forged, policy)
        export_cases(forger, [case_id], tmp_path / "crafted.redi", "bundle pw", cost=(1, 1024, 1))
    with Store.create(tmp_path / "cases.db", PASSPHRASE, kdf_iter=TEST_KDF_ITER) as store:
        add_case(store, synthetic_household(5), dataset, policy)
        assert import_bundle(store, tmp_path / "crafted.redi", "bundle pw").imported == [case_id]
        report = verify(store)
        assert not report.ok and not report.differences  # recomputed on the forgery, the output "matches"
        assert [(run, did) for _id, run, did in report.unpublished] == [(store.case(case_id)["assessments"][0]
                                                                         ["run_id"], dataset.id)]


def test_the_chain_head_printed_on_a_letter_is_checked_by_verify(decided, tmp_path, capsys, monkeypatch):
    """The letter prints the chain's head; rewriting the log after a change (every hash recomputed, so the
    chain itself is intact) no longer holds the head on the paper."""
    import io
    import re

    import pdfplumber

    from redi_desktop.i18n import gettext_in
    from redi_desktop.services.policies import case_sheet
    from redi_desktop.store import audit

    store, path, case_id, _other = decided
    head = store.audit_head()
    for client in (False, True):
        printed = store.audit_head()  # each print is recorded: the next letter prints the new head
        with pdfplumber.open(io.BytesIO(case_sheet(store, case_id, client=client))) as pdf:
            text = "\n".join(page.extract_text() or "" for page in pdf.pages)
        assert printed[:12] in text.replace("\n", ""), client
    store.close()
    monkeypatch.setenv("REDI_DESKTOP_DATA", str(tmp_path))
    secret = tmp_path / "pw.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    verify_anchor = ["verify", "--all", "--anchor", head[:12], "--passphrase-file", str(secret)]
    code, out, _err = run_cli(verify_anchor, capsys)
    assert code == 0 and re.search(re.escape(head[:12]) + r".*\(\w+ \d+\)", out), out

    con = keyed(path)  # the client's name changed, the identity digest and the whole chain recomputed
    con.execute("DROP TRIGGER audit_log_no_update")
    con.execute("UPDATE cases SET client_last_name = 'Forged' WHERE id = ?", (case_id,))
    from redi_desktop.store.documents import identity_digest

    fields = dict(zip(("file_reference", "client_first_name", "client_last_name", "language"), con.execute(
        "SELECT file_reference, client_first_name, client_last_name, language FROM cases WHERE id = ?",
        (case_id,)).fetchone(), strict=True))
    con.execute("UPDATE audit_log SET digest = ? WHERE case_id = ? AND action = 'create_case'",
                (identity_digest(fields), case_id))
    prev = audit.GENESIS
    for id_, at, user, action, case, ref, digest in con.execute(
            "SELECT id, at, user_id, action, case_id, ref, digest FROM audit_log ORDER BY id").fetchall():
        new = audit.row_hash(prev, id_, at, user, action, case, ref, digest)
        con.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?", (prev, new, id_))
        prev = new
    con.execute("UPDATE meta SET value = ? WHERE key = 'audit_head'", (f"{id_}:{prev}",))
    con.close()
    code, out, _err = run_cli(["verify", "--all", "--passphrase-file", str(secret)], capsys)
    assert code == 0, out  # a perfect forgery of the database alone
    code, out, _err = run_cli(verify_anchor, capsys)
    gone = gettext_in("fr", "The chain head {anchor} printed on a letter is no longer in the audit log: the log was "
                            "rewritten after that letter was printed.")
    assert code == 1 and gone.format(anchor=head[:12]) in out
    code, _out, err = run_cli([*verify_anchor[:3], "not-hex", *verify_anchor[4:]], capsys)
    assert code == 2 and err.count("\n") == 1


# -- erasure reaches the backups restored here --------------------------------------------------------------


def test_a_case_erased_after_a_backup_stays_erased_when_that_backup_is_restored(tmp_path, dataset, policy):
    from redi_desktop.services.cases import verify
    from redi_desktop.store import erasures
    from redi_desktop.store.backup import backup, restore
    from redi_desktop.store.bundle import export_cases, import_bundle
    from tests.store_fixtures.helpers import contains_any, decrypted_pages

    path = tmp_path / "cases.db"
    with Store.create(path, PASSPHRASE, kdf_iter=TEST_KDF_ITER) as store:
        gone = add_case(store, synthetic_household(1), dataset, policy)
        kept = add_case(store, synthetic_household(2), dataset, policy)
        export_cases(store, [gone], tmp_path / "gone.redi", "bundle pw", cost=(1, 1024, 1))
        copy = backup(store)
        store.erase(gone)
    assert erasures.erased(path) == [gone]
    assert "Nom1" not in erasures.erasures_path(path).read_text()  # ids only
    restore(copy, path, PASSPHRASE, TEST_KDF_ITER)
    with Store.open(path, PASSPHRASE, kdf_iter=TEST_KDF_ITER) as store:
        assert store.erased_again == [gone]
        assert store.case_ids() == [kept] and verify(store).ok
    with Store.open(path, PASSPHRASE, kdf_iter=TEST_KDF_ITER) as store:
        assert store.erased_again == []
    assert not contains_any(decrypted_pages(path), ("Nom1",))
    with Store.open(path, PASSPHRASE, kdf_iter=TEST_KDF_ITER) as store:  # brought back on purpose: kept
        assert import_bundle(store, tmp_path / "gone.redi", "bundle pw").imported == [gone]
    assert erasures.erased(path) == []
    restore(copy, path, PASSPHRASE, TEST_KDF_ITER)
    with Store.open(path, PASSPHRASE, kdf_iter=TEST_KDF_ITER) as store:
        assert sorted(store.case_ids()) == sorted([gone, kept])


def test_a_password_change_says_the_earlier_backups_keep_the_old_one_and_backs_up_after(cli_store, capsys):
    from redi_desktop.i18n import gettext_in, translations
    from redi_desktop.store.backup import backups
    from redi_desktop.store.keys import file_keyspec

    data, secret, case_file = cli_store
    assert run_cli(["backup", "--passphrase-file", str(secret)], capsys)[0] == 0
    assert run_cli(["cases", "add", str(case_file), "--passphrase-file", str(secret)], capsys)[0] == 0  # + daily
    earlier = backups(data / "backups")
    assert len(earlier) == 2
    new_secret = secret.with_name("new.txt")
    new_secret.write_text("another long passphrase\n", encoding="utf-8")
    code, out, err = run_cli(["passphrase", "--passphrase-file", str(secret), "--new-passphrase-file",
                              str(new_secret)], capsys)
    assert code == 0 and err == ""
    said = translations("fr").ngettext("{count} earlier backup keeps the old password: keep the old one to restore it.",
                                       "{count} earlier backups keep the old password: keep the old one to restore "
                                       "them.", 2)
    assert said.format(count=2) in out
    made = [p for p in backups(data / "backups") if p not in earlier]
    assert len(made) == 1 and str(made[0]) in out
    assert gettext_in("fr", "A backup after the change: {path}").split("{")[0] in out
    file_keyspec(made[0], "another long passphrase")  # the new backup's keyring takes the new password
    for p in earlier:  # the earlier ones, the old password only
        file_keyspec(p, PASSPHRASE)
        with pytest.raises(StoreError):
            file_keyspec(p, "another long passphrase")
