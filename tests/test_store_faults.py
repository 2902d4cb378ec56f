"""Faults found on the laptop store by adversarial runs (issue 13), each reproduced for real: a full disk (a
small tmpfs in a user and mount namespace), a backup folder that cannot be written, stale backup parts, a
truncated file, two `init` at once, a restore while the store is open, permissions, erasures and backups,
hostile bundles."""

from __future__ import annotations

import json
import shutil
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
