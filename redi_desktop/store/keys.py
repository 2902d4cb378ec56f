"""The keys of a case store, and who may unlock them.

One random 256-bit *data key* per store. On a laptop it is the SQLCipher key of the whole file; in an
office's PostgreSQL database it encrypts the client's identity field by field before it leaves the program
(`FieldSealer`), and keys the blind index that lets the case list search by name.

Each user holds the data key through a *key entry* (`make_entry`), the same JSON on both back-ends:

- an X25519 key pair per user; its private half is encrypted (AES-256-GCM) under a key derived from the
  user's password by argon2id (salt and cost parameters kept in the entry);
- the data key sealed to the user's public half (an ephemeral X25519 exchange, HKDF-SHA256, AES-256-GCM).

So a password change re-encrypts one private key, nothing else; and an administrator can give a new data
key to every remaining user without knowing their passwords (seal it to their public keys). That is how
removing a user revokes them on a laptop: the file is re-keyed under a new data key that their entry never
held (see Store.disable_user).

Where the entries live: on a laptop in `cases.db.keys` beside the file (they must be read before the file
can be opened), in the office database in the `user_keys` table.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from ..files import write_atomic
from .connection import quote_passphrase
from .errors import StoreError

KEY_BYTES = 32
# argon2id at OWASP's second recommended setting (about 0.1 s here); REDI_DESKTOP_KDF_ITER (the test suite's
# switch for cheap key derivation, see connection.py) lowers it for tests. An entry keeps its own
# parameters, and reading one refuses costs above MAX_* so a crafted entry cannot make us spend minutes or
# gigabytes before saying no.
ARGON2 = {"t": 2, "m": 19 * 1024, "p": 1}
ARGON2_TESTS = {"t": 1, "m": 1024, "p": 1}
MAX_T, MAX_M, MAX_P = 10, 1024 * 1024, 8
KEYRING_FORMAT = "redi-desktop-keyring"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def new_data_key() -> bytes:
    return os.urandom(KEY_BYTES)


def _argon2_params() -> dict:
    return dict(ARGON2_TESTS if os.environ.get("REDI_DESKTOP_KDF_ITER") else ARGON2)


def _password_key(password: str, salt: bytes, t: int, m: int, p: int) -> bytes:
    if not (1 <= t <= MAX_T and 8 <= m <= MAX_M and 1 <= p <= MAX_P):
        raise StoreError("keys_damaged")
    return hash_secret_raw(password.encode("utf-8"), salt, time_cost=t, memory_cost=m, parallelism=p,
                           hash_len=KEY_BYTES, type=Type.ID)


def _box_key(shared: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=info).derive(shared)


def _seal_to(public: X25519PublicKey, data_key: bytes, name: str) -> dict:
    ephemeral = X25519PrivateKey.generate()
    key = _box_key(ephemeral.exchange(public), b"redi-desktop data key")
    nonce = os.urandom(12)
    eph_pub = ephemeral.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return {"ephemeral": _b64(eph_pub), "nonce": _b64(nonce),
            "ct": _b64(AESGCM(key).encrypt(nonce, data_key, name.encode("utf-8")))}


def _lock_private(private: X25519PrivateKey, password: str, name: str) -> dict:
    params = _argon2_params()
    salt, nonce = os.urandom(16), os.urandom(12)
    raw = private.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                serialization.NoEncryption())
    key = _password_key(password, salt, **params)
    return {"kdf": "argon2id", "salt": _b64(salt), **params, "nonce": _b64(nonce),
            "ct": _b64(AESGCM(key).encrypt(nonce, raw, name.encode("utf-8")))}


def _public_of(entry: dict) -> X25519PublicKey:
    return X25519PublicKey.from_public_bytes(_unb64(entry["public"]))


def make_entry(name: str, password: str, data_key: bytes) -> dict:
    """A new user's key entry: their key pair, the private half under their password, the data key sealed."""
    if not password:
        raise StoreError("passphrase_empty")
    private = X25519PrivateKey.generate()
    public = private.public_key()
    return {"name": name,
            "public": _b64(public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)),
            "private": _lock_private(private, password, name),
            "key": _seal_to(public, data_key, name)}


