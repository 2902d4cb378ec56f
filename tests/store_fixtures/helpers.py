"""Shared by the store tests: synthetic households with known canary strings, a fast key derivation for
test stores, and a reader that decrypts every page of a SQLCipher file (to prove erased bytes are gone)."""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

from redi_desktop import paths
from redi_desktop.domain.household import Household
from tests.synthetic import iban, national_number

# SQLCipher's PBKDF2 rounds for test stores only (the product uses 256,000); set in the environment of the
# store tests (conftest-free: each test module sets it) so CLI subprocesses agree.
TEST_KDF_ITER = 1000
PASSPHRASE = "correct horse battery staple"
FAST_BUNDLE_COST = (1, 1024, 1)  # Argon2id t=1, 1 MiB: tests only; the product's default is t=3, 64 MiB

_rng = random.Random(20261128)
CANARY_FIRST = "Qwyxzanthe"
CANARY_LAST = "Vorblenkamp"
CANARY_NRN = national_number(_rng)
CANARY_IBAN = iban(_rng)
CANARIES = (CANARY_FIRST, CANARY_LAST, CANARY_NRN, CANARY_IBAN)

EXAMPLES = ("bxl-single-woman.json", "bxl-parent-one-child.json", "wal-worker-needs-car.json",
            "vla-social-rent-family.json", "bxl-couple-two-children.json")


def household_data(example: str = "bxl-parent-one-child.json", first: str = CANARY_FIRST, last: str = CANARY_LAST,
                   nrn: str = CANARY_NRN, account: str = CANARY_IBAN, reference: str = "TEST-1") -> dict:
    data = json.loads((paths.examples_dir() / example).read_text(encoding="utf-8"))
    data.pop("decision", None)
    data["client"] = {"first_name": first, "last_name": last, "national_register_number": nrn, "iban": account,
                      "address": "Rue Synthétique 1, 1000 Bruxelles"}
    data["file_reference"] = reference
    return data


def household(example: str = "bxl-parent-one-child.json", **kw) -> Household:
    return Household.from_dict(household_data(example, **kw))


def synthetic_household(seed: int, example: str | None = None) -> Household:
    rng = random.Random(seed)
    return household(example or rng.choice(EXAMPLES), first=f"Prénom{seed}", last=f"Nom{seed}",
                     nrn=national_number(rng), account=iban(rng), reference=f"REF-{seed}")


def contains_any(data: bytes, needles=CANARIES) -> list[str]:
    found = []
    for n in needles:
        for variant in {n, n.lower(), n.upper()}:
            for enc in ("utf-8", "utf-16-le", "utf-16-be"):
                if variant.encode(enc) in data:
                    found.append(n)
    return found


def page_key(db_path: Path, passphrase: str, kdf_iter: int, salt: bytes) -> bytes:
    """The AES key of a store's pages: its raw data key, unlocked from the keyring beside it with the first
    user's password; for a store from before keyrings, derived from its passphrase."""
    from redi_desktop.store import keys

    entries = keys.read_keyring(keys.keyring_path(db_path))
    if entries:
        return keys.unlock(entries[0], passphrase)
    return hashlib.pbkdf2_hmac("sha512", passphrase.encode(), salt, kdf_iter, 32)


def decrypted_pages(path: Path, passphrase: str = PASSPHRASE, kdf_iter: int = TEST_KDF_ITER,
                    page_size: int = 4096) -> bytes:
    """Every page of a SQLCipher 4 database decrypted, live or free (AES-256-CBC, PBKDF2-HMAC-SHA512 key,
    80 reserved bytes per page: 16 of IV, 64 of HMAC). The file's first 16 bytes are the salt."""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    raw = Path(path).read_bytes()
    key = page_key(Path(path), passphrase, kdf_iter, raw[:16])
    out = []
    for n in range(len(raw) // page_size):
        page = raw[n * page_size:(n + 1) * page_size]
        start = 16 if n == 0 else 0
        body, iv = page[start:page_size - 80], page[page_size - 80:page_size - 64]
        d = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
        out.append(d.update(body) + d.finalize())
    return b"".join(out)


def decrypted_wal_frames(path: Path, passphrase: str = PASSPHRASE, kdf_iter: int = TEST_KDF_ITER,
                         db_path: Path | None = None, page_size: int = 4096) -> bytes:
    """The pages in a WAL file, decrypted with the database's salt."""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    wal = Path(path).read_bytes() if Path(path).exists() else b""
    if len(wal) <= 32:
        return b""
    key = page_key(Path(db_path), passphrase, kdf_iter, Path(db_path).read_bytes()[:16])
    out, pos = [], 32
    while pos + 24 + page_size <= len(wal):
        pgno = int.from_bytes(wal[pos:pos + 4], "big")
        page = wal[pos + 24:pos + 24 + page_size]
        start = 16 if pgno == 1 else 0
        body, iv = page[start:page_size - 80], page[page_size - 80:page_size - 64]
        d = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
        out.append(d.update(body) + d.finalize())
        pos += 24 + page_size
    return b"".join(out)


def add_case(store, household, dataset, policy, decision=None, user=None) -> str:
    """A new case as the application saves it: assessed first, then stored (the store never computes)."""
    from redi_desktop.services.assess import assess

    return store.add_case(household, assess(household, dataset, policy), dataset, policy, decision, user=user)


def add_assessment(store, case_id, household, dataset, policy, decision=None, user=None) -> str:
    from redi_desktop.services.assess import assess

    return store.add_assessment(case_id, household, assess(household, dataset, policy), dataset, policy, decision,
                                user=user)