def _private_of(entry: dict, password: str) -> X25519PrivateKey:
    try:
        locked = entry["private"]
        if locked.get("kdf") != "argon2id":
            raise StoreError("keys_damaged")
        key = _password_key(password, _unb64(locked["salt"]), int(locked["t"]), int(locked["m"]), int(locked["p"]))
        raw = AESGCM(key).decrypt(_unb64(locked["nonce"]), _unb64(locked["ct"]), entry["name"].encode("utf-8"))
    except InvalidTag:
        raise StoreError("wrong_password", user=entry.get("name", "")) from None
    except (KeyError, TypeError, ValueError):
        raise StoreError("keys_damaged") from None
    return X25519PrivateKey.from_private_bytes(raw)


def unlock(entry: dict, password: str) -> bytes:
    """The data key, from a user's entry and password (StoreError wrong_password otherwise)."""
    if not isinstance(entry.get("key"), dict):
        raise StoreError("keys_damaged")
    return _open_sealed(_private_of(entry, password), entry["key"], entry["name"])


def with_password(entry: dict, password: str, new_password: str) -> dict:
    """The same entry under a new password (the old one must be right)."""
    if not new_password:
        raise StoreError("passphrase_empty")
    private = _private_of(entry, password)
    return {**entry, "private": _lock_private(private, new_password, entry["name"])}


def resealed(entry: dict, data_key: bytes, before: bytes | None = None) -> dict:
    """The entry holding another data key (a re-key), without the user's password; with `before`, it also
    holds the key the file has until the re-key is done, so a crash in between loses nothing."""
    out = {k: v for k, v in entry.items() if k != "key_before"}
    out["key"] = _seal_to(_public_of(entry), data_key, entry["name"])
    if before is not None:
        out["key_before"] = _seal_to(_public_of(entry), before, entry["name"])
    return out


def settled(entry: dict) -> dict:
    """The entry once the re-key is done: the earlier key dropped."""
    return {k: v for k, v in entry.items() if k != "key_before"}


def _open_sealed(private: X25519PrivateKey, sealed: dict, name: str) -> bytes:
    try:
        eph = X25519PublicKey.from_public_bytes(_unb64(sealed["ephemeral"]))
        key = _box_key(private.exchange(eph), b"redi-desktop data key")
        return AESGCM(key).decrypt(_unb64(sealed["nonce"]), _unb64(sealed["ct"]), name.encode("utf-8"))
    except (InvalidTag, KeyError, TypeError, ValueError):
        raise StoreError("keys_damaged") from None


def earlier_keys(entry: dict, password: str) -> list[bytes]:
    """The key a re-key interrupted by a crash left the file under, if any."""
    if "key_before" not in entry:
        return []
    return [_open_sealed(_private_of(entry, password), entry["key_before"], entry["name"])]


def sqlcipher_key(data_key: bytes) -> str:
    """The PRAGMA key literal of a raw 256-bit key: SQLCipher then skips its own passphrase derivation."""
    return f"\"x'{data_key.hex()}'\""


# -- the laptop's keyring file ---------------------------------------------------------------------------

def keyring_path(store_path: Path) -> Path:
    return Path(store_path).with_name(Path(store_path).name + ".keys")


def read_keyring(path: Path) -> list[dict] | None:
    """The entries of a keyring file, or None when there is none (a store from before users had keys)."""
    try:
        data = json.loads(Path(path).read_bytes()[: 4 * 1024 * 1024])
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        raise StoreError("keys_damaged") from None
    if not isinstance(data, dict) or data.get("format") != KEYRING_FORMAT or not isinstance(data.get("users"), list):
        raise StoreError("keys_damaged")
    return data["users"]


def write_keyring(path: Path, entries: list[dict]) -> None:
    """All or nothing, readable by this account only."""
    data = json.dumps({"format": KEYRING_FORMAT, "version": 1, "users": entries}, indent=1, sort_keys=True)
    write_atomic(Path(path), data.encode("utf-8"), mode=0o600)


def find_entry(entries: list[dict], name: str) -> dict | None:
    return next((e for e in entries if e.get("name") == name), None)


def default_entry(entries: list[dict], user: str | None) -> dict:
    """The keyring entry of `user`; by default the only one, else the first (the administrator who created
    the store)."""
    if user is not None:
        entry = find_entry(entries, user)
        if entry is None:
            raise StoreError("user_unknown", user=user)
        return entry
    if not entries:
        raise StoreError("keys_damaged")
    return entries[0]


def file_keyspec(path: Path, password: str, user: str | None = None, ring: Path | None = None) -> str:
    """The SQLCipher key of a store file or a copy of it (a backup): unlocked from its keyring (the one
    beside it, else `ring`) with a user's password; a file from before keyrings takes its passphrase."""
    entries = read_keyring(keyring_path(path))
    if entries is None and ring is not None:
        entries = read_keyring(ring)
    if entries is None:
        return quote_passphrase(password)
    return sqlcipher_key(unlock(default_entry(entries, user), password))


# -- identity fields in the office database ----------------------------------------------------------------

SEALED_PREFIX = "s1:"
INDEX_MIN, INDEX_MAX = 2, 24  # blind index: every prefix of 2 to 24 characters of each word


@dataclass(frozen=True)
class FieldSealer:
    """Encrypts identity fields (AES-256-GCM, a fresh nonce each time) and makes the blind index of names:
    keyed hashes (HMAC-SHA256, cut to 64 bits) of the prefixes of each word, so a search for "dup" finds
    "Dupont" while the server holds no name. The server can see that two cases share a prefix, never which."""

    data_key: bytes = field(repr=False)  # never in a log or a traceback
    seals = True

    @cached_property
    def _aead(self) -> AESGCM:
        return AESGCM(_box_key(self.data_key, b"redi-desktop field"))

    @cached_property
    def _index_key(self) -> bytes:
        return _box_key(self.data_key, b"redi-desktop index")

    def seal(self, text: str) -> str:
        nonce = os.urandom(12)
        return SEALED_PREFIX + _b64(nonce + self._aead.encrypt(nonce, text.encode("utf-8"), None))

    def open(self, text: str) -> str:
        if not text.startswith(SEALED_PREFIX):
            raise StoreError("keys_damaged")
        raw = _unb64(text[len(SEALED_PREFIX):])
        try:
            return self._aead.decrypt(raw[:12], raw[12:], None).decode("utf-8")
        except InvalidTag:
            raise StoreError("keys_damaged") from None

    def _token(self, word: str) -> str:
        return hmac.new(self._index_key, word.encode("utf-8"), hashlib.sha256).hexdigest()[:16]

    def tokens(self, text: str) -> list[str]:
        found = set()
        for word in text.casefold().split():
            word = word[:INDEX_MAX]
            found.update(self._token(word[:n]) for n in range(min(INDEX_MIN, len(word)), len(word) + 1))
        return sorted(found)

    def index(self, text: str) -> str:
        return " ".join(self.tokens(text))

    def query(self, word: str) -> str:
        return self._token(word.casefold()[:INDEX_MAX])


class PlainFields:
    """The laptop's store is encrypted as a whole file: its fields are kept as they are, and searched by
    substring."""

    seals = False

    def seal(self, text: str) -> str:
        return text

    def open(self, text: str) -> str:
        return text

    def index(self, text: str) -> str:
        return text.casefold()

    def query(self, word: str) -> str:
        return word.casefold()


# the sealer of the store whose session runs now (Store._read / _write set it; models.SealedText reads it)
FIELDS: ContextVar = ContextVar("redi_fields", default=PlainFields())  # noqa: B039 - it holds no state
